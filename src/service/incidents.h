// Incidents (docs/incidents.md): one incident with its notifications and their states, the
// notifications the recorded facts usually make owed but nobody has recorded, and the corrective
// actions opened from its lessons; open incidents and overdue notifications for the dashboard.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/incident.h"
#include "service/audits.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct NotificationView {
  store::RegisterEntry entry;
  std::string state;  // domain::notification_state
};

struct IncidentView {
  store::RegisterEntry incident;
  std::vector<NotificationView> notifications;
  // Suggested by the facts and not yet recorded (no notification on the same basis).
  std::vector<domain::SuggestedNotification> unrecorded;
  std::vector<ActionView> actions;  // corrective actions naming the incident
};
Result<IncidentView> incident_view(Workspace& ws, const std::string& id, domain::Timestamp now);

struct IncidentAttention {
  std::vector<store::RegisterEntry> open;  // most severe first
  std::vector<NotificationView> overdue;   // notifications past their due date
  int unrecorded = 0;  // suggested notifications of open incidents not yet recorded
};
Result<IncidentAttention> incident_attention(Workspace& ws, domain::Timestamp now);

nlohmann::ordered_json incident_json(const IncidentView& v);

}  // namespace crosswalk::service
