#include "domain/register_rules.h"

namespace crosswalk::domain {

namespace {

Status bad(const std::string& field, const std::string& why) {
  return Status::InvalidInput("field " + field + ": " + why);
}

Timestamp day_start(const std::string& day) {
  return parse_datetime(day).value_or(0);
}

Status not_in_future(const FieldValues& f, const std::string& field, Timestamp now) {
  const std::string& day = field_text(f, field);
  if (!day.empty() && day_start(day) > now) return bad(field, day + " is in the future");
  return Status::Ok();
}

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
    return bad(field, "\"" + v + "\" is not a number from " + std::to_string(low).substr(0, 3) +
                          " to " + std::to_string(high).substr(0, 3));
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
    return bad(by.empty() ? "signed_off_by" : "signed_off_on",
               "a sign-off names the person and the date");
  if (!by.empty() && field_text(f, "decision").empty())
    return bad("decision", "a signed-off assessment records its decision");
  if (!by.empty() && field_text(f, "residual_impact").empty())
    return bad("residual_impact", "a signed-off assessment states the residual impact");
  if (field_text(f, "decision") == "proceed-with-conditions" && field_text(f, "conditions").empty())
    return bad("conditions", "proceeding with conditions names them");
  return not_in_future(f, "signed_off_on", now);
}

Status check_lifecycle_event(const FieldValues& f, Timestamp now) {
  const std::string& event = field_text(f, "event");
  if (event == "validated" && field_list(f, "measurements").empty())
    return bad("measurements", "a validation names the measurements it rests on");
  return not_in_future(f, "date", now);
}

Status check_supplier(const FieldValues& f, Timestamp now) {
  if (!field_text(f, "assessment_result").empty() &&
      field_text(f, "assessment_result") != "pending" && field_text(f, "assessed_on").empty())
    return bad("assessed_on", "an assessment result has a date");
  return not_in_future(f, "assessed_on", now);
}

}  // namespace

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
  static const std::vector<std::string> none;
  return kind.kind == "risk" ? risk : kind.kind == "impact_assessment" ? assessment : none;
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
