#include <unistd.h>

#include <iostream>

#include "cli/context.h"
#include "service/workspace.h"
#include "store/copy.h"

namespace crosswalk::cli {

void register_migrate(CLI::App& app, Context& ctx) {
  struct Args {
    std::string from;
    std::string to;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "migrate",
      "Copy the organization from SQLite to an empty PostgreSQL database, files and journal "
      "included, verified before it commits");
  cmd->add_option("--from", args->from,
                  "sqlite://PATH of the source database (default: the data directory's)");
  cmd->add_option("--to", args->to, "postgresql://USER@HOST:PORT/DATABASE of the target")
      ->required();
  cmd->callback([&ctx, args] {
    std::string from = args->from;
    if (from.empty()) from = ctx.options.data_dir + "/crosswalk.db";
    if (from.rfind("sqlite://", 0) == 0) from = from.substr(9);
    if (from.find("://") != std::string::npos)
      return void(ctx.fail(Status::InvalidInput("--from '" + args->from +
                                                "': migrate copies from SQLite (sqlite://PATH)")));
    if (!service::is_postgres_url(args->to))
      return void(ctx.fail(Status::InvalidInput(
          "--to: migrate copies into PostgreSQL (postgresql://USER@HOST:PORT/DATABASE)")));
    if (::access(from.c_str(), R_OK) != 0)
      return void(ctx.fail(Status::InvalidInput("--from: no SQLite database at '" + from + "'")));
    // The source's journal head and evidence files sit beside its database.
    const auto slash = from.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : from.substr(0, slash);
    const bool chatty = !ctx.json && ::isatty(STDERR_FILENO);
    auto report = store::copy_sqlite_to_postgres({from, dir + "/journal.head", dir + "/vault"},
                                                 args->to, [chatty](const std::string& line) {
                                                   if (chatty) std::cerr << "  " << line << "\n";
                                                 });
    if (!report.ok()) return void(ctx.fail(report.status()));
    if (ctx.json) {
      nlohmann::ordered_json tables = nlohmann::ordered_json::object();
      for (const auto& t : report->tables) tables[t.name] = t.rows;
      return ctx.print_json({{"tables", tables},
                             {"journal_entries", report->journal_entries},
                             {"journal_head", report->journal_head},
                             {"blobs", report->blobs},
                             {"blob_bytes", report->blob_bytes}});
    }
    std::int64_t rows = 0;
    for (const auto& t : report->tables) rows += t.rows;
    std::cout << "migrated " << rows << " rows in " << report->tables.size() << " tables, "
              << report->blobs << " evidence files (" << report->blob_bytes << " bytes) and "
              << report->journal_entries << " journal entries; the copy's chain verifies and ends "
              << "on " << report->journal_head << "\n";
  });
}

}  // namespace crosswalk::cli
