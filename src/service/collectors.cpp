#include "service/collectors.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "common/utf8.h"
#include "domain/cron.h"
#include "ingest/collector.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

std::string worst(const std::vector<ingest::CollectedCheck>& checks) {
  bool error = false;
  for (const auto& c : checks) {
    if (c.outcome == d::CheckOutcome::kFail) return "fail";
    error = error || c.outcome == d::CheckOutcome::kError;
  }
  return error ? "error" : "pass";
}

}  // namespace

Status save_collector(Workspace& ws, const CollectorInput& in,
                      std::optional<std::int64_t> expected_version, const store::Actor& actor) {
  if (!valid_id(in.id))
    return Status::InvalidInput("id '" + printable_excerpt(in.id, 64) +
                                "': letters, digits, '-' and '_' only, at most 64");
  if (in.name.empty() || in.name.size() > 200)
    return Status::InvalidInput("name: give a name of at most 200 characters");
  auto config = nlohmann::json::parse(in.config_json, nullptr, false);
  if (config.is_discarded()) return Status::InvalidInput("config: not valid JSON");
  auto parsed = ingest::parse_collector_config(in.kind, config);
  if (!parsed.ok()) return parsed.status().with_context("config");
  if (!in.schedule.empty()) {
    auto cron = d::parse_cron(in.schedule);
    if (!cron.ok()) return cron.status().with_context("schedule");
  }
  if (in.freshness_days < 0 || in.freshness_days > 3660)
    return Status::InvalidInput("freshness_days: 0 (never stale) to 3660");
  if (in.evidence_valid_days < 0 || in.evidence_valid_days > 3660)
    return Status::InvalidInput("evidence_valid_days: 0 (no expiry) to 3660");
  if (in.kind != "host" && in.controls.empty())
    return Status::InvalidInput("controls: name the controls a " + in.kind + " collector proves");
  store::CollectorRecord r;
  r.id = in.id;
  r.name = in.name;
  r.kind = in.kind;
  r.config_json = ingest::config_to_json(parsed.value()).dump();
  r.schedule = in.schedule.empty() ? "" : d::to_string(d::parse_cron(in.schedule).value());
  r.controls = in.controls;
  r.freshness_seconds = d::Timestamp{in.freshness_days} * d::kSecondsPerDay;
  r.evidence_valid_days = in.evidence_valid_days;
  r.enabled = in.enabled;
  return ws.store().put_collector(r, expected_version, actor);
}

Result<store::CollectorRecord> find_collector(Workspace& ws, const std::string& id) {
  auto all = ws.store().collectors();
  if (!all.ok()) return all.status();
  for (auto& c : all.value())
    if (c.id == id) return c;
  return Status::NotFound("unknown collector '" + id + "' (see `crosswalk collector list`)");
}

