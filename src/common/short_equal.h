// Equality of short strings (cells of a CSV row, group names) without a call into libc's memcmp,
// whose call overhead dominates for the one- to ten-byte strings compared per row.
#pragma once

#include <string_view>

namespace crosswalk {

inline bool short_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace crosswalk
