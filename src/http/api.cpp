#include "http/api.h"

#include <atomic>
#include <chrono>
#include <cmath>

#include "common/sha256.h"
#include "domain/overlap.h"
#include "domain/time.h"
#include "http/api_util.h"
#include "http/openapi.h"
#include "service/controls.h"
#include "service/snapshot.h"
#include "service/views.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

Api::Api(service::WorkspaceOptions options, std::function<d::Timestamp()> clock, std::ostream& log)
    : options_(std::move(options)), clock_(std::move(clock)), log_(log) {
  static std::atomic<std::uint64_t> next_id{1};
  id_ = next_id++;
  add_routes();
}

Result<service::Workspace*> Api::workspace() {
  // Keyed by a process-unique id, not the address: a later Api may reuse a destroyed one's.
  thread_local std::unique_ptr<service::Workspace> ws;
  thread_local std::uint64_t owner = 0;
  if (!ws || owner != id_) {
    auto opened = service::Workspace::open(options_, false);
    if (!opened.ok()) return opened.status();
    ws = std::move(opened).value();
    owner = id_;
  }
  return ws.get();
}

Result<std::optional<Principal>> Api::authenticate(const Request& req) {
  using Found = std::optional<Principal>;
  const std::string prefix = "Bearer ";
  const std::string* auth = req.header("authorization");
  if (auth && auth->rfind(prefix, 0) != 0) return Found();
  const std::string cookie = auth ? "" : session_cookie(req);
  if (!auth && cookie.empty()) return Found();
  // From here the answer needs the database: when it cannot be asked, say so (503), never
  // "not signed in".
  auto ws = workspace();
  if (!ws.ok()) return ws.status();
  const d::Timestamp now = clock_();
  if (auth) {
    auto user = ws.value()->store().user_of_token(sha256_hex(auth->substr(prefix.size())), now);
    if (!user.ok()) return user.status();
    if (!user.value()) return Found();
    return Found(Principal{user.value()->first.name, user.value()->first.role, "", "",
                           user.value()->second == "import"});
  }
  const std::string id = sha256_hex(cookie);
  auto found = ws.value()->store().find_session(id, now);
  if (!found.ok()) return found.status();
  if (!found.value()) return Found();
  return Found(Principal{found.value()->second.name, found.value()->second.role,
                         found.value()->first.csrf_token, id});
}

Result<std::shared_ptr<const service::Snapshot>> Api::snapshot() {
  auto ws = workspace();
  if (!ws.ok()) return ws.status();
  auto cached = [&](std::int64_t seq,
                    d::Timestamp now) -> std::shared_ptr<const service::Snapshot> {
    std::lock_guard lock(cache_mutex_);
    const Cache& c = cache_;
    if (c.snapshot && c.journal_seq == seq && now >= c.snapshot->now &&
        (!c.valid_until || now < *c.valid_until))
      return c.snapshot;
    return nullptr;
  };
  auto seq = ws.value()->store().journal_seq();
  if (!seq.ok()) return seq.status();
  if (auto s = cached(seq.value(), clock_())) return s;
  std::lock_guard recompute(recompute_mutex_);
  // Another thread may have recomputed while this one waited.
  seq = ws.value()->store().journal_seq();
  if (!seq.ok()) return seq.status();
  const d::Timestamp now = clock_();
  if (auto s = cached(seq.value(), now)) return s;
  auto fresh = service::take_snapshot(ws.value()->store(), now);
  if (!fresh.ok()) return fresh.status();
  ++recomputes_;
  std::shared_ptr<const service::Snapshot> s = std::move(fresh).value();
  // History is best effort: a read-only data directory still serves the assessment.
  auto points = service::readiness_points(*s);
  if (points != recorded_ && ws.value()->store().record_readiness(points).ok())
    recorded_ = std::move(points);
  std::lock_guard lock(cache_mutex_);
  cache_ = {s, seq.value(), d::next_time_based_change(s->org, now), {}, {}};
  return s;
}

