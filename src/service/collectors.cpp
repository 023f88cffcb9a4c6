#include "service/collectors.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

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
    return Status::InvalidInput("id '" + in.id.substr(0, 64) +
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
  const std::string holder = request.runner.empty() ? "crosswalk" : request.runner;
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

Result<std::vector<store::CollectorRunRecord>> run_due_collectors(Workspace& ws,
                                                                  const std::string& runner,
                                                                  d::Timestamp now) {
  auto all = ws.store().collectors();
  if (!all.ok()) return all.status();
  std::vector<store::CollectorRunRecord> done;
  for (const store::CollectorRecord& c : all.value()) {
    if (!c.enabled || c.schedule.empty()) continue;
    auto cron = d::parse_cron(c.schedule);
    if (!cron.ok()) continue;  // validated when saved; an edited database is not our problem here
    // The fire time the latest scheduled run stood for, else the collector's creation.
    d::Timestamp last_fire = c.created_at;
    auto runs = ws.store().collector_runs(c.id, 20);
    if (!runs.ok()) return runs.status();
    for (const auto& r : runs.value())
      if (r.trigger == "schedule" && r.scheduled_for) {
        last_fire = std::max(last_fire, *r.scheduled_for);
        break;
      }
    const d::Due due = d::schedule_due(cron.value(), last_fire, now);
    if (!due.run_now) continue;
    RunRequest req{"schedule", due.scheduled, due.missed, runner};
    auto run = run_collector(ws, c.id, req, {"scheduler", now});
    if (!run.ok() && run.status().code() == Status::Code::kConflict) continue;  // running elsewhere
    if (!run.ok()) return run.status();
    done.push_back(run.value());
  }
  return done;
}

}  // namespace crosswalk::service
