// Small encodings of values into columns, shared by the store's tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crosswalk::store::sql {

// `prefix` and 12 random hex digits ("EV-3fa9…"): unique without coordination between processes.
std::string random_id(std::string_view prefix);

// " TEC-08 TEC-09 ": ids with a space on both sides, so that one is found with LIKE '% TEC-08 %'.
std::string space_joined(const std::vector<std::string>& ids);
// The ids of a space_joined column (any run of spaces separates them).
std::vector<std::string> space_split(const std::string& s);

}  // namespace crosswalk::store::sql
