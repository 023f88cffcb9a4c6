#include "ingest/collector.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/sha256.h"
#include "ingest/line_match.h"
#include "temp_dir.h"

namespace crosswalk::ingest {
namespace {

using domain::CheckOutcome;
using nlohmann::json;
using testing::TempDir;

constexpr domain::Timestamp kNow = 1717243200;  // 2024-06-01T12:00:00Z

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.push_back(e.path().filename().string());
  return names;
}

CommandConfig shell(const std::string& script) {
  CommandConfig c;
  c.argv = {"/bin/sh", "-c", script};
  return c;
}

CollectorOutput run_ok(const CollectorConfig& config, const std::string& dir) {
  auto out = run_collector(config, dir, kNow);
  EXPECT_TRUE(out.ok()) << out.status().message();
  return out.ok() ? *out : CollectorOutput{};
}

// A process that is gone, or a zombie (its parent, possibly init, has not reaped it yet).
bool process_dead(const std::string& pid) {
  const std::string stat = slurp("/proc/" + pid + "/stat");
  if (stat.empty()) return true;
  const std::size_t paren = stat.rfind(')');
  return paren + 2 < stat.size() && (stat[paren + 2] == 'Z' || stat[paren + 2] == 'X');
}

// SIGKILL was sent; the kernel may take a moment to finish the process off.
bool dies_soon(const std::string& pid) {
  for (int i = 0; i < 100 && !process_dead(pid); ++i) ::usleep(10000);
  return process_dead(pid);
}

int open_fds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// ---- command collector ----

TEST(CommandCollector, PassByExitStatusWithEvidenceInOutputDir) {
  TempDir dir;
  const CollectorOutput out = run_ok(shell("echo hello; echo oops >&2"), dir.path());
  ASSERT_EQ(out.checks.size(), 1u);
  const CollectedCheck& c = out.checks[0];
  EXPECT_EQ(c.key, "command");
  EXPECT_EQ(c.name, "Command /bin/sh -c echo hello; echo oops >&2");
  EXPECT_EQ(c.outcome, CheckOutcome::kPass);
  EXPECT_EQ(c.message, "exit status 0");
  EXPECT_TRUE(c.templates.empty());
  EXPECT_EQ(std::filesystem::path(out.evidence_file).parent_path().string(), dir.path());
  EXPECT_TRUE(std::regex_match(std::filesystem::path(out.evidence_file).filename().string(),
                               std::regex("command-output-[0-9a-f]{16}\\.log")));
  EXPECT_EQ(files_in(dir.path()).size(), 1u);
  EXPECT_EQ(out.evidence_name, "command-output.log");
  EXPECT_EQ(slurp(out.evidence_file), "hello\noops\n");
  EXPECT_EQ(out.started_at, kNow);
  EXPECT_GE(out.finished_at, kNow);
  EXPECT_LE(out.finished_at, kNow + 1);
}

TEST(CommandCollector, FailByExitStatus) {
  TempDir dir;
  const CollectorOutput out = run_ok(shell("echo 3 findings; exit 3"), dir.path());
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kFail);
  EXPECT_EQ(out.checks[0].message, "exit status 3");
}

TEST(CommandCollector, Patterns) {
  TempDir dir;
  CommandConfig c = shell("printf 'scan done\\n2 CRITICAL\\r\\n0 failures\\n'; exit 1");
  c.fail_pattern = "\\d+ CRITICAL$";
  EXPECT_EQ(run_ok(c, dir.path()).checks[0].message,
            "fail pattern matched line 2: 2 CRITICAL (exit status 1)");
  c.fail_pattern = "HIGH";
  EXPECT_EQ(run_ok(c, dir.path()).checks[0].outcome, CheckOutcome::kPass);  // status not used
  c.pass_pattern = "^0 failures$";
  const CollectorOutput pass = run_ok(c, dir.path());
  EXPECT_EQ(pass.checks[0].outcome, CheckOutcome::kPass);
  EXPECT_EQ(pass.checks[0].message, "pass pattern matched line 3: 0 failures (exit status 1)");
  c.pass_pattern = "^failures";
  const CollectorOutput miss = run_ok(c, dir.path());
  EXPECT_EQ(miss.checks[0].outcome, CheckOutcome::kFail);
  EXPECT_EQ(miss.checks[0].message, "pass pattern not found in the output (exit status 1)");
}

