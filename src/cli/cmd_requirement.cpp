#include <iostream>

#include "cli/context.h"
#include "service/applicability.h"

namespace crosswalk::cli {

void register_requirement(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("requirement", "Decisions on single requirements");
  cmd->require_subcommand(1);
  struct Args {
    service::DecisionInput in;
    bool applicable = false, not_applicable = false, joint = false, not_joint = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* decide = cmd->add_subcommand(
      "decide",
      "Exclude an Annex A item from the SoA (with a justification) or include it again; "
      "mark partial controls as jointly sufficient");
  decide->add_option("FRAMEWORK", args->in.framework, "Framework id")->required();
  decide->add_option("REF", args->in.ref, "Requirement ref, e.g. A.7.4")->required();
  auto* na =
      decide->add_flag("--not-applicable", args->not_applicable, "Exclude it (Annex A only)");
  decide->add_flag("--applicable", args->applicable, "Include it again")->excludes(na);
  decide->add_option("--justification", args->in.justification, "Why it is excluded");
  auto* nj =
      decide->add_flag("--not-jointly-sufficient", args->not_joint, "Undo --jointly-sufficient");
  decide->add_flag("--jointly-sufficient", args->joint, "Its partial controls together cover it")
      ->excludes(nj);
  decide->callback([&ctx, args] {
    if (args->applicable || args->not_applicable) args->in.applicable = args->applicable;
    if (args->joint || args->not_joint) args->in.jointly_sufficient = args->joint;
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto d = service::decide(*ws.value(), args->in, ctx.actor());
    if (!d.ok()) return void(ctx.fail(d.status()));
    if (ctx.json)
      return ctx.print_json({{"framework", d->framework},
                             {"ref", d->ref},
                             {"applicable", !d->excluded},
                             {"justification", d->justification},
                             {"jointly_sufficient", d->partial_links_jointly_sufficient}});
    std::cout << d->framework << " " << d->ref << ": "
              << (d->excluded ? "not applicable — " + d->justification : "applicable")
              << (d->partial_links_jointly_sufficient ? "; partial controls jointly sufficient"
                                                      : "")
              << "\n";
  });
}

}  // namespace crosswalk::cli
