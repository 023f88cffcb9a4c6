#include "domain/control_changes.h"

#include <unordered_map>

namespace crosswalk::domain {

std::vector<ControlChange> control_changes(const Organization& before, Timestamp then,
                                           const Organization& after, Timestamp now) {
  const std::vector<ControlStatus> was = evaluate_controls(before, then);
  const std::vector<ControlStatus> aged = evaluate_controls(before, now);  // old facts, new time
  const std::vector<ControlStatus> is = evaluate_controls(after, now);
  std::unordered_map<std::string, std::size_t> old_index;
  for (std::size_t i = 0; i < before.controls.size(); ++i)
    old_index.emplace(before.controls[i].id, i);
  std::vector<ControlChange> out;
  for (std::size_t i = 0; i < after.controls.size(); ++i) {
    auto it = old_index.find(after.controls[i].id);
    if (it == old_index.end()) {
      out.push_back({i, std::nullopt, is[i].state, "", is[i].reason, ChangeCause::kFacts});
      continue;
    }
    const ControlStatus& old = was[it->second];
    if (old.state == is[i].state) continue;
    const ChangeCause cause =
        aged[it->second].state == is[i].state ? ChangeCause::kTime : ChangeCause::kFacts;
    out.push_back({i, old.state, is[i].state, old.reason, is[i].reason, cause});
  }
  return out;
}

std::string_view to_string(ChangeCause cause) {
  return cause == ChangeCause::kTime ? "time" : "facts";
}

}  // namespace crosswalk::domain