Result<store::CollectorRunRecord> run_collector(Workspace& ws, const std::string& id,
                                                const RunRequest& request,
                                                const store::Actor& actor) {
  auto c = find_collector(ws, id);
  if (!c.ok()) return c.status();
  auto config = ingest::parse_collector_config(
      c->kind, nlohmann::json::parse(c->config_json, nullptr, false));
  if (!config.ok()) return config.status().with_context("collector '" + id + "'");
  CW_RETURN_IF_ERROR(ws.check_writable());
  // One run at a time per collector, across every server on the database: the lease outlives the
  // longest run the collector may take, and a crashed runner's lease expires on its own.
  const std::string lease = "collector:" + c->id;
  // Unique to this call, in this process and among the servers: two runs with one runner name
  // (the same user's "Run now" twice, on one server or two) must not share a holder, since a
  // holder may renew its own lease.
  static const std::string process = std::to_string(std::random_device{}());
  static std::atomic<std::uint64_t> calls{0};
  const std::string holder = (request.runner.empty() ? "crosswalk" : request.runner) + "#" +
                             process + "-" + std::to_string(++calls);
  const auto* command = std::get_if<ingest::CommandConfig>(&config.value());
  const d::Timestamp ttl = (command ? command->timeout_seconds : 600) + 300;
  auto got = ws.store().acquire_lease(lease, holder, actor.now, ttl);
  if (!got.ok()) return got.status();
  if (!got.value())
    return Status::Conflict("collector '" + id + "' is already running; try again when it ends");
  struct Release {
    Workspace& ws;
    const std::string& lease;
    const std::string& holder;
    ~Release() { (void)ws.store().release_lease(lease, holder); }
  } release{ws, lease, holder};
  if (request.trigger == "schedule" && request.scheduled_for) {
    // Another server may have made this scheduled run between our look and our lease.
    auto latest = ws.store().collector_runs(c->id, 20);
    if (!latest.ok()) return latest.status();
    for (const auto& r : latest.value())
      if (r.trigger == "schedule" && r.scheduled_for && *r.scheduled_for >= *request.scheduled_for)
        return Status::Conflict("collector '" + id + "' already ran for this time");
  }
  auto out = ingest::run_collector(config.value(), ws.vault().temp_dir(), actor.now);
  if (!out.ok()) return out.status().with_context("collector '" + id + "'");

  auto controls = ws.store().controls();
  if (!controls.ok()) return controls.status();
  std::map<std::string, std::vector<std::string>> by_template;
  for (const auto& rec : controls.value())
    if (!rec.control.template_id.empty())
      by_template[rec.control.template_id].push_back(rec.control.id);

  std::vector<store::CheckResultRecord> results;
  std::vector<std::string> proven;
  auto prove = [&](const std::string& control) {
    if (std::find(proven.begin(), proven.end(), control) == proven.end()) proven.push_back(control);
  };
  for (const ingest::CollectedCheck& check : out->checks) {
    std::vector<std::string> targets = c->controls;
    for (const std::string& t : check.templates)
      for (const std::string& control : by_template[t])
        if (std::find(targets.begin(), targets.end(), control) == targets.end())
          targets.push_back(control);
    for (const std::string& control : targets) {
      store::CheckResultRecord r;
      r.check_id = "collector:" + c->id + ":" + check.key + "@" + control;
      r.control_id = control;
      r.name = c->name + ": " + check.name;
      r.freshness_seconds = c->freshness_seconds;
      r.outcome = check.outcome;
      r.observed_at = out->finished_at;
      r.message = check.message;
      results.push_back(std::move(r));
      prove(control);
    }
  }

  store::CollectorRunRecord run;
  run.collector_id = c->id;
  run.trigger = request.trigger;
  run.scheduled_for = request.scheduled_for;
  run.started_at = out->started_at;
  run.finished_at = out->finished_at;
  run.outcome = worst(out->checks);
  run.missed = request.missed;
  run.runner = request.runner;
  for (const auto& check : out->checks)
    if (check.outcome != d::CheckOutcome::kPass || out->checks.size() == 1)
      run.message += (run.message.empty() ? "" : "; ") + check.name + ": " + check.message;
  if (run.message.empty()) run.message = std::to_string(out->checks.size()) + " checks passed";
  if (proven.empty())
    run.message +=
        " (no control to prove: link controls to the collector or adopt the "
        "templates its checks prove)";

  std::optional<store::EvidenceRecord> evidence;
  auto blob = ws.vault().put_temp_file(out->evidence_file);
  if (!blob.ok()) return blob.status();
  if (!proven.empty()) {
    store::EvidenceRecord e;
    e.kind = "file";
    e.sha256 = blob->sha256;
    e.size = blob->size;
    e.filename = out->evidence_name;
    e.note = "Collected by " + c->name + " (" + c->kind + " collector)";
    e.source = "collector:" + c->id;
    e.review = d::Review::kAccepted;
    e.collected_at = out->finished_at;
    if (c->evidence_valid_days > 0)
      e.valid_until = out->finished_at + d::Timestamp{c->evidence_valid_days} * d::kSecondsPerDay;
    e.controls = proven;
    evidence = std::move(e);
  }
  auto id_or = ws.store().record_collector_run(run, std::move(evidence), std::move(results), actor);
  if (!id_or.ok()) return id_or.status();
  auto runs = ws.store().collector_runs(c->id, 1);
  if (!runs.ok()) return runs.status();
  if (runs->empty()) return Status::IoError("the run was not recorded");
  return runs->front();
}

Result<std::optional<d::Due>> collector_due(Workspace& ws, const store::CollectorRecord& c,
                                            d::Timestamp now) {
  if (!c.enabled || c.schedule.empty()) return std::optional<d::Due>();
  auto cron = d::parse_cron(c.schedule);
  // Validated when saved; an edited database is not our problem here.
  if (!cron.ok()) return std::optional<d::Due>();
  // The fire time the latest scheduled run stood for, else the collector's creation.
  d::Timestamp last_fire = c.created_at;
  auto fired = ws.store().last_scheduled_fire(c.id);
  if (!fired.ok()) return fired.status();
  if (fired.value()) last_fire = std::max(last_fire, *fired.value());
  return std::optional<d::Due>(d::schedule_due(cron.value(), last_fire, now));
}

Result<DueRuns> run_due_collectors(Workspace& ws, const std::string& runner, d::Timestamp now,
                                   std::stop_token stop) {
  auto all = ws.store().collectors();
  if (!all.ok()) return all.status();
  DueRuns pass;
  for (const store::CollectorRecord& c : all.value()) {
    if (stop.stop_requested()) {
      pass.stopped = true;
      break;
    }
    auto due_or = collector_due(ws, c, now);
    if (!due_or.ok()) {
      pass.failures.push_back({c.id, due_or.status()});
      continue;
    }
    if (!due_or.value() || !due_or.value()->run_now) continue;
    const d::Due& due = *due_or.value();
    RunRequest req{"schedule", due.scheduled, due.missed, runner};
    const store::Actor actor{"scheduler", now};
    auto run = run_collector(ws, c.id, req, actor);
    if (run.ok()) {
      pass.runs.push_back(std::move(run).value());
      continue;
    }
    if (run.status().code() == Status::Code::kConflict) {  // running elsewhere, or ran already
      pass.busy.push_back(c.id);
      continue;
    }
    // The run could not work: record it as an error run, so that the collector's history says
    // why and the next attempt waits for the next fire time.
    store::CollectorRunRecord failed;
    failed.collector_id = c.id;
    failed.trigger = req.trigger;
    failed.scheduled_for = req.scheduled_for;
    failed.started_at = failed.finished_at = now;
    failed.outcome = "error";
    failed.message = run.status().message();
    failed.missed = req.missed;
    failed.runner = runner;
    auto recorded = ws.store().record_collector_run(failed, std::nullopt, {}, actor);
    if (!recorded.ok()) {
      pass.failures.push_back({c.id, run.status()});
      continue;
    }
    failed.id = recorded.value();
    pass.runs.push_back(std::move(failed));
  }
  return pass;
}

}  // namespace crosswalk::service
