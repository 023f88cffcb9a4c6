// Internal audits (clause 9.2) and corrective actions (10.2), derived from facts: the checklist
// an audit's criteria make (one row per requirement audited, with the organization's controls
// and evidence an auditor samples from, the checks recorded and the findings raised), and what
// state a finding and a corrective action are in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/readiness.h"
#include "domain/register.h"
#include "domain/soa.h"
#include "domain/time.h"

namespace crosswalk::domain {

// Evidence of a control an auditor may sample.
struct SampleCandidate {
  std::string id, control, description;
  Timestamp collected_at = 0;
  Review review = Review::kPending;
};

// An audit's checks and findings, as recorded (register entries' fields, with their ids).
struct AuditRecord {
  std::string id;
  FieldValues fields;
};

struct ChecklistRow {
  std::string framework, ref, title, guidance;
  bool annex_a = false;
  bool applicable = true;     // an excluded Annex A item: the auditor verifies the justification
  std::string justification;  // of the exclusion
  RequirementStatus status = RequirementStatus::kNotMet;  // readiness, as the organization claims
  std::vector<SoaControl> controls;
  std::vector<SampleCandidate> evidence;     // newest first, a few per control
  std::vector<const AuditRecord*> checks;    // newest first
  std::vector<const AuditRecord*> findings;  // raised against this requirement in this audit
  // "not checked", "conforming", "nonconforming", "not verified": the newest check's result.
  std::string result = "not checked";
};

struct AuditSummary {
  int requirements = 0, checked = 0, conforming = 0, nonconforming = 0, not_verified = 0;
  int major = 0, minor = 0, observations = 0, opportunities = 0;
};

// The requirements an audit covers: `criteria` (FRAMEWORK:REF) when given, otherwise every
// assessable requirement of `frameworks`, in catalog order. `candidates[i]` are the evidence
// items of org.controls[i]. Checks and findings must be the audit's own.
std::vector<ChecklistRow> audit_checklist(
    const std::vector<FrameworkAssessment>& assessed, const Organization& org,
    const std::vector<ControlStatus>& statuses, const std::vector<std::string>& frameworks,
    const std::vector<std::string>& criteria,
    const std::vector<std::vector<SampleCandidate>>& candidates,
    const std::vector<AuditRecord>& checks, const std::vector<AuditRecord>& findings);

AuditSummary summarize(const std::vector<ChecklistRow>& rows,
                       const std::vector<AuditRecord>& findings);

enum class ActionState {
  kOpen,         // not completed, not yet due
  kOverdue,      // not completed and past its due date
  kCompleted,    // done, waiting for its effectiveness check
  kIneffective,  // checked and found not to work: needs further action
  kClosed,
};
std::string_view to_string(ActionState s);
ActionState corrective_action_state(const FieldValues& action, Timestamp now);

// A nonconformity is "needs action" until a corrective action names it, "in progress" until
// every such action is closed, then "closed"; an observation or opportunity is "open" until it
// has a response, then "answered".
std::string finding_state(const FieldValues& finding, const std::vector<ActionState>& actions);

}  // namespace crosswalk::domain
