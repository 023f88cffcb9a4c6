// Reads the prediction and label cells of a log as positive or not, and refuses what is not a
// binary outcome or mixes encodings (0/1 with -1/1, numbers with true/false).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace crosswalk::measure {

class BinaryValues {
 public:
  // With `positive`, a cell equal to it is positive and each column may hold one other value.
  explicit BinaryValues(std::optional<std::string> positive) : positive_(std::move(positive)) {}

  // `column` is 0 for the prediction and 1 for the label; `name` is used in errors.
  Result<bool> read(std::string_view cell, int column, const std::string& name, std::uint64_t row);

  // After the last row: InvalidInput when an explicit positive value never occurred.
  Status finish(const std::string& prediction_name, const std::string& label_name) const;
  // The positive value as the file writes it ("1", "true", …), once one was seen.
  std::string positive() const;

 private:
  enum class Family { kUnknown, kNumber, kZeroOne, kMinusOneOne, kTrueFalse, kYesNo };
  std::optional<std::string> positive_;
  bool positive_seen_ = false;
  std::string other_[2];
  bool has_other_[2] = {false, false};
  Family family_ = Family::kUnknown;
  std::string family_cell_;  // the cell that fixed the family, for the mixed-encoding message
  std::uint64_t family_row_ = 0;
  std::string seen_positive_;
  std::string last_cell_[2];
  bool last_value_[2] = {false, false};
  bool has_last_[2] = {false, false};
};

}  // namespace crosswalk::measure
