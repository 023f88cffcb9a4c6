// An internal audit in the browser: its facts, summary, findings with their corrective actions,
// the checklist (per requirement: the controls and evidence to sample, the checks recorded, the
// findings), the forms auditors use to record a check and raise a finding, and the report.
#include <algorithm>

#include "http/register_body.h"
#include "service/audit_report.h"
#include "service/audits.h"
#include "web/pages.h"
#include "web/register_form.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

std::string requirement_href(const std::string& framework, const std::string& ref) {
  return "/frameworks/" + framework + "/requirements/" + ref;
}

// A kind without its "audit" field: the page's audit fills it in.
d::RegisterKind in_this_audit(const std::string& kind) {
  d::RegisterKind k = *d::find_register_kind(kind);
  k.fields.erase(std::remove_if(k.fields.begin(), k.fields.end(),
                                [](const d::FieldSpec& f) { return f.name == "audit"; }),
                 k.fields.end());
  return k;
}

// The requirement pickers offer the checklist's requirements only.
void offer_checklist(json& fields, const std::vector<d::ChecklistRow>& rows,
                     const d::FieldValues& values) {
  for (json& f : fields) {
    const std::string name = f["name"];
    if (name != "requirement" && name != "requirements") continue;
    const auto& chosen = d::field_list(values, name);
    json options = json::array();
    for (const d::ChecklistRow& r : rows) {
      const std::string id = r.framework + ":" + r.ref;
      options.push_back(
          {{"value", id},
           {"label", id + " " + r.title},
           {"selected", std::find(chosen.begin(), chosen.end(), id) != chosen.end()}});
    }
    f["options"] = options;
  }
}

const char* result_class(const std::string& result) {
  if (result == "conforming") return "met";
  if (result == "nonconforming") return "not_met";
  if (result == "not verified") return "partly_met";
  return "not_applicable";
}

const char* action_class(d::ActionState s) {
  switch (s) {
    case d::ActionState::kClosed:
      return "met";
    case d::ActionState::kOverdue:
    case d::ActionState::kIneffective:
      return "not_met";
    default:
      return "partly_met";
  }
}

struct SentForm {
  std::string kind;  // audit_check or audit_finding, "" for none
  d::FieldValues values;
  std::string error;
};

