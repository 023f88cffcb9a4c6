#include "measure/binary_values.h"

#include <algorithm>
#include <cctype>

#include "common/short_equal.h"
#include "common/utf8.h"

namespace crosswalk::measure {
namespace {

bool equals_lower(std::string_view cell, std::string_view lower) {
  return cell.size() == lower.size() &&
         std::equal(cell.begin(), cell.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

std::string quoted(std::string_view cell) {
  return "'" + printable_excerpt(cell, 40) + "'";
}

}  // namespace

Result<bool> BinaryValues::read(std::string_view cell, int column, const std::string& name,
                                std::uint64_t row) {
  if (has_last_[column] && short_equal(cell, last_cell_[column])) return last_value_[column];
  auto where = [&] { return "column '" + name + "', row " + std::to_string(row) + ": "; };
  if (cell.empty()) return Status::InvalidInput(where() + "empty; every row needs a value");

  bool value = false;
  if (positive_) {
    if (short_equal(cell, *positive_)) {
      value = true;
      positive_seen_ = true;
    } else if (!has_other_[column]) {
      other_[column] = std::string(cell);
      has_other_[column] = true;
    } else if (!short_equal(cell, other_[column])) {
      return Status::InvalidInput(where() + "a third value " + quoted(cell) + " besides " +
                                  quoted(*positive_) + " and " + quoted(other_[column]) +
                                  "; the outcome must be binary");
    }
  } else {
    Family f;
    if (cell == "1" || cell == "1.0")
      f = Family::kNumber, value = true;
    else if (cell == "0" || cell == "0.0")
      f = Family::kZeroOne;
    else if (cell == "-1" || cell == "-1.0")
      f = Family::kMinusOneOne;
    else if (equals_lower(cell, "true") || equals_lower(cell, "false"))
      f = Family::kTrueFalse, value = equals_lower(cell, "true");
    else if (equals_lower(cell, "yes") || equals_lower(cell, "no"))
      f = Family::kYesNo, value = equals_lower(cell, "yes");
    else
      return Status::InvalidInput(where() + quoted(cell) +
                                  " is not a binary value (0/1, -1/1, true/false, yes/no); name "
                                  "the positive value if the outcome is written otherwise");
    auto numeric = [](Family x) {
      return x == Family::kNumber || x == Family::kZeroOne || x == Family::kMinusOneOne;
    };
    bool compatible =
        family_ == Family::kUnknown || family_ == f ||
        (numeric(family_) && numeric(f) && (family_ == Family::kNumber || f == Family::kNumber));
    if (!compatible)
      return Status::InvalidInput(where() + quoted(cell) + " mixes label encodings with " +
                                  quoted(family_cell_) + " (row " + std::to_string(family_row_) +
                                  "); use one encoding throughout");
    if (family_ == Family::kUnknown || (family_ == Family::kNumber && f != Family::kNumber)) {
      family_ = f;
      family_cell_ = std::string(cell);
      family_row_ = row;
    }
    if (value && seen_positive_.empty()) seen_positive_ = std::string(cell);
  }
  last_cell_[column] = std::string(cell);
  last_value_[column] = value;
  has_last_[column] = true;
  return value;
}

Status BinaryValues::finish(const std::string& prediction_name,
                            const std::string& label_name) const {
  if (positive_ && !positive_seen_)
    return Status::InvalidInput("the positive value " + quoted(*positive_) +
                                " occurs in neither column '" + prediction_name + "' nor '" +
                                label_name + "'");
  return Status::Ok();
}

std::string BinaryValues::positive() const {
  return positive_ ? *positive_ : seen_positive_;
}

}  // namespace crosswalk::measure