RouteFn Api::memoized(RouteFn fn) {
  return [this, fn = std::move(fn)](Call& c) {
    auto s = snapshot();
    if (!s.ok()) return from_status(s.status());
    std::string key = c.request.path;
    for (const auto& [k, v] : c.request.query) key += "\n" + k + "=" + v;
    {
      std::lock_guard lock(cache_mutex_);
      if (cache_.snapshot == s.value())
        if (auto it = cache_.responses.find(key); it != cache_.responses.end()) return it->second;
    }
    Response res = fn(c);
    std::lock_guard lock(cache_mutex_);
    if (res.status == 200 && cache_.snapshot == s.value() && cache_.responses.size() < 256)
      cache_.responses.emplace(key, res);
    return res;
  };
}

std::string Api::cached_text(const std::shared_ptr<const service::Snapshot>& s,
                             const std::string& key, const std::function<std::string()>& make) {
  {
    std::lock_guard lock(cache_mutex_);
    if (cache_.snapshot == s)
      if (auto it = cache_.texts.find(key); it != cache_.texts.end()) return it->second;
  }
  std::string text = make();
  std::lock_guard lock(cache_mutex_);
  if (cache_.snapshot == s && cache_.texts.size() < 256) cache_.texts.emplace(key, text);
  return text;
}

std::optional<Response> Api::admit(const Request& head) {
  std::optional<Response> refused =
      router_.admit(head, [this](const Request& r) { return authenticate(r); });
  if (!refused) return std::nullopt;
  add_security_headers(*refused);
  metrics_.observe(head.method, "", refused->status, 0);
  const json line = {{"ts", d::format_datetime(clock_())},
                     {"remote", head.remote},
                     {"method", head.method},
                     {"path", head.path},
                     {"status", refused->status},
                     {"refused", "before the body"}};
  std::lock_guard lock(log_mutex_);
  log_ << line.dump() << "\n" << std::flush;
  return refused;
}

Response Api::handle(const Request& req) {
  const auto start = std::chrono::steady_clock::now();
  std::string route, user;
  Response res = router_.dispatch(
      req, [this](const Request& r) { return authenticate(r); }, &route, &user);
  add_security_headers(res);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.observe(req.method, route, res.status, seconds);
  const json line = {{"ts", d::format_datetime(clock_())},
                     {"remote", req.remote},
                     {"method", req.method},
                     {"path", req.path},
                     {"route", route},
                     {"status", res.status},
                     {"ms", std::round(seconds * 1e5) / 100},
                     {"user", user}};
  std::lock_guard lock(log_mutex_);
  log_ << line.dump() << "\n" << std::flush;
  return res;
}

