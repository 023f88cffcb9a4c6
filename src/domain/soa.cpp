#include "domain/soa.h"

#include <algorithm>
#include <unordered_map>

namespace crosswalk::domain {

std::string_view to_string(InclusionReason r) {
  switch (r) {
    case InclusionReason::kRiskTreatment:
      return "risk-treatment";
    case InclusionReason::kLegal:
      return "legal";
    case InclusionReason::kContractual:
      return "contractual";
    case InclusionReason::kInterestedParties:
      return "interested-parties";
    case InclusionReason::kGoodPractice:
      return "good-practice";
  }
  return "";
}

std::optional<InclusionReason> parse_declared_reason(std::string_view s) {
  for (InclusionReason r : {InclusionReason::kLegal, InclusionReason::kContractual,
                            InclusionReason::kInterestedParties, InclusionReason::kGoodPractice})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

std::string_view describe(InclusionReason r) {
  switch (r) {
    case InclusionReason::kRiskTreatment:
      return "risk treatment";
    case InclusionReason::kLegal:
      return "legal or regulatory requirement";
    case InclusionReason::kContractual:
      return "contractual obligation";
    case InclusionReason::kInterestedParties:
      return "interested parties' requirement";
    case InclusionReason::kGoodPractice:
      return "good practice";
  }
  return "";
}

std::string_view implementation_label(const SoaRow& row) {
  if (!row.applicable) return "excluded";
  switch (row.status) {
    case RequirementStatus::kMet:
      return "implemented";
    case RequirementStatus::kPartlyMet:
      return "partly implemented";
    default:
      return "not implemented";
  }
}

std::vector<SoaRow> soa_rows(const FrameworkAssessment& fa, const Organization& org,
                             const std::vector<ControlStatus>& statuses,
                             const std::vector<SoaRisk>& risks) {
  std::vector<SoaRow> rows;
  const Framework& fw = *fa.framework;
  std::unordered_map<std::string, std::vector<const SoaRisk*>> risks_of_control;
  for (const SoaRisk& r : risks) risks_of_control[r.control].push_back(&r);
  std::vector<std::optional<Timestamp>> latest(org.controls.size());
  for (const EvidenceFact& e : org.evidence)
    if (e.review != Review::kRejected && e.control < latest.size())
      latest[e.control] = std::max(latest[e.control].value_or(e.collected_at), e.collected_at);

  for (std::size_t i = 0; i < fw.requirements().size(); ++i) {
    const Requirement& req = fw.requirements()[i];
    // Controls only; a withdrawn one (an imported catalog's) is nothing to apply.
    if (req.kind != RequirementKind::kAnnexA || !req.assessable) continue;
    const RequirementAssessment& ra = fa.requirements[i];
    SoaRow row;
    row.framework = fw.id;
    row.ref = req.ref;
    row.title = req.title;
    for (const RequirementGroup& g : fw.groups)
      if (g.id == req.group) row.theme = g.id + " " + g.title;
    row.status = ra.status;
    row.status_reason = ra.reason;
    for (const RequirementDecision& d : org.decisions) {
      if (d.framework != fw.id || d.ref != req.ref) continue;
      row.applicable = !d.excluded;
      row.justification = d.justification;
      row.reason_note = d.reason_note;
      row.review_by = d.review_by;
      for (const std::string& r : d.reasons)
        if (auto reason = parse_declared_reason(r)) row.reasons.push_back(*reason);
    }
    for (const LinkedControl& lc : ra.controls) {
      const Control& c = org.controls[lc.control];
      SoaControl sc{c.id, c.title, c.owner,
                    lc.control < statuses.size() ? statuses[lc.control].state
                                                 : ControlState::kNotImplemented};
      row.controls.push_back(sc);
      if (latest[lc.control] &&
          (!row.latest_evidence || *latest[lc.control] > *row.latest_evidence))
        row.latest_evidence = latest[lc.control];
      if (auto it = risks_of_control.find(c.id); it != risks_of_control.end())
        for (const SoaRisk* r : it->second) row.risks.push_back(*r);
    }
    if (!row.risks.empty())
      row.reasons.insert(row.reasons.begin(), InclusionReason::kRiskTreatment);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string soa_statement(const std::vector<SoaRow>& rows) {
  // Tab-separated fields, one row per line; values cannot hold a tab or a line break unescaped.
  auto clean = [](std::string s) {
    std::replace(s.begin(), s.end(), '\t', ' ');
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\r', ' ');
    return s;
  };
  std::string out;
  for (const SoaRow& r : rows) {
    out += r.framework + '\t' + r.ref + '\t' + (r.applicable ? "applicable" : "excluded") + '\t';
    for (InclusionReason reason : r.reasons) out += std::string(to_string(reason)) + ',';
    out += '\t';
    for (const SoaRisk& risk : r.risks) out += risk.id + ':' + risk.control + ',';
    out += '\t' + clean(r.reason_note) + '\t' + clean(r.justification) + '\t';
    for (const SoaControl& c : r.controls) out += c.id + ',';
    out += '\n';
  }
  return out;
}

std::vector<std::string> soa_blocking_problems(const std::vector<SoaRow>& rows) {
  std::vector<std::string> out;
  for (const SoaRow& r : rows)
    if (!r.applicable && r.justification.empty())
      out.push_back(r.framework + " " + r.ref + " is excluded without a justification");
  return out;
}

std::vector<std::string> soa_rows_without_reason(const std::vector<SoaRow>& rows) {
  std::vector<std::string> out;
  for (const SoaRow& r : rows)
    if (r.applicable && r.reasons.empty()) out.push_back(r.framework + " " + r.ref);
  return out;
}

}  // namespace crosswalk::domain
