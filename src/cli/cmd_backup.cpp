// crosswalk backup / restore / verify backup (docs/backup.md): the whole organization in one
// zip, taken while servers run, and put back into a new data directory or an empty database.
#include <iostream>

#include "cli/context.h"
#include "service/backup.h"

namespace crosswalk::cli {

namespace {

nlohmann::ordered_json summary_json(const service::BackupSummary& b) {
  return {{"database", b.database},
          {"created_at", b.created_at},
          {"created_by", b.created_by},
          {"database_bytes", b.database_bytes},
          {"evidence_files", b.evidence_files},
          {"evidence_bytes", b.evidence_bytes},
          {"journal_seq", b.journal_seq},
          {"journal_head", b.journal_head}};
}

std::string describe(const service::BackupSummary& b) {
  return (b.database == "sqlite" ? "SQLite database " : "PostgreSQL dump ") +
         std::to_string(b.database_bytes) + " bytes, " + std::to_string(b.evidence_files) +
         " evidence files (" + std::to_string(b.evidence_bytes) + " bytes), journal to entry " +
         std::to_string(b.journal_seq) +
         (b.journal_head.empty() ? "" : " (" + b.journal_head + ")");
}

void backup_command(CLI::App& app, Context& ctx) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "backup",
      "Write the whole organization (database, evidence files, journal) to one zip while "
      "servers keep running; refused if the journal or an evidence file fails verification");
  cmd->add_option("--out", *out, "The zip to write")->required();
  cmd->callback([&ctx, out] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto b = service::write_backup(*ws.value(), *out, ctx.now(), ctx.actor().name);
    if (!b.ok()) return void(ctx.fail(b.status()));
    if (ctx.json) {
      auto j = summary_json(b.value());
      j["path"] = *out;
      return ctx.print_json(j);
    }
    std::cout << "wrote " << *out << ": " << describe(b.value()) << "\n";
  });
}

void restore_command(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "restore",
      "Restore a backup into a new or empty data directory (--data DIR, SQLite) or an empty "
      "PostgreSQL database (--db URL), checking every file, the journal and the evidence first");
  cmd->add_option("FILE", *file, "The backup (zip)")->required();
  cmd->callback([&ctx, file] {
    auto r = service::restore_backup(*file, ctx.options);
    if (!r.ok()) return void(ctx.fail(r.status()));
    if (ctx.json) {
      auto j = summary_json(r->backup);
      j["journal_entries_verified"] = r->journal_entries;
      j["evidence_files_verified"] = r->evidence_verified;
      return ctx.print_json(j);
    }
    std::cout << "restored " << *file << " (" << r->backup.created_at << ") into "
              << (ctx.options.db_url.empty() ? ctx.options.data_dir : "the database")
              << ": the journal's " << r->journal_entries << " entries verify and "
              << r->evidence_verified << " evidence files match their SHA-256\n";
  });
}

void verify_command(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.get_subcommand("verify")->add_subcommand(
      "backup",
      "Check every file of a backup against its manifest; exit 1 naming each altered, missing "
      "or unexpected file");
  cmd->add_option("FILE", *file, "The backup (zip)")->required();
  cmd->callback([&ctx, file] {
    auto v = service::verify_backup(*file);
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) {
      nlohmann::ordered_json problems = nlohmann::ordered_json::array();
      for (const auto& p : v->problems)
        problems.push_back({{"file", p.file}, {"problem", p.problem}});
      auto j = summary_json(v->backup);
      j["ok"] = v->ok;
      j["problems"] = problems;
      ctx.print_json(j);
    } else {
      for (const auto& p : v->problems) std::cout << p.file << ": " << p.problem << "\n";
      std::cout << (v->ok ? "ok: " : "NOT OK: ") << describe(v->backup) << "; made "
                << v->backup.created_at << "\n";
    }
    if (!v->ok) ctx.exit_code = kExitCheckFailed;
  });
}

}  // namespace

void register_backup(CLI::App& app, Context& ctx) {
  backup_command(app, ctx);
  restore_command(app, ctx);
  verify_command(app, ctx);
}

}  // namespace crosswalk::cli
