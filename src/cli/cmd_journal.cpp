#include <algorithm>
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/journal_search.h"
#include "service/views.h"

namespace crosswalk::cli {

void register_journal(CLI::App& app, Context& ctx) {
  CLI::App* cmd =
      app.add_subcommand("journal", "The append-only, hash-chained record of every change");
  cmd->require_subcommand(1);

  CLI::App* verify =
      cmd->add_subcommand("verify", "Check the hash chain; exit 1 at the first bad entry");
  verify->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto v = ws.value()->store().verify_journal();
    if (!v.ok()) return void(ctx.fail(v.status()));
    if (ctx.json) ctx.print_json(service::journal_verdict_json(v.value()));
    if (!v->ok) {
      if (!ctx.json)
        std::cerr << "crosswalk: journal broken at entry " << v->first_bad_seq << ": " << v->problem
                  << "\n";
      ctx.exit_code = kExitCheckFailed;
      return;
    }
    if (!ctx.json) std::cout << "journal ok: " << v->entries << " entries, chain intact\n";
  });

  struct Args {
    std::int64_t after = 0;
    service::JournalQuery query;
  };
  auto args = std::make_shared<Args>();
  CLI::App* list = cmd->add_subcommand(
      "list", "Show journal entries, oldest first; with a filter, the latest matching ones");
  list->add_option("--after", args->after, "Only entries after this sequence number");
  list->add_option("--limit", args->query.limit, "At most this many entries (1-1000)")
      ->capture_default_str();
  list->add_option("--entity", args->query.entity,
                   "What changed: control, evidence, risk, document, … (the kind)");
  list->add_option("--entity-id", args->query.entity_id, "Its id, e.g. ORG-01 or RISK-1");
  list->add_option("--actor", args->query.actor, "Who changed it, e.g. web:maria or cli:root");
  list->add_option("--since", args->query.since, "From this day, YYYY-MM-DD");
  list->add_option("--until", args->query.until, "Up to this day included, YYYY-MM-DD");
  list->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    const service::JournalQuery& q = args->query;
    const bool filtered = !q.entity.empty() || !q.entity_id.empty() || !q.actor.empty() ||
                          !q.since.empty() || !q.until.empty();
    Result<std::vector<store::JournalEntry>> entries = std::vector<store::JournalEntry>{};
    if (filtered) {
      auto filter = service::journal_filter(q);
      if (!filter.ok()) return void(ctx.fail(filter.status()));
      entries = ws.value()->store().journal_search(filter.value());
      if (entries.ok()) std::reverse(entries->begin(), entries->end());
    } else {
      entries = ws.value()->store().journal(args->after, q.limit);
    }
    if (!entries.ok()) return void(ctx.fail(entries.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& e : entries.value()) out.push_back(service::journal_entry_json(e));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"SEQ", "AT", "ACTOR", "ACTION", "ENTITY"}};
    for (const auto& e : entries.value())
      rows.push_back({std::to_string(e.seq), e.at, e.actor, e.action, e.entity_id});
    print_table(rows);
  });
}

}  // namespace crosswalk::cli
