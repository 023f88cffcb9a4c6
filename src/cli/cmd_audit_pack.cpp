// crosswalk export audit-pack / verify audit-pack (docs/audit-pack.md): one signed zip for the
// auditor, checked offline without the database.
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/audit_pack.h"

namespace crosswalk::cli {

namespace {

void export_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::vector<std::string> frameworks;
    std::string out;
  };
  auto a = std::make_shared<Args>();
  CLI::App* exp = app.add_subcommand("export", "Write files for others to read");
  exp->require_subcommand(1);
  CLI::App* cmd = exp->add_subcommand(
      "audit-pack",
      "A zip with the SoA, readiness, gap lists, risks, audits, review minutes, registers, the "
      "evidence files and a signed manifest of every file's SHA-256 and the journal's head");
  cmd->add_option("--framework", a->frameworks,
                  "A standard in scope (repeatable; default: every framework)");
  cmd->add_option("--out", a->out, "The zip to write")->required();
  cmd->callback([&ctx, a] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    auto pack =
        service::write_audit_pack(*ws.value(), *snap.value(), a->frameworks, a->out, ctx.actor());
    if (!pack.ok()) return void(ctx.fail(pack.status()));
    if (ctx.json)
      return ctx.print_json({{"path", a->out},
                             {"frameworks", pack->frameworks},
                             {"files", pack->files},
                             {"evidence_files", pack->evidence_files},
                             {"bytes", pack->bytes},
                             {"journal_seq", pack->journal_seq},
                             {"journal_head", pack->journal_head},
                             {"key_id", pack->key_id}});
    std::cout << "wrote " << a->out << ": " << pack->files << " files (" << pack->evidence_files
              << " evidence files), " << pack->bytes << " bytes before compression\n"
              << "journal head: entry " << pack->journal_seq << ", " << pack->journal_head << "\n"
              << "manifest signed by " << pack->key_id << "\n";
  });
}

void verify_command(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  CLI::App* ver = app.add_subcommand("verify", "Check a file Crosswalk wrote, offline");
  ver->require_subcommand(1);
  CLI::App* cmd = ver->add_subcommand(
      "audit-pack",
      "Check every file of an audit pack against its signed manifest; exit 1 naming each "
      "altered, missing or unexpected file");
  cmd->add_option("FILE", *file, "The audit pack (zip)")->required();
  cmd->callback([&ctx, file] {
    auto v = service::verify_audit_pack(*file);
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) {
      nlohmann::ordered_json problems = nlohmann::ordered_json::array();
      for (const auto& p : v->problems)
        problems.push_back({{"file", p.file}, {"problem", p.problem}});
      ctx.print_json({{"ok", v->ok},
                      {"files", v->files},
                      {"frameworks", v->frameworks},
                      {"generated_at", v->generated_at},
                      {"journal_seq", v->journal_seq},
                      {"journal_head", v->journal_head},
                      {"key_id", v->key_id},
                      {"problems", problems}});
    } else {
      for (const auto& p : v->problems) std::cout << p.file << ": " << p.problem << "\n";
      std::cout << (v->ok ? "ok: " : "NOT OK: ") << v->files << " files, " << v->problems.size()
                << " problems; made " << v->generated_at << " at journal entry " << v->journal_seq
                << " (" << v->journal_head << "), signed by " << v->key_id << "\n";
    }
    if (!v->ok) ctx.exit_code = kExitCheckFailed;
  });
}

}  // namespace

void register_audit_pack(CLI::App& app, Context& ctx) {
  export_command(app, ctx);
  verify_command(app, ctx);
}

}  // namespace crosswalk::cli
