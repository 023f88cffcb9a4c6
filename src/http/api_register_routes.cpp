// The registers over HTTP (risks, risk matrices, assets, AI systems, impact assessments,
// life-cycle events, suppliers): one set of routes for every kind, its fields described by
// GET /api/v1/registers; plus the risk heat map, risks raised from an assessment's harms, and
// an AI system's model card.
#include "domain/access.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/register_body.h"
#include "report/markdown.h"
#include "report/pdf.h"
#include "service/model_card.h"
#include "service/register_json.h"
#include "service/registers.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

const char* type_name(d::FieldType t) {
  switch (t) {
    case d::FieldType::kText:
      return "text";
    case d::FieldType::kLongText:
      return "long_text";
    case d::FieldType::kDate:
      return "date";
    case d::FieldType::kInteger:
      return "integer";
    case d::FieldType::kChoice:
      return "choice";
    case d::FieldType::kChoices:
      return "choices";
    case d::FieldType::kList:
      return "list";
    case d::FieldType::kLink:
      return "link";
    case d::FieldType::kLinks:
      return "links";
  }
  return "?";
}

json kind_json(const d::RegisterKind& k) {
  json fields = json::array();
  for (const auto& f : k.fields) {
    json field = {{"name", f.name},
                  {"label", f.label},
                  {"type", type_name(f.type)},
                  {"required", f.required}};
    if (!f.options.empty()) field["options"] = f.options;
    if (!f.target.empty()) field["target"] = f.target;
    if (!f.help.empty()) field["help"] = f.help;
    fields.push_back(field);
  }
  return {{"kind", k.kind},
          {"label", k.label},
          {"plural", k.plural},
          {"id_prefix", k.id_prefix},
          {"append_only", k.append_only},
          {"fields", fields}};
}

// If-Match is required to change or remove an entry (a lost update otherwise goes unnoticed).
bool required_version(const Request& req, std::optional<std::int64_t>& version, Response& error) {
  if (!if_match_version(req, version, error)) return false;
  if (version) return true;
  error = error_response(428, "precondition_required",
                         "send If-Match: \"VERSION\" with the version you read");
  return false;
}

}  // namespace

