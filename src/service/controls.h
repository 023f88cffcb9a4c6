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

// Owner: a person or team, up to 128 characters, no line breaks; "" clears it.
Status set_control_owner(Workspace& ws, const std::string& control_id, const std::string& owner,
                         std::optional<std::int64_t> expected_version, const store::Actor& actor);

Status set_control_status(Workspace& ws, const std::string& control_id, const std::string& status,
                          std::optional<std::int64_t> expected_version, const store::Actor& actor);

}  // namespace crosswalk::service
