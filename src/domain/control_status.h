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

}  // namespace crosswalk::domain
