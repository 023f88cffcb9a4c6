#include "domain/incident.h"

#include <cctype>
#include <cstdlib>

#include "domain/duties.h"
#include "domain/field_rules.h"

namespace crosswalk::domain {

namespace {

// "YYYY-MM-DD what" or "YYYY-MM-DD HH:MM what".
bool timeline_line_ok(const std::string& line) {
  if (line.size() < 12 || line[10] != ' ' || !parse_datetime(line.substr(0, 10))) return false;
  const std::string rest = line.substr(11);
  if (rest.size() >= 5 && std::isdigit(static_cast<unsigned char>(rest[0])) && rest[2] == ':') {
    const int h = std::atoi(rest.substr(0, 2).c_str()), m = std::atoi(rest.substr(3, 2).c_str());
    if (!std::isdigit(static_cast<unsigned char>(rest[1])) ||
        !std::isdigit(static_cast<unsigned char>(rest[3])) ||
        !std::isdigit(static_cast<unsigned char>(rest[4])) || h > 23 || m > 59)
      return false;
    return rest.size() > 6 && rest[5] == ' ';
  }
  return true;
}

}  // namespace

bool incident_open(const FieldValues& f) {
  const std::string& s = field_text(f, "status");
  return s != "resolved" && s != "closed";
}

Status check_incident(const FieldValues& f, Timestamp now) {
  if (field_text(f, "category") == "ai" && field_list(f, "ai_systems").empty())
    return field_error("ai_systems", "an AI incident names the AI systems involved");
  for (const std::string& line : field_list(f, "timeline"))
    if (!timeline_line_ok(line))
      return field_error("timeline", "\"" + line +
                                         "\" does not start with its date (YYYY-MM-DD [HH:MM] what "
                                         "happened)");
  const std::string& status = field_text(f, "status");
  if (!incident_open(f) && field_text(f, "resolved_on").empty())
    return field_error("resolved_on", "a " + status + " incident has the date it was resolved");
  if (status == "closed") {
    if (field_text(f, "root_cause").empty())
      return field_error("root_cause", "a closed incident states its root cause");
    if (field_text(f, "lessons_learned").empty())
      return field_error("lessons_learned", "a closed incident records the lessons learned");
    if (field_text(f, "closed_on").empty())
      return field_error("closed_on", "a closed incident has the date it was closed");
  } else if (!field_text(f, "closed_on").empty()) {
    return field_error("closed_on",
                       "only a closed incident has a closing date (status is " + status + ")");
  }
  CW_RETURN_IF_ERROR(date_not_before(f, "detected_on", "occurred_on", "it occurred on"));
  CW_RETURN_IF_ERROR(date_not_before(f, "resolved_on", "detected_on", "its detection on"));
  CW_RETURN_IF_ERROR(date_not_before(f, "closed_on", "resolved_on", "its resolution on"));
  const std::string today = format_date(now);
  for (const char* day : {"occurred_on", "detected_on", "resolved_on", "closed_on"})
    if (field_text(f, day) > today)
      return field_error(day, field_text(f, day) + " is in the future");
  return Status::Ok();
}

Status check_incident_notification(const FieldValues& f, Timestamp now) {
  if (!field_text(f, "sent_on").empty() && !field_text(f, "not_needed_because").empty())
    return field_error("not_needed_because", "a notification that was sent was needed");
  if (field_text(f, "sent_on") > format_date(now))
    return field_error("sent_on", field_text(f, "sent_on") + " is in the future");
  return Status::Ok();
}

std::string notification_state(const FieldValues& f, Timestamp today) {
  if (!field_text(f, "sent_on").empty()) return "sent";
  if (!field_text(f, "not_needed_because").empty()) return "not-needed";
  return field_text(f, "due_on") < format_date(today) ? "overdue" : "due";
}

std::vector<SuggestedNotification> suggested_notifications(
    const FieldValues& f, const std::map<std::string, std::string>& ai_act_class) {
  std::vector<SuggestedNotification> out;
  const std::string& detected = field_text(f, "detected_on");
  const std::string& severity = field_text(f, "severity");
  const bool serious = severity == "high" || severity == "critical";
  if (field_text(f, "personal_data") == "yes") {
    out.push_back(
        {"gdpr-art-33", "Supervisory authority", add_days(detected, 3),
         "personal data was involved: a breach is notified within 72 hours of becoming "
         "aware of it, unless it is unlikely to result in a risk to people (record why)"});
    if (serious)
      out.push_back({"gdpr-art-34", "The people whose data it is", add_days(detected, 3),
                     "a " + severity +
                         " incident with personal data is likely a high risk to them: they are "
                         "told without undue delay"});
  }
  bool high_risk_ai = false;
  for (const std::string& system : field_list(f, "ai_systems")) {
    auto it = ai_act_class.find(system);
    if (it != ai_act_class.end() && it->second == "high-risk") high_risk_ai = true;
  }
  if (high_risk_ai && serious)
    out.push_back({"eu-ai-act-art-73", "Market surveillance authority", add_days(detected, 15),
                   "a serious incident of a high-risk AI system is reported within 15 days of "
                   "becoming aware of it (sooner for deaths or widespread infringements)"});
  return out;
}

}  // namespace crosswalk::domain
