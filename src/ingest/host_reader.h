// Reads a Linux host's configuration under a root directory ("/" or a fake root in tests) and
// logs every path it looked at, for the evidence report.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/enums.h"

namespace crosswalk::ingest {

struct HostCheckResult {
  domain::CheckOutcome outcome = domain::CheckOutcome::kError;
  std::string message;
};

class HostReader {
 public:
  explicit HostReader(const std::string& root);

  // The contents of a regular file (symbolic links followed); nullopt when it does not exist;
  // an error naming the path when it exists but cannot be read (permissions, a directory, over
  // 4 MiB). Paths are absolute on the host ("/etc/ssh/sshd_config").
  Result<std::optional<std::string>> read(const std::string& path);
  // Whether anything exists at the path (a final symbolic link is not followed).
  bool exists(const std::string& path);
  // Where a symbolic link points; empty when the path is not one.
  std::string link_target(const std::string& path);
  // Entry names of a directory, sorted; empty when it does not exist.
  Result<std::vector<std::string>> list(const std::string& dir);

  // [{"path": "/etc/...", "result": "read 312 bytes" | "missing" | "error: ..."}, ...]
  nlohmann::json take_log();

 private:
  std::string on_disk(const std::string& path) const { return root_ + path; }
  void log(const std::string& path, const std::string& result);
  std::string root_;  // without a trailing '/': "" for the real root
  nlohmann::json log_ = nlohmann::json::array();
};

// The .wants link under /etc/systemd/system that enables `unit` ("/etc/systemd/system/
// multi-user.target.wants/chrony.service"), or nullopt when it is not enabled or is masked.
Result<std::optional<std::string>> systemd_enabled(HostReader& reader, const std::string& unit);

// Lines without comments ('#' starting a word) and surrounding blanks, skipping empty ones;
// numbered from 1.
struct ConfigLine {
  int number;
  std::string text;
};
std::vector<ConfigLine> config_lines(std::string_view text);

// The value of the last "key=value" or "key = value" line (shell variables, ini files), quotes
// removed.
std::optional<std::string> assignment(std::string_view text, std::string_view key);

// Whitespace-separated words of a line.
std::vector<std::string> split_words(std::string_view line);

std::string lower(std::string_view s);

}  // namespace crosswalk::ingest
