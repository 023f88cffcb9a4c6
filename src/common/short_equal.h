// Equality of short strings (cells of a CSV row, group names) without a call into libc's memcmp,
// whose call overhead dominates for the one- to ten-byte strings compared per row.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace crosswalk {

inline bool short_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A string of at most 8 bytes as a number, without a loop: with its size, it is the string
// (two 4-byte loads that overlap cover 4 to 8 bytes; bytes 0, n/2 and n-1 cover 1 to 3). Comparing
// keys avoids the byte loop of short_equal, whose exit the branch predictor misses when cells of
// different lengths alternate.
inline std::uint64_t short_key(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    return (std::uint64_t{a} << 32) | b;
  }
  if (n == 0) return 0;
  return (std::uint64_t{static_cast<unsigned char>(p[0])} << 16) |
         (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
         static_cast<unsigned char>(p[n - 1]);
}

// Finds a cell among a few short values (a column's categories, an attribute's groups) by their
// keys, scanning all of them without an early exit: the scan's length is the same row after
// row, whereas the exit of a searching loop depends on which value the row holds, which the
// predictor cannot guess when values alternate at random.
class ShortValues {
 public:
  static constexpr std::size_t kNotFound = ~std::size_t{0};
  // Values of more than 8 bytes are held as unfindable: look for those by other means.
  void push_back(std::string_view value) {
    keys_.push_back(value.size() <= 8 ? short_key(value) : 0);
    sizes_.push_back(value.size() <= 8 ? value.size() : kNotFound);
  }
  std::size_t size() const { return keys_.size(); }
  // The index of `cell` (at most 8 bytes), or kNotFound.
  std::size_t find(std::string_view cell) const {
    const std::uint64_t key = short_key(cell);
    std::size_t found = kNotFound;
    for (std::size_t i = 0; i < keys_.size(); ++i)
      found = keys_[i] == key && sizes_[i] == cell.size() ? i : found;
    return found;
  }

 private:
  std::vector<std::uint64_t> keys_;
  std::vector<std::size_t> sizes_;
};

}  // namespace crosswalk
