#include "service/registers.h"

#include <cctype>
#include <map>

#include "domain/register_rules.h"
#include "service/audits.h"
#include "service/duties.h"
#include "service/management_reviews.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

// The fields only those who may sign off may change, per kind.
std::vector<std::string> permission_fields(const std::string& kind) {
  if (kind == "risk") return {"accepted_by", "accepted_on", "acceptance_note"};
  if (kind == "impact_assessment") return {"signed_off_by", "signed_off_on", "decision"};
  if (kind == "audit_programme" || kind == "document") return {"approved_by", "approved_on"};
  if (kind == "management_review") return {"signed_off_by", "signed_off_on"};
  if (kind == "corrective_action")
    return {"effectiveness_check", "effective", "verified_by", "verified_on", "closed_on"};
  return {};
}

std::string sign_off_refusal(const std::string& kind) {
  if (kind == "corrective_action")
    return "only a manager or administrator may record a corrective action's effectiveness "
           "check or close it";
  if (kind == "audit_programme")
    return "only a manager or administrator may approve an audit programme";
  if (kind == "document") return "only a manager or administrator may approve a document";
  if (kind == "management_review")
    return "only a manager or administrator may sign off a management review's minutes";
  return "only a manager or administrator may accept a risk or sign off an assessment";
}

Status check_may_sign_off(const SaveEntry& r, const d::FieldValues& before,
                          const d::FieldValues& after) {
  if (r.may_sign_off) return Status::Ok();
  for (const std::string& f : permission_fields(r.kind))
    if (d::field_list(before, f) != d::field_list(after, f))
      return Status::PermissionDenied("field " + f + ": " + sign_off_refusal(r.kind));
  if (r.kind == "lifecycle_event" && d::field_text(after, "event") == "deployment-approved")
    return Status::PermissionDenied(
        "field event: only a manager or administrator may record a deployment approval");
  return Status::Ok();
}

Result<d::RiskMatrix> matrix_of(Workspace& ws, const std::string& id) {
  if (id.empty()) return d::default_risk_matrix();
  auto e = find_entry(ws, "risk_matrix", id);
  if (!e.ok()) return e.status().with_context("field matrix");
  return d::risk_matrix_from(id, e->fields);
}

// A matrix may change while risks are rated on it only if every one of them still fits.
Status check_matrix_change(Workspace& ws, const std::string& matrix_id, const d::RiskMatrix& m,
                           d::Timestamp now) {
  auto risks = ws.store().register_entries("risk");
  if (!risks.ok()) return risks.status();
  for (const auto& risk : risks.value()) {
    if (d::field_text(risk.fields, "matrix") != matrix_id) continue;
    Status s = d::check_risk(m, risk.fields, now);
    if (!s.ok())
      return Status::InvalidInput("risk " + risk.id + " is rated on this matrix and would no " +
                                  "longer fit: " + s.message());
  }
  return Status::Ok();
}

}  // namespace

Result<const d::RegisterKind*> register_kind(const std::string& kind) {
  if (const d::RegisterKind* k = d::find_register_kind(kind)) return k;
  std::string known;
  for (const auto& k : d::register_kinds()) known += (known.empty() ? "" : ", ") + k.kind;
  return Status::NotFound("unknown register '" + kind + "' (one of " + known + ")");
}

Result<store::RegisterEntry> find_entry(Workspace& ws, const std::string& kind,
                                        const std::string& id) {
  auto k = register_kind(kind);
  if (!k.ok()) return k.status();
  auto e = ws.store().register_entry(kind, id);
  if (!e.ok()) return e.status();
  if (!e.value()) return Status::NotFound("no " + k.value()->label_in_sentence() + " '" + id + "'");
  return *e.value();
}

