// Routes for collectors: configured by administrators (they may run commands), run now by
// administrators and managers, read by everyone; each run's result and the latest runs.
#include <algorithm>

#include "http/api.h"
#include "http/api_util.h"
#include "ingest/normalize.h"
#include "service/collectors.h"
#include "service/import_views.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

// The body of PUT /api/v1/collectors/{id} into `in`; false with a 400 naming the field.
bool collector_input(const json& body, service::CollectorInput& in, Response& error) {
  auto fail = [&](const std::string& message) {
    error = error_response(400, "bad_request", message);
    return false;
  };
  static const std::vector<std::string> kKnown = {
      "name",   "kind", "config", "schedule", "controls", "freshness_days", "evidence_valid_days",
      "enabled"};
  for (const auto& [key, value] : body.items())
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end())
      return fail(ingest::normalize::truncate_utf8(key, 64) +
                  ": unknown field (name, kind, config, schedule, controls, freshness_days, "
                  "evidence_valid_days, enabled)");
  for (const char* k : {"name", "kind"})
    if (!body.contains(k) || !body[k].is_string())
      return fail(std::string(k) + ": a string is required");
  in.name = body["name"];
  in.kind = body["kind"];
  if (body.contains("config")) {
    if (!body["config"].is_object()) return fail("config: a JSON object");
    in.config_json = body["config"].dump();
  } else {
    in.config_json = "{}";
  }
  if (body.contains("schedule")) {
    if (!body["schedule"].is_string()) return fail("schedule: a cron expression or \"\"");
    in.schedule = body["schedule"];
  }
  if (body.contains("controls")) {
    if (!body["controls"].is_array()) return fail("controls: a list of control ids");
    for (const auto& c : body["controls"]) {
      if (!c.is_string()) return fail("controls: a list of control ids");
      in.controls.push_back(c.get<std::string>());
    }
  }
  for (auto [field, to] : {std::pair{"freshness_days", &in.freshness_days},
                           std::pair{"evidence_valid_days", &in.evidence_valid_days}}) {
    if (!body.contains(field)) continue;
    const json& v = body[field];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 3660)
      return fail(std::string(field) + ": a whole number of days, 0 to 3660");
    *to = v.get<int>();
  }
  if (body.contains("enabled")) {
    if (!body["enabled"].is_boolean()) return fail("enabled: true or false");
    in.enabled = body["enabled"];
  }
  return true;
}

// A collector with its latest run (null before the first).
Result<json> collector_with_last_run(service::Workspace& ws, const store::CollectorRecord& c) {
  auto runs = ws.store().collector_runs(c.id, 1);
  if (!runs.ok()) return runs.status();
  json j = service::collector_json(c);
  j["last_run"] = runs->empty() ? json(nullptr) : service::collector_run_json(runs->front());
  return j;
}

Response with_etag(Response res, std::int64_t version) {
  res.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return res;
}

}  // namespace

void Api::add_collector_routes() {
  using A = d::Action;

  router_.add(
      {"GET", "/api/v1/collectors", A::kRead, "Collectors with their latest run", [this](Call&) {
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto all = ws.value()->store().collectors();
         if (!all.ok()) return from_status(all.status());
         json items = json::array();
         for (const auto& c : all.value()) {
           auto j = collector_with_last_run(*ws.value(), c);
           if (!j.ok()) return from_status(j.status());
           items.push_back(std::move(j).value());
         }
         return json_response(200, {{"items", items}});
       }});

  router_.add({"GET", "/api/v1/collectors/{id}", A::kRead,
               "One collector with its latest run; its ETag is its version", [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto found = service::find_collector(*ws.value(), c.params["id"]);
                 if (!found.ok()) return from_status(found.status());
                 auto j = collector_with_last_run(*ws.value(), found.value());
                 if (!j.ok()) return from_status(j.status());
                 return with_etag(json_response(200, j.value()), found->version);
               }});

  router_.add(
      {"PUT", "/api/v1/collectors/{id}", A::kManageCollectors,
       "Create or replace a collector: {\"name\", \"kind\": command|file|host, \"config\", "
       "\"schedule\"? (cron), \"controls\", \"freshness_days\"?, \"evidence_valid_days\"?, "
       "\"enabled\"?}; 201 when created; send If-Match with its ETag to replace only the version "
       "you read",
       [this](Call& c) {
         json body;
         Response bad;
         if (!json_body(c.request, body, bad)) return bad;
         service::CollectorInput in;
         in.id = c.params["id"];
         if (!collector_input(body, in, bad)) return bad;
         std::optional<std::int64_t> expected;
         if (!if_match_version(c.request, expected, bad)) return bad;
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         bool created = false;
         if (!expected) {  // no If-Match: replace whatever is there, or create
           auto current = service::find_collector(*ws.value(), in.id);
           if (current.ok())
             expected = current->version;
           else if (current.status().code() == Status::Code::kNotFound)
             created = true;
           else
             return from_status(current.status());
         }
         Status st =
             service::save_collector(*ws.value(), in, expected, {"api:" + c.who->user, clock_()});
         if (!st.ok()) return from_status(st);
         auto saved = service::find_collector(*ws.value(), in.id);
         if (!saved.ok()) return from_status(saved.status());
         return with_etag(json_response(created ? 201 : 200, service::collector_json(*saved)),
                          saved->version);
       }});

  router_.add({"POST", "/api/v1/collectors/{id}/run", A::kRunCollectors,
               "Run a collector now and record its result; returns the run (409 while it runs "
               "elsewhere)",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 service::RunRequest request;
                 request.trigger = "manual";
                 request.runner = "api:" + c.who->user;
                 auto run = service::run_collector(*ws.value(), c.params["id"], request,
                                                   {"api:" + c.who->user, clock_()});
                 if (!run.ok()) return from_status(run.status());
                 return json_response(201, service::collector_run_json(run.value()));
               }});

  router_.add({"GET", "/api/v1/collectors/{id}/runs", A::kRead,
               "A collector's runs, newest first (?limit=, ?offset=)", [this](Call& c) {
                 std::size_t limit, offset;
                 Response bad;
                 if (!page(c.request, limit, offset, bad)) return bad;
                 if (offset > 100'000)
                   return error_response(400, "bad_request", "offset: at most 100000");
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto found = service::find_collector(*ws.value(), c.params["id"]);
                 if (!found.ok()) return from_status(found.status());
                 auto runs = ws.value()->store().collector_runs(c.params["id"],
                                                                static_cast<int>(offset + limit));
                 if (!runs.ok()) return from_status(runs.status());
                 json items = json::array();
                 for (std::size_t i = offset; i < runs->size(); ++i)
                   items.push_back(service::collector_run_json((*runs)[i]));
                 return json_response(200, {{"collector", c.params["id"]},
                                            {"items", items},
                                            {"limit", limit},
                                            {"offset", offset}});
               }});

  router_.add({"DELETE", "/api/v1/collectors/{id}", A::kManageCollectors,
               "Remove a collector with its runs (the evidence and check results it recorded stay)",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status st = ws.value()->store().remove_collector(c.params["id"],
                                                                  {"api:" + c.who->user, clock_()});
                 if (!st.ok()) return from_status(st);
                 return json_response(200, {{"id", c.params["id"]}, {"removed", true}});
               }});
}

}  // namespace crosswalk::http
