// Counts rows equal to an earlier row in bounded memory: rows are reduced to 64-bit hashes, kept
// in memory up to a run size, then sorted runs spill to scratch files and are merged at the end.
// Two different rows share a hash with probability about n²/2⁶⁵ (3·10⁻⁶ at 10 million rows).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/temp_file.h"

namespace crosswalk::measure {

std::uint64_t row_hash(std::span<const std::string_view> fields);

class DuplicateRows {
 public:
  static constexpr std::size_t kDefaultRunSize = std::size_t{1} << 22;  // 32 MiB of hashes

  explicit DuplicateRows(std::string temp_dir, std::size_t run_size = kDefaultRunSize);

  Status add(std::uint64_t hash);
  // Rows whose hash an earlier row had. Call once.
  Result<std::uint64_t> finish();
  std::size_t spilled_runs() const { return runs_.size(); }

 private:
  Status spill();
  std::string temp_dir_;
  std::size_t run_size_;
  std::vector<std::uint64_t> pending_;
  std::vector<TempFile> runs_;
};

}  // namespace crosswalk::measure
