#include <cstdio>
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/snapshot.h"
#include "service/views.h"

namespace crosswalk::cli {

namespace {

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", p);
  return buf;
}

}  // namespace

void register_readiness(CLI::App& app, Context& ctx) {
  auto framework = std::make_shared<std::string>();
  CLI::App* cmd =
      app.add_subcommand("readiness", "How ready each framework is: met / applicable requirements");
  cmd->add_option("--framework", *framework, "Only this framework");
  cmd->callback([&ctx, framework] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    const auto& s = *snap.value();
    std::vector<const domain::FrameworkAssessment*> chosen;
    for (const auto& f : s.assessment.frameworks)
      if (framework->empty() || f.framework->id == *framework) chosen.push_back(&f);
    if (chosen.empty())
      return void(ctx.fail(Status::NotFound("unknown framework '" + *framework +
                                            "' (see `crosswalk framework list`)")));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto* f : chosen) out.push_back(service::readiness_json(*f));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{
        {"FRAMEWORK", "READY", "MET", "PARTLY MET", "NOT MET", "N/A", "APPLICABLE"}};
    for (const auto* f : chosen) {
      const auto& t = f->total;
      rows.push_back({f->framework->id, percent(t.percent()), std::to_string(t.met),
                      std::to_string(t.partly_met), std::to_string(t.not_met),
                      std::to_string(t.not_applicable), std::to_string(t.applicable())});
    }
    print_table(rows);
    if (chosen.size() != 1) return;
    std::cout << "\n";
    std::vector<std::vector<std::string>> groups{
        {"GROUP", "READY", "MET", "PARTLY MET", "NOT MET", "N/A", "TITLE"}};
    for (const auto& g : chosen[0]->by_group) {
      const domain::RequirementGroup* group = chosen[0]->framework->find_group(g.group);
      const auto& t = g.tally;
      groups.push_back({g.group, percent(t.percent()), std::to_string(t.met),
                        std::to_string(t.partly_met), std::to_string(t.not_met),
                        std::to_string(t.not_applicable), group ? group->title : ""});
    }
    print_table(groups);
  });
}

}  // namespace crosswalk::cli
