// Incidents (ISO 27001 A.5.24-A.5.28, ISO 42001 A.8.4) in one register for security and AI:
// the rules an incident's record follows as it moves from reported to closed, the state of each
// notification it owes, and the notifications the law usually asks for given what is recorded.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/register.h"
#include "domain/time.h"

namespace crosswalk::domain {

Status check_incident(const FieldValues& incident, Timestamp now);
Status check_incident_notification(const FieldValues& notification, Timestamp now);

// Reported, triaged or contained: still being handled.
bool incident_open(const FieldValues& incident);

// sent | not-needed | due | overdue (past its due date, neither sent nor decided not needed).
std::string notification_state(const FieldValues& notification, Timestamp today);

// A notification the recorded facts usually make owed; a guide, not legal advice: the handler
// records it (with its due date) or records why it is not needed.
struct SuggestedNotification {
  std::string basis;  // an incident_notification basis
  std::string recipient, due_on, why;
};
// `ai_act_class` maps the incident's AI systems to their EU AI Act class.
std::vector<SuggestedNotification> suggested_notifications(
    const FieldValues& incident, const std::map<std::string, std::string>& ai_act_class);

}  // namespace crosswalk::domain
