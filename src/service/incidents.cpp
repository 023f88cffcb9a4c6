#include "service/incidents.h"

#include <algorithm>

#include "service/register_json.h"
#include "service/registers.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

namespace {

// The EU AI Act class of each AI system the incident names.
Result<std::map<std::string, std::string>> ai_act_classes(Workspace& ws, const d::FieldValues& f) {
  std::map<std::string, std::string> out;
  for (const std::string& id : d::field_list(f, "ai_systems")) {
    auto system = ws.store().register_entry("ai_system", id);
    if (!system.ok()) return system.status();
    if (system.value()) out[id] = d::field_text(system.value()->fields, "eu_ai_act_class");
  }
  return out;
}

std::vector<d::SuggestedNotification> unrecorded(std::vector<d::SuggestedNotification> suggested,
                                                 const std::vector<NotificationView>& recorded) {
  std::erase_if(suggested, [&](const d::SuggestedNotification& s) {
    return std::any_of(recorded.begin(), recorded.end(), [&](const NotificationView& n) {
      return d::field_text(n.entry.fields, "basis") == s.basis;
    });
  });
  return suggested;
}

int severity_rank(const d::FieldValues& f) {
  const std::string& s = d::field_text(f, "severity");
  return s == "critical" ? 0 : s == "high" ? 1 : s == "medium" ? 2 : 3;
}

}  // namespace

Result<IncidentView> incident_view(Workspace& ws, const std::string& id, d::Timestamp now) {
  auto incident = find_entry(ws, "incident", id);
  if (!incident.ok()) return incident.status();
  IncidentView v;
  v.incident = std::move(incident.value());
  auto notifications = ws.store().register_entries("incident_notification");
  if (!notifications.ok()) return notifications.status();
  for (auto& n : notifications.value())
    if (d::field_text(n.fields, "incident") == id) {
      std::string state = d::notification_state(n.fields, now);
      v.notifications.push_back({std::move(n), std::move(state)});
    }
  auto classes = ai_act_classes(ws, v.incident.fields);
  if (!classes.ok()) return classes.status();
  v.unrecorded =
      unrecorded(d::suggested_notifications(v.incident.fields, classes.value()), v.notifications);
  auto actions = corrective_actions(ws, now);
  if (!actions.ok()) return actions.status();
  for (auto& a : actions.value()) {
    const auto& incidents = d::field_list(a.entry.fields, "incidents");
    if (std::find(incidents.begin(), incidents.end(), id) != incidents.end())
      v.actions.push_back(std::move(a));
  }
  return v;
}

Result<IncidentAttention> incident_attention(Workspace& ws, d::Timestamp now) {
  IncidentAttention out;
  auto incidents = ws.store().register_entries("incident");
  if (!incidents.ok()) return incidents.status();
  auto notifications = ws.store().register_entries("incident_notification");
  if (!notifications.ok()) return notifications.status();
  std::map<std::string, std::vector<NotificationView>> by_incident;
  for (auto& n : notifications.value()) {
    std::string state = d::notification_state(n.fields, now);
    if (state == "overdue") out.overdue.push_back({n, state});
    by_incident[d::field_text(n.fields, "incident")].push_back({std::move(n), std::move(state)});
  }
  for (auto& i : incidents.value()) {
    if (!d::incident_open(i.fields)) continue;
    auto classes = ai_act_classes(ws, i.fields);
    if (!classes.ok()) return classes.status();
    out.unrecorded += static_cast<int>(
        unrecorded(d::suggested_notifications(i.fields, classes.value()), by_incident[i.id])
            .size());
    out.open.push_back(std::move(i));
  }
  std::stable_sort(out.open.begin(), out.open.end(), [](const auto& a, const auto& b) {
    return severity_rank(a.fields) < severity_rank(b.fields);
  });
  return out;
}

json incident_json(const IncidentView& v) {
  json notifications = json::array();
  for (const NotificationView& n : v.notifications) {
    json one = entry_json(n.entry);
    one["state"] = n.state;
    notifications.push_back(one);
  }
  json suggested = json::array();
  for (const d::SuggestedNotification& s : v.unrecorded)
    suggested.push_back(
        {{"basis", s.basis}, {"recipient", s.recipient}, {"due_on", s.due_on}, {"why", s.why}});
  json actions = json::array();
  for (const ActionView& a : v.actions) actions.push_back(action_json(a));
  return {{"incident", entry_json(v.incident)},
          {"open", d::incident_open(v.incident.fields)},
          {"notifications", notifications},
          {"notifications_not_recorded", suggested},
          {"corrective_actions", actions}};
}

}  // namespace crosswalk::service
