#include "service/audits.h"

#include <algorithm>
#include <unordered_map>

#include "domain/register_rules.h"
#include "service/register_json.h"

namespace crosswalk::service {
namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

namespace {

std::string evidence_description(const store::EvidenceRecord& e) {
  if (!e.filename.empty()) return e.filename;
  if (!e.url.empty()) return e.url;
  return e.note.size() > 80 ? e.note.substr(0, 77) + "..." : e.note;
}

// The evidence items of each of the snapshot's controls.
Result<std::vector<std::vector<d::SampleCandidate>>> candidates_of(Workspace& ws,
                                                                   const Snapshot& s) {
  auto evidence = ws.store().evidence();
  if (!evidence.ok()) return evidence.status();
  std::vector<std::vector<d::SampleCandidate>> out(s.org.controls.size());
  for (const store::EvidenceRecord& e : evidence.value())
    for (const std::string& control : e.controls)
      if (auto i = s.control_index(control))
        out[*i].push_back({e.id, control, evidence_description(e), e.collected_at, e.review});
  return out;
}

std::vector<d::AuditRecord> records_of(const std::vector<store::RegisterEntry>& entries,
                                       const std::string& audit_id) {
  std::vector<d::AuditRecord> out;
  for (const auto& e : entries)
    if (d::field_text(e.fields, "audit") == audit_id) out.push_back({e.id, e.fields});
  return out;
}

// Findings with their states, from every corrective action.
std::vector<FindingView> finding_views(const std::vector<store::RegisterEntry>& findings,
                                       const std::vector<ActionView>& actions) {
  std::unordered_map<std::string, std::vector<const ActionView*>> actions_of;
  for (const ActionView& a : actions)
    for (const std::string& f : d::field_list(a.entry.fields, "findings"))
      actions_of[f].push_back(&a);
  std::vector<FindingView> out;
  for (const auto& f : findings) {
    FindingView v{f, "", {}};
    std::vector<d::ActionState> states;
    for (const ActionView* a : actions_of[f.id]) {
      v.actions.push_back(a->entry.id);
      states.push_back(a->state);
    }
    v.state = d::finding_state(f.fields, states);
    out.push_back(std::move(v));
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<AuditView> audit_view(Workspace& ws, const Snapshot& s, const std::string& audit_id,
                             d::Timestamp now) {
  AuditView v;
  auto audit = find_entry(ws, "audit", audit_id);
  if (!audit.ok()) return audit.status();
  v.audit = std::move(audit.value());
  v.generated_at = now;
  if (const std::string& p = d::field_text(v.audit.fields, "programme"); !p.empty()) {
    auto programme = ws.store().register_entry("audit_programme", p);
    if (!programme.ok()) return programme.status();
    if (programme.value()) v.programme_name = d::field_text(programme.value()->fields, "name");
  }
  auto checks = ws.store().register_entries("audit_check");
  if (!checks.ok()) return checks.status();
  auto findings = ws.store().register_entries("audit_finding");
  if (!findings.ok()) return findings.status();
  v.checks = records_of(checks.value(), audit_id);
  v.findings = records_of(findings.value(), audit_id);

  auto candidates = candidates_of(ws, s);
  if (!candidates.ok()) return candidates.status();
  v.rows = d::audit_checklist(s.assessment.frameworks, s.org, s.assessment.controls,
                              d::field_list(v.audit.fields, "frameworks"),
                              d::field_list(v.audit.fields, "requirements"), candidates.value(),
                              v.checks, v.findings);
  v.summary = d::summarize(v.rows, v.findings);

  auto actions = corrective_actions(ws, now);
  if (!actions.ok()) return actions.status();
  std::vector<store::RegisterEntry> own_findings;
  for (const auto& f : findings.value())
    if (d::field_text(f.fields, "audit") == audit_id) own_findings.push_back(f);
  v.finding_views = finding_views(own_findings, actions.value());
  for (const ActionView& a : actions.value())
    for (const std::string& f : d::field_list(a.entry.fields, "findings"))
      if (std::any_of(own_findings.begin(), own_findings.end(),
                      [&](const auto& e) { return e.id == f; })) {
        v.actions.push_back(a);
        break;
      }
  return v;
}

Result<AuditView> audit_view(Workspace& ws, const std::string& audit_id, d::Timestamp now) {
  auto snap = take_snapshot(ws.store(), now);
  if (!snap.ok()) return snap.status();
  return audit_view(ws, *snap.value(), audit_id, now);
}

Status check_audit_record(Workspace& ws, const std::string& kind, const d::FieldValues& fields,
                          bool creating) {
  if (kind != "audit_check" && kind != "audit_finding") return Status::Ok();
  const std::string& audit_id = d::field_text(fields, "audit");
  if (audit_id.empty()) return Status::Ok();  // a finding raised outside an audit
  auto audit = find_entry(ws, "audit", audit_id);
  if (!audit.ok()) return audit.status().with_context("field audit");
  const std::string& status = d::field_text(audit->fields, "status");
  if (creating && (status == "completed" || status == "cancelled"))
    return Status::InvalidInput("field audit: " + audit_id + " is " + status +
                                "; reopen it (status in-progress) to record more");
  const auto& criteria = d::field_list(audit->fields, "requirements");
  const auto& frameworks = d::field_list(audit->fields, "frameworks");
  if (kind == "audit_check") {
    const std::string& req = d::field_text(fields, "requirement");
    const bool in_scope = criteria.empty() ? contains(frameworks, req.substr(0, req.find(':')))
                                           : contains(criteria, req);
    if (!in_scope)
      return Status::InvalidInput("field requirement: " + req + " is not among the criteria of " +
                                  audit_id);
    return Status::Ok();
  }
  for (const std::string& req : d::field_list(fields, "requirements"))
    if (!contains(frameworks, req.substr(0, req.find(':'))))
      return Status::InvalidInput("field requirements: " + req + " is not in a standard " +
                                  audit_id + " covers");
  return Status::Ok();
}

Result<SavedEntry> record_audit_check(Workspace& ws, const std::string& audit_id,
                                      d::FieldValues fields, std::optional<d::Role> role,
                                      const store::Actor& actor) {
  CW_RETURN_IF_ERROR(find_entry(ws, "audit", audit_id).status());
  fields["audit"] = {audit_id};
  return save_entry(ws, {"audit_check", "", std::move(fields), std::nullopt, false, role}, actor);
}

Result<SavedEntry> raise_audit_finding(Workspace& ws, const std::string& audit_id,
                                       d::FieldValues fields, std::optional<d::Role> role,
                                       const store::Actor& actor) {
  CW_RETURN_IF_ERROR(find_entry(ws, "audit", audit_id).status());
  fields["audit"] = {audit_id};
  return save_entry(ws, {"audit_finding", "", std::move(fields), std::nullopt, false, role}, actor);
}

Result<std::vector<ActionView>> corrective_actions(Workspace& ws, d::Timestamp now) {
  auto entries = ws.store().register_entries("corrective_action");
  if (!entries.ok()) return entries.status();
  std::vector<ActionView> out;
  for (auto& e : entries.value()) {
    const d::ActionState state = d::corrective_action_state(e.fields, now);
    out.push_back({std::move(e), state});
  }
  return out;
}

Result<std::vector<FindingView>> audit_findings(Workspace& ws, d::Timestamp now) {
  auto findings = ws.store().register_entries("audit_finding");
  if (!findings.ok()) return findings.status();
  auto actions = corrective_actions(ws, now);
  if (!actions.ok()) return actions.status();
  return finding_views(findings.value(), actions.value());
}

Result<AuditAttention> audit_attention(Workspace& ws, d::Timestamp now) {
  AuditAttention out;
  auto actions = corrective_actions(ws, now);
  if (!actions.ok()) return actions.status();
  for (const ActionView& a : actions.value()) {
    if (a.state == d::ActionState::kOverdue) out.overdue.push_back(a);
    if (a.state == d::ActionState::kCompleted) out.awaiting_check.push_back(a);
    if (a.state == d::ActionState::kIneffective) out.ineffective.push_back(a);
  }
  auto findings = audit_findings(ws, now);
  if (!findings.ok()) return findings.status();
  for (const FindingView& f : findings.value())
    if (f.state == "needs action") out.without_action.push_back(f);
  return out;
}

json action_json(const ActionView& a) {
  json out = entry_json(a.entry);
  out["state"] = std::string(d::to_string(a.state));
  return out;
}

json finding_json(const FindingView& f) {
  json out = entry_json(f.entry);
  out["state"] = f.state;
  out["corrective_actions"] = f.actions;
  return out;
}

json audit_json(const AuditView& v) {
  json rows = json::array();
  for (const d::ChecklistRow& r : v.rows) {
    json controls = json::array();
    for (const d::SoaControl& c : r.controls)
      controls.push_back({{"id", c.id},
                          {"title", c.title},
                          {"owner", c.owner},
                          {"state", std::string(d::to_string(c.state))}});
    json evidence = json::array();
    for (const d::SampleCandidate& e : r.evidence)
      evidence.push_back({{"id", e.id},
                          {"control", e.control},
                          {"description", e.description},
                          {"collected_at", d::format_datetime(e.collected_at)},
                          {"review", std::string(d::to_string(e.review))}});
    json checks = json::array();
    for (const d::AuditRecord* c : r.checks) {
      json check = {{"id", c->id}};
      for (const char* f : {"result", "checked_by", "checked_on", "note"})
        check[f] = d::field_text(c->fields, f);
      check["evidence"] = d::field_list(c->fields, "evidence");
      check["controls"] = d::field_list(c->fields, "controls");
      checks.push_back(check);
    }
    json findings = json::array();
    for (const d::AuditRecord* f : r.findings) findings.push_back(f->id);
    rows.push_back({{"framework", r.framework},
                    {"ref", r.ref},
                    {"title", r.title},
                    {"annex_a", r.annex_a},
                    {"applicable", r.applicable},
                    {"justification", r.justification},
                    {"readiness", std::string(d::to_string(r.status))},
                    {"result", r.result},
                    {"controls", controls},
                    {"evidence", evidence},
                    {"checks", checks},
                    {"findings", findings}});
  }
  json findings = json::array();
  for (const FindingView& f : v.finding_views) findings.push_back(finding_json(f));
  json actions = json::array();
  for (const ActionView& a : v.actions) actions.push_back(action_json(a));
  const d::AuditSummary& s = v.summary;
  return {{"audit", entry_json(v.audit)},
          {"programme", v.programme_name},
          {"generated_at", d::format_datetime(v.generated_at)},
          {"summary",
           {{"requirements", s.requirements},
            {"checked", s.checked},
            {"conforming", s.conforming},
            {"nonconforming", s.nonconforming},
            {"not_verified", s.not_verified},
            {"major_nonconformities", s.major},
            {"minor_nonconformities", s.minor},
            {"observations", s.observations},
            {"opportunities_for_improvement", s.opportunities}}},
          {"checklist", rows},
          {"findings", findings},
          {"corrective_actions", actions}};
}

}  // namespace crosswalk::service