http::Response audit_page(http::Api& api, const http::Call& c, const SentForm& sent, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  auto v = service::audit_view(*ws.value(), *snap.value(), c.params.at("id"), api.now());
  if (!v.ok()) return status_page(c, v.status());
  const d::FieldValues& a = v->audit.fields;

  json rows = json::array();
  for (const d::ChecklistRow& r : v->rows) {
    json controls = json::array(), evidence = json::array(), checks = json::array(),
         findings = json::array();
    for (const d::SoaControl& ctl : r.controls)
      controls.push_back({{"id", ctl.id},
                          {"href", "/controls/" + ctl.id},
                          {"state", std::string(d::to_string(ctl.state))},
                          {"state_label", state_label(ctl.state)}});
    for (const d::SampleCandidate& e : r.evidence)
      evidence.push_back({{"id", e.id},
                          {"href", "/api/v1/evidence/" + e.id + "/file"},
                          {"description", e.description},
                          {"date", d::format_date(e.collected_at)},
                          {"rejected", e.review == d::Review::kRejected}});
    for (const d::AuditRecord* ch : r.checks)
      checks.push_back({{"id", ch->id},
                        {"href", "/registers/audit_check/" + ch->id},
                        {"result", d::field_text(ch->fields, "result")},
                        {"by", d::field_text(ch->fields, "checked_by")},
                        {"on", d::field_text(ch->fields, "checked_on")},
                        {"note", d::field_text(ch->fields, "note")},
                        {"evidence", joined(d::field_list(ch->fields, "evidence"))}});
    for (const d::AuditRecord* f : r.findings)
      findings.push_back({{"id", f->id},
                          {"href", "/registers/audit_finding/" + f->id},
                          {"type", d::field_text(f->fields, "type")}});
    const std::string id = r.framework + ":" + r.ref;
    rows.push_back({{"id", id},
                    {"framework", r.framework},
                    {"ref", r.ref},
                    {"title", r.title},
                    {"href", requirement_href(r.framework, r.ref)},
                    {"applicable", r.applicable},
                    {"justification", r.justification},
                    {"readiness", status_label(r.status)},
                    {"readiness_class", std::string(d::to_string(r.status))},
                    {"result", r.result},
                    {"result_class", result_class(r.result)},
                    {"controls", controls},
                    {"evidence", evidence},
                    {"checks", checks},
                    {"findings", findings},
                    {"check_href", "/audits/" + v->audit.id + "?requirement=" +
                                       http::percent_encode(id) + "#record-check"}});
  }

  json findings = json::array();
  for (const service::FindingView& f : v->finding_views)
    findings.push_back(
        {{"id", f.entry.id},
         {"href", "/registers/audit_finding/" + f.entry.id},
         {"title", d::field_text(f.entry.fields, "title")},
         {"type", d::field_text(f.entry.fields, "type")},
         {"requirements", joined(d::field_list(f.entry.fields, "requirements"))},
         {"state", f.state},
         {"needs_action", f.state == "needs action"},
         {"actions", joined(f.actions)},
         {"new_action_href", "/registers/corrective_action?findings=" + f.entry.id + "#new"}});
  json actions = json::array();
  for (const service::ActionView& act : v->actions)
    actions.push_back({{"id", act.entry.id},
                       {"href", "/registers/corrective_action/" + act.entry.id},
                       {"title", d::field_text(act.entry.fields, "title")},
                       {"owner", d::field_text(act.entry.fields, "owner")},
                       {"due", d::field_text(act.entry.fields, "due_date")},
                       {"findings", joined(d::field_list(act.entry.fields, "findings"))},
                       {"state", std::string(d::to_string(act.state))},
                       {"state_class", action_class(act.state)}});

  // The forms: what was sent back after a refusal, or a check of ?requirement= by the caller today.
  const std::string who = c.who ? c.who->user : "";
  const std::string today = d::format_date(api.now());
  d::FieldValues check_values = {{"checked_by", {who}}, {"checked_on", {today}}};
  if (const std::string req = query(c, "requirement"); !req.empty())
    check_values["requirement"] = {req};
  d::FieldValues finding_values = {{"raised_by", {who}}, {"raised_on", {today}}};
  if (sent.kind == "audit_check") check_values = sent.values;
  if (sent.kind == "audit_finding") finding_values = sent.values;
  const std::string invalid = field_of_message(sent.error);
  auto check_fields = register_form_fields(*ws.value(), in_this_audit("audit_check"), check_values,
                                           sent.kind == "audit_check" ? invalid : "");
  if (!check_fields.ok()) return status_page(c, check_fields.status());
  auto finding_fields =
      register_form_fields(*ws.value(), in_this_audit("audit_finding"), finding_values,
                           sent.kind == "audit_finding" ? invalid : "");
  if (!finding_fields.ok()) return status_page(c, finding_fields.status());
  offer_checklist(check_fields.value(), v->rows, check_values);
  offer_checklist(finding_fields.value(), v->rows, finding_values);

  const std::string& state = d::field_text(a, "status");
  const d::AuditSummary& s = v->summary;
  const std::string base = "/audits/" + v->audit.id;
  json data = {{"id", v->audit.id},
               {"title", d::field_text(a, "title")},
               {"status", state},
               {"open", state != "completed" && state != "cancelled"},
               {"programme", d::field_text(a, "programme")},
               {"programme_name", v->programme_name},
               {"programme_href", "/registers/audit_programme/" + d::field_text(a, "programme")},
               {"frameworks", joined(d::field_list(a, "frameworks"))},
               {"criteria", joined(d::field_list(a, "requirements"))},
               {"scope", d::field_text(a, "scope")},
               {"lead_auditor", d::field_text(a, "lead_auditor")},
               {"auditors", joined(d::field_list(a, "auditors"))},
               {"auditees", joined(d::field_list(a, "auditees"))},
               {"dates", d::field_text(a, "planned_start") +
                             (d::field_text(a, "planned_end").empty()
                                  ? ""
                                  : " to " + d::field_text(a, "planned_end"))},
               {"conclusion", d::field_text(a, "conclusion")},
               {"edit_href", "/registers/audit/" + v->audit.id},
               {"report_pdf", base + "/report?format=pdf"},
               {"report_md", base + "/report?format=markdown"},
               {"summary",
                {{"requirements", s.requirements},
                 {"checked", s.checked},
                 {"conforming", s.conforming},
                 {"nonconforming", s.nonconforming},
                 {"not_verified", s.not_verified},
                 {"major", s.major},
                 {"minor", s.minor},
                 {"observations", s.observations},
                 {"opportunities", s.opportunities}}},
               {"rows", rows},
               {"findings", findings},
               {"actions", actions},
               {"check_form", {{"fields", check_fields.value()}}},
               {"finding_form", {{"fields", finding_fields.value()}}},
               {"check_action", base + "/checks"},
               {"finding_action", base + "/findings"},
               {"error", sent.error},
               {"check_error", sent.kind == "audit_check"},
               {"finding_error", sent.kind == "audit_finding"},
               {"notice", query(c, "notice")}};
  return page(c, "Audit " + v->audit.id, "audits", "audit", data, status);
}

