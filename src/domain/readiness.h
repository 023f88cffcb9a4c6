// Requirement status and framework readiness, derived from an organization's facts.
#pragma once

#include <string>
#include <vector>

#include "domain/control_status.h"
#include "domain/framework.h"
#include "domain/organization.h"

namespace crosswalk::domain {

struct LinkedControl {
  std::size_t control = 0;  // index into Organization::controls
  Coverage coverage = Coverage::kFull;
};

struct RequirementAssessment {
  RequirementStatus status = RequirementStatus::kNotMet;
  std::string reason;
  std::vector<LinkedControl> controls;
};

struct Tally {
  int met = 0;
  int partly_met = 0;
  int not_met = 0;
  int not_applicable = 0;

  void add(RequirementStatus s);
  int applicable() const { return met + partly_met + not_met; }
  // met / applicable, 0..100; partly met is never counted as met.
  double percent() const;
};

struct GroupTally {
  std::string group;
  Tally tally;
};

struct FrameworkAssessment {
  const Framework* framework = nullptr;
  std::vector<RequirementAssessment> requirements;  // parallel to framework->requirements()
  Tally total;                                      // assessable requirements only
  std::vector<GroupTally> by_group;                 // in the order of framework->groups
};

struct Assessment {
  std::vector<ControlStatus> controls;  // parallel to Organization::controls
  std::vector<FrameworkAssessment> frameworks;
};

// Recomputes everything from facts. `frameworks` must outlive the result.
Assessment assess(const std::vector<Framework>& frameworks, const Organization& org, Timestamp now);

}  // namespace crosswalk::domain
