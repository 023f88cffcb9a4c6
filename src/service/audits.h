// Internal audits (docs/audits.md): one audit with its checklist, the checks and findings
// recorded in it and the corrective actions they opened; recording a check or raising a finding
// in an audit (what auditors may do); every corrective action with its state, for the dashboard.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/audit.h"
#include "service/registers.h"
#include "service/snapshot.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct ActionView {
  store::RegisterEntry entry;
  domain::ActionState state = domain::ActionState::kOpen;
};

struct FindingView {
  store::RegisterEntry entry;
  std::string state;                 // domain::finding_state
  std::vector<std::string> actions;  // ids of the corrective actions naming it
};

struct AuditView {
  store::RegisterEntry audit;
  std::string programme_name;
  std::vector<domain::AuditRecord> checks, findings;  // the rows point into these
  std::vector<domain::ChecklistRow> rows;
  domain::AuditSummary summary;
  std::vector<FindingView> finding_views;  // parallel to findings
  std::vector<ActionView> actions;         // naming one of this audit's findings
  domain::Timestamp generated_at = 0;
};

// NotFound for an unknown audit. The rows come from `s` (the server passes its cached
// assessment); the audit's records are read from the store; actions are due as of `now`.
Result<AuditView> audit_view(Workspace& ws, const Snapshot& s, const std::string& audit_id,
                             domain::Timestamp now);
Result<AuditView> audit_view(Workspace& ws, const std::string& audit_id, domain::Timestamp now);

// The rules an audit sets for its checks and findings, checked on every save of either kind
// (save_entry calls it): nothing new in a completed or cancelled audit; a check's requirement
// among the audit's criteria; a finding's requirements in the standards audited.
Status check_audit_record(Workspace& ws, const std::string& kind, const domain::FieldValues& fields,
                          bool creating);

// Records a checklist result (fields of an audit_check, without "audit") or raises a finding
// (fields of an audit_finding, without "audit") in the audit. `role` as in SaveEntry.
Result<SavedEntry> record_audit_check(Workspace& ws, const std::string& audit_id,
                                      domain::FieldValues fields, std::optional<domain::Role> role,
                                      const store::Actor& actor);
Result<SavedEntry> raise_audit_finding(Workspace& ws, const std::string& audit_id,
                                       domain::FieldValues fields, std::optional<domain::Role> role,
                                       const store::Actor& actor);

// Every corrective action with its state, by id.
Result<std::vector<ActionView>> corrective_actions(Workspace& ws, domain::Timestamp now);
// Every finding with its state and the actions naming it, by id.
Result<std::vector<FindingView>> audit_findings(Workspace& ws, domain::Timestamp now);

// What the dashboard shows: corrective actions past their due date, actions waiting for an
// effectiveness check or found not effective, and nonconformities no action names yet.
struct AuditAttention {
  std::vector<ActionView> overdue, awaiting_check, ineffective;
  std::vector<FindingView> without_action;
};
Result<AuditAttention> audit_attention(Workspace& ws, domain::Timestamp now);

nlohmann::ordered_json audit_json(const AuditView& view);
nlohmann::ordered_json action_json(const ActionView& a);
nlohmann::ordered_json finding_json(const FindingView& f);

}  // namespace crosswalk::service
