// Whether each control operates, and why (DESIGN.md "Status and readiness").
#pragma once

#include <string>
#include <vector>

#include "domain/organization.h"

namespace crosswalk::domain {

struct ControlStatus {
  ControlState state = ControlState::kNotImplemented;
  std::string reason;
};

// One status per control, in the order of org.controls. Linear in evidence and check results.
std::vector<ControlStatus> evaluate_controls(const Organization& org, Timestamp now);

// The first moment after `now` at which time alone changes some status (evidence expiring, a check
// result leaving its freshness window); nullopt if none. Until then, and while the facts are
// unchanged, a computed assessment stays exact.
std::optional<Timestamp> next_time_based_change(const Organization& org, Timestamp now);

}  // namespace crosswalk::domain
