#include "domain/field_specs.h"
#include "domain/register_kinds.h"

namespace crosswalk::domain {

using namespace spec;

void add_incident_kinds(std::vector<RegisterKind>& k) {
  k.push_back(
      {"incident",
       "Incident",
       "Incidents",
       "INC",
       "title",
       false,
       {text("title", "Title", true),
        choice("category", "Category", {"security", "ai"}, true),
        choice("type", "Type",
               {"unauthorized-access", "data-breach", "malware", "phishing", "denial-of-service",
                "loss-or-theft", "misconfiguration", "harmful-output", "biased-output",
                "model-failure", "model-misuse", "data-leak-through-model", "drift", "other"},
               true),
        choice("severity", "Severity", {"low", "medium", "high", "critical"}, true),
        choice("status", "Status", {"reported", "triaged", "contained", "resolved", "closed"},
               true),
        prose("description", "What happened", true),
        date("occurred_on", "Occurred on"),
        date("detected_on", "Detected on", true),
        text("reported_by", "Reported by", true),
        text("handler", "Handled by", true),
        list("timeline", "Timeline", false,
             "One event per line, starting with its date: YYYY-MM-DD [HH:MM] what happened"),
        links("assets", "Assets affected", "asset"),
        links("ai_systems", "AI systems involved", "ai_system", false,
              "An AI incident names at least one"),
        choice("personal_data", "Personal data involved", {"yes", "no", "unknown"}),
        prose("containment", "Containment"),
        links("evidence", "Evidence collected", "evidence"),
        links("risks", "Related risks", "risk"),
        prose("root_cause", "Root cause"),
        prose("lessons_learned", "Lessons learned", false,
              "What changes; open corrective actions from the incident's page"),
        date("resolved_on", "Resolved on"),
        date("closed_on", "Closed on")}});
  k.push_back(
      {"incident_notification",
       "Incident notification",
       "Incident notifications",
       "NOTIF",
       "recipient",
       false,
       {link("incident", "Incident", "incident", true),
        text("recipient", "Recipient", true,
             "e.g. Supervisory authority, affected customers, market surveillance authority"),
        choice("basis", "Why it is owed",
               {"gdpr-art-33", "gdpr-art-34", "eu-ai-act-art-73", "nis2", "contract", "other"},
               true),
        date("due_on", "Due by", true), date("sent_on", "Sent on"),
        text("reference", "Reference", false, "The recipient's case number or the message sent"),
        prose("content", "What was said"),
        prose("not_needed_because", "Not needed because", false,
              "When it is decided that the notification is not owed after all, why")}});
}

}  // namespace crosswalk::domain
