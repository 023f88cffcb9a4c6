// Counts rows equal to an earlier row in bounded memory. Rows are reduced to 64-bit hashes and
// spread over 256 buckets by their top byte; a bucket's buffer (64 KiB) that fills is appended to
// one scratch file. At the end each bucket is read back alone, sorted and scanned: about 8 bytes
// per row pass through the page cache, and memory holds the buffers plus one bucket (n/256
// hashes). Two different rows share a hash with probability about n²/2⁶⁵ (3·10⁻⁶ at 10 million
// rows).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/temp_file.h"

namespace crosswalk::measure {

// A row's values joined by commas, with each value's length mixed in so that ("a,b","c") and
// ("a","b,c") differ. `scratch` holds the joined text when the values are not already adjacent
// in one buffer with single separators between them (as an unquoted row's are).
std::uint64_t row_hash(std::span<const std::string_view> fields, std::string& scratch);

class DuplicateRows {
 public:
  static constexpr std::size_t kBuckets = 256;
  static constexpr std::size_t kDefaultBlock = 8192;  // hashes per buffer: 64 KiB

  explicit DuplicateRows(std::string temp_dir, std::size_t block = kDefaultBlock);

  Status add(std::uint64_t hash);
  // Rows whose hash an earlier row had. Call once.
  Result<std::uint64_t> finish();
  std::uint64_t spilled_blocks() const { return spilled_; }

 private:
  Status spill(std::size_t bucket);
  std::string temp_dir_;
  std::size_t block_;
  std::array<std::vector<std::uint64_t>, kBuckets> buffers_;
  std::array<std::vector<std::uint64_t>, kBuckets> blocks_;  // file offsets of spilled blocks
  std::optional<TempFile> scratch_;
  std::uint64_t scratch_size_ = 0, spilled_ = 0;
};

}  // namespace crosswalk::measure
