// The organization's decisions on single requirements: exclusion from the Statement of
// Applicability (Annex A only, with a justification) and joint sufficiency of partial controls.
#pragma once

#include <optional>
#include <string>

#include "service/workspace.h"

namespace crosswalk::service {

struct DecisionInput {
  std::string framework;
  std::string ref;
  std::optional<bool> applicable;          // unset: keep
  std::string justification;               // required when excluding
  std::optional<bool> jointly_sufficient;  // unset: keep
};

Result<domain::RequirementDecision> decide(Workspace& ws, const DecisionInput& in,
                                           const store::Actor& actor);

}  // namespace crosswalk::service
