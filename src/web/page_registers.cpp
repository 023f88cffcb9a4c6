// The registers in the browser: an index of every register, one page per register (risks with
// their heat maps, inherent and current), one page per entry with its form, its history and
// what links to it; raising risks from an assessment's harms; an AI system's model card.
#include <algorithm>

#include "http/register_body.h"
#include "service/management_reviews.h"
#include "service/model_card.h"
#include "service/registers.h"
#include "web/charts.h"
#include "web/pages.h"
#include "web/register_form.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

std::string href_of(const std::string& kind, const std::string& id) {
  if (kind == "control") return "/controls/" + id;
  if (kind == "measurement") return "/measurements/" + id;
  if (kind == "evidence") return "/api/v1/evidence/" + id + "/file";
  if (kind == "framework") return "/frameworks/" + id;
  if (kind == "requirement") {
    const auto colon = id.find(':');
    return "/frameworks/" + id.substr(0, colon) + "/requirements/" + id.substr(colon + 1);
  }
  if (kind == "audit") return "/audits/" + id;
  if (kind == "management_review") return "/reviews/" + id;
  if (kind == "document") return "/documents/" + id;
  if (kind == "course") return "/courses/" + id;
  if (kind == "incident") return "/incidents/" + id;
  return "/registers/" + kind + "/" + id;
}

// A new management review's form: both standards, today, the inputs of clause 9.3.2 drafted
// from the data since the last review (or ?since=).
Result<d::FieldValues> review_prefill(http::Api& api, const http::Call& c, d::FieldValues values) {
  if (d::field_list(values, "frameworks").empty())
    values["frameworks"] = {"iso27001-2022", "iso42001-2023"};
  if (d::field_text(values, "meeting_date").empty())
    values["meeting_date"] = {d::format_date(api.now())};
  if (d::field_text(values, "status").empty()) values["status"] = {"planned"};
  if (d::field_text(values, "chair").empty() && c.who) values["chair"] = {c.who->user};
  auto ws = api.workspace();
  if (!ws.ok()) return ws.status();
  auto snap = api.snapshot();
  if (!snap.ok()) return snap.status();
  auto facts =
      service::review_facts(*ws.value(), *snap.value(), d::field_list(values, "frameworks"),
                            d::field_text(values, "since"), "", api.now());
  if (!facts.ok()) return facts.status();
  for (auto& [field, text] : d::draft_review_inputs(facts.value()))
    if (d::field_text(values, field).empty()) values[field] = std::move(text);
  return values;
}

// The page an entry (or the entry it belongs to) is read on, with the button that opens it.
std::optional<json> own_page_of(const std::string& kind, const d::FieldValues& f,
                                const std::string& id) {
  auto button = [](std::string href, const char* label) {
    return json{{"href", std::move(href)}, {"label", label}};
  };
  if (kind == "document") return button("/documents/" + id, "Open the document's page");
  if (kind == "acknowledgement")
    return button("/documents/" + d::field_text(f, "document"), "Open the document");
  if (kind == "course") return button("/courses/" + id, "Open the course's page");
  if (kind == "training_record")
    return button("/courses/" + d::field_text(f, "course"), "Open the course");
  if (kind == "incident") return button("/incidents/" + id, "Open the incident's page");
  if (kind == "incident_notification")
    return button("/incidents/" + d::field_text(f, "incident"), "Open the incident");
  if (kind == "corrective_action" && !d::field_list(f, "incidents").empty())
    return button("/incidents/" + d::field_list(f, "incidents").front(), "Open the incident");
  return std::nullopt;
}

// The menu entry a register's pages belong to.
std::string nav_of(const d::RegisterKind& kind) {
  if (kind.kind == "risk" || kind.kind == "ai_system") return kind.kind;
  if (kind.kind.rfind("audit", 0) == 0 || kind.kind == "corrective_action") return "audits";
  if (kind.kind == "management_review" || kind.kind == "review_action") return "reviews";
  if (kind.kind == "document" || kind.kind == "acknowledgement") return "documents";
  if (kind.kind == "person" || kind.kind == "course" || kind.kind == "training_record")
    return "training";
  if (kind.kind == "incident" || kind.kind == "incident_notification") return "incidents";
  return "registers";
}

