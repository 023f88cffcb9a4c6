// Collectors: gather evidence by running a command, fingerprinting a file, or reading this host's
// configuration. One run gives check results and one evidence file for the vault.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "domain/enums.h"
#include "domain/time.h"

namespace crosswalk::ingest {

// One check result a collector produced.
struct CollectedCheck {
  std::string key;  // stable: "command", "file", or a host check id ("ssh-root-login")
  std::string name;
  domain::CheckOutcome outcome = domain::CheckOutcome::kError;
  std::string message;  // what was read or seen, and why it passed or not
  // Control template ids the check proves: built in for host checks, empty for command and file
  // collectors (the controls they count for are configured).
  std::vector<std::string> templates;
};

struct CollectorOutput {
  std::vector<CollectedCheck> checks;
  // A file the runner wrote inside the caller's output directory, named by the runner from a
  // fixed pattern ("command-output-<random>.log"), never from tool output or configuration. The
  // caller moves it into the vault (or removes it). Always set when the run returns ok.
  std::string evidence_file;
  std::string evidence_name;  // the fixed name to show it under ("command-output.log")
  domain::Timestamp started_at = 0, finished_at = 0;
};

// Runs argv directly (no shell) with a minimal environment; see run_command_collector.
struct CommandConfig {
  std::vector<std::string> argv;  // argv[0] is an absolute path
  int timeout_seconds = 60;       // 1..86400
  // ECMAScript regexes (no back-references) matched against each output line; lines over 1 KiB
  // are matched in overlapping windows. When either is set the exit status is not used: a
  // fail_pattern match fails; otherwise a pass_pattern, when set, must match. Without them, exit
  // status 0 passes. Matching that takes over 10 s gives an error outcome.
  std::string pass_pattern, fail_pattern;
  std::int64_t max_output_bytes = std::int64_t{1} << 20;  // 1..256 MiB kept; the rest is dropped
  std::string working_directory;                          // absolute; empty = "/"
};

struct FileConfig {
  std::string path;                      // absolute
  std::optional<int> review_every_days;  // 1..36500; older than this → fail
};

struct HostConfig {
  std::vector<std::string> checks;  // host check ids; empty = all
  std::string root = "/";           // absolute; tests point it at a fake root file system
};

using CollectorConfig = std::variant<CommandConfig, FileConfig, HostConfig>;

// "command", "file" or "host".
std::string_view kind_of(const CollectorConfig& config);

// `kind` is command|file|host; `config` a JSON object with the fields above (unknown fields are
// refused). InvalidInput names the field: "field \"timeout_seconds\": must be an integer 1..86400".
Result<CollectorConfig> parse_collector_config(std::string_view kind, const nlohmann::json& config);
// The JSON parse_collector_config reads back to the same config.
nlohmann::json config_to_json(const CollectorConfig& config);

// Runs one collector, writing its evidence file into `output_dir` (created when missing). Check
// outcomes (pass/fail/error) are in the output; a non-ok Status means the runner itself could not
// work (invalid config, output directory not writable, no processes left). `now` is the time the
// run starts (the command collector adds the time it took to get finished_at).
Result<CollectorOutput> run_collector(const CollectorConfig& config, const std::string& output_dir,
                                      domain::Timestamp now);

// fork/exec of argv in a new session (process group), stdin /dev/null, stdout and stderr into the
// evidence file, environment PATH=/usr/sbin:/usr/bin:/sbin:/bin and LANG=C.UTF-8 only. On timeout
// the group gets SIGTERM, then SIGKILL 2 s later, and the outcome is error ("killed after N s
// timeout"). When the command exits, what is left of its group is killed. A command killed by a
// signal, or that cannot be executed, is an error. One check, key "command".
Result<CollectorOutput> run_command_collector(const CommandConfig& config,
                                              const std::string& output_dir, domain::Timestamp now);

// sha256, size and modification time of one regular file (symbolic links followed); the evidence
// is a small JSON report, not the document. Missing file → error "no such file"; older than
// review_every_days → fail "past its review date since YYYY-MM-DD". One check, key "file".
Result<CollectorOutput> run_file_collector(const FileConfig& config, const std::string& output_dir,
                                           domain::Timestamp now);

// Linux posture checks that read configuration files under config.root (not the live kernel
// state). A file that exists but cannot be read gives an error outcome, never a fail. The
// evidence is a JSON report of every check and every path it read.
Result<CollectorOutput> run_host_collector(const HostConfig& config, const std::string& output_dir,
                                           domain::Timestamp now);

struct HostCheckInfo {
  std::string id;
  std::string name;
  std::vector<std::string> templates;  // control template ids (catalog/controls)
  std::vector<std::string> annex_a;    // annex_a[i]: the ISO 27001:2022 item templates[i] meets
  std::string reads;                   // which files it reads
};

// The built-in host checks, in the order they run.
std::vector<HostCheckInfo> host_checks();

}  // namespace crosswalk::ingest
