// The Statement of Applicability (ISO 27001 6.1.3 d; ISO 42001 6.1.3 e): one row per Annex A
// control of a framework, derived from facts like readiness. A row says whether the control
// applies and why (the risks treated by the organization's controls that implement it, and the
// reasons the organization declares), why not when excluded, how far it is implemented, by which
// controls, owned by whom, the latest evidence and when the row is next reviewed.
//
// An approval fixes the statement: applicability, reasons, justification and implementing
// controls (soa_statement). Implementation status and evidence stay live; a change to the
// statement after an approval makes the SoA a draft of the next version.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/readiness.h"
#include "domain/time.h"

namespace crosswalk::domain {

enum class InclusionReason {
  kRiskTreatment,
  kLegal,
  kContractual,
  kInterestedParties,
  kGoodPractice
};
std::string_view to_string(InclusionReason r);
// "legal", "contractual", "interested-parties", "good-practice" ("risk-treatment" is derived from
// the risk register, never declared).
std::optional<InclusionReason> parse_declared_reason(std::string_view s);
// Human wording for documents: "risk treatment", "legal or regulatory requirement", …
std::string_view describe(InclusionReason r);

struct SoaRisk {
  std::string id;  // "RISK-3"
  std::string title;
  std::string treatment;  // modify, retain, share, avoid
  std::string control;    // the organization's control that treats it
};

struct SoaControl {
  std::string id, title, owner;
  ControlState state = ControlState::kNotImplemented;
};

struct SoaRow {
  std::string framework, ref, title, theme;
  bool applicable = true;
  std::vector<InclusionReason> reasons;  // risk treatment first when a risk is treated
  std::vector<SoaRisk> risks;
  std::string reason_note;
  std::string justification;  // why it is excluded
  RequirementStatus status = RequirementStatus::kNotMet;
  std::string status_reason;
  std::vector<SoaControl> controls;
  std::optional<Timestamp> latest_evidence;  // newest evidence not rejected, of those controls
  std::string review_by;                     // "YYYY-MM-DD", or "" when not set
};

// "implemented" (met), "partly implemented", "not implemented", "excluded".
std::string_view implementation_label(const SoaRow& row);

// The rows of one framework's Annex A, in framework order. `risks` are the risks linked to
// the organization's controls (by SoaRisk::control).
std::vector<SoaRow> soa_rows(const FrameworkAssessment& fa, const Organization& org,
                             const std::vector<ControlStatus>& statuses,
                             const std::vector<SoaRisk>& risks);

// What an approval fixes, as canonical text (one line per row): equal texts, same statement.
std::string soa_statement(const std::vector<SoaRow>& rows);

// What stops an approval, one line per row at fault: an exclusion without justification (the
// decision refuses one, but a database may hold an older one). Empty when it may be approved.
std::vector<std::string> soa_blocking_problems(const std::vector<SoaRow>& rows);
// Applicable rows that give no reason for their inclusion (shown, not blocking).
std::vector<std::string> soa_rows_without_reason(const std::vector<SoaRow>& rows);

}  // namespace crosswalk::domain