// The fields of an entry as the detail page shows them.
json shown_fields(const d::RegisterKind& kind, const d::FieldValues& values) {
  json out = json::array();
  for (const d::FieldSpec& f : kind.fields) {
    const auto& v = d::field_list(values, f.name);
    if (v.empty()) continue;
    json items = json::array();
    for (const auto& item : v) {
      json i = {{"text", item}};
      if (f.type == d::FieldType::kLink || f.type == d::FieldType::kLinks)
        i["href"] = href_of(f.target, item);
      items.push_back(i);
    }
    out.push_back({{"label", f.label},
                   {"items", items},
                   {"block", f.type == d::FieldType::kLongText || f.type == d::FieldType::kList}});
  }
  return out;
}

json rating_view(const d::RiskRating& r) {
  return {
      {"score", r.score}, {"level", r.level}, {"likelihood", r.likelihood}, {"impact", r.impact}};
}

json risk_row(const service::RiskView& r) {
  const auto& f = r.entry.fields;
  return {{"id", r.entry.id},
          {"href", "/registers/risk/" + r.entry.id},
          {"title", d::field_text(f, "title")},
          {"category", d::field_text(f, "category")},
          {"owner", d::field_text(f, "owner")},
          {"treatment", d::field_text(f, "treatment")},
          {"inherent", rating_view(r.evaluation.inherent)},
          {"current", rating_view(r.evaluation.current())},
          {"assessed", r.evaluation.residual.has_value()},
          {"status", r.evaluation.status},
          {"within_appetite", r.evaluation.within_appetite},
          {"review", d::field_text(f, "review_date")},
          {"review_overdue", r.evaluation.review_overdue}};
}

json heat_maps_json(const std::vector<service::RiskView>& risks, bool residual) {
  json out = json::array();
  for (const auto& m : service::heat_maps(risks, residual))
    out.push_back({{"name", m.matrix.name},
                   {"threshold", m.matrix.acceptance_threshold},
                   {"which", residual ? "current" : "inherent"},
                   {"chart", heat_map_chart(m.matrix, m.map)}});
  return out;
}

// Columns of the generic list: up to four short fields besides the title.
std::vector<const d::FieldSpec*> list_columns(const d::RegisterKind& kind) {
  std::vector<const d::FieldSpec*> shown;
  for (const d::FieldSpec& f : kind.fields)
    if (f.name != kind.title_field && shown.size() < 4 &&
        (f.type == d::FieldType::kChoice || f.type == d::FieldType::kLink ||
         f.type == d::FieldType::kDate || f.name == "owner" || f.name == "model_version" ||
         f.name == "actor"))
      shown.push_back(&f);
  return shown;
}

http::Response list_page(http::Api& api, const http::Call& c, const d::RegisterKind& kind,
                         const d::FieldValues& sent, const std::string& error, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  json data = {{"kind", kind.kind},
               {"label", kind.label},
               {"plural", kind.plural},
               {"append_only", kind.append_only},
               {"action", "/registers/" + kind.kind},
               {"error", error},
               {"open", !error.empty() || !sent.empty()},
               {"is_risk", kind.kind == "risk"}};
  if (kind.kind == "risk") {
    auto risks = service::risk_views(*ws.value(), api.now());
    if (!risks.ok()) return status_page(c, risks.status());
    json rows = json::array();
    for (const auto& r : risks.value()) rows.push_back(risk_row(r));
    data["risks"] = rows;
    data["inherent_maps"] = heat_maps_json(risks.value(), false);
    data["current_maps"] = heat_maps_json(risks.value(), true);
  } else {
    auto entries = ws.value()->store().register_entries(kind.kind);
    if (!entries.ok()) return status_page(c, entries.status());
    const auto columns = list_columns(kind);
    json headers = json::array();
    for (const auto* f : columns) headers.push_back(f->label);
    json rows = json::array();
    for (const auto& e : entries.value()) {
      json cells = json::array();
      for (const auto* f : columns) cells.push_back(d::field_text(e.fields, f->name));
      rows.push_back({{"id", e.id},
                      {"href", href_of(kind.kind, e.id)},
                      {"title", d::field_text(e.fields, kind.title_field)},
                      {"cells", cells}});
    }
    data["headers"] = headers;
    data["rows"] = rows;
  }
  auto fields = register_form_fields(*ws.value(), kind, sent, field_of_message(error));
  if (!fields.ok()) return status_page(c, fields.status());
  data["fields"] = fields.value();
  return page(c, kind.plural, nav_of(kind), "registers", data, status);
}

