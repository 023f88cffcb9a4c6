#include "domain/field_specs.h"
#include "domain/register_kinds.h"

namespace crosswalk::domain {

using namespace spec;

void add_document_and_training_kinds(std::vector<RegisterKind>& k) {
  k.push_back({"person",
               "Person",
               "People",
               "PERSON",
               "name",
               false,
               {text("name", "Name", true), text("email", "Email"),
                list("job_roles", "Job roles", true,
                     "One per line, e.g. engineer, data scientist, manager: what policies and "
                     "courses are required of them"),
                text("team", "Team"), date("started_on", "Started on"),
                date("left_on", "Left on", false)}});
  k.push_back(
      {"document",
       "Document",
       "Documents",
       "DOC",
       "title",
       false,
       {text("title", "Title", true, "e.g. Information security policy"),
        choice("type", "Type",
               {"policy", "procedure", "standard", "plan", "guideline", "record-template"}, true),
        text("version", "Version", true,
             "e.g. 1.2; a changed document gets a new version, which needs approval again"),
        prose("summary", "Summary", false, "What the document says and whom it concerns"),
        text("location", "Where it is kept", false, "A link or path to the document"),
        links("evidence", "Document files", "evidence", false,
              "The approved file in the evidence vault"),
        prose("change_note", "What changed in this version"), text("owner", "Owner", true),
        links("controls", "Controls it supports", "control"),
        links("requirements", "Requirements it supports", "requirement", false,
              "FRAMEWORK:REF, e.g. iso27001-2022:5.2"),
        list("audience", "Must be acknowledged by", false,
             "Job roles, one per line, or \"everyone\"; empty when no acknowledgement is needed"),
        number("acknowledge_within_days", "Acknowledge within (days)", 1, 365, false,
               "After approval or after a person starts; 30 when empty"),
        number("review_every_months", "Review every (months)", 1, 60, true,
               "How often the owner reviews it, e.g. 12"),
        text("approved_by", "Approved by"), date("approved_on", "Approved on"),
        date("reviewed_on", "Last reviewed on", false), date("retired_on", "Retired on")}});
  k.push_back(
      {"acknowledgement",
       "Acknowledgement",
       "Acknowledgements",
       "ACK",
       "document",
       true,
       {link("document", "Document", "document", true),
        text("version", "Version", false, "The document's approved version when empty"),
        link("person", "Person", "person", true), date("acknowledged_on", "Acknowledged on", true),
        text("method", "How", false, "e.g. signed in Crosswalk, HR system export")}});
  k.push_back(
      {"course",
       "Course",
       "Courses",
       "COURSE",
       "title",
       false,
       {text("title", "Title", true, "e.g. Security awareness, Responsible use of AI"),
        choice("topic", "Topic",
               {"security-awareness", "ai-literacy", "privacy", "secure-development",
                "responsible-ai", "role-specific", "policy-briefing"},
               true),
        text("version", "Version", true, "A new version must be taken again"),
        date("version_date", "Version required from", true), prose("content", "Content"),
        text("delivery", "Delivery", false, "e.g. e-learning, workshop"),
        list("required_for", "Required for", true, "Job roles, one per line, or \"everyone\""),
        number("complete_within_days", "Complete within (days)", 1, 365, false,
               "After the version is required or after a person starts; 30 when empty"),
        number("repeat_every_months", "Repeat every (months)", 1, 60, false,
               "Empty when once per version is enough"),
        links("controls", "Controls it supports", "control"),
        links("requirements", "Requirements it supports", "requirement"),
        text("owner", "Owner", true), date("retired_on", "Retired on")}});
  k.push_back(
      {"training_record",
       "Training record",
       "Training records",
       "TRAIN",
       "course",
       true,
       {link("course", "Course", "course", true),
        text("course_version", "Version", false, "The course's version when empty"),
        link("person", "Person", "person", true), date("completed_on", "Completed on", true),
        text("result", "Result"), links("evidence", "Evidence", "evidence")}});
}

}  // namespace crosswalk::domain
