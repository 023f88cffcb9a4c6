#include "domain/overlap.h"

namespace crosswalk::domain {

Overlap overlap(const FrameworkAssessment& target, const std::string& source_framework,
                const Organization& org, const std::vector<ControlStatus>& controls) {
  std::vector<bool> shared(org.controls.size(), false);
  for (std::size_t i = 0; i < org.controls.size(); ++i)
    for (const auto& l : org.controls[i].links)
      if (l.framework == source_framework) shared[i] = true;
  Overlap o;
  const auto& reqs = target.framework->requirements();
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const RequirementAssessment& a = target.requirements[i];
    if (!reqs[i].assessable || a.status == RequirementStatus::kNotApplicable) continue;
    ++o.applicable;
    bool touched = false, shared_operating = false;
    for (const auto& l : a.controls) {
      if (!shared[l.control]) continue;
      touched = true;
      shared_operating |= controls[l.control].state == ControlState::kOperating;
    }
    if (a.status == RequirementStatus::kMet) {
      ++o.met;
      if (shared_operating) ++o.met_by_shared;
    }
    if (touched)
      ++o.touched_by_shared;
    else
      o.own_work.push_back(reqs[i].ref);
  }
  return o;
}

}  // namespace crosswalk::domain