// What names this entry: risks treating a control, events of a system, …
Result<json> linked_from(service::Workspace& ws, const std::string& kind, const std::string& id) {
  auto links = ws.store().register_links_to(kind, id);
  if (!links.ok()) return links.status();
  json out = json::array();
  for (const auto& l : links.value()) {
    const d::RegisterKind* k = d::find_register_kind(l.kind);
    auto e = ws.store().register_entry(l.kind, l.id);
    if (!e.ok()) return e.status();
    out.push_back(
        {{"kind", k ? k->label : l.kind},
         {"id", l.id},
         {"href", href_of(l.kind, l.id)},
         {"title", e.value() && k ? d::field_text(e.value()->fields, k->title_field) : ""},
         {"field", k && k->field(l.field) ? k->field(l.field)->label : l.field}});
  }
  return out;
}

http::Response entry_page(http::Api& api, const http::Call& c, const d::RegisterKind& kind,
                          const std::optional<d::FieldValues>& sent, const std::string& error,
                          int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto e = service::find_entry(*ws.value(), kind.kind, c.params.at("id"));
  if (!e.ok()) return status_page(c, e.status());
  auto history = ws.value()->store().register_history(kind.kind, e->id);
  if (!history.ok()) return status_page(c, history.status());
  json versions = json::array();
  for (std::size_t i = 0; i < history->size(); ++i) {
    const auto& v = (*history)[i];
    std::string changed;
    if (i + 1 == history->size()) {
      changed = "created";
    } else {
      for (const auto& [name, values] : v.fields)
        if (d::field_list((*history)[i + 1].fields, name) != values)
          changed += (changed.empty() ? "" : ", ") + name;
      for (const auto& [name, values] : (*history)[i + 1].fields)
        if (!v.fields.count(name)) changed += (changed.empty() ? "" : ", ") + name;
    }
    versions.push_back({{"version", v.version},
                        {"when", when(v.updated_at)},
                        {"who", v.updated_by},
                        {"changed", changed}});
  }
  auto linked = linked_from(*ws.value(), kind.kind, e->id);
  if (!linked.ok()) return status_page(c, linked.status());
  auto fields =
      register_form_fields(*ws.value(), kind, sent.value_or(e->fields), field_of_message(error));
  if (!fields.ok()) return status_page(c, fields.status());
  const std::string title = d::field_text(e->fields, kind.title_field);
  json data = {{"kind", kind.kind},
               {"label", kind.label},
               {"plural", kind.plural},
               {"list_href", "/registers/" + kind.kind},
               {"id", e->id},
               {"title", title},
               {"version", e->version},
               {"created", when(e->created_at) + " by " + e->created_by},
               {"updated", when(e->updated_at) + " by " + e->updated_by},
               {"shown", shown_fields(kind, e->fields)},
               {"versions", versions},
               {"linked", linked.value()},
               {"has_linked", !linked->empty()},
               {"append_only", kind.append_only},
               {"fields", fields.value()},
               {"action", "/registers/" + kind.kind + "/" + e->id},
               {"delete_action", "/registers/" + kind.kind + "/" + e->id + "/delete"},
               {"error", error},
               {"open", !error.empty()},
               {"notice", query(c, "notice")}};
  if (kind.kind == "risk") {
    auto risk = service::risk_view(*ws.value(), e.value(), api.now());
    if (!risk.ok()) return status_page(c, risk.status());
    data["risk"] = risk_row(risk.value());
    data["risk"]["matrix"] = risk->matrix.name;
    data["risk"]["threshold"] = risk->matrix.acceptance_threshold;
  }
  if (kind.kind == "impact_assessment")
    data["raise_action"] = "/impact-assessments/" + e->id + "/risks";
  if (kind.kind == "audit") data["audit_href"] = "/audits/" + e->id;
  if (kind.kind == "management_review") data["review_href"] = "/reviews/" + e->id;
  if (kind.kind == "review_action")
    data["review_href"] = "/reviews/" + d::field_text(e->fields, "review");
  if (kind.kind == "audit_check" || kind.kind == "audit_finding")
    if (const std::string& audit = d::field_text(e->fields, "audit"); !audit.empty())
      data["audit_href"] = "/audits/" + audit;
  if (auto own = own_page_of(kind.kind, e->fields, e->id)) data["own_page"] = *own;
  if (kind.kind == "ai_system") {
    auto measurements = ws.value()->store().measurements(e->id, 20);
    if (!measurements.ok()) return status_page(c, measurements.status());
    json rows = json::array();
    for (const auto& m : measurements.value())
      rows.push_back({{"id", m.id},
                      {"href", "/measurements/" + m.id},
                      {"kind", m.kind},
                      {"verdict", m.verdict},
                      {"when", when(m.created_at)},
                      {"summary", m.summary}});
    data["has_measurements"] = !rows.empty();
    data["measurements"] = rows;
    auto events = ws.value()->store().register_entries("lifecycle_event");
    if (!events.ok()) return status_page(c, events.status());
    std::vector<std::string> versions_seen = d::field_list(e->fields, "models");
    json model_versions = json::array();
    for (const auto& ev : events.value())
      if (d::field_text(ev.fields, "ai_system") == e->id) {
        const std::string& v = d::field_text(ev.fields, "model_version");
        if (std::find(versions_seen.begin(), versions_seen.end(), v) == versions_seen.end())
          versions_seen.push_back(v);
      }
    for (const auto& v : versions_seen) model_versions.push_back(v);
    data["model_versions"] = model_versions;
    data["first_model_version"] = versions_seen.empty() ? "" : versions_seen.front();
    data["card_action"] = "/ai-systems/" + e->id + "/card";
  }
  return page(c, kind.label + " " + e->id, nav_of(kind), "register_entry", data, status);
}

