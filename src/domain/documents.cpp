#include "domain/documents.h"

#include <algorithm>
#include <cstdlib>

#include "domain/duties.h"
#include "domain/field_rules.h"

namespace crosswalk::domain {

Status check_person(const FieldValues& f, Timestamp) {
  return date_not_before(f, "left_on", "started_on", "the start");
}

Status check_document(const FieldValues& f, Timestamp now) {
  if (field_text(f, "approved_by").empty() != field_text(f, "approved_on").empty())
    return field_error(field_text(f, "approved_by").empty() ? "approved_by" : "approved_on",
                       "an approval names the person and the date");
  if (!field_text(f, "reviewed_on").empty() && field_text(f, "approved_on").empty())
    return field_error("reviewed_on", "only an approved document is reviewed on its cycle");
  CW_RETURN_IF_ERROR(date_not_before(f, "reviewed_on", "approved_on", "the approval"));
  CW_RETURN_IF_ERROR(date_not_before(f, "retired_on", "approved_on", "the approval"));
  for (const char* day : {"approved_on", "reviewed_on", "retired_on"})
    CW_RETURN_IF_ERROR(date_not_in_future(f, day, now));
  return Status::Ok();
}

Status check_course(const FieldValues& f, Timestamp now) {
  CW_RETURN_IF_ERROR(date_not_before(f, "retired_on", "version_date", "the version's date"));
  return date_not_in_future(f, "retired_on", now);
}

Status check_document_revision(const FieldValues& before, const FieldValues& after) {
  if (field_text(before, "approved_on").empty()) return Status::Ok();
  if (field_text(before, "version") != field_text(after, "version")) return Status::Ok();
  for (const char* name : {"title", "type", "summary", "location", "evidence", "change_note"})
    if (field_list(before, name) != field_list(after, name))
      return field_error(name, "version " + field_text(before, "version") +
                                   " was approved as it is: a changed document gets a new version, "
                                   "which is approved again");
  return Status::Ok();
}

Status check_acknowledgement(const FieldValues& ack, const std::string& document_id,
                             const FieldValues& doc) {
  const std::string& version = field_text(doc, "version");
  if (field_text(doc, "approved_on").empty())
    return field_error("document", document_id +
                                       " has no approved version to acknowledge (version " +
                                       version + " awaits approval)");
  if (!field_text(doc, "retired_on").empty())
    return field_error("document",
                       document_id + " was retired on " + field_text(doc, "retired_on"));
  if (field_text(ack, "version") != version)
    return field_error("version", "version " + field_text(ack, "version") + " is not " +
                                      document_id + "'s approved version (" + version + ")");
  if (field_text(ack, "acknowledged_on") < field_text(doc, "approved_on"))
    return field_error("acknowledged_on", field_text(ack, "acknowledged_on") +
                                              " is before version " + version + " was approved (" +
                                              field_text(doc, "approved_on") + ")");
  return Status::Ok();
}

std::string document_next_review(const FieldValues& f) {
  const std::string& approved = field_text(f, "approved_on");
  if (approved.empty() || !field_text(f, "retired_on").empty()) return "";
  const std::string last = std::max(approved, field_text(f, "reviewed_on"));
  const std::string& months = field_text(f, "review_every_months");
  return add_months(last, months.empty() ? 12 : std::atoi(months.c_str()));
}

std::string document_state(const FieldValues& f, Timestamp today) {
  if (!field_text(f, "retired_on").empty()) return "retired";
  if (field_text(f, "approved_on").empty()) return "draft";
  return document_next_review(f) < format_date(today) ? "review-due" : "approved";
}

}  // namespace crosswalk::domain
