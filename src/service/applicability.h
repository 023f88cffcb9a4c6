// The organization's decisions on single requirements: exclusion from the Statement of
// Applicability (Annex A only, with a justification), the reasons for including it and when it
// is next reviewed, and joint sufficiency of partial controls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/workspace.h"

namespace crosswalk::service {

struct DecisionInput {
  std::string framework;
  std::string ref;
  std::optional<bool> applicable;          // unset: keep
  std::string justification;               // required when excluding
  std::optional<bool> jointly_sufficient;  // unset: keep
  // Statement of Applicability (domain/soa.h); each unset: keep. Reasons: legal, contractual,
  // interested-parties, good-practice (an empty list clears them); review_by "YYYY-MM-DD" or "".
  std::optional<std::vector<std::string>> reasons;
  std::optional<std::string> reason_note;
  std::optional<std::string> review_by;
};

Result<domain::RequirementDecision> decide(Workspace& ws, const DecisionInput& in,
                                           const store::Actor& actor);

}  // namespace crosswalk::service