TEST(CommandCollector, PatternsOnAVeryLongLine) {
  TempDir dir;
  CommandConfig c = shell(
      "echo first; head -c 60000 /dev/zero | tr '\\0' a; printf 'NEEDLE'; head -c 60000 "
      "/dev/zero | tr '\\0' b");
  c.pass_pattern = "aNEEDLEb";
  const CollectorOutput out = run_ok(c, dir.path());
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kPass);
  EXPECT_NE(out.checks[0].message.find("line 2: aaaa"), std::string::npos);
  EXPECT_LT(out.checks[0].message.size(), 300u);  // the quoted line is cut
  c.pass_pattern = "^b";                          // a window in mid-line is not a line start
  EXPECT_EQ(run_ok(c, dir.path()).checks[0].outcome, CheckOutcome::kFail);
}

TEST(LineMatch, GivesUpOnASlowPattern) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 50; ++i) lines += std::string(300, 'a') + "\n";
  spit(dir / "out", lines + "last\n");
  auto m =
      find_line(dir / "out", 1 << 20, compile_pattern("(a|aa)+X"), std::chrono::milliseconds(100));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kBusy);
  EXPECT_TRUE(m.status().message().starts_with("gave up matching after 0 s at line "));
  auto last = find_line(dir / "out", 1 << 20, compile_pattern("^l"), std::chrono::seconds(5));
  ASSERT_TRUE(last.ok() && *last);
  EXPECT_EQ((*last)->line, 51);
  EXPECT_EQ((*last)->text, "last");
  auto cut = find_line(dir / "out", 1000, compile_pattern("^l"), std::chrono::seconds(5));
  ASSERT_TRUE(cut.ok());
  EXPECT_FALSE(*cut);  // beyond the limit
}

TEST(CommandCollector, MinimalEnvironmentWorkingDirectoryAndStdin) {
  TempDir dir;
  CommandConfig env;
  env.argv = {"/usr/bin/env"};
  EXPECT_EQ(slurp(run_ok(env, dir.path()).evidence_file),
            "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nLANG=C.UTF-8\n");
  CommandConfig pwd;
  pwd.argv = {"/bin/pwd"};
  EXPECT_EQ(slurp(run_ok(pwd, dir.path()).evidence_file), "/\n");
  pwd.working_directory = dir.path();
  EXPECT_EQ(slurp(run_ok(pwd, dir.path()).evidence_file), dir.path() + "\n");
  CommandConfig cat;  // stdin is /dev/null: cat ends at once
  cat.argv = {"/bin/cat"};
  EXPECT_EQ(run_ok(cat, dir.path()).checks[0].outcome, CheckOutcome::kPass);
}

TEST(CommandCollector, TimeoutKillsTheCommand) {
  TempDir dir;
  CommandConfig c;
  c.argv = {"/bin/sleep", "30"};
  c.timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  const CollectorOutput out = run_ok(c, dir.path());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kError);
  EXPECT_EQ(out.checks[0].message, "killed after 1 s timeout");
}

TEST(CommandCollector, TimeoutKillsTheWholeGroupEvenWhenItIgnoresSigterm) {
  TempDir dir;
  CommandConfig c = shell("trap '' TERM; /bin/sleep 30 & echo $!; wait; /bin/sleep 30");
  c.timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  const CollectorOutput out = run_ok(c, dir.path());
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(2900));  // SIGTERM ignored: SIGKILL 2 s later
  EXPECT_LT(took, std::chrono::milliseconds(4500));
  EXPECT_EQ(out.checks[0].message, "killed after 1 s timeout");
  std::string child = slurp(out.evidence_file);
  child = child.substr(0, child.find('\n'));
  ASSERT_FALSE(child.empty());
  EXPECT_TRUE(dies_soon(child)) << child;
}

