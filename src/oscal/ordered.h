// JSON in the key order OSCAL documents are usually written in (ids and titles first, nested
// controls last), for exports people read and diff.
#pragma once

#include <nlohmann/json.hpp>

namespace crosswalk::oscal {

nlohmann::ordered_json ordered(const nlohmann::json& value);

}  // namespace crosswalk::oscal
