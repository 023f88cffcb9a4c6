// The command collector: runs a configured program and judges it by exit status or by patterns
// over its output, which becomes the evidence.
#include <cerrno>
#include <cmath>
#include <cstring>
#include <regex>

#include "ingest/collector_internal.h"
#include "ingest/evidence_file.h"
#include "ingest/line_match.h"
#include "ingest/process.h"

namespace crosswalk::ingest {
namespace {

using domain::CheckOutcome;

constexpr auto kMatchBudget = std::chrono::seconds(10);

std::string quote_line(const LineMatch& m) {
  return "line " + std::to_string(m.line) + ": " + printable_excerpt(m.text);
}

// The outcome of a command that exited, from its status or its output.
Result<CollectedCheck> judge(const CommandConfig& config, const ProcessResult& r,
                             const std::string& output) {
  CollectedCheck c;
  const std::string status = " (exit status " + std::to_string(r.exit_status) + ")";
  if (config.fail_pattern.empty() && config.pass_pattern.empty()) {
    c.outcome = r.exit_status == 0 ? CheckOutcome::kPass : CheckOutcome::kFail;
    c.message = status.substr(2, status.size() - 3);
    return c;
  }
  for (const bool fail : {true, false}) {
    const std::string& pattern = fail ? config.fail_pattern : config.pass_pattern;
    const std::string which = fail ? "fail pattern " : "pass pattern ";
    if (pattern.empty()) continue;
    auto m = find_line(output, r.kept_bytes, compile_pattern(pattern) /* validated: cannot throw */,
                       kMatchBudget);
    if (!m.ok() && m.status().code() != Status::Code::kBusy) return m.status();
    if (!m.ok()) {
      c.message = which + m.status().message() + ": simplify the pattern" + status;
      return c;  // an error outcome
    }
    if (*m || !fail) {
      c.outcome = (*m && !fail) ? CheckOutcome::kPass : CheckOutcome::kFail;
      c.message = which + (*m ? "matched " + quote_line(**m) : "not found in the output") + status;
      return c;
    }
  }
  c.outcome = CheckOutcome::kPass;
  c.message = "fail pattern not found in the output" + status;
  return c;
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string s;
  for (const std::string& a : argv) s += (s.empty() ? "" : " ") + a;
  return printable_excerpt(s, 200);
}

}  // namespace

Result<CollectorOutput> run_command_collector(const CommandConfig& config,
                                              const std::string& output_dir,
                                              domain::Timestamp now) {
  CW_RETURN_IF_ERROR(validate(config));
  auto file = EvidenceFile::create(output_dir, "command-output", ".log");
  if (!file.ok()) return file.status();
  ProcessSpec spec;
  spec.argv = config.argv;
  spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"};
  spec.working_directory = config.working_directory.empty() ? "/" : config.working_directory;
  spec.timeout_seconds = config.timeout_seconds;
  spec.max_output_bytes = config.max_output_bytes;
  auto run = run_process(spec, file->fd());
  if (!run.ok()) return run.status();
  const ProcessResult& r = *run;

  CollectedCheck check;
  switch (r.end) {
    case ProcessResult::End::kCannotStart:
      check.message = r.start_error;
      CW_RETURN_IF_ERROR(file->write("[" + r.start_error + "]\n"));
      break;
    case ProcessResult::End::kTimedOut:
      check.message = "killed after " + std::to_string(config.timeout_seconds) + " s timeout";
      break;
    case ProcessResult::End::kSignaled:
      check.message =
          "killed by signal " + std::to_string(r.signal) + " (" + ::strsignal(r.signal) + ")";
      break;
    case ProcessResult::End::kExited: {
      auto judged = judge(config, r, file->path());
      if (!judged.ok()) return judged.status();
      check = std::move(*judged);
    }
  }
  if (r.output_bytes > r.kept_bytes) {
    const std::string note = "[output truncated after " + std::to_string(r.kept_bytes) + " bytes]";
    CW_RETURN_IF_ERROR(file->write("\n" + note + "\n"));
    check.message += " " + note;
  }
  check.key = "command";
  check.name = "Command " + command_line(config.argv);
  check.message = printable_excerpt(check.message, 4096);

  CollectorOutput out;
  out.started_at = now;
  out.finished_at = now + domain::Timestamp(std::llround(r.seconds));
  out.checks.push_back(std::move(check));
  auto path = file->keep();
  if (!path.ok()) return path.status();
  out.evidence_file = *path;
  out.evidence_name = "command-output.log";
  return out;
}

}  // namespace crosswalk::ingest