TEST(CommandCollector, BackgroundChildrenDoNotOutliveTheCommand) {
  TempDir dir;
  const auto start = std::chrono::steady_clock::now();
  const CollectorOutput out = run_ok(shell("/bin/sleep 30 & echo $!"), dir.path());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kPass);
  std::string child = slurp(out.evidence_file);
  child = child.substr(0, child.find('\n'));
  EXPECT_TRUE(dies_soon(child)) << child;
}

TEST(CommandCollector, OutputIsTruncated) {
  TempDir dir;
  CommandConfig c = shell("head -c 200000 /dev/zero | tr '\\0' x");
  c.max_output_bytes = 1000;
  const CollectorOutput out = run_ok(c, dir.path());
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kPass);
  EXPECT_EQ(out.checks[0].message, "exit status 0 [output truncated after 1000 bytes]");
  EXPECT_EQ(slurp(out.evidence_file),
            std::string(1000, 'x') + "\n[output truncated after 1000 bytes]\n");
}

TEST(CommandCollector, CannotStart) {
  TempDir dir;
  CommandConfig c;
  c.argv = {"/no/such/binary", "--flag"};
  const CollectorOutput out = run_ok(c, dir.path());
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kError);
  EXPECT_EQ(out.checks[0].message, "cannot execute /no/such/binary: No such file or directory");
  EXPECT_EQ(slurp(out.evidence_file),
            "[cannot execute /no/such/binary: No such file or directory]\n");
  c.argv = {"/bin/true"};
  c.working_directory = dir / "missing";
  EXPECT_EQ(
      run_ok(c, dir.path()).checks[0].message,
      "cannot change to working directory " + dir / "missing" + ": No such file or directory");
}

TEST(CommandCollector, KilledBySignalIsAnError) {
  TempDir dir;
  const CollectorOutput out = run_ok(shell("kill -9 $$"), dir.path());
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kError);
  EXPECT_EQ(out.checks[0].message, "killed by signal 9 (Killed)");
}

TEST(CommandCollector, NoZombiesAndNoDescriptorsLeak) {
  TempDir dir;
  const int inheritable = ::dup2(::open("/dev/null", O_RDONLY), 100);  // no O_CLOEXEC
  ASSERT_EQ(inheritable, 100);
  const int before = open_fds();
  CommandConfig ls;
  ls.argv = {"/bin/ls", "/proc/self/fd"};
  const std::string fds = slurp(run_ok(ls, dir.path()).evidence_file);
  EXPECT_EQ(fds, "0\n1\n2\n3\n");  // 3 is ls's own directory
  run_ok(shell("exit 1"), dir.path());
  CommandConfig missing;
  missing.argv = {"/no/such/binary"};
  run_ok(missing, dir.path());
  EXPECT_EQ(open_fds(), before);
  ::close(100);
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(CommandCollector, OutputDirectory) {
  TempDir dir;
  CommandConfig c;
  c.argv = {"/bin/true"};
  const CollectorOutput out = run_ok(c, dir / "a/b");
  EXPECT_EQ(std::filesystem::path(out.evidence_file).parent_path().string(), dir / "a/b");
  spit(dir / "file", "x");
  auto bad = run_collector(c, dir / "file/sub", kNow);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kIoError);
}

// ---- configuration ----

std::string config_error(std::string_view kind, const json& j) {
  auto r = parse_collector_config(kind, j);
  return r.ok() ? "ok" : r.status().message();
}

TEST(CollectorConfig, CommandParsesAndRoundTrips) {
  auto r = parse_collector_config("command", json::parse(R"({
    "argv": ["/usr/bin/trivy", "fs", "/"], "timeout_seconds": 600, "fail_pattern": "CRITICAL",
    "pass_pattern": "^Total: 0", "max_output_bytes": 4096, "working_directory": "/tmp"})"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(kind_of(*r), "command");
  const auto& c = std::get<CommandConfig>(*r);
  EXPECT_EQ(c.argv, (std::vector<std::string>{"/usr/bin/trivy", "fs", "/"}));
  EXPECT_EQ(c.timeout_seconds, 600);
  EXPECT_EQ(c.max_output_bytes, 4096);
  auto again = parse_collector_config("command", config_to_json(*r));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(config_to_json(*again), config_to_json(*r));
  auto defaults = parse_collector_config("command", json{{"argv", {"/bin/true"}}});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(std::get<CommandConfig>(*defaults).timeout_seconds, 60);
  EXPECT_EQ(std::get<CommandConfig>(*defaults).max_output_bytes, 1 << 20);
}