bool form_error(const Status& s) {
  return s.code() == Status::Code::kInvalidInput || s.code() == Status::Code::kNotFound ||
         s.code() == Status::Code::kConflict || s.code() == Status::Code::kPermissionDenied;
}

http::Response save(http::Api& api, http::Call& c, bool editing) {
  auto kind = service::register_kind(c.params.at("kind"));
  if (!kind.ok()) return status_page(c, kind.status());
  const http::Form form = form_of(c.request);
  d::FieldValues values = register_form_values(*kind.value(), form);
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  service::SaveEntry request{kind.value()->kind,
                             "",
                             values,
                             std::nullopt,
                             c.who && d::allows(c.who->role, d::Action::kSignOff),
                             c.who ? std::optional<d::Role>(c.who->role) : std::nullopt};
  if (editing) {
    const std::string version = form.get("version");
    if (version.empty() || version.size() > 18 ||
        version.find_first_not_of("0123456789") != std::string::npos)
      return error_page(c, 400, "Please check what you entered", "version: missing");
    request.id = c.params.at("id");
    request.expected_version = std::stoll(version);
  }
  auto saved = service::save_entry(*ws.value(), request, {actor_name(c), api.now()});
  if (saved.ok()) {
    // Kinds read on their own page (a review's agenda, a document's acknowledgements, …) lead
    // there once saved.
    const std::string& k = kind.value()->kind;
    const bool own_page =
        k == "management_review" || k == "document" || k == "course" || k == "incident";
    std::string to = own_page ? href_of(k, saved->id) : "/registers/" + k + "/" + saved->id;
    if (!saved->notices.empty()) to += "?notice=" + http::percent_encode(saved->notices.front());
    return redirect(to);
  }
  if (!form_error(saved.status())) return status_page(c, saved.status());
  if (editing)
    return entry_page(api, c, *kind.value(), values, saved.status().message(),
                      form_refusal_status(saved.status()));
  return list_page(api, c, *kind.value(), values, saved.status().message(),
                   form_refusal_status(saved.status()));
}

}  // namespace

