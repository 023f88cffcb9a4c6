// An incident in the browser: what happened and when, what it touched, the notifications it owes
// (made, due, overdue, and those the facts suggest but nobody recorded, each one click from a
// prefilled form), and the corrective actions opened from its lessons.
#include "service/incidents.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

const char* state_class(const std::string& state) {
  if (state == "overdue" || state == "not recorded") return "not_met";
  if (state == "due") return "partly_met";
  if (state == "sent") return "met";
  return "";
}

json links(const std::vector<std::string>& ids, const std::string& base,
           const std::string& suffix = "") {
  json out = json::array();
  for (const std::string& id : ids) out.push_back({{"id", id}, {"href", base + id + suffix}});
  return out;
}

http::Response incident_page(http::Api& api, http::Call& c) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto v = service::incident_view(*ws.value(), c.params.at("id"), api.now());
  if (!v.ok()) return status_page(c, v.status());
  const d::FieldValues& f = v->incident.fields;
  const std::string& id = v->incident.id;
  json notifications = json::array();
  for (const service::NotificationView& n : v->notifications)
    notifications.push_back({{"id", n.entry.id},
                             {"href", "/registers/incident_notification/" + n.entry.id},
                             {"recipient", d::field_text(n.entry.fields, "recipient")},
                             {"basis", d::field_text(n.entry.fields, "basis")},
                             {"due", d::field_text(n.entry.fields, "due_on")},
                             {"sent", d::field_text(n.entry.fields, "sent_on")},
                             {"state", n.state},
                             {"class", state_class(n.state)}});
  json suggested = json::array();
  for (const d::SuggestedNotification& s : v->unrecorded)
    suggested.push_back({{"basis", s.basis},
                         {"recipient", s.recipient},
                         {"due", s.due_on},
                         {"why", s.why},
                         {"href", "/registers/incident_notification?incident=" + id +
                                      "&basis=" + http::percent_encode(s.basis) +
                                      "&recipient=" + http::percent_encode(s.recipient) +
                                      "&due_on=" + s.due_on + "#new"}});
  json actions = json::array();
  for (const service::ActionView& a : v->actions)
    actions.push_back({{"id", a.entry.id},
                       {"href", "/registers/corrective_action/" + a.entry.id},
                       {"title", d::field_text(a.entry.fields, "title")},
                       {"owner", d::field_text(a.entry.fields, "owner")},
                       {"due", d::field_text(a.entry.fields, "due_date")},
                       {"state", std::string(d::to_string(a.state))}});
  const std::string& severity = d::field_text(f, "severity");
  json data = {
      {"id", id},
      {"title", d::field_text(f, "title")},
      {"category", d::field_text(f, "category") == "ai" ? "AI incident" : "Security incident"},
      {"type", d::field_text(f, "type")},
      {"severity", severity},
      {"severity_class", severity == "critical" || severity == "high" ? "not_met"
                         : severity == "medium"                       ? "partly_met"
                                                                      : ""},
      {"status", d::field_text(f, "status")},
      {"open", d::incident_open(f)},
      {"description", d::field_text(f, "description")},
      {"occurred_on", d::field_text(f, "occurred_on")},
      {"detected_on", d::field_text(f, "detected_on")},
      {"resolved_on", d::field_text(f, "resolved_on")},
      {"closed_on", d::field_text(f, "closed_on")},
      {"reported_by", d::field_text(f, "reported_by")},
      {"handler", d::field_text(f, "handler")},
      {"personal_data", d::field_text(f, "personal_data")},
      {"timeline", d::field_list(f, "timeline")},
      {"assets", links(d::field_list(f, "assets"), "/registers/asset/")},
      {"ai_systems", links(d::field_list(f, "ai_systems"), "/registers/ai_system/")},
      {"evidence", links(d::field_list(f, "evidence"), "/api/v1/evidence/", "/file")},
      {"risks", links(d::field_list(f, "risks"), "/registers/risk/")},
      {"containment", d::field_text(f, "containment")},
      {"root_cause", d::field_text(f, "root_cause")},
      {"lessons_learned", d::field_text(f, "lessons_learned")},
      {"notifications", notifications},
      {"any_suggested", !suggested.empty()},
      {"suggested", suggested},
      {"actions", actions},
      {"new_notification_href", "/registers/incident_notification?incident=" + id + "#new"},
      {"new_action_href", "/registers/corrective_action?incidents=" + id + "#new"},
      {"edit_href", "/registers/incident/" + id},
      {"notice", query(c, "notice")}};
  return page(c, "Incident " + id, "incidents", "incident", data);
}

}  // namespace

void add_incident_pages(http::Api& api) {
  add_page(api, "GET", "/incidents/{id}", d::Action::kRead,
           "An incident: timeline, what it touched, notifications owed and made, corrective "
           "actions",
           [&api](http::Call& c) { return incident_page(api, c); });
}

}  // namespace crosswalk::web