void Api::add_register_routes() {
  using A = d::Action;

  // Creates (no version) or replaces an entry from {"fields": …}.
  auto save = [this](Call& c, std::optional<std::int64_t> version) {
    json body;
    Response error;
    if (!json_body(c.request, body, error)) return error;
    auto fields = fields_of_body(body);
    if (!fields.ok()) return from_status(fields.status());
    auto ws = workspace();
    if (!ws.ok()) return from_status(ws.status());
    const std::string kind = c.params["kind"];
    auto saved = service::save_entry(*ws.value(),
                                     {kind, version ? c.params["id"] : "", fields.value(), version,
                                      may_sign_off(*c.who), c.who->role},
                                     {"api:" + c.who->user, clock_()});
    if (!saved.ok()) return from_status(saved.status());
    return saved_response(version ? 200 : 201, kind, saved.value(), *ws.value());
  };

  router_.add({"GET", "/api/v1/registers", A::kRead,
               "The register kinds and their fields (name, type, options, link target)", [](Call&) {
                 json items = json::array();
                 for (const auto& k : d::register_kinds()) items.push_back(kind_json(k));
                 return json_response(200, {{"items", items}});
               }});

  router_.add({"GET", "/api/v1/registers/{kind}", A::kRead,
               "Every entry of a register by id; risks with their inherent and current ratings, "
               "status and whether they are within appetite",
               [this](Call& c) {
                 auto kind = service::register_kind(c.params["kind"]);
                 if (!kind.ok()) return from_status(kind.status());
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 json items = json::array();
                 if (c.params["kind"] == "risk") {
                   auto risks = service::risk_views(*ws.value(), clock_());
                   if (!risks.ok()) return from_status(risks.status());
                   for (const auto& r : risks.value()) items.push_back(service::risk_json(r));
                 } else {
                   auto entries = ws.value()->store().register_entries(c.params["kind"]);
                   if (!entries.ok()) return from_status(entries.status());
                   for (const auto& e : entries.value()) items.push_back(service::entry_json(e));
                 }
                 return json_response(200, {{"items", items}});
               }});

  router_.add({"POST", "/api/v1/registers/{kind}", A::kEditRegisters,
               "Add an entry: {\"fields\": {NAME: VALUE or [VALUES]}}. 201 with the entry and "
               "its assigned id; 400 naming the field; 403 when accepting or signing off without "
               "the role for it",
               [save](Call& c) { return save(c, std::nullopt); }});

  router_.add({"GET", "/api/v1/registers/{kind}/{id}", A::kRead,
               "One entry (ETag: its version); a risk with its ratings", [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto e = service::find_entry(*ws.value(), c.params["kind"], c.params["id"]);
                 if (!e.ok()) return from_status(e.status());
                 json body = service::entry_json(e.value());
                 if (e->kind == "risk") {
                   auto risk = service::risk_view(*ws.value(), e.value(), clock_());
                   if (!risk.ok()) return from_status(risk.status());
                   body = service::risk_json(risk.value());
                 }
                 Response r = json_response(200, body);
                 r.headers.emplace_back("ETag", "\"" + std::to_string(e->version) + "\"");
                 return r;
               }});

  router_.add({"PUT", "/api/v1/registers/{kind}/{id}", A::kEditRegisters,
               "Replace an entry's fields ({\"fields\": …}); If-Match: \"VERSION\" is required "
               "(409 if someone changed it since). Life-cycle events cannot be changed",
               [save](Call& c) {
                 std::optional<std::int64_t> version;
                 Response error;
                 if (!required_version(c.request, version, error)) return error;
                 return save(c, version);
               }});

  router_.add({"DELETE", "/api/v1/registers/{kind}/{id}", A::kEditRegisters,
               "Remove an entry (If-Match required); 409 while other entries name it",
               [this](Call& c) {
                 std::optional<std::int64_t> version;
                 Response error;
                 if (!required_version(c.request, version, error)) return error;
                 auto kind = service::register_kind(c.params["kind"]);
                 if (!kind.ok()) return from_status(kind.status());
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status s = ws.value()->store().remove_register_entry(
                     c.params["kind"], c.params["id"], *version, {"api:" + c.who->user, clock_()});
                 if (!s.ok()) return from_status(s);
                 return Response{204, "text/plain", "", {}};
               }});

  router_.add(
      {"GET", "/api/v1/registers/{kind}/{id}/history", A::kRead,
       "Every version of an entry, newest first (a removal is a version without fields)",
       [this](Call& c) {
         auto kind = service::register_kind(c.params["kind"]);
         if (!kind.ok()) return from_status(kind.status());
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto versions = ws.value()->store().register_history(c.params["kind"], c.params["id"]);
         if (!versions.ok()) return from_status(versions.status());
         if (versions->empty())
           return error_response(404, "not_found", "no history of '" + c.params["id"] + "'");
         json items = json::array();
         for (const auto& v : versions.value()) {
           json j = service::entry_json(v);
           j["removed"] = v.fields.empty();
           items.push_back(j);
         }
         return json_response(200, {{"items", items}});
       }});

  router_.add({"GET", "/api/v1/risks/heatmap", A::kRead,
               "Risks per likelihood and impact, one grid per matrix in use (?residual=1 for "
               "current ratings)",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto risks = service::risk_views(*ws.value(), clock_());
                 if (!risks.ok()) return from_status(risks.status());
                 const bool residual = query_value(c.request, "residual") == "1";
                 return json_response(200, {{"items", service::heat_maps_json(service::heat_maps(
                                                          risks.value(), residual))}});
               }});

  router_.add({"POST", "/api/v1/impact-assessments/{id}/risks", A::kEditRegisters,
               "Raise an AI risk for each harm of the assessment that has none; 201 with their ids",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto created = service::raise_risks_from_assessment(
                     *ws.value(), c.params["id"], {"api:" + c.who->user, clock_()});
                 if (!created.ok()) return from_status(created.status());
                 return json_response(201, {{"created", created.value()}});
               }});

  router_.add(
      {"GET", "/api/v1/ai-systems/{id}/card", A::kRead,
       "The model card of an AI system at ?model_version= (text/markdown; ?format=pdf for a PDF)",
       [this](Call& c) {
         const std::string version = query_value(c.request, "model_version");
         if (version.empty()) return error_response(400, "bad_request", "model_version: required");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         const std::string format = query_value(c.request, "format");
         if (!format.empty() && format != "markdown" && format != "pdf")
           return error_response(400, "bad_request", "format: markdown or pdf");
         auto card = service::model_card(*ws.value(), c.params["id"], version, clock_());
         if (!card.ok()) return from_status(card.status());
         if (format != "pdf")
           return Response{
               200, "text/markdown; charset=utf-8", report::to_markdown(card.value()), {}};
         auto pdf = report::pdf_bytes(card.value());
         if (!pdf.ok()) return from_status(pdf.status());
         return Response{200, "application/pdf", std::move(pdf.value()), {}};
       }});
}

}  // namespace crosswalk::http
