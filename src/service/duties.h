// Documented information and training (docs/policies-and-training.md): a document with its
// approved versions and who has acknowledged the current one; a course with who has completed
// its current version; everyone's outstanding duties for the dashboard; and the checks and
// defaults applied when an acknowledgement or a training record is saved.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/duties.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct ApprovedVersion {
  std::string version, approved_by, approved_on, change_note;
};

struct DocumentView {
  store::RegisterEntry document;
  std::string state;                                   // domain::document_state
  std::string next_review;                             // "" for a draft or retired document
  std::vector<ApprovedVersion> versions;               // newest first, from the document's history
  std::vector<domain::Duty> duties;                    // acknowledgement of the approved version
  std::vector<store::RegisterEntry> acknowledgements;  // of every version, newest first
};
Result<DocumentView> document_view(Workspace& ws, const std::string& id, domain::Timestamp now);

struct CourseView {
  store::RegisterEntry course;
  std::vector<domain::Duty> duties;
  std::vector<store::RegisterEntry> records;  // every version's, newest first
};
Result<CourseView> course_view(Workspace& ws, const std::string& id, domain::Timestamp now);

// One overdue acknowledgement or course, for the dashboard and `crosswalk training status`.
struct OverdueDuty {
  std::string person_id, person_name;
  std::string what_kind;  // document | course
  std::string what_id, what_title, version, due_on;
};
struct DutyAttention {
  std::vector<OverdueDuty> overdue;
  int people = 0, due = 0, done = 0;
  std::vector<store::RegisterEntry> documents_review_due;
};
Result<DutyAttention> duty_attention(Workspace& ws, domain::Timestamp now);

// Called by save_entry. Fills an acknowledgement's or training record's version from its
// document or course when empty; refuses an acknowledgement of anything but the approved
// version and a record that repeats one already kept; refuses a change to an approved document
// that keeps its version.
Status prepare_duty_record(Workspace& ws, const std::string& kind, domain::FieldValues& fields,
                           const domain::FieldValues& before, bool creating);

nlohmann::ordered_json duty_json(const domain::Duty& duty);
nlohmann::ordered_json document_json(const DocumentView& v);
nlohmann::ordered_json course_json(const CourseView& v);
nlohmann::ordered_json duty_attention_json(const DutyAttention& a);

}  // namespace crosswalk::service
