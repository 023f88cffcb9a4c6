#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/snapshot.h"
#include "service/views.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

void register_framework(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("framework", "Frameworks and their requirements");
  cmd->require_subcommand(1);

  CLI::App* list = cmd->add_subcommand("list", "List the frameworks with their readiness");
  list->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    const auto& s = *snap.value();
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& f : s.assessment.frameworks)
        out.push_back(service::framework_summary_json(f));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"ID", "NAME", "REQUIREMENTS", "MET"}};
    for (const auto& f : s.assessment.frameworks)
      rows.push_back({f.framework->id, f.framework->name,
                      std::to_string(f.framework->requirements().size()),
                      std::to_string(f.total.met) + "/" + std::to_string(f.total.applicable())});
    print_table(rows);
  });

  auto id = std::make_shared<std::string>();
  CLI::App* show =
      cmd->add_subcommand("show", "Show a framework's requirements with status and reason");
  show->add_option("ID", *id, "Framework id, e.g. iso42001-2023")->required();
  show->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    const auto& s = *snap.value();
    const auto* f = s.framework(*id);
    if (!f)
      return void(ctx.fail(
          Status::NotFound("unknown framework '" + *id + "' (see `crosswalk framework list`)")));
    if (ctx.json) return ctx.print_json(service::framework_json(s, *f));
    std::cout << f->framework->name << " — " << f->framework->title << "\n\n";
    std::vector<std::vector<std::string>> rows{{"REF", "STATUS", "TITLE", "REASON"}};
    const auto& reqs = f->framework->requirements();
    for (std::size_t i = 0; i < reqs.size(); ++i)
      rows.push_back({reqs[i].ref, std::string(d::to_string(f->requirements[i].status)),
                      reqs[i].title, f->requirements[i].reason});
    print_table(rows);
  });
}

}  // namespace crosswalk::cli
