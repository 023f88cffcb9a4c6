// "How much of the target standard does our work for the source standard already cover?" once
// controls are adopted: a control linked to requirements of both standards is one piece of work
// that counts twice. (Before any control is adopted, projection.h answers through the crosswalk.)
#pragma once

#include <string>
#include <vector>

#include "domain/organization.h"
#include "domain/readiness.h"

namespace crosswalk::domain {

struct Overlap {
  int applicable = 0;  // applicable target requirements
  int met = 0;         // of those, met today
  // Met today with at least one operating control that also serves the source standard.
  int met_by_shared = 0;
  // Served (met or not) by at least one control that also serves the source standard.
  int touched_by_shared = 0;
  // Applicable target requirements that no shared control serves: work of their own.
  std::vector<std::string> own_work;

  double met_by_shared_percent() const {
    return applicable == 0 ? 0.0 : 100.0 * met_by_shared / applicable;
  }
};

Overlap overlap(const FrameworkAssessment& target, const std::string& source_framework,
                const Organization& org, const std::vector<ControlStatus>& controls);

}  // namespace crosswalk::domain
