// Collectors: the list with schedule, last result and next run; "Run now" (managers and
// administrators); the configuration form (administrators only: a command collector runs what it
// is told); and one collector's runs, missed ones included.
#include <unistd.h>

#include <sstream>

#include "ingest/collector.h"
#include "service/collectors.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr int kRunsShown = 50;

// What the configuration form holds: a stored collector's values, or what was sent.
struct CollectorForm {
  std::string id, name, kind = "command", config, schedule, controls;
  std::string freshness_days = "2", evidence_valid_days = "0", version;
  bool enabled = true;
};

CollectorForm form_of_record(const store::CollectorRecord& c) {
  CollectorForm f;
  f.id = c.id;
  f.name = c.name;
  f.kind = c.kind;
  const json config = json::parse(c.config_json, nullptr, false);
  f.config = config.is_discarded() ? c.config_json : config.dump(2);
  f.schedule = c.schedule;
  for (const auto& id : c.controls) f.controls += (f.controls.empty() ? "" : " ") + id;
  f.freshness_days = std::to_string(c.freshness_seconds / d::kSecondsPerDay);
  f.evidence_valid_days = std::to_string(c.evidence_valid_days);
  f.version = std::to_string(c.version);
  f.enabled = c.enabled;
  return f;
}

CollectorForm form_of_post(const http::Form& p) {
  CollectorForm f;
  f.id = p.get("id");
  f.name = p.get("name");
  f.kind = p.get("kind");
  f.config = p.get("config");
  f.schedule = p.get("schedule");
  f.controls = p.get("controls");
  f.freshness_days = p.get("freshness_days");
  f.evidence_valid_days = p.get("evidence_valid_days");
  f.version = p.get("version");
  f.enabled = p.get("enabled") == "yes";
  return f;
}

Result<int> days_of(const std::string& field, const std::string& v) {
  if (v.empty() || v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos)
    return Status::InvalidInput(field + ": a whole number of days");
  return std::stoi(v);
}

Result<service::CollectorInput> input_of(const CollectorForm& f) {
  service::CollectorInput in;
  in.id = f.id;
  in.name = f.name;
  in.kind = f.kind;
  in.config_json = f.config.empty() ? "{}" : f.config;
  in.schedule = f.schedule;
  std::string ids = f.controls;
  for (char& ch : ids)
    if (ch == ',') ch = ' ';
  std::istringstream words(ids);
  for (std::string id; words >> id;) in.controls.push_back(id);
  auto fresh = days_of("freshness_days", f.freshness_days);
  if (!fresh.ok()) return fresh.status();
  in.freshness_days = fresh.value();
  auto valid = days_of("evidence_valid_days", f.evidence_valid_days);
  if (!valid.ok()) return valid.status();
  in.evidence_valid_days = valid.value();
  in.enabled = f.enabled;
  return in;
}

// The form field a refusal is about, from the way the service words it ("schedule: …",
// "id 'x': …", "unknown control 'X'", "a collector named 'x' already exists").
std::string field_of(const std::string& message) {
  for (const char* f :
       {"name", "kind", "config", "schedule", "controls", "freshness_days", "evidence_valid_days"})
    if (message.rfind(std::string(f) + ":", 0) == 0) return f;
  if (message.rfind("id '", 0) == 0 || message.rfind("a collector named", 0) == 0) return "id";
  if (message.rfind("unknown control", 0) == 0) return "controls";
  if (message.rfind("unknown collector kind", 0) == 0) return "kind";
  return "";
}

const char* example_config(const std::string& kind) {
  if (kind == "file") return R"({"path": "/srv/docs/isms-policy.pdf", "review_every_days": 365})";
  if (kind == "host") return R"({"checks": ["ssh-root-login", "firewall"], "root": "/"})";
  return R"({"argv": ["/usr/local/bin/restore-test", "--quick"], "timeout_seconds": 900, "fail_pattern": "^ERROR"})";
}

