#include "domain/register_rules.h"

#include <algorithm>

#include "domain/documents.h"
#include "domain/field_rules.h"
#include "domain/incident.h"
#include "domain/management_review.h"

namespace crosswalk::domain {

namespace {

Status check_limit(const FieldValues& f, const std::string& field, double low, double high) {
  const std::string& v = field_text(f, field);
  if (v.empty()) return Status::Ok();
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(v, &used);
  } catch (...) {
    used = 0;
  }
  if (used != v.size() || !(x >= low && x <= high))
    return field_error(field, "\"" + v + "\" is not a number from " +
                                  std::to_string(low).substr(0, 3) + " to " +
                                  std::to_string(high).substr(0, 3));
  return Status::Ok();
}

Status check_impact_assessment(const FieldValues& f, Timestamp now) {
  for (const std::string& line : field_list(f, "harms")) {
    auto harm = parse_harm(line);
    if (!harm.ok()) return harm.status();
  }
  const std::string& by = field_text(f, "signed_off_by");
  const std::string& on = field_text(f, "signed_off_on");
  if (by.empty() != on.empty())
    return field_error(by.empty() ? "signed_off_by" : "signed_off_on",
                       "a sign-off names the person and the date");
  if (!by.empty() && field_text(f, "decision").empty())
    return field_error("decision", "a signed-off assessment records its decision");
  if (!by.empty() && field_text(f, "residual_impact").empty())
    return field_error("residual_impact", "a signed-off assessment states the residual impact");
  if (field_text(f, "decision") == "proceed-with-conditions" && field_text(f, "conditions").empty())
    return field_error("conditions", "proceeding with conditions names them");
  return date_not_in_future(f, "signed_off_on", now);
}

Status check_lifecycle_event(const FieldValues& f, Timestamp now) {
  const std::string& event = field_text(f, "event");
  if (event == "validated" && field_list(f, "measurements").empty())
    return field_error("measurements", "a validation names the measurements it rests on");
  return date_not_in_future(f, "date", now);
}

Status check_supplier(const FieldValues& f, Timestamp now) {
  if (!field_text(f, "assessment_result").empty() &&
      field_text(f, "assessment_result") != "pending" && field_text(f, "assessed_on").empty())
    return field_error("assessed_on", "an assessment result has a date");
  return date_not_in_future(f, "assessed_on", now);
}

Status check_audit_programme(const FieldValues& f, Timestamp now) {
  CW_RETURN_IF_ERROR(date_not_before(f, "period_end", "period_start", "the start"));
  if (field_text(f, "approved_by").empty() != field_text(f, "approved_on").empty())
    return field_error(field_text(f, "approved_by").empty() ? "approved_by" : "approved_on",
                       "an approval names the person and the date");
  return date_not_in_future(f, "approved_on", now);
}

Status check_audit(const FieldValues& f, Timestamp now) {
  CW_RETURN_IF_ERROR(date_not_before(f, "planned_end", "planned_start", "the start"));
  const std::string& status = field_text(f, "status");
  if (status == "completed") {
    if (field_text(f, "conclusion").empty())
      return field_error("conclusion", "a completed audit states its conclusion");
    if (field_text(f, "report_date").empty())
      return field_error("report_date", "a completed audit has a report date");
  }
  // Criteria outside the standards audited would never be checked.
  const auto& frameworks = field_list(f, "frameworks");
  for (const std::string& req : field_list(f, "requirements")) {
    const std::string fw = req.substr(0, req.find(':'));
    if (std::find(frameworks.begin(), frameworks.end(), fw) == frameworks.end())
      return field_error("requirements", req + " is not in a standard audited (" + fw +
                                             " is not among the standards)");
  }
  CW_RETURN_IF_ERROR(date_not_before(f, "report_date", "planned_start", "the start"));
  return date_not_in_future(f, "report_date", now);
}

Status check_audit_check(const FieldValues& f, Timestamp now) {
  if (field_text(f, "result") == "nonconforming" && field_text(f, "note").empty())
    return field_error("note", "a nonconforming result says what was seen");
  return date_not_in_future(f, "checked_on", now);
}

Status check_audit_finding(const FieldValues& f, Timestamp now) {
  if (is_nonconformity(field_text(f, "type")) && field_list(f, "requirements").empty())
    return field_error("requirements", "a nonconformity names the requirement it does not meet");
  return date_not_in_future(f, "raised_on", now);
}

// Closing follows the order of clause 10.2: act, verify the action's effect, then close.
Status check_corrective_action(const FieldValues& f, Timestamp now) {
  if (field_list(f, "findings").empty() && field_list(f, "incidents").empty())
    return field_error("findings",
                       "a corrective action names the findings or incidents it corrects");
  const bool completed = !field_text(f, "completed_on").empty();
  const bool verified = !field_text(f, "verified_on").empty();
  const bool closed = !field_text(f, "closed_on").empty();
  if (completed && field_text(f, "root_cause").empty())
    return field_error("root_cause", "a completed action states the root cause it removes");
  if ((verified || !field_text(f, "effective").empty() || !field_text(f, "verified_by").empty()) &&
      !completed)
    return field_error("completed_on", "an action's effectiveness is checked once it is completed");
  if (verified || !field_text(f, "effective").empty() || !field_text(f, "verified_by").empty()) {
    if (field_text(f, "effectiveness_check").empty())
      return field_error("effectiveness_check", "an effectiveness check says how it was verified");
    if (field_text(f, "verified_by").empty())
      return field_error("verified_by", "an effectiveness check names who verified it");
    if (!verified) return field_error("verified_on", "an effectiveness check has a date");
    if (field_text(f, "effective").empty())
      return field_error("effective", "an effectiveness check records whether the action worked");
  }
  if (closed) {
    if (!verified)
      return field_error("closed_on",
                         "a corrective action is closed only after its effectiveness check "
                         "(effectiveness_check, effective, verified_by, verified_on)");
    if (field_text(f, "effective") != "yes")
      return field_error("closed_on",
                         "the action was not effective: it stays open until further action works");
  }
  CW_RETURN_IF_ERROR(date_not_before(f, "verified_on", "completed_on", "the completion"));
  CW_RETURN_IF_ERROR(date_not_before(f, "closed_on", "verified_on", "the effectiveness check"));
  for (const char* day : {"completed_on", "verified_on", "closed_on"})
    CW_RETURN_IF_ERROR(date_not_in_future(f, day, now));
  return Status::Ok();
}

}  // namespace