Result<SavedEntry> save_entry(Workspace& ws, const SaveEntry& r, const store::Actor& actor) {
  auto kind = register_kind(r.kind);
  if (!kind.ok()) return kind.status();
  if (r.role && !d::allows(*r.role, kind.value()->write_action)) {
    std::string what = kind.value()->plural;
    what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    return Status::PermissionDenied("only an auditor, a manager or an administrator may record " +
                                    what);
  }
  auto fields = d::normalize_fields(*kind.value(), r.fields);
  if (!fields.ok()) return fields.status();
  SavedEntry saved;

  d::FieldValues before;
  if (r.expected_version) {
    auto current = find_entry(ws, r.kind, r.id);
    if (!current.ok()) return current.status();
    before = current->fields;
  }
  // Who may sign off is judged on what was sent; a sign-off the change voids is dropped after.
  CW_RETURN_IF_ERROR(check_may_sign_off(r, before, fields.value()));
  if (d::change_voids_sign_off(*kind.value(), before, fields.value())) {
    for (const std::string& name : d::sign_off_fields(*kind.value())) fields->erase(name);
    if (r.kind == "document") fields->erase("reviewed_on");
    saved.notices.push_back(
        r.kind == "risk" ? "the risk's rating or treatment changed after it was accepted: the "
                           "acceptance no longer applies and is needed again"
        : r.kind == "document"
            ? "version " + d::field_text(fields.value(), "version") +
                  " is new: it needs approval, and acknowledgements of version " +
                  d::field_text(before, "version") + " do not count for it"
        : r.kind == "management_review"
            ? "the minutes changed after their sign-off, which no longer applies: they need a new "
              "sign-off"
            : "the assessment changed after its sign-off, which no longer applies: it needs a new "
              "sign-off");
  }

  d::RiskMatrix matrix = d::default_risk_matrix();
  if (r.kind == "risk") {
    // A new risk naming no matrix is rated on the organization's first; an existing one keeps
    // the matrix it was rated on (re-rating it silently would misstate an acceptance).
    if (!r.expected_version && d::field_text(fields.value(), "matrix").empty()) {
      auto matrices = ws.store().register_entries("risk_matrix");
      if (!matrices.ok()) return matrices.status();
      if (!matrices->empty()) {
        (*fields)["matrix"] = {matrices->front().id};
        saved.notices.push_back("rated on " + matrices->front().id + ", the first risk matrix");
      }
    }
    auto m = matrix_of(ws, d::field_text(fields.value(), "matrix"));
    if (!m.ok()) return m.status();
    matrix = m.value();
  }
  if (r.kind == "management_review" && !r.expected_version)
    CW_RETURN_IF_ERROR(fill_review_drafts(ws, fields.value(), actor.now));
  CW_RETURN_IF_ERROR(d::check_register_entry(*kind.value(), fields.value(), matrix, actor.now));
  CW_RETURN_IF_ERROR(check_audit_record(ws, r.kind, fields.value(), !r.expected_version));
  CW_RETURN_IF_ERROR(prepare_duty_record(ws, r.kind, fields.value(), before, !r.expected_version));
  if (r.kind == "risk_matrix" && r.expected_version) {
    auto m = d::risk_matrix_from(r.id, fields.value());
    if (!m.ok()) return m.status();
    CW_RETURN_IF_ERROR(check_matrix_change(ws, r.id, m.value(), actor.now));
  }

  store::RegisterEntry entry;
  entry.kind = r.kind;
  entry.id = r.expected_version ? r.id : "";
  entry.fields = std::move(fields.value());
  auto id = ws.store().put_register_entry(entry, r.expected_version, actor);
  if (!id.ok()) return id.status();
  saved.id = id.value();
  return saved;
}

Result<std::vector<d::RiskMatrix>> risk_matrices(Workspace& ws) {
  std::vector<d::RiskMatrix> out{d::default_risk_matrix()};
  out.front().id = "";
  auto entries = ws.store().register_entries("risk_matrix");
  if (!entries.ok()) return entries.status();
  for (const auto& e : entries.value()) {
    auto m = d::risk_matrix_from(e.id, e.fields);
    if (!m.ok()) return m.status().with_context("risk matrix " + e.id);
    out.push_back(std::move(m.value()));
  }
  return out;
}

