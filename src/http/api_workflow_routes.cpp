// Routes for the day-to-day work: the template library, adopting controls, evidence (links,
// notes and files), SoA decisions and the journal.
#include "domain/time.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/evidence_files.h"
#include "http/multipart.h"
#include "service/applicability.h"
#include "service/controls.h"
#include "service/evidence.h"
#include "service/journal_search.h"
#include "service/views.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

void Api::add_workflow_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/templates", A::kRead, "The control template library", [this](Call&) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 json items = json::array();
                 for (const auto& t : s.value()->catalog.templates)
                   items.push_back(service::template_json(t));
                 return json_response(200, {{"items", items}});
               }});

  router_.add(
      {"POST", "/api/v1/controls/adopt", A::kEditControls,
       "Adopt templates as controls: {\"templates\": [ids]} or {\"all\": true}", [this](Call& c) {
         json body;
         Response bad;
         if (!json_body(c.request, body, bad)) return bad;
         std::vector<std::string> ids;
         if (body.contains("templates")) {
           if (!body["templates"].is_array())
             return error_response(400, "bad_request", "templates must be a list of template ids");
           for (const auto& id : body["templates"]) {
             if (!id.is_string())
               return error_response(400, "bad_request", "templates must be strings");
             ids.push_back(id.get<std::string>());
           }
         }
         if (body.contains("all") && !body["all"].is_boolean())
           return error_response(400, "bad_request", "all: true or false");
         const bool all = body.value("all", false);
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto adopted =
             service::adopt_templates(*ws.value(), ids, all, {"api:" + c.who->user, clock_()});
         if (!adopted.ok()) return from_status(adopted.status());
         return json_response(200, {{"adopted", adopted.value()}});
       }});

  router_.add({"GET", "/api/v1/evidence", A::kRead,
               "Evidence, newest last (paginated; ?control= filters)", [this](Call& c) {
                 std::size_t limit, offset;
                 Response bad;
                 if (!page(c.request, limit, offset, bad)) return bad;
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 const auto control = c.request.query.find("control");
                 auto chosen = ws.value()->store().evidence_page(
                     control == c.request.query.end() ? "" : control->second, std::int64_t(limit),
                     std::int64_t(offset));
                 if (!chosen.ok()) return from_status(chosen.status());
                 json out = json::array();
                 for (const auto& e : chosen->first) out.push_back(service::evidence_json(e));
                 return page_response(std::move(out), std::int64_t(chosen->second), limit, offset);
               }});

  router_.add(
      {"POST", "/api/v1/evidence", A::kAddEvidence,
       "Add evidence: JSON {\"controls\", \"url\" or \"note\", \"valid_days\"?} for a link or "
       "note, or multipart/form-data with control (repeatable), valid_days?, note? and one file",
       [this](Call& c) {
         const std::string* type = c.request.header("content-type");
         if (type && is_multipart_form(*type)) {
           auto ws = workspace();
           if (!ws.ok()) return from_status(ws.status());
           return add_evidence_from_form(c.request, *ws.value(), {"api:" + c.who->user, clock_()},
                                         initial_review(*c.who));
         }
         if (type && media_type(*type) != "application/json")
           return error_response(415, "unsupported_media_type",
                                 "send application/json (a link or a note) or multipart/form-data "
                                 "(a file), not " +
                                     media_type(*type));
         json body;
         Response bad;
         if (!json_body(c.request, body, bad)) return bad;
         service::EvidenceInput in;
         try {
           in.controls = body.value("controls", std::vector<std::string>{});
           in.url = body.value("url", "");
           in.note = body.value("note", "");
           if (body.contains("valid_days")) in.valid_days = body["valid_days"].get<int>();
         } catch (const nlohmann::json::exception&) {
           return error_response(400, "bad_request",
                                 "controls: list of ids; url, note: strings; valid_days: a number");
         }
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         in.source = "api";
         in.review = initial_review(*c.who);
         auto e = service::add_evidence(*ws.value(), in, {"api:" + c.who->user, clock_()});
         if (!e.ok()) return from_status(e.status());
         return json_response(201, service::evidence_json(e.value()));
       }});

  router_.add({"GET", "/api/v1/evidence/{id}/file", A::kRead,
               "The evidence file, as an attachment (its ETag is its sha256)", [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 return evidence_file(*ws.value(), c.params["id"]);
               }});

  router_.add({"PUT", "/api/v1/evidence/{id}/review", A::kReviewEvidence,
               "Accept or reject evidence: {\"review\": \"accepted\"|\"rejected\", \"note\"}",
               [this](Call& c) {
                 json body;
                 Response bad;
                 if (!json_body(c.request, body, bad)) return bad;
                 if (!body.contains("review") || !body["review"].is_string())
                   return error_response(400, "bad_request", "review: accepted or rejected");
                 const std::string note = body.contains("note") && body["note"].is_string()
                                              ? body["note"].get<std::string>()
                                              : "";
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status s = service::review_evidence(*ws.value(), c.params["id"], body["review"],
                                                     note, {"api:" + c.who->user, clock_()});
                 if (!s.ok()) return from_status(s);
                 return json_response(200, {{"id", c.params["id"]}, {"review", body["review"]}});
               }});

  router_.add({"PUT", "/api/v1/requirements/{framework}/{ref}/decision", A::kDecideScope,
               "SoA decision: {\"applicable\"?: bool, \"justification\"?, \"jointly_sufficient\"?, "
               "\"reasons\"?: [legal|contractual|interested-parties|good-practice], "
               "\"reason_note\"?, \"review_by\"?: \"YYYY-MM-DD\"|\"\"}",
               [this](Call& c) {
                 json body;
                 Response bad;
                 if (!json_body(c.request, body, bad)) return bad;
                 service::DecisionInput in;
                 in.framework = c.params["framework"];
                 in.ref = c.params["ref"];
                 if (body.contains("applicable")) {
                   if (!body["applicable"].is_boolean())
                     return error_response(400, "bad_request", "applicable: true or false");
                   in.applicable = body["applicable"].get<bool>();
                 }
                 if (body.contains("jointly_sufficient")) {
                   if (!body["jointly_sufficient"].is_boolean())
                     return error_response(400, "bad_request", "jointly_sufficient: true or false");
                   in.jointly_sufficient = body["jointly_sufficient"].get<bool>();
                 }
                 if (body.contains("justification") && body["justification"].is_string())
                   in.justification = body["justification"].get<std::string>();
                 if (body.contains("reasons")) {
                   if (!body["reasons"].is_array())
                     return error_response(400, "bad_request", "reasons: an array of strings");
                   in.reasons.emplace();
                   for (const json& r : body["reasons"]) {
                     if (!r.is_string())
                       return error_response(400, "bad_request", "reasons: an array of strings");
                     in.reasons->push_back(r.get<std::string>());
                   }
                 }
                 for (const char* key : {"reason_note", "review_by"}) {
                   if (!body.contains(key)) continue;
                   if (!body[key].is_string())
                     return error_response(400, "bad_request", std::string(key) + ": a string");
                   (std::string(key) == "reason_note" ? in.reason_note : in.review_by) =
                       body[key].get<std::string>();
                 }
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto decision = service::decide(*ws.value(), in, {"api:" + c.who->user, clock_()});
                 if (!decision.ok()) return from_status(decision.status());
                 return json_response(
                     200, {{"framework", decision->framework},
                           {"ref", decision->ref},
                           {"applicable", !decision->excluded},
                           {"justification", decision->justification},
                           {"jointly_sufficient", decision->partial_links_jointly_sufficient},
                           {"reasons", decision->reasons},
                           {"reason_note", decision->reason_note},
                           {"review_by", decision->review_by}});
               }});

  router_.add({"GET", "/api/v1/journal", A::kRead,
               "Journal entries (?after=SEQ&limit=N), or the latest matching "
               "?entity=&entity_id=&actor=&since=&until= (days)",
               [this](Call& c) {
                 std::size_t limit, offset;
                 Response bad;
                 if (!page(c.request, limit, offset, bad)) return bad;
                 std::int64_t after = 0;
                 if (auto it = c.request.query.find("after"); it != c.request.query.end()) {
                   try {
                     after = std::stoll(it->second);
                   } catch (const std::exception&) {
                     return error_response(400, "bad_request", "after must be a sequence number");
                   }
                 }
                 service::JournalQuery q{
                     query_value(c.request, "entity"), query_value(c.request, "entity_id"),
                     query_value(c.request, "actor"),  query_value(c.request, "since"),
                     query_value(c.request, "until"),  0,
                     static_cast<int>(limit)};
                 const bool filtered = !q.entity.empty() || !q.entity_id.empty() ||
                                       !q.actor.empty() || !q.since.empty() || !q.until.empty();
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Result<std::vector<store::JournalEntry>> entries =
                     std::vector<store::JournalEntry>{};
                 if (filtered) {
                   // The latest matches, returned oldest first like the unfiltered list.
                   auto filter = service::journal_filter(q);
                   if (!filter.ok())
                     return error_response(400, "bad_request", filter.status().message());
                   entries = ws.value()->store().journal_search(filter.value());
                   if (entries.ok()) std::reverse(entries->begin(), entries->end());
                 } else {
                   entries = ws.value()->store().journal(after, static_cast<int>(limit));
                 }
                 if (!entries.ok()) return from_status(entries.status());
                 json out = json::array();
                 for (const auto& e : entries.value())
                   out.push_back(service::journal_entry_json(e));
                 return json_response(200, {{"items", out}});
               }});
}

}  // namespace crosswalk::http