TEST(CollectorConfig, ErrorsNameTheField) {
  EXPECT_EQ(config_error("command", json::object()),
            "field \"argv\": must list the program and its arguments");
  EXPECT_EQ(config_error("command", {{"argv", {"ls", "-l"}}}),
            "field \"argv\": argv[0] must be an absolute path, got \"ls\"");
  EXPECT_EQ(config_error("command", {{"argv", "/bin/ls"}}),
            "field \"argv\": must be an array of strings");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"timeout_seconds", 0}}),
            "field \"timeout_seconds\": must be an integer 1..86400");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"timeout_seconds", "60"}}),
            "field \"timeout_seconds\": must be an integer 1..86400");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"timeout_seconds", 86401}}),
            "field \"timeout_seconds\": must be an integer 1..86400");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"max_output_bytes", 0}}),
            "field \"max_output_bytes\": must be an integer 1..268435456");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"working_directory", "tmp"}}),
            "field \"working_directory\": must be an absolute path");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"pass_pattern", 5}}),
            "field \"pass_pattern\": must be a string");
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"pass_pattern", "(a)\\1"}}),
            "field \"pass_pattern\": back-references are not supported");
  EXPECT_TRUE(config_error("command", {{"argv", {"/bin/ls"}}, {"fail_pattern", "(unclosed"}})
                  .starts_with("field \"fail_pattern\": not a valid ECMAScript regex: "));
  EXPECT_EQ(config_error("command", {{"argv", {"/bin/ls"}}, {"shell", true}}),
            "unknown field \"shell\" (known: argv, timeout_seconds, pass_pattern, fail_pattern, "
            "max_output_bytes, working_directory)");
  EXPECT_EQ(config_error("command", json::array()), "the configuration must be a JSON object");
  EXPECT_EQ(config_error("script", json::object()),
            "unknown collector kind \"script\" (known: command, file, host)");
  EXPECT_EQ(config_error("file", {{"path", "policy.pdf"}}),
            "field \"path\": must be an absolute path");
  EXPECT_EQ(config_error("file", {{"path", "/p.pdf"}, {"review_every_days", 0}}),
            "field \"review_every_days\": must be an integer 1..36500");
  EXPECT_EQ(config_error("file", {{"path", "/p.pdf"}, {"review_every_days", 1.5}}),
            "field \"review_every_days\": must be an integer 1..36500");
  EXPECT_EQ(config_error("host", {{"checks", {"firewall", "antivirus"}}}),
            "field \"checks\": unknown host check \"antivirus\" (known: ssh-root-login, "
            "ssh-password-auth, firewall, automatic-security-updates, time-sync, "
            "disk-encryption)");
  EXPECT_EQ(config_error("host", {{"checks", {"firewall", "firewall"}}}),
            "field \"checks\": \"firewall\" is listed twice");
  EXPECT_EQ(config_error("host", {{"root", "fake"}}), "field \"root\": must be an absolute path");
  EXPECT_EQ(config_error("host", json::object()), "ok");
  EXPECT_EQ(config_error("file", {{"path", "/p.pdf"}, {"review_every_days", 365}}), "ok");
}

