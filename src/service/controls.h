// Adopting control templates and recording how far each control is implemented.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/workspace.h"

namespace crosswalk::service {

// Adopts the named templates, or all of them; unknown ids fail before anything is written.
Result<std::vector<std::string>> adopt_templates(Workspace& ws, const std::vector<std::string>& ids,
                                                 bool all, const store::Actor& actor);

// A control the organization writes itself. Ids: 1–32 of A-Z 0-9 . _ -, starting with a letter
// or digit; title 1–200 characters; description up to 4,000; each link names a requirement of a
// framework in the catalog, once. Bad input fails before anything is written.
Status create_control(Workspace& ws, const store::ControlDefinition& def,
                      const store::Actor& actor);
// Rewrites a control's title, description and links (templates' copies too: the template stays
// as it was); Conflict when `expected_version` is stale.
Status define_control(Workspace& ws, const store::ControlDefinition& def,
                      std::optional<std::int64_t> expected_version, const store::Actor& actor);

// Owner: a person or team, up to 128 characters, no line breaks; "" clears it.
Status set_control_owner(Workspace& ws, const std::string& control_id, const std::string& owner,
                         std::optional<std::int64_t> expected_version, const store::Actor& actor);

Status set_control_status(Workspace& ws, const std::string& control_id, const std::string& status,
                          std::optional<std::int64_t> expected_version, const store::Actor& actor);

}  // namespace crosswalk::service