void add_register_pages(http::Api& api) {
  add_page(api, "GET", "/registers", d::Action::kRead, "Every register with its size",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             json kinds = json::array();
             for (const auto& k : d::register_kinds()) {
               auto entries = ws.value()->store().register_entries(k.kind);
               if (!entries.ok()) return status_page(c, entries.status());
               kinds.push_back({{"kind", k.kind},
                                {"plural", k.plural},
                                {"href", "/registers/" + k.kind},
                                {"count", entries->size()}});
             }
             return page(c, "Registers", "registers", "register_index", {{"kinds", kinds}});
           });
  add_page(api, "GET", "/registers/{kind}", d::Action::kRead,
           "A register: its entries (risks with heat maps) and the form to add one",
           [&api](http::Call& c) {
             auto kind = service::register_kind(c.params.at("kind"));
             if (!kind.ok()) return status_page(c, Status::NotFound(kind.status().message()));
             // ?FIELD=VALUE fills the add form in, e.g. a corrective action for a finding.
             d::FieldValues prefill;
             for (const d::FieldSpec& f : kind.value()->fields)
               if (const std::string v = query(c, f.name.c_str()); !v.empty())
                 prefill[f.name] = {v};
             if (kind.value()->kind == "management_review") {
               auto drafted = review_prefill(api, c, std::move(prefill));
               if (!drafted.ok()) return status_page(c, drafted.status());
               prefill = std::move(drafted).value();
             }
             return list_page(api, c, *kind.value(), prefill, "", 200);
           });
  add_page(api, "POST", "/registers/{kind}", d::Action::kEditRegisters, "Add a register entry",
           [&api](http::Call& c) { return save(api, c, false); });
  add_page(api, "GET", "/registers/{kind}/{id}", d::Action::kRead,
           "A register entry: fields, ratings, what links to it, history, the edit form",
           [&api](http::Call& c) {
             auto kind = service::register_kind(c.params.at("kind"));
             if (!kind.ok()) return status_page(c, Status::NotFound(kind.status().message()));
             return entry_page(api, c, *kind.value(), std::nullopt, "", 200);
           });
  add_page(api, "POST", "/registers/{kind}/{id}", d::Action::kEditRegisters,
           "Change a register entry", [&api](http::Call& c) { return save(api, c, true); });
  add_page(api, "POST", "/registers/{kind}/{id}/delete", d::Action::kEditRegisters,
           "Remove a register entry (refused while others name it)", [&api](http::Call& c) {
             auto kind = service::register_kind(c.params.at("kind"));
             if (!kind.ok()) return status_page(c, kind.status());
             const std::string version = form_of(c.request).get("version");
             if (version.empty() || version.size() > 18 ||
                 version.find_first_not_of("0123456789") != std::string::npos)
               return error_page(c, 400, "Please check what you entered", "version: missing");
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st = ws.value()->store().remove_register_entry(
                 kind.value()->kind, c.params.at("id"), std::stoll(version),
                 {actor_name(c), api.now()});
             if (!st.ok()) return status_page(c, st);
             return redirect("/registers/" + kind.value()->kind);
           });
  add_page(api, "POST", "/impact-assessments/{id}/risks", d::Action::kEditRegisters,
           "Raise an AI risk for each harm of an impact assessment", [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto created = service::raise_risks_from_assessment(*ws.value(), c.params.at("id"),
                                                                 {actor_name(c), api.now()});
             if (!created.ok()) return status_page(c, created.status());
             const std::string notice = created->empty()
                                            ? "every harm already has its risk"
                                            : "raised " + std::to_string(created->size()) +
                                                  " risk" + (created->size() == 1 ? "" : "s");
             return redirect("/registers/impact_assessment/" + c.params.at("id") +
                             "?notice=" + http::percent_encode(notice));
           });
  add_page(api, "GET", "/ai-systems/{id}/card", d::Action::kRead,
           "The model card of an AI system at ?model_version= (Markdown, or ?format=pdf)",
           [&api](http::Call& c) {
             const std::string version = query(c, "model_version");
             if (version.empty())
               return error_page(c, 400, "Please check what you entered",
                                 "model_version: choose the version to document");
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             const bool pdf = query(c, "format") == "pdf";
             auto card = service::model_card(*ws.value(), c.params.at("id"), version, api.now());
             if (!card.ok()) return status_page(c, card.status());
             std::string name =
                 "model-card-" + c.params.at("id") + "-" + version + (pdf ? ".pdf" : ".md");
             for (char& ch : name)
               if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '.')
                 ch = '_';
             auto r = http::document_download(card.value(), pdf, name);
             return r.ok() ? std::move(r.value()) : status_page(c, r.status());
           });
}

}  // namespace crosswalk::web