void Api::add_routes() {
  using A = d::Action;
  auto snapshot = [this] { return this->snapshot(); };

  router_.add(
      {"GET", "/healthz", std::nullopt, "Liveness and database reachability", [this](Call&) {
         auto ws = workspace();
         if (!ws.ok()) return error_response(503, "unavailable", ws.status().message());
         auto v = ws.value()->store().catalog_sha256();
         if (!v.ok()) return error_response(503, "unavailable", v.status().message());
         return json_response(200, {{"status", "ok"}});
       }});

  router_.add({"GET", "/metrics", std::nullopt, "Prometheus metrics", [this, snapshot](Call&) {
                 std::string gauges =
                     "# HELP crosswalk_readiness_percent Met share of applicable requirements.\n"
                     "# TYPE crosswalk_readiness_percent gauge\n";
                 if (auto s = snapshot(); s.ok())
                   for (const auto& f : s.value()->assessment.frameworks)
                     gauges += "crosswalk_readiness_percent{framework=\"" + f.framework->id +
                               "\"} " + std::to_string(f.total.percent()) + "\n";
                 gauges +=
                     "# HELP crosswalk_assessment_recomputes_total Assessments recomputed from the "
                     "database (the journal moved, or time changed a status).\n"
                     "# TYPE crosswalk_assessment_recomputes_total counter\n"
                     "crosswalk_assessment_recomputes_total " +
                     std::to_string(recomputes_.load()) + "\n";
                 return Response{200, "text/plain; version=0.0.4", metrics_.render(gauges), {}};
               }});

  router_.add({"GET", "/api/v1/frameworks", A::kRead, "Frameworks with their readiness",
               memoized([snapshot](Call&) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 json out = json::array();
                 for (const auto& f : s.value()->assessment.frameworks)
                   out.push_back(service::framework_summary_json(f));
                 return json_response(200, {{"items", out}});
               })});

  router_.add({"GET", "/api/v1/frameworks/{id}", A::kRead,
               "A framework's requirements with status and reason", memoized([snapshot](Call& c) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 const auto* f = s.value()->framework(c.params["id"]);
                 if (!f)
                   return error_response(404, "not_found",
                                         "unknown framework '" + c.params["id"] + "'");
                 return json_response(200, service::framework_json(*s.value(), *f));
               })});

  router_.add({"GET", "/api/v1/frameworks/{id}/requirements/{ref}", A::kRead,
               "A requirement: status, reason, controls, counterparts in the other standards, "
               "Statement of Applicability decision",
               memoized([snapshot](Call& c) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 const auto* f = s.value()->framework(c.params["id"]);
                 if (!f)
                   return error_response(404, "not_found",
                                         "unknown framework '" + c.params["id"] + "'");
                 auto i = f->framework->index_of(c.params["ref"]);
                 if (!i)
                   return error_response(
                       404, "not_found",
                       f->framework->name + " has no requirement '" + c.params["ref"] + "'");
                 return json_response(200, service::requirement_json(*s.value(), *f, *i));
               })});

  router_.add({"GET", "/api/v1/readiness", A::kRead, "Readiness per framework",
               memoized([snapshot](Call& c) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 const auto it = c.request.query.find("framework");
                 json out = json::array();
                 for (const auto& f : s.value()->assessment.frameworks)
                   if (it == c.request.query.end() || f.framework->id == it->second)
                     out.push_back(service::readiness_json(f));
                 if (out.empty())
                   return error_response(404, "not_found",
                                         "unknown framework '" + it->second + "'");
                 return json_response(200, {{"items", out}});
               })});

  router_.add({"GET", "/api/v1/gap", A::kRead, "Projection of a target framework from a source",
               memoized([snapshot](Call& c) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 auto get = [&](const char* k, const char* def) {
                   auto it = c.request.query.find(k);
                   return it == c.request.query.end() ? std::string(def) : it->second;
                 };
                 const std::string assume = get("assume_source_met", "false");
                 if (assume != "true" && assume != "false")
                   return error_response(400, "bad_request",
                                         "assume_source_met must be true or false");
                 const std::string target = get("target", "iso42001-2023"),
                                   source = get("source", "iso27001-2022");
                 auto p = service::project(*s.value(), target, source, assume == "true");
                 if (!p.ok()) return from_status(p.status());
                 json body = service::projection_json(*s.value(), p.value());
                 // Once controls are adopted: how much of the target rests on work shared with
                 // the source, and what needs work of its own (the dashboard's numbers).
                 const auto* t = s.value()->framework(target);
                 const d::Overlap o =
                     d::overlap(*t, source, s.value()->org, s.value()->assessment.controls);
                 auto own = service::own_work(*s.value(), target, source);
                 if (!own.ok()) return from_status(own.status());
                 body["shared"] = {
                     {"met_by_shared_controls", o.met_by_shared},
                     {"touched_by_shared_controls", o.touched_by_shared},
                     {"percent_met_by_shared", std::round(o.met_by_shared_percent() * 10) / 10},
                     {"own_work", own.value()}};
                 return json_response(200, body);
               })});

  router_.add({"GET", "/api/v1/controls", A::kRead, "The organization's controls (paginated)",
               [snapshot](Call& c) {
                 std::size_t limit, offset;
                 Response bad;
                 if (!page(c.request, limit, offset, bad)) return bad;
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 const auto& controls = s.value()->org.controls;
                 json items = json::array();
                 for (std::size_t i = offset; i < controls.size() && i < offset + limit; ++i)
                   items.push_back(service::control_json(*s.value(), i, nullptr));
                 return page_response(std::move(items), std::int64_t(controls.size()), limit,
                                      offset);
               }});

  router_.add(
      {"GET", "/api/v1/controls/{id}", A::kRead, "One control; its ETag is its version",
       [this, snapshot](Call& c) {
         auto s = snapshot();
         if (!s.ok()) return from_status(s.status());
         auto index = s.value()->control_index(c.params["id"]);
         if (!index)
           return error_response(404, "not_found", "unknown control '" + c.params["id"] + "'");
         auto ws = workspace();
         auto records = ws.value()->store().controls();
         if (!records.ok()) return from_status(records.status());
         const store::ControlRecord* record = nullptr;
         for (const auto& r : records.value())
           if (r.control.id == c.params["id"]) record = &r;
         Response res = json_response(200, service::control_json(*s.value(), *index, record));
         if (record)
           res.headers.emplace_back("ETag", "\"" + std::to_string(record->version) + "\"");
         return res;
       }});

  router_.add({"PUT", "/api/v1/controls/{id}/status", A::kEditControls,
               "Set a control's implementation status; send If-Match with its ETag",
               [this](Call& c) {
                 json body = json::parse(c.request.body, nullptr, false);
                 if (!body.is_object() || !body.contains("implementation") ||
                     !body["implementation"].is_string())
                   return error_response(400, "bad_request",
                                         "expected a JSON object with \"implementation\"");
                 std::optional<std::int64_t> expected;
                 if (Response bad; !if_match_version(c.request, expected, bad)) return bad;
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status st = service::set_control_status(*ws.value(), c.params["id"],
                                                         body["implementation"], expected,
                                                         {"api:" + c.who->user, clock_()});
                 if (!st.ok()) return from_status(st);
                 return json_response(
                     200, {{"id", c.params["id"]}, {"implementation", body["implementation"]}});
               }});

  router_.add(
      {"POST", "/api/v1/controls", A::kEditControls,
       "Create a control of your own: {\"id\", \"title\", \"description\"?, "
       "\"requirements\": [{\"framework\", \"ref\", \"coverage\"}]}",
       [this](Call& c) {
         json body;
         Response bad;
         if (!json_body(c.request, body, bad)) return bad;
         store::ControlDefinition def;
         if (!body.contains("id") || !body["id"].is_string())
           return error_response(400, "bad_request", "id: a string is required");
         def.id = body["id"];
         if (!control_definition(body, def, bad)) return bad;
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         Status st = service::create_control(*ws.value(), def, {"api:" + c.who->user, clock_()});
         if (!st.ok()) return from_status(st);
         return json_response(201, {{"id", def.id}});
       }});

  router_.add({"PUT", "/api/v1/controls/{id}", A::kEditControls,
               "Rewrite a control's title, description and requirement links (same body as "
               "creation, without the id); send If-Match with its ETag",
               [this](Call& c) {
                 json body;
                 Response bad;
                 if (!json_body(c.request, body, bad)) return bad;
                 store::ControlDefinition def;
                 def.id = c.params["id"];
                 if (!control_definition(body, def, bad)) return bad;
                 std::optional<std::int64_t> expected;
                 if (!if_match_version(c.request, expected, bad)) return bad;
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status st = service::define_control(*ws.value(), def, expected,
                                                     {"api:" + c.who->user, clock_()});
                 if (!st.ok()) return from_status(st);
                 return json_response(200, {{"id", def.id}});
               }});

  router_.add(
      {"PUT", "/api/v1/controls/{id}/owner", A::kEditControls,
       "Set who answers for a control: {\"owner\"}; send If-Match with its ETag", [this](Call& c) {
         json body = json::parse(c.request.body, nullptr, false);
         if (!body.is_object() || !body.contains("owner") || !body["owner"].is_string())
           return error_response(400, "bad_request", "expected a JSON object with \"owner\"");
         std::optional<std::int64_t> expected;
         if (Response bad; !if_match_version(c.request, expected, bad)) return bad;
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         Status st = service::set_control_owner(*ws.value(), c.params["id"], body["owner"],
                                                expected, {"api:" + c.who->user, clock_()});
         if (!st.ok()) return from_status(st);
         return json_response(200, {{"id", c.params["id"]}, {"owner", body["owner"]}});
       }});

  add_workflow_routes();
  add_account_routes();
  add_import_routes();
  add_collector_routes();
  add_freshness_routes();
  add_measurement_routes();
  add_register_routes();
  add_soa_routes();
  add_audit_routes();
  add_review_routes();
  add_duty_routes();
  add_oscal_routes();

  router_.add({"GET", "/api/v1/openapi.json", std::nullopt, "This API's OpenAPI 3 description",
               [this](Call&) { return json_response(200, openapi_document(router_)); }});

  router_.add(
      {"GET", "/api/v1/journal/verify", A::kRead, "Check the journal's hash chain", [this](Call&) {
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto v = ws.value()->store().verify_journal();
         if (!v.ok()) return from_status(v.status());
         return json_response(200, service::journal_verdict_json(v.value()));
       }});
}

}  // namespace crosswalk::http