Result<std::vector<RiskView>> risk_views(Workspace& ws, d::Timestamp now) {
  auto matrices = risk_matrices(ws);
  if (!matrices.ok()) return matrices.status();
  std::map<std::string, const d::RiskMatrix*> by_id;
  for (const auto& m : matrices.value()) by_id[m.id] = &m;
  auto risks = ws.store().register_entries("risk");
  if (!risks.ok()) return risks.status();
  std::vector<RiskView> out;
  for (auto& e : risks.value()) {
    auto it = by_id.find(d::field_text(e.fields, "matrix"));
    if (it == by_id.end())
      return Status::Corruption("risk " + e.id + " names a risk matrix that does not exist");
    RiskView v{std::move(e), *it->second, {}};
    v.evaluation = d::evaluate_risk(v.matrix, v.entry.fields, now);
    out.push_back(std::move(v));
  }
  return out;
}

Result<RiskView> risk_view(Workspace& ws, store::RegisterEntry risk, d::Timestamp now) {
  auto matrix = matrix_of(ws, d::field_text(risk.fields, "matrix"));
  if (!matrix.ok()) return matrix.status();
  RiskView v{std::move(risk), std::move(matrix.value()), {}};
  v.evaluation = d::evaluate_risk(v.matrix, v.entry.fields, now);
  return v;
}

std::vector<MatrixHeatMap> heat_maps(const std::vector<RiskView>& risks, bool residual) {
  std::map<std::string,
           std::pair<d::RiskMatrix, std::vector<std::pair<std::string, d::RiskRating>>>>
      per_matrix;
  for (const RiskView& r : risks) {
    auto& slot = per_matrix[r.matrix.id];
    slot.first = r.matrix;
    slot.second.emplace_back(r.entry.id, residual ? r.evaluation.current() : r.evaluation.inherent);
  }
  std::vector<MatrixHeatMap> out;
  for (auto& [id, m] : per_matrix) out.push_back({m.first, d::heat_map(m.first, m.second)});
  return out;
}

Result<std::vector<std::string>> raise_risks_from_assessment(Workspace& ws,
                                                             const std::string& assessment_id,
                                                             const store::Actor& actor) {
  auto a = find_entry(ws, "impact_assessment", assessment_id);
  if (!a.ok()) return a.status();
  const std::string& system_id = d::field_text(a->fields, "ai_system");
  auto system = find_entry(ws, "ai_system", system_id);
  if (!system.ok()) return system.status();
  auto risks = ws.store().register_entries("risk");
  if (!risks.ok()) return risks.status();
  auto matrices = ws.store().register_entries("risk_matrix");
  if (!matrices.ok()) return matrices.status();
  d::RiskMatrix matrix = d::default_risk_matrix();
  std::string matrix_id;
  if (!matrices->empty()) {
    matrix_id = matrices->front().id;
    auto m = d::risk_matrix_from(matrix_id, matrices->front().fields);
    if (!m.ok()) return m.status();
    matrix = m.value();
  }
  std::vector<std::string> created;
  for (const std::string& line : d::field_list(a->fields, "harms")) {
    auto harm = d::parse_harm(line);
    if (!harm.ok()) return harm.status();
    bool exists = false;
    for (const auto& r : risks.value())
      exists = exists || (d::field_text(r.fields, "impact_assessment") == assessment_id &&
                          d::field_text(r.fields, "title") == harm->description);
    if (exists) continue;
    SaveEntry risk{"risk", "", {}, std::nullopt, false};
    risk.fields = {
        {"title", {harm->description}},
        {"category", {"ai"}},
        {"description",
         {"Raised from impact assessment " + assessment_id + " (" +
          d::field_text(a->fields, "title") + ")."}},
        {"ai_systems", {system_id}},
        {"risk_source", {"other"}},
        {"affected_parties", d::field_list(a->fields, "affected")},
        {"inherent_likelihood",
         {std::to_string(
             d::rescale_level(harm->likelihood, static_cast<int>(matrix.likelihood.size())))}},
        {"inherent_impact",
         {std::to_string(
             d::rescale_level(harm->severity, static_cast<int>(matrix.impact.size())))}},
        {"impact_assessment", {assessment_id}},
        {"owner", {d::field_text(system->fields, "owner")}},
    };
    if (!matrix_id.empty()) risk.fields["matrix"] = {matrix_id};
    auto saved = save_entry(ws, risk, actor);
    if (!saved.ok()) return saved.status().with_context("harm \"" + line + "\"");
    created.push_back(saved->id);
  }
  return created;
}

}  // namespace crosswalk::service