TEST(CollectorConfig, HandBuiltConfigsAreValidatedByTheRunners) {
  TempDir dir;
  CommandConfig c;
  c.argv = {"sh"};
  auto r = run_collector(c, dir.path(), kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(files_in(dir.path()).empty());
}

// ---- file collector ----

struct FileCase {
  TempDir dir;
  std::string path = dir / "docs/policy.txt";
  FileCase() {
    spit(path, "Information security policy v1\n");
    const timespec times[2] = {{1704844800, 0}, {1704844800, 0}};  // 2024-01-10T00:00:00Z
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
  }
  CollectorOutput run(std::optional<int> days, const std::string& file = "") {
    return run_ok(FileConfig{file.empty() ? path : file, days}, dir / "out");
  }
};

TEST(FileCollector, FreshFile) {
  FileCase f;
  const CollectorOutput out = f.run(365);
  const std::string sha = sha256_hex("Information security policy v1\n");
  ASSERT_EQ(out.checks.size(), 1u);
  EXPECT_EQ(out.checks[0].key, "file");
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kPass);
  EXPECT_EQ(out.checks[0].message,
            "sha256 " + sha + ", 31 bytes, modified 2024-01-10; next review due 2025-01-09");
  EXPECT_EQ(out.evidence_name, "file-report.json");
  EXPECT_EQ(std::filesystem::path(out.evidence_file).parent_path().string(), f.dir / "out");
  const json report = json::parse(slurp(out.evidence_file));
  EXPECT_EQ(report["path"], f.path);
  EXPECT_EQ(report["sha256"], sha);
  EXPECT_EQ(report["size"], 31);
  EXPECT_EQ(report["modified"], "2024-01-10T00:00:00Z");
  EXPECT_EQ(report["review_due"], "2025-01-09");
  EXPECT_EQ(report["outcome"], "pass");
  EXPECT_EQ(slurp(out.evidence_file).find("Information security policy"), std::string::npos);
  EXPECT_EQ(f.run(std::nullopt).checks[0].outcome, CheckOutcome::kPass);
}

TEST(FileCollector, PastItsReviewDate) {
  FileCase f;
  const CollectorOutput out = f.run(90);
  EXPECT_EQ(out.checks[0].outcome, CheckOutcome::kFail);
  EXPECT_TRUE(out.checks[0].message.starts_with("past its review date since 2024-04-09 (sha256 "))
      << out.checks[0].message;
  EXPECT_TRUE(out.checks[0].message.ends_with(", to be reviewed every 90 days)"));
}

TEST(FileCollector, MissingFileOrNotAFile) {
  FileCase f;
  const CollectorOutput missing = f.run(365, f.dir / "nope.pdf");
  EXPECT_EQ(missing.checks[0].outcome, CheckOutcome::kError);
  EXPECT_EQ(missing.checks[0].message, "no such file: " + f.dir / "nope.pdf");
  EXPECT_EQ(json::parse(slurp(missing.evidence_file))["error"], "no such file");
  const CollectorOutput dir = f.run(365, f.dir / "docs");
  EXPECT_EQ(dir.checks[0].outcome, CheckOutcome::kError);
  EXPECT_EQ(dir.checks[0].message, "not a regular file: " + f.dir / "docs");
}

// ---- host collector ----

std::string fixture(const std::string& name) {
  return std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/host/" + name;
}

std::map<std::string, CollectedCheck> host_run(const std::string& root,
                                               std::vector<std::string> checks = {}) {
  TempDir out;
  std::map<std::string, CollectedCheck> by_key;
  for (CollectedCheck& c : run_ok(HostConfig{std::move(checks), root}, out.path()).checks)
    by_key[c.key] = std::move(c);
  return by_key;
}

