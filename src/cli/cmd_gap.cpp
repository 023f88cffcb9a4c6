#include <cstdio>
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/snapshot.h"
#include "service/views.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

void register_gap(CLI::App& app, Context& ctx) {
  struct Args {
    std::string target = "iso42001-2023";
    std::string source = "iso27001-2022";
    bool assume = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "gap", "What the source framework's work already covers of the target, and what is missing");
  cmd->add_option("--target", args->target, "Target framework")->capture_default_str();
  cmd->add_option("--from", args->source, "Source framework")->capture_default_str();
  cmd->add_flag("--assume-source-met", args->assume,
                "Answer the hypothetical: what if every source requirement were met?");
  cmd->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    auto p = service::project(*snap.value(), args->target, args->source, args->assume);
    if (!p.ok()) return void(ctx.fail(p.status()));
    if (ctx.json) return ctx.print_json(service::projection_json(*snap.value(), p.value()));
    const auto& t = p->tally;
    char head[256];
    std::snprintf(head, sizeof head,
                  "%s from %s%s: %d met, %d partly met, %d not met, %d n/a (%.1f%% met)\n\n",
                  p->target.c_str(), p->source.c_str(),
                  args->assume ? " (assuming the source fully met)" : "", t.met, t.partly_met,
                  t.not_met, t.not_applicable, t.percent());
    std::cout << head;
    std::vector<std::vector<std::string>> rows{{"REF", "STATUS", "BASIS", "CLOSE WITH", "REASON"}};
    for (const auto& it : p->items) {
      std::string close;
      for (std::size_t i = 0; i < it.closing_templates.size() && i < 3; ++i)
        close += (i ? "," : "") + it.closing_templates[i];
      if (close.empty()) close = "-";
      rows.push_back({it.ref, std::string(d::to_string(it.status)),
                      std::string(d::to_string(it.basis)), close, it.reason});
    }
    print_table(rows);
  });
}

}  // namespace crosswalk::cli