http::Response record(http::Api& api, http::Call& c, const std::string& kind) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const d::FieldValues values = register_form_values(in_this_audit(kind), form_of(c.request));
  const store::Actor actor{actor_name(c), api.now()};
  const std::optional<d::Role> role = c.who ? std::optional<d::Role>(c.who->role) : std::nullopt;
  auto saved =
      kind == "audit_check"
          ? service::record_audit_check(*ws.value(), c.params.at("id"), values, role, actor)
          : service::raise_audit_finding(*ws.value(), c.params.at("id"), values, role, actor);
  if (saved.ok())
    return redirect(
        "/audits/" + c.params.at("id") + "?notice=" +
        http::percent_encode((kind == "audit_check" ? "recorded " : "raised ") + saved->id));
  const auto code = saved.status().code();
  if (code != Status::Code::kInvalidInput && code != Status::Code::kNotFound &&
      code != Status::Code::kPermissionDenied)
    return status_page(c, saved.status());
  return audit_page(api, c, {kind, values, saved.status().message()},
                    form_refusal_status(saved.status()));
}

}  // namespace

void add_audit_pages(http::Api& api) {
  add_page(api, "GET", "/audits/{id}", d::Action::kRead,
           "An audit: checklist with evidence to sample, checks, findings, corrective actions",
           [&api](http::Call& c) { return audit_page(api, c, {}, 200); });
  add_page(api, "POST", "/audits/{id}/checks", d::Action::kRaiseFinding,
           "Record a check of one requirement in an audit",
           [&api](http::Call& c) { return record(api, c, "audit_check"); });
  add_page(api, "POST", "/audits/{id}/findings", d::Action::kRaiseFinding,
           "Raise a finding in an audit",
           [&api](http::Call& c) { return record(api, c, "audit_finding"); });
  add_page(api, "GET", "/audits/{id}/report", d::Action::kExport,
           "The audit report (?format=pdf or markdown)", [&api](http::Call& c) {
             const std::string format = query(c, "format");
             if (!format.empty() && format != "pdf" && format != "markdown")
               return error_page(c, 400, "Please check what you entered",
                                 "The format is pdf or markdown.");
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             auto v = service::audit_view(*ws.value(), *snap.value(), c.params.at("id"), api.now());
             if (!v.ok()) return status_page(c, v.status());
             const bool pdf = format != "markdown";
             auto r = http::document_download(service::audit_report(v.value()), pdf,
                                              service::audit_report_file_name(v.value(), pdf));
             return r.ok() ? std::move(r.value()) : status_page(c, r.status());
           });
}

}  // namespace crosswalk::web