json form_json(const CollectorForm& f, const std::string& error, bool editing) {
  const std::string bad = error.empty() ? "" : field_of(error);
  json kinds = json::array();
  for (const char* k : {"command", "file", "host"})
    kinds.push_back({{"value", k}, {"selected", f.kind == k}, {"example", example_config(k)}});
  std::string host_checks;
  for (const auto& h : ingest::host_checks())
    host_checks += (host_checks.empty() ? "" : ", ") + h.id;
  json invalid = json::object();
  if (!bad.empty()) invalid[bad] = true;
  // The message names its field ("schedule: …"), or gets it in front ("controls: unknown …").
  const std::string shown =
      bad.empty() || error.rfind(bad + ":", 0) == 0 ? error : bad + ": " + error;
  return {{"editing", editing},
          {"action", editing ? "/collectors/" + f.id : "/collectors"},
          {"id", f.id},
          {"name", f.name},
          {"kinds", kinds},
          {"config", f.config},
          {"schedule", f.schedule},
          {"controls", f.controls},
          {"freshness_days", f.freshness_days},
          {"evidence_valid_days", f.evidence_valid_days},
          {"enabled", f.enabled},
          {"version", f.version},
          {"error", shown},
          {"invalid", invalid},
          {"host_checks", host_checks}};
}

std::string runner_name() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return std::string("web@") + host + ":" + std::to_string(::getpid());
}

json run_json(const store::CollectorRunRecord& r) {
  return {{"id", r.id},
          {"trigger", r.trigger},
          {"scheduled", r.scheduled_for ? when(*r.scheduled_for) : ""},
          {"missed", r.missed},
          {"has_missed", r.missed > 0},
          {"started", when(r.started_at)},
          {"duration", duration(r.finished_at - r.started_at)},
          {"outcome", r.outcome},
          {"message", clip(r.message, 600)},
          {"evidence", r.evidence_id},
          {"evidence_href", "/api/v1/evidence/" + r.evidence_id + "/file"},
          {"runner", r.runner}};
}

// "due now", the next fire time, "on demand" or "disabled".
Result<std::string> next_due(service::Workspace& ws, const store::CollectorRecord& c,
                             d::Timestamp now) {
  if (!c.enabled) return std::string("disabled");
  if (c.schedule.empty()) return std::string("on demand");
  auto due = service::collector_due(ws, c, now);
  if (!due.ok()) return due.status();
  if (!due.value()) return std::string("—");
  if (due.value()->run_now) return std::string("due now");
  return due.value()->next ? when(*due.value()->next) : std::string("—");
}

http::Response list_page(http::Api& api, const http::Call& c, const CollectorForm& form,
                         const std::string& error, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto all = ws.value()->store().collectors();
  if (!all.ok()) return status_page(c, all.status());
  json rows = json::array();
  for (const store::CollectorRecord& col : all.value()) {
    auto runs = ws.value()->store().collector_runs(col.id, 1);
    if (!runs.ok()) return status_page(c, runs.status());
    auto next = next_due(*ws.value(), col, api.now());
    if (!next.ok()) return status_page(c, next.status());
    json row = {{"id", col.id},
                {"href", "/collectors/" + col.id},
                {"name", col.name},
                {"kind", col.kind},
                {"schedule", col.schedule},
                {"on_demand", col.schedule.empty()},
                {"enabled", col.enabled},
                {"next", next.value()},
                {"run_action", "/collectors/" + col.id + "/run"},
                {"last", nullptr}};
    if (!runs->empty()) {
      row["last"] = run_json(runs->front());
      row["last"]["message"] = clip(runs->front().message, 200);
    }
    rows.push_back(std::move(row));
  }
  return page(c, "Collectors", "collectors", "collectors",
              {{"rows", rows}, {"form", form_json(form, error, false)}, {"open", !error.empty()}},
              status);
}

