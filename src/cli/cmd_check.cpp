// `crosswalk check`: what an operator runs after a crash (docs/crash-safety.md). The database
// engine's own integrity checks, the journal's hash chain, and every evidence file re-hashed;
// one line per check, exit 1 if any failed.
#include <iostream>

#include "cli/context.h"
#include "service/evidence.h"

namespace crosswalk::cli {
namespace {

using json = nlohmann::ordered_json;

struct Line {
  std::string kind;  // database | journal | vault
  store::DatabaseCheck check;
  json problems;  // the vault's, one per file
};

std::vector<Line> database_lines(service::Workspace& ws) {
  auto checks = ws.store().check_database();
  if (!checks.ok()) return {{"database", {"database", "failed", checks.status().message()}, {}}};
  std::vector<Line> out;
  for (auto& c : checks.value()) out.push_back({"database", std::move(c), {}});
  return out;
}

Line journal_line(service::Workspace& ws) {
  auto v = ws.store().verify_journal();
  if (!v.ok()) return {"journal", {"journal chain", "failed", v.status().message()}, {}};
  if (!v->ok)
    return {"journal",
            {"journal chain", "failed",
             "broken at entry " + std::to_string(v->first_bad_seq) + ": " + v->problem},
            {}};
  return {"journal",
          {"journal chain", "ok", std::to_string(v->entries) + " entries, chain intact"},
          {}};
}

Line vault_line(service::Workspace& ws) {
  auto report = service::verify_vault(ws);
  if (!report.ok()) return {"vault", {"vault", "failed", report.status().message()}, {}};
  Line line{"vault", {"vault", "ok", ""}, json::array()};
  std::string first;
  for (const auto& p : report->problems) {
    line.problems.push_back(
        {{"evidence", p.evidence_id}, {"sha256", p.sha256}, {"problem", p.problem}});
    if (first.empty()) first = p.subject() + ": " + p.problem;
  }
  if (report->problems.empty()) {
    line.check.detail =
        std::to_string(report->checked) + " evidence files re-hashed, all match their sha256";
  } else {
    line.check.outcome = "failed";
    line.check.detail = std::to_string(report->problems.size()) + " of " +
                        std::to_string(report->checked) + " evidence files missing or altered (" +
                        first + (report->problems.size() > 1 ? "; …)" : ")");
  }
  return line;
}

void report(Context& ctx, const std::vector<Line>& lines) {
  bool ok = true;
  for (const auto& l : lines) ok = ok && l.check.outcome != "failed";
  if (ctx.json) {
    json checks = json::array();
    for (const auto& l : lines) {
      json c = {{"kind", l.kind},
                {"name", l.check.name},
                {"outcome", l.check.outcome},
                {"detail", l.check.detail}};
      if (!l.problems.is_null()) c["problems"] = l.problems;
      checks.push_back(c);
    }
    ctx.print_json({{"ok", ok}, {"checks", checks}});
  } else {
    for (const auto& l : lines)
      std::cout << l.check.outcome << std::string(8 - l.check.outcome.size(), ' ') << l.kind
                << std::string(9 - l.kind.size(), ' ') << l.check.name << ": " << l.check.detail
                << "\n";
  }
  if (!ok) {
    if (!ctx.json) std::cerr << "crosswalk: check failed\n";
    ctx.exit_code = kExitCheckFailed;
  }
}

}  // namespace

void register_check(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "check",
      "After a crash: the database's own integrity checks, the journal's hash chain and every "
      "evidence file re-hashed; exit 1 if any fails");
  cmd->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) {
      // A database too damaged to open is this command's finding, not a usage error.
      if (ws.status().code() != Status::Code::kCorruption) return void(ctx.fail(ws.status()));
      return report(ctx, {{"database", {"open", "failed", ws.status().message()}, {}}});
    }
    std::vector<Line> lines = database_lines(*ws.value());
    lines.push_back(journal_line(*ws.value()));
    lines.push_back(vault_line(*ws.value()));
    report(ctx, lines);
  });
}

}  // namespace crosswalk::cli
