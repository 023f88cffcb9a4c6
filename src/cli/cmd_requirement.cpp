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
  auto reasons = std::make_shared<std::vector<std::string>>();
  auto* reason = decide->add_option(
      "--reason", *reasons,
      "Why it is in the SoA: legal, contractual, interested-parties, good-practice (repeat or "
      "comma-separate; replaces the reasons given before; risks come from the risk register)");
  reason->delimiter(',');
  auto clear = std::make_shared<bool>(false);
  decide->add_flag("--no-reasons", *clear, "Clear the declared reasons")->excludes(reason);
  auto note = std::make_shared<std::string>();
  auto* note_opt =
      decide->add_option("--reason-note", *note, "A note on the reasons (law, contract…)");
  auto review = std::make_shared<std::string>();
  auto* review_opt = decide->add_option("--review-by", *review,
                                        "When the row is next reviewed (YYYY-MM-DD, '' clears)");
  decide->callback([&ctx, args, reasons, reason, clear, note, note_opt, review, review_opt] {
    if (reason->count() > 0) args->in.reasons = *reasons;
    if (*clear) args->in.reasons = std::vector<std::string>{};
    if (note_opt->count() > 0) args->in.reason_note = *note;
    if (review_opt->count() > 0) args->in.review_by = *review;
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
                             {"jointly_sufficient", d->partial_links_jointly_sufficient},
                             {"reasons", d->reasons},
                             {"reason_note", d->reason_note},
                             {"review_by", d->review_by}});
    std::cout << d->framework << " " << d->ref << ": "
              << (d->excluded ? "not applicable — " + d->justification : "applicable")
              << (d->partial_links_jointly_sufficient ? "; partial controls jointly sufficient"
                                                      : "");
    if (!d->reasons.empty()) {
      std::cout << "; reasons:";
      for (const std::string& r : d->reasons) std::cout << " " << r;
    }
    if (!d->reason_note.empty()) std::cout << " (" << d->reason_note << ")";
    if (!d->review_by.empty()) std::cout << "; review by " << d->review_by;
    std::cout << "\n";
  });
}

}  // namespace crosswalk::cli