TEST(HostCollector, HardenedHostPasses) {
  TempDir dir;
  const CollectorOutput out = run_ok(HostConfig{{}, fixture("hardened")}, dir.path());
  ASSERT_EQ(out.checks.size(), 6u);
  for (const CollectedCheck& c : out.checks)
    EXPECT_EQ(c.outcome, CheckOutcome::kPass) << c.key << ": " << c.message;
  std::map<std::string, std::string> msg;
  for (const CollectedCheck& c : out.checks) msg[c.key] = c.message;
  EXPECT_EQ(msg["ssh-root-login"],
            "PermitRootLogin no (/etc/ssh/sshd_config.d/10-hardening.conf:1)");
  EXPECT_EQ(msg["ssh-password-auth"],
            "PasswordAuthentication no (/etc/ssh/sshd_config.d/10-hardening.conf:2); "
            "KbdInteractiveAuthentication no (/etc/ssh/sshd_config:5); UsePAM yes "
            "(/etc/ssh/sshd_config:6)");
  EXPECT_EQ(msg["firewall"],
            "/etc/nftables.conf: chain input on the input hook has policy drop; nftables.service "
            "enabled (/etc/systemd/system/sysinit.target.wants/nftables.service) (configuration "
            "files read, not the live kernel ruleset)");
  EXPECT_EQ(msg["automatic-security-updates"],
            "/etc/apt/apt.conf.d/20auto-upgrades: APT::Periodic::Unattended-Upgrade \"1\", "
            "APT::Periodic::Update-Package-Lists \"1\"; /usr/bin/unattended-upgrade installed");
  EXPECT_EQ(msg["time-sync"],
            "/etc/chrony/chrony.conf: servers 2.debian.pool.ntp.org; enabled "
            "(/etc/systemd/system/multi-user.target.wants/chrony.service)");
  EXPECT_EQ(msg["disk-encryption"], "/etc/crypttab: 1 entry (sda3_crypt)");
  EXPECT_EQ(out.evidence_name, "host-report.json");
  EXPECT_TRUE(std::regex_match(std::filesystem::path(out.evidence_file).filename().string(),
                               std::regex("host-report-[0-9a-f]{16}\\.json")));
  const json report = json::parse(slurp(out.evidence_file));
  EXPECT_EQ(report["root"], fixture("hardened"));
  ASSERT_EQ(report["checks"].size(), 6u);
  EXPECT_EQ(report["checks"][0]["key"], "ssh-root-login");
  EXPECT_EQ(report["checks"][0]["templates"], json({"TEC-02", "TEC-05"}));
  EXPECT_EQ(report["checks"][0]["read"][0],
            json({{"path", "/etc/ssh/sshd_config"}, {"result", "read 176 bytes"}}));
}

TEST(HostCollector, WeakHostFails) {
  const auto r = host_run(fixture("weak"));
  for (const auto& [key, c] : r)
    EXPECT_EQ(c.outcome, CheckOutcome::kFail) << key << ": " << c.message;
  EXPECT_EQ(r.at("ssh-root-login").message,
            "PermitRootLogin yes (/etc/ssh/sshd_config:2): root may log in with a password");
  EXPECT_EQ(r.at("ssh-password-auth").message,
            "PasswordAuthentication yes (not set: OpenSSH's default); KbdInteractiveAuthentication "
            "yes (not set: OpenSSH's default); UsePAM yes (/etc/ssh/sshd_config:4): passwords are "
            "accepted");
  EXPECT_EQ(r.at("firewall").message,
            "no firewall drops unsolicited input: /etc/nftables.conf: chain input on the input "
            "hook accepts by default (configuration files read, not the live kernel ruleset)");
  EXPECT_EQ(r.at("automatic-security-updates").message,
            "no automatic security updates configured (unattended-upgrades, dnf-automatic): "
            "/etc/apt/apt.conf.d/20auto-upgrades: APT::Periodic::Unattended-Upgrade \"0\", "
            "APT::Periodic::Update-Package-Lists \"1\"; /usr/bin/unattended-upgrade missing");
  EXPECT_EQ(r.at("time-sync").message,  // masked: linked to /dev/null
            "no clock synchronization enabled (systemd-timesyncd, chrony, ntp)");
  EXPECT_EQ(r.at("disk-encryption").message,
            "no /etc/crypttab entry and no dm-crypt device under /sys/block: /etc/crypttab has no "
            "entries");
}

