// crosswalk: ISO/IEC 27001 and ISO/IEC 42001 as one management system.
#include <cstdlib>
#include <iostream>

#include "cli/context.h"

int main(int argc, char** argv) {
  using namespace crosswalk::cli;
  Context ctx;
  if (const char* dir = std::getenv("CROSSWALK_DATA"); dir && *dir) ctx.options.data_dir = dir;
  if (const char* db = std::getenv("CROSSWALK_DB"); db && *db) ctx.options.db_url = db;

  CLI::App app{"Crosswalk: ISO/IEC 27001:2022 and ISO/IEC 42001:2023 as one management system"};
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("--data", ctx.options.data_dir, "Data directory (env CROSSWALK_DATA)")
      ->capture_default_str();
  app.add_option("--db", ctx.options.db_url,
                 "Database URL: sqlite:///path/crosswalk.db or postgresql://user@host:port/db (env "
                 "CROSSWALK_DB; "
                 "default: DATA/crosswalk.db)");
  app.add_option("--catalog", ctx.options.catalog_dir,
                 "Catalog directory to use instead of the built-in catalog");
  app.add_flag("--json", ctx.json, "Machine-readable JSON output");

  register_init(app, ctx);
  register_framework(app, ctx);
  register_control(app, ctx);
  register_evidence(app, ctx);
  register_readiness(app, ctx);
  register_gap(app, ctx);
  register_requirement(app, ctx);
  register_journal(app, ctx);
  register_user(app, ctx);
  register_serve(app, ctx);
  register_migrate(app, ctx);
  register_import(app, ctx);
  register_collect(app, ctx);
  register_ai(app, ctx);
  register_risk(app, ctx);
  register_soa(app, ctx);
  register_audit(app, ctx);
  register_review(app, ctx);
  register_documents(app, ctx);
  register_incident(app, ctx);
  register_audit_pack(app, ctx);
  register_backup(app, ctx);
  register_oscal(app, ctx);
  register_check(app, ctx);
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
    for (CLI::App* subsub : sub->get_subcommands({})) subsub->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return ctx.exit_code;
}
