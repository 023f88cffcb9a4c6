#include "domain/audit.h"

#include <algorithm>
#include <unordered_map>

#include "domain/register_rules.h"

namespace crosswalk::domain {

namespace {

// An auditor samples from the newest evidence; older items stay reachable from the control.
constexpr std::size_t kCandidatesPerControl = 3;

bool covers(const std::vector<std::string>& frameworks, const std::vector<std::string>& criteria,
            const std::string& framework, const Requirement& r) {
  if (!criteria.empty())
    return std::find(criteria.begin(), criteria.end(), framework + ":" + r.ref) != criteria.end();
  return r.assessable &&
         std::find(frameworks.begin(), frameworks.end(), framework) != frameworks.end();
}

}  // namespace

std::vector<ChecklistRow> audit_checklist(
    const std::vector<FrameworkAssessment>& assessed, const Organization& org,
    const std::vector<ControlStatus>& statuses, const std::vector<std::string>& frameworks,
    const std::vector<std::string>& criteria,
    const std::vector<std::vector<SampleCandidate>>& candidates,
    const std::vector<AuditRecord>& checks, const std::vector<AuditRecord>& findings) {
  std::unordered_map<std::string, std::vector<const AuditRecord*>> checks_of, findings_of;
  for (const AuditRecord& c : checks) checks_of[field_text(c.fields, "requirement")].push_back(&c);
  for (const AuditRecord& f : findings)
    for (const std::string& req : field_list(f.fields, "requirements"))
      findings_of[req].push_back(&f);
  auto newest_first = [](const AuditRecord* a, const AuditRecord* b) {
    const std::string& da = field_text(a->fields, "checked_on");
    const std::string& db = field_text(b->fields, "checked_on");
    return da != db ? da > db : a->id > b->id;
  };

  std::vector<ChecklistRow> rows;
  for (const FrameworkAssessment& fa : assessed) {
    const Framework& fw = *fa.framework;
    for (std::size_t i = 0; i < fw.requirements().size(); ++i) {
      const Requirement& req = fw.requirements()[i];
      if (!covers(frameworks, criteria, fw.id, req)) continue;
      const RequirementAssessment& ra = fa.requirements[i];
      ChecklistRow row;
      row.framework = fw.id;
      row.ref = req.ref;
      row.title = req.title;
      row.guidance = req.guidance;
      row.annex_a = req.kind == RequirementKind::kAnnexA;
      row.status = ra.status;
      for (const RequirementDecision& d : org.decisions)
        if (d.framework == fw.id && d.ref == req.ref && d.excluded) {
          row.applicable = false;
          row.justification = d.justification;
        }
      for (const LinkedControl& lc : ra.controls) {
        const Control& c = org.controls[lc.control];
        row.controls.push_back({c.id, c.title, c.owner,
                                lc.control < statuses.size() ? statuses[lc.control].state
                                                             : ControlState::kNotImplemented});
        if (lc.control >= candidates.size()) continue;
        std::vector<SampleCandidate> mine = candidates[lc.control];
        std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
          return a.collected_at != b.collected_at ? a.collected_at > b.collected_at : a.id > b.id;
        });
        if (mine.size() > kCandidatesPerControl) mine.resize(kCandidatesPerControl);
        row.evidence.insert(row.evidence.end(), mine.begin(), mine.end());
      }
      const std::string key = fw.id + ":" + req.ref;
      if (auto it = checks_of.find(key); it != checks_of.end()) {
        row.checks = it->second;
        std::sort(row.checks.begin(), row.checks.end(), newest_first);
        const std::string& result = field_text(row.checks.front()->fields, "result");
        row.result = result == "not-verified" ? "not verified" : result;
      }
      if (auto it = findings_of.find(key); it != findings_of.end()) row.findings = it->second;
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

AuditSummary summarize(const std::vector<ChecklistRow>& rows,
                       const std::vector<AuditRecord>& findings) {
  AuditSummary s;
  for (const ChecklistRow& r : rows) {
    ++s.requirements;
    if (r.result == "not checked") continue;
    ++s.checked;
    if (r.result == "conforming") ++s.conforming;
    if (r.result == "nonconforming") ++s.nonconforming;
    if (r.result == "not verified") ++s.not_verified;
  }
  for (const AuditRecord& f : findings) {
    const std::string& type = field_text(f.fields, "type");
    if (type == "major-nonconformity") ++s.major;
    if (type == "minor-nonconformity") ++s.minor;
    if (type == "observation") ++s.observations;
    if (type == "opportunity-for-improvement") ++s.opportunities;
  }
  return s;
}

std::string_view to_string(ActionState s) {
  switch (s) {
    case ActionState::kOpen:
      return "open";
    case ActionState::kOverdue:
      return "overdue";
    case ActionState::kCompleted:
      return "awaiting effectiveness check";
    case ActionState::kIneffective:
      return "not effective";
    case ActionState::kClosed:
      return "closed";
  }
  return "";
}

ActionState corrective_action_state(const FieldValues& action, Timestamp now) {
  if (!field_text(action, "closed_on").empty()) return ActionState::kClosed;
  if (field_text(action, "effective") == "no") return ActionState::kIneffective;
  if (!field_text(action, "completed_on").empty()) return ActionState::kCompleted;
  // Due on a day means due by its end.
  const auto due = parse_datetime(field_text(action, "due_date"));
  if (due && *due + kSecondsPerDay <= now) return ActionState::kOverdue;
  return ActionState::kOpen;
}

std::string finding_state(const FieldValues& finding, const std::vector<ActionState>& actions) {
  if (!is_nonconformity(field_text(finding, "type")))
    return field_text(finding, "response").empty() ? "open" : "answered";
  if (actions.empty()) return "needs action";
  const bool all_closed = std::all_of(actions.begin(), actions.end(),
                                      [](ActionState s) { return s == ActionState::kClosed; });
  return all_closed ? "closed" : "in progress";
}

}  // namespace crosswalk::domain
