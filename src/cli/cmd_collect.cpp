// `crosswalk collect` (run collectors now) and `crosswalk collector add|list|remove|runs`.
#include <unistd.h>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/context.h"
#include "cli/table.h"
#include "domain/time.h"
#include "service/collectors.h"
#include "service/import_views.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

std::string runner_name() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return std::string("cli@") + host + ":" + std::to_string(::getpid());
}

void collect_command(CLI::App& app, Context& ctx) {
  struct Args {
    std::vector<std::string> ids;
    bool due = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "collect",
      "Run collectors now (all enabled ones, or those named); exit 1 if a check failed or could "
      "not be decided (a timeout, an unreadable file)");
  cmd->add_option("collector", args->ids, "Collector ids (default: every enabled collector)");
  cmd->add_flag("--due", args->due,
                "Run only the collectors whose schedule is due (for a system cron job when no "
                "server runs the scheduler)");
  cmd->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    std::vector<store::CollectorRunRecord> runs;
    if (args->due) {
      auto done = service::run_due_collectors(*ws.value(), runner_name(), ctx.now());
      if (!done.ok()) return void(ctx.fail(done.status()));
      runs = std::move(done->runs);
      for (const std::string& id : done->busy)
        std::cerr << "crosswalk: collector '" << id << "' is running elsewhere; skipped\n";
      for (const auto& f : done->failures) ctx.fail(f.status.with_context(f.collector_id));
    } else {
      std::vector<std::string> ids = args->ids;
      if (ids.empty()) {
        auto all = ws.value()->store().collectors();
        if (!all.ok()) return void(ctx.fail(all.status()));
        for (const auto& c : all.value())
          if (c.enabled) ids.push_back(c.id);
      }
      for (const std::string& id : ids) {
        auto run = service::run_collector(*ws.value(), id, {"cli", std::nullopt, 0, runner_name()},
                                          ctx.actor());
        if (!run.ok()) return void(ctx.fail(run.status()));
        runs.push_back(run.value());
      }
    }
    for (const auto& r : runs)
      if ((r.outcome == "fail" || r.outcome == "error") && ctx.exit_code == kExitOk)
        ctx.exit_code = kExitCheckFailed;
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& r : runs) out.push_back(service::collector_run_json(r));
      return ctx.print_json(out);
    }
    if (runs.empty()) std::cout << "No collector to run.\n";
    std::vector<std::vector<std::string>> rows{{"COLLECTOR", "OUTCOME", "EVIDENCE", "MESSAGE"}};
    for (const auto& r : runs)
      rows.push_back(
          {r.collector_id, r.outcome, r.evidence_id.empty() ? "-" : r.evidence_id, r.message});
    if (!runs.empty()) print_table(rows);
  });
}

void collector_command(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("collector", "Configure collectors (administrators)");
  cmd->require_subcommand(1);

  struct AddArgs {
    service::CollectorInput in;
    std::string config, config_file;
  };
  auto a = std::make_shared<AddArgs>();
  CLI::App* add = cmd->add_subcommand("add", "Add a collector");
  add->add_option("id", a->in.id, "Its id (letters, digits, '-', '_')")->required();
  add->add_option("--name", a->in.name, "What it checks")->required();
  add->add_option("--kind", a->in.kind, "command, file or host")->required();
  add->add_option("--config", a->in.config_json,
                  "Its configuration as JSON, e.g. '{\"argv\": [\"/usr/bin/true\"]}' (see "
                  "docs/collectors.md)");
  add->add_option("--config-file", a->config_file, "Read the configuration from this file");
  add->add_option("--schedule", a->in.schedule,
                  "Cron expression in UTC, e.g. '0 6 * * *' or @daily (default: on demand)");
  add->add_option("--control", a->in.controls, "Control it proves (repeatable)");
  add->add_option("--freshness-days", a->in.freshness_days,
                  "Days a result stays fresh (default 2; 0: never stale)");
  add->add_option("--evidence-valid-days", a->in.evidence_valid_days,
                  "Days its evidence stays valid (default 0: no expiry)");
  add->callback([&ctx, a] {
    if (!a->config_file.empty()) {
      std::ifstream in(a->config_file);
      if (!in) return void(ctx.fail(Status::InvalidInput(a->config_file + ": cannot be read")));
      std::stringstream s;
      s << in.rdbuf();
      a->in.config_json = s.str();
    }
    if (a->in.config_json.empty()) a->in.config_json = "{}";
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    Status s = service::save_collector(*ws.value(), a->in, std::nullopt, ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    std::cout << "Added collector " << a->in.id << "\n";
  });

  CLI::App* list = cmd->add_subcommand("list", "List collectors and their last run");
  list->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto all = ws.value()->store().collectors();
    if (!all.ok()) return void(ctx.fail(all.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& c : all.value()) out.push_back(service::collector_json(c));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{
        {"ID", "KIND", "SCHEDULE", "CONTROLS", "LAST RUN", "NAME"}};
    for (const auto& c : all.value()) {
      auto runs = ws.value()->store().collector_runs(c.id, 1);
      std::string last = "never";
      if (runs.ok() && !runs->empty())
        last = runs->front().outcome + " " + d::format_datetime(runs->front().finished_at);
      std::string controls;
      for (const auto& x : c.controls) controls += (controls.empty() ? "" : ",") + x;
      rows.push_back({c.id, c.kind, c.schedule.empty() ? "on demand" : c.schedule,
                      controls.empty() ? "-" : controls, last,
                      c.name + (c.enabled ? "" : " (disabled)")});
    }
    print_table(rows);
  });

  auto rm_id = std::make_shared<std::string>();
  CLI::App* rm = cmd->add_subcommand("remove", "Remove a collector (its past results stay)");
  rm->add_option("id", *rm_id, "Collector id")->required();
  rm->callback([&ctx, rm_id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    Status s = ws.value()->store().remove_collector(*rm_id, ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    std::cout << "Removed collector " << *rm_id << "\n";
  });

  struct RunsArgs {
    std::string id;
    int limit = 20;
  };
  auto r = std::make_shared<RunsArgs>();
  CLI::App* runs = cmd->add_subcommand("runs", "Latest runs, newest first");
  runs->add_option("id", r->id, "Only this collector's runs");
  runs->add_option("--limit", r->limit, "How many (default 20)");
  runs->callback([&ctx, r] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto all = ws.value()->store().collector_runs(r->id, r->limit);
    if (!all.ok()) return void(ctx.fail(all.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& x : all.value()) out.push_back(service::collector_run_json(x));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{
        {"FINISHED", "COLLECTOR", "TRIGGER", "OUTCOME", "MISSED", "MESSAGE"}};
    for (const auto& x : all.value())
      rows.push_back({d::format_datetime(x.finished_at), x.collector_id, x.trigger, x.outcome,
                      std::to_string(x.missed), x.message});
    print_table(rows);
  });
}

}  // namespace

void register_collect(CLI::App& app, Context& ctx) {
  collect_command(app, ctx);
  collector_command(app, ctx);
}

}  // namespace crosswalk::cli
