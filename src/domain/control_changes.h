// What changed between two moments: each control whose state differs, and whether time alone
// changed it (evidence expired, a check result went stale) or new facts did. Pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/control_status.h"

namespace crosswalk::domain {

enum class ChangeCause {
  kTime,   // the facts of `then`, seen at `now`, already give the new state
  kFacts,  // something was recorded since: evidence, a check result, an implementation change
};

struct ControlChange {
  std::size_t control = 0;           // index into the `after` organization's controls
  std::optional<ControlState> from;  // nullopt: the control did not exist `then`
  ControlState to = ControlState::kNotImplemented;
  std::string from_reason, to_reason;
  ChangeCause cause = ChangeCause::kFacts;
};

// The controls whose state at `now` under the facts `after` differs from their state at `then`
// under the facts `before` (controls matched by id), in the order of after.controls. Controls
// that no longer exist are left out.
std::vector<ControlChange> control_changes(const Organization& before, Timestamp then,
                                           const Organization& after, Timestamp now);

std::string_view to_string(ChangeCause cause);  // "time", "facts"

}  // namespace crosswalk::domain