http::Response detail_page(http::Api& api, const http::Call& c,
                           const std::optional<CollectorForm>& sent, const std::string& error,
                           int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto col = service::find_collector(*ws.value(), c.params.at("id"));
  if (!col.ok()) return status_page(c, col.status());
  auto runs = ws.value()->store().collector_runs(col->id, kRunsShown);
  if (!runs.ok()) return status_page(c, runs.status());
  auto next = next_due(*ws.value(), col.value(), api.now());
  if (!next.ok()) return status_page(c, next.status());
  const std::string ran = query(c, "ran");
  json rows = json::array(), just_ran = nullptr;
  for (const auto& r : runs.value()) {
    rows.push_back(run_json(r));
    if (!ran.empty() && std::to_string(r.id) == ran) just_ran = rows.back();
  }
  json controls = json::array();
  for (const auto& id : col->controls)
    controls.push_back({{"id", id}, {"href", "/controls/" + id}});
  const json config = json::parse(col->config_json, nullptr, false);
  return page(c, col->name, "collectors", "collector",
              {{"id", col->id},
               {"name", col->name},
               {"kind", col->kind},
               {"schedule", col->schedule},
               {"on_demand", col->schedule.empty()},
               {"enabled", col->enabled},
               {"next", next.value()},
               {"controls", controls},
               {"config", config.is_discarded() ? col->config_json : config.dump(2)},
               {"freshness_days", col->freshness_seconds / d::kSecondsPerDay},
               {"evidence_valid_days", col->evidence_valid_days},
               {"created", when(col->created_at) + " by " + col->created_by},
               {"updated", when(col->updated_at)},
               {"run_action", "/collectors/" + col->id + "/run"},
               {"delete_action", "/collectors/" + col->id + "/delete"},
               {"runs", rows},
               {"just_ran", just_ran},
               {"form", form_json(sent.value_or(form_of_record(col.value())), error, true)},
               {"open", !error.empty()}},
              status);
}

bool form_error(const Status& s) {
  return s.code() == Status::Code::kInvalidInput || s.code() == Status::Code::kNotFound ||
         s.code() == Status::Code::kConflict;
}

http::Response save(http::Api& api, http::Call& c, bool editing) {
  CollectorForm f = form_of_post(form_of(c.request));
  if (editing) f.id = c.params.at("id");
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  Status st;
  auto in = input_of(f);
  if (!in.ok()) {
    st = in.status();
  } else {
    std::optional<std::int64_t> version;
    if (editing) {
      if (f.version.empty() || f.version.size() > 18 ||
          f.version.find_first_not_of("0123456789") != std::string::npos)
        return error_page(c, 400, "Please check what you entered", "version: missing");
      version = std::stoll(f.version);
    }
    st = service::save_collector(*ws.value(), in.value(), version, {actor_name(c), api.now()});
  }
  if (st.ok()) return redirect("/collectors/" + f.id);
  if (!form_error(st)) return status_page(c, st);
  const int status = st.code() == Status::Code::kConflict ? 409 : 400;
  if (editing) {
    if (st.code() == Status::Code::kNotFound && st.message().rfind("unknown collector", 0) == 0)
      return status_page(c, st);
    return detail_page(api, c, f, st.message(), status);
  }
  return list_page(api, c, f, st.message(), status);
}

}  // namespace

void add_collector_pages(http::Api& api) {
  add_page(api, "GET", "/collectors", d::Action::kRead, "Collectors with their last run",
           [&api](http::Call& c) { return list_page(api, c, CollectorForm{}, "", 200); });
  add_page(api, "POST", "/collectors", d::Action::kManageCollectors, "Add a collector",
           [&api](http::Call& c) { return save(api, c, false); });
  add_page(api, "GET", "/collectors/{id}", d::Action::kRead, "A collector and its runs",
           [&api](http::Call& c) { return detail_page(api, c, std::nullopt, "", 200); });
  add_page(api, "POST", "/collectors/{id}", d::Action::kManageCollectors,
           "Change a collector's configuration",
           [&api](http::Call& c) { return save(api, c, true); });
  add_page(api, "POST", "/collectors/{id}/run", d::Action::kRunCollectors, "Run a collector now",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             const std::string id = c.params.at("id");
             auto run =
                 service::run_collector(*ws.value(), id, {"manual", std::nullopt, 0, runner_name()},
                                        {actor_name(c), api.now()});
             if (!run.ok()) return status_page(c, run.status());
             return redirect("/collectors/" + id + "?ran=" + std::to_string(run->id) + "#runs");
           });
  add_page(api, "POST", "/collectors/{id}/delete", d::Action::kManageCollectors,
           "Remove a collector (its past results stay)", [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st = ws.value()->store().remove_collector(c.params.at("id"),
                                                              {actor_name(c), api.now()});
             if (!st.ok()) return status_page(c, st);
             return redirect("/collectors");
           });
}

}  // namespace crosswalk::web