TEST(HostCollector, AlternativeToolsPass) {
  const auto r = host_run(fixture("alternatives"));
  for (const auto& [key, c] : r)
    EXPECT_EQ(c.outcome, CheckOutcome::kPass) << key << ": " << c.message;
  EXPECT_EQ(
      r.at("ssh-root-login").message,
      "OpenSSH server not installed (neither /etc/ssh/sshd_config nor /usr/sbin/sshd exists)");
  EXPECT_EQ(r.at("firewall").message,
            "/etc/ufw/ufw.conf: ENABLED=yes; incoming policy DROP (configuration files read, not "
            "the live kernel ruleset)");
  EXPECT_EQ(r.at("automatic-security-updates").message,
            "dnf-automatic.timer enabled; /etc/dnf/automatic.conf apply_updates = yes");
  EXPECT_EQ(r.at("time-sync").message,
            "systemd-timesyncd enabled "
            "(/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service)");
  EXPECT_EQ(
      r.at("disk-encryption").message,
      "/sys/block/dm-1 is a dm-crypt device (CRYPT-LUKS2-5f1e2c3b4a5d6e7f8091a2b3c4d5e6f7-root)");
}

TEST(HostCollector, UnreadableFilesAreErrorsNotFailures) {
  const auto r = host_run(fixture("broken"));
  for (const auto& [key, c] : r)
    EXPECT_EQ(c.outcome, CheckOutcome::kError) << key << ": " << c.message;
  EXPECT_EQ(r.at("ssh-root-login").message, "cannot read /etc/ssh/sshd_config: is a directory");
  EXPECT_EQ(r.at("firewall").message, "cannot read /etc/nftables.conf: is a directory");
  EXPECT_EQ(r.at("automatic-security-updates").message,
            "cannot read /etc/apt/apt.conf.d/20auto-upgrades: is a directory");
  EXPECT_EQ(r.at("time-sync").message, "cannot read /etc/chrony/chrony.conf: is a directory");
  EXPECT_EQ(r.at("disk-encryption").message, "cannot read /etc/crypttab: is a directory");
}