bool is_nonconformity(const std::string& finding_type) {
  return finding_type == "major-nonconformity" || finding_type == "minor-nonconformity";
}

Status check_register_entry(const RegisterKind& kind, const FieldValues& fields,
                            const RiskMatrix& matrix, Timestamp now) {
  if (kind.kind == "risk") return check_risk(matrix, fields, now);
  if (kind.kind == "risk_matrix") {
    auto m = risk_matrix_from("", fields);
    return m.ok() ? Status::Ok() : m.status();
  }
  if (kind.kind == "impact_assessment") return check_impact_assessment(fields, now);
  if (kind.kind == "lifecycle_event") return check_lifecycle_event(fields, now);
  if (kind.kind == "supplier") return check_supplier(fields, now);
  if (kind.kind == "audit_programme") return check_audit_programme(fields, now);
  if (kind.kind == "audit") return check_audit(fields, now);
  if (kind.kind == "audit_check") return check_audit_check(fields, now);
  if (kind.kind == "audit_finding") return check_audit_finding(fields, now);
  if (kind.kind == "corrective_action") return check_corrective_action(fields, now);
  if (kind.kind == "management_review") return check_management_review(fields, now);
  if (kind.kind == "review_action") return check_review_action(fields, now);
  if (kind.kind == "person") return check_person(fields, now);
  if (kind.kind == "document") return check_document(fields, now);
  if (kind.kind == "course") return check_course(fields, now);
  if (kind.kind == "acknowledgement") return date_not_in_future(fields, "acknowledged_on", now);
  if (kind.kind == "training_record") return date_not_in_future(fields, "completed_on", now);
  if (kind.kind == "incident") return check_incident(fields, now);
  if (kind.kind == "incident_notification") return check_incident_notification(fields, now);
  if (kind.kind == "ai_system") {
    CW_RETURN_IF_ERROR(check_limit(fields, "min_disparate_impact", 0, 1));
    CW_RETURN_IF_ERROR(check_limit(fields, "max_parity_difference", 0, 1));
    return check_limit(fields, "psi_limit", 0, 10);
  }
  return Status::Ok();
}

const std::vector<std::string>& sign_off_fields(const RegisterKind& kind) {
  static const std::vector<std::string> risk = {"accepted_by", "accepted_on", "acceptance_note"};
  static const std::vector<std::string> assessment = {"signed_off_by", "signed_off_on"};
  static const std::vector<std::string> programme = {"approved_by", "approved_on"};
  static const std::vector<std::string> none;
  return kind.kind == "risk"                ? risk
         : kind.kind == "impact_assessment" ? assessment
         : kind.kind == "management_review" ? assessment
         : kind.kind == "audit_programme"   ? programme
         : kind.kind == "document"          ? programme
                                            : none;
}

bool change_voids_sign_off(const RegisterKind& kind, const FieldValues& before,
                           const FieldValues& after) {
  const auto& sign_off = sign_off_fields(kind);
  if (sign_off.empty() || field_text(before, sign_off.front()).empty()) return false;
  for (const std::string& name : sign_off)
    if (field_list(before, name) != field_list(after, name)) return false;  // signed anew
  // What the sign-off is about: a risk's rating and treatment; all of an assessment.
  static const std::vector<std::string> risk_basis = {
      "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact",
      "treatment",           "controls",        "suppliers",           "matrix"};
  // A document's approval is of its version (check_document_revision keeps a version's content
  // fixed); a new version needs its own.
  if (kind.kind == "document") return field_text(before, "version") != field_text(after, "version");
  if (kind.kind == "risk") {
    for (const std::string& name : risk_basis)
      if (field_list(before, name) != field_list(after, name)) return true;
    return false;
  }
  auto content = [&](FieldValues f) {
    for (const std::string& name : sign_off) f.erase(name);
    f.erase("review_date");
    return f;
  };
  return content(before) != content(after);
}

}  // namespace crosswalk::domain
