#include <iostream>

#include "cli/context.h"
#include "service/setup.h"

namespace crosswalk::cli {

void register_init(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "init", "Create the data directory and database and seed the catalogs (idempotent)");
  cmd->callback([&ctx] {
    // Validate the catalog before creating or touching anything.
    auto cat = service::load_source_catalog(ctx.options);
    if (!cat.ok()) return void(ctx.fail(cat.status()));
    auto ws = ctx.open(/*create=*/true);
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto report = service::initialize(*ws.value(), cat.value(), ctx.actor());
    if (!report.ok()) return void(ctx.fail(report.status()));
    const auto& r = report.value();
    if (ctx.json) {
      ctx.print_json({{"data", ctx.options.data_dir},
                      {"seeded", r.seeded},
                      {"catalog_sha256", r.catalog_sha256},
                      {"frameworks", r.frameworks},
                      {"requirements", r.requirements},
                      {"crosswalks", r.crosswalks},
                      {"templates", r.templates}});
      return;
    }
    std::cout << (r.seeded ? "Initialized " : "Already initialized: ") << ctx.options.data_dir
              << " — " << r.frameworks << " frameworks (" << r.requirements << " requirements), "
              << r.crosswalks << " crosswalk, " << r.templates << " control templates\n";
  });
}

}  // namespace crosswalk::cli