TEST(HostCollector, SelectedChecksOnly) {
  const auto r = host_run(fixture("hardened"), {"time-sync", "firewall"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r.count("firewall") && r.count("time-sync"));
}

TEST(HostCollector, SshdEdgeCases) {
  TempDir root;
  const auto sshd = [&](const std::string& config) {
    spit(root / "etc/ssh/sshd_config", config);
    return host_run(root.path(), {"ssh-root-login", "ssh-password-auth"});
  };
  auto r = sshd("PasswordAuthentication no\n");
  EXPECT_EQ(r.at("ssh-root-login").outcome, CheckOutcome::kPass);
  EXPECT_EQ(r.at("ssh-root-login").message,
            "PermitRootLogin prohibit-password (not set: OpenSSH's default): root may still log in "
            "with a key, not with a password");
  EXPECT_EQ(r.at("ssh-password-auth").outcome, CheckOutcome::kPass);  // UsePAM defaults to no
  r = sshd("PermitRootLogin without-password\nPasswordAuthentication no\nUsePAM yes\n");
  EXPECT_EQ(r.at("ssh-root-login").outcome, CheckOutcome::kPass);
  EXPECT_EQ(r.at("ssh-password-auth").outcome, CheckOutcome::kFail);  // PAM keyboard-interactive
  EXPECT_TRUE(r.at("ssh-password-auth")
                  .message.ends_with(": PAM may still ask for a password (keyboard-interactive)"));
  r = sshd(
      "PermitRootLogin no\nPasswordAuthentication no\nMatch Address 10.0.0.0/8\n"
      "  PermitRootLogin yes\n  PasswordAuthentication yes\n");
  EXPECT_EQ(r.at("ssh-root-login").outcome, CheckOutcome::kFail);
  EXPECT_EQ(r.at("ssh-root-login").message,
            "PermitRootLogin no (/etc/ssh/sshd_config:1), but a Match block sets PermitRootLogin "
            "yes (/etc/ssh/sshd_config:4)");
  EXPECT_EQ(r.at("ssh-password-auth").outcome, CheckOutcome::kFail);
  r = sshd("Match User backup\n  PermitRootLogin no\nMatch all\nPermitRootLogin yes\n");
  EXPECT_EQ(r.at("ssh-root-login").message,
            "PermitRootLogin yes (/etc/ssh/sshd_config:4): root may log in with a password");
  r = sshd("Include conf.d/*.conf\nPermitRootLogin=YES\n");  // relative to /etc/ssh
  spit(root / "etc/ssh/conf.d/a.conf", "PermitRootLogin \"no\"\n");
  r = host_run(root.path(), {"ssh-root-login"});
  EXPECT_EQ(r.at("ssh-root-login").message, "PermitRootLogin no (/etc/ssh/conf.d/a.conf:1)");
  spit(root / "etc/ssh/conf.d/a.conf", "Include /etc/ssh/conf.d/a.conf\n");  // a loop
  r = host_run(root.path(), {"ssh-root-login"});
  EXPECT_EQ(r.at("ssh-root-login").outcome, CheckOutcome::kError);
  r = sshd("PermitRootLogin maybe\n");
  EXPECT_EQ(r.at("ssh-root-login").outcome, CheckOutcome::kError);

  TempDir installed;  // the server without its configuration
  spit(installed / "usr/sbin/sshd", "");
  r = host_run(installed.path(), {"ssh-root-login"});
  EXPECT_EQ(r.at("ssh-root-login").outcome, CheckOutcome::kError);
  EXPECT_EQ(r.at("ssh-root-login").message,
            "/usr/sbin/sshd is installed but /etc/ssh/sshd_config does not exist");
}

TEST(HostCollector, NftablesEdgeCases) {
  TempDir root;
  const auto firewall = [&](const std::string& ruleset) {
    spit(root / "etc/nftables.conf", ruleset);
    return host_run(root.path(), {"firewall"}).at("firewall");
  };
  auto c =
      firewall("table inet f { chain in { type filter hook input priority 0; policy drop; } }");
  EXPECT_EQ(c.outcome, CheckOutcome::kFail);  // not loaded at boot
  EXPECT_TRUE(
      c.message.starts_with("no firewall drops unsolicited input: /etc/nftables.conf: "
                            "chain in on the input hook has policy drop, but "
                            "nftables.service is not enabled"))
      << c.message;
  spit(root / "etc/systemd/system/sysinit.target.wants/nftables.service", "");
  c = firewall(
      "table inet f {\n chain in {\n  type filter hook input priority 0\n"
      "  tcp dport { 22,\n 443 } accept # ssh and https\n  counter reject with icmpx "
      "admin-prohibited\n }\n}\n");
  EXPECT_EQ(c.outcome, CheckOutcome::kPass) << c.message;
  EXPECT_TRUE(
      c.message.starts_with("/etc/nftables.conf: chain in on the input hook ends with "
                            "reject"));
  c = firewall("table inet f { chain out { type filter hook output priority 0; policy drop; } }");
  EXPECT_EQ(c.outcome, CheckOutcome::kFail);
}

TEST(HostCollector, ChecksNameTheirTemplatesAndAnnexAItems) {
  std::map<std::string, std::set<std::string>> satisfies;  // template → Annex A items in full
  for (const auto& e : std::filesystem::directory_iterator(std::string(CROSSWALK_SOURCE_DIR) +
                                                           "/catalog/controls")) {
    const json doc = json::parse(slurp(e.path().string()));
    for (const json& t : doc["templates"]) {
      const json full =
          t["satisfies"].value("iso27001-2022", json::object()).value("full", json::array());
      for (const json& ref : full)
        satisfies[t["id"].get<std::string>()].insert(ref.get<std::string>());
    }
  }
  const std::vector<HostCheckInfo> checks = host_checks();
  ASSERT_EQ(checks.size(), 6u);
  for (const HostCheckInfo& info : checks) {
    EXPECT_FALSE(info.reads.empty());
    ASSERT_EQ(info.templates.size(), info.annex_a.size()) << info.id;
    for (std::size_t i = 0; i < info.templates.size(); ++i) {
      ASSERT_TRUE(satisfies.count(info.templates[i])) << info.templates[i];
      EXPECT_TRUE(satisfies[info.templates[i]].count(info.annex_a[i]))
          << info.id << ": " << info.templates[i] << " does not satisfy " << info.annex_a[i];
    }
  }
}

}  // namespace
}  // namespace crosswalk::ingest
