// OpenSSH server settings as sshd reads them: /etc/ssh/sshd_config with its Include files
// expanded in place, the first value of a keyword winning. Match blocks are not evaluated (they
// depend on the connecting user); a Match block that weakens a setting fails the check.
#include <fnmatch.h>

#include <map>
#include <utility>
#include <vector>

#include "ingest/host_checks.h"

namespace crosswalk::ingest {
namespace {

using domain::CheckOutcome;

constexpr int kMaxIncludeDepth = 16;  // as sshd

struct Setting {
  std::string value;  // lower case
  std::string where;  // "/etc/ssh/sshd_config:12", or how the default applies
};

struct SshdConfig {
  std::map<std::string, Setting> global;                  // lower-case keyword → first value
  std::vector<std::pair<std::string, Setting>> in_match;  // settings inside Match blocks
};

Status parse_file(HostReader& reader, const std::string& path, const std::string& text,
                  bool in_match, int depth, SshdConfig& out);

Status include(HostReader& reader, const std::string& pattern, bool in_match, int depth,
               SshdConfig& out) {
  const std::string path = pattern.starts_with('/') ? pattern : "/etc/ssh/" + pattern;
  const std::size_t slash = path.rfind('/');
  const std::string dir = path.substr(0, slash), name = path.substr(slash + 1);
  if (dir.find_first_of("*?[") != std::string::npos)
    return Status::InvalidInput("Include " + pattern +
                                ": wildcards are only understood in the file name");
  std::vector<std::string> files;
  if (name.find_first_of("*?[") == std::string::npos) {
    files.push_back(path);
  } else {
    auto names = reader.list(dir);
    if (!names.ok()) return names.status();
    for (const std::string& n : *names)
      if (::fnmatch(name.c_str(), n.c_str(), FNM_PERIOD) == 0) files.push_back(dir + "/" + n);
  }
  for (const std::string& file : files) {
    auto text = reader.read(file);
    if (!text.ok()) return text.status();
    if (*text) CW_RETURN_IF_ERROR(parse_file(reader, file, **text, in_match, depth + 1, out));
  }
  return Status::Ok();
}

Status parse_file(HostReader& reader, const std::string& path, const std::string& text,
                  bool in_match, int depth, SshdConfig& out) {
  if (depth > kMaxIncludeDepth)
    return Status::InvalidInput(path + ": Include nested more than 16 deep");
  for (const ConfigLine& line : config_lines(text)) {
    // "Keyword value", "Keyword=value" or "Keyword = value".
    const std::size_t end = line.text.find_first_of(" \t=");
    const std::string keyword = lower(line.text.substr(0, end));
    std::string rest = end == std::string::npos ? "" : line.text.substr(end);
    const std::size_t eq = rest.find_first_not_of(" \t");
    if (eq != std::string::npos && rest[eq] == '=') rest[eq] = ' ';
    std::vector<std::string> args = split_words(rest);
    const std::string where = path + ":" + std::to_string(line.number);
    if (keyword == "match") {
      in_match = !(args.size() == 1 && lower(args[0]) == "all");
    } else if (keyword == "include") {
      for (const std::string& pattern : args)
        CW_RETURN_IF_ERROR(include(reader, pattern, in_match, depth, out));
    } else if (!args.empty()) {
      std::string value = lower(args[0]);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      const std::string key =
          keyword == "challengeresponseauthentication" ? "kbdinteractiveauthentication" : keyword;
      if (in_match) {
        out.in_match.emplace_back(key, Setting{value, where});
      } else {
        out.global.emplace(key, Setting{value, where});
      }
    }
  }
  return Status::Ok();
}

// nullopt: the OpenSSH server is not installed.
Result<std::optional<SshdConfig>> load_sshd_config(HostReader& reader) {
  const std::string path = "/etc/ssh/sshd_config";
  auto text = reader.read(path);
  if (!text.ok()) return text.status();
  if (!*text) {
    if (reader.exists("/usr/sbin/sshd"))
      return Status::NotFound("/usr/sbin/sshd is installed but " + path + " does not exist");
    return std::optional<SshdConfig>();
  }
  SshdConfig config;
  CW_RETURN_IF_ERROR(parse_file(reader, path, **text, false, 0, config));
  return std::optional<SshdConfig>(std::move(config));
}

Setting value_of(const SshdConfig& c, const std::string& key, const std::string& fallback) {
  const auto it = c.global.find(key);
  return it != c.global.end() ? it->second : Setting{fallback, "not set: OpenSSH's default"};
}

std::string describe(const std::string& keyword, const Setting& s) {
  return keyword + " " + s.value + " (" + s.where + ")";
}

const char* kNotInstalled =
    "OpenSSH server not installed (neither /etc/ssh/sshd_config nor /usr/sbin/sshd exists)";

}  // namespace

HostCheckResult check_ssh_root_login(HostReader& reader) {
  auto config = load_sshd_config(reader);
  if (!config.ok()) return {CheckOutcome::kError, config.status().message()};
  if (!*config) return {CheckOutcome::kPass, kNotInstalled};
  const SshdConfig& c = **config;
  const Setting s = value_of(c, "permitrootlogin", "prohibit-password");
  const std::string seen = describe("PermitRootLogin", s);
  for (const auto& [key, m] : c.in_match)
    if (key == "permitrootlogin" && m.value == "yes")
      return {CheckOutcome::kFail,
              seen + ", but a Match block sets " + describe("PermitRootLogin", m)};
  if (s.value == "no") return {CheckOutcome::kPass, seen};
  if (s.value == "prohibit-password" || s.value == "without-password" ||
      s.value == "forced-commands-only")
    return {CheckOutcome::kPass, seen + ": root may still log in with a key, not with a password"};
  if (s.value == "yes") return {CheckOutcome::kFail, seen + ": root may log in with a password"};
  return {CheckOutcome::kError, seen + ": a value sshd does not accept"};
}

HostCheckResult check_ssh_password_auth(HostReader& reader) {
  auto config = load_sshd_config(reader);
  if (!config.ok()) return {CheckOutcome::kError, config.status().message()};
  if (!*config) return {CheckOutcome::kPass, kNotInstalled};
  const SshdConfig& c = **config;
  const Setting password = value_of(c, "passwordauthentication", "yes");
  const Setting kbd = value_of(c, "kbdinteractiveauthentication", "yes");
  const Setting pam = value_of(c, "usepam", "no");
  std::string seen = describe("PasswordAuthentication", password) + "; " +
                     describe("KbdInteractiveAuthentication", kbd) + "; " + describe("UsePAM", pam);
  for (const auto& [key, m] : c.in_match)
    if (key == "passwordauthentication" && m.value == "yes")
      return {CheckOutcome::kFail,
              seen + ", but a Match block sets " + describe("PasswordAuthentication", m)};
  if (password.value != "no") return {CheckOutcome::kFail, seen + ": passwords are accepted"};
  if (pam.value == "yes" && kbd.value != "no")
    return {CheckOutcome::kFail,
            seen + ": PAM may still ask for a password (keyboard-interactive)"};
  return {CheckOutcome::kPass, seen};
}

}  // namespace crosswalk::ingest
