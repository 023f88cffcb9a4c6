// Data-quality statistics of a table, column by column, in one pass and constant memory
// (docs/measurements.md): missing cells, numeric summary, values outside a declared range,
// distinct values (counted exactly up to a cap), plus the table's duplicate and empty rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/short_equal.h"
#include "common/status.h"
#include "domain/fairness.h"

namespace crosswalk::domain {

struct ValueRange {
  double min = 0, max = 0;  // inclusive on both ends
};

// A cell that is a finite number as a whole (surrounding spaces and a leading '+' allowed).
std::optional<double> parse_number(std::string_view cell);

// A cell counts as missing when it is empty or one of these (compared exactly).
const std::vector<std::string>& default_missing_markers();

// The defaults and the user's extra markers, with a quick test for the cells of every row.
class MissingMarkers {
 public:
  explicit MissingMarkers(const std::vector<std::string>& extra = {});
  bool matches(std::string_view cell) const {
    if (cell.empty()) return true;
    if (cell.size() > longest_ || !first_[static_cast<unsigned char>(cell[0])]) return false;
    for (const std::string& m : list_)
      if (short_equal(cell, m)) return true;
    return false;
  }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::vector<std::string> list_;
  std::size_t longest_ = 0;
  bool first_[256] = {};
};

class ColumnQuality {
 public:
  static constexpr std::size_t kDistinctCap = 100'000;

  // `missing` must outlive the column.
  ColumnQuality(std::string name, std::optional<ValueRange> range, const MissingMarkers* missing);

  // `row` is the 1-based data row, kept to point at the first problem of each kind.
  void add(std::string_view cell, std::uint64_t row);

  const std::string& name() const { return name_; }
  std::uint64_t rows() const { return rows_; }
  std::uint64_t missing() const { return missing_; }
  std::uint64_t numeric() const { return numeric_; }
  std::uint64_t non_numeric() const { return non_numeric_; }
  std::uint64_t first_non_numeric_row() const { return first_non_numeric_row_; }
  const std::string& first_non_numeric_value() const { return first_non_numeric_value_; }
  const std::optional<ValueRange>& range() const { return range_; }
  std::uint64_t out_of_range() const { return out_of_range_; }
  std::uint64_t first_out_of_range_row() const { return first_out_of_range_row_; }
  // Over the numeric cells; unset when there is none. Standard deviation with n − 1.
  std::optional<double> min() const, max() const, mean() const, stddev() const;
  // Exact while below kDistinctCap; `distinct_capped` says the true count is higher.
  std::uint64_t distinct() const { return entries_.size(); }
  bool distinct_capped() const { return capped_; }
  // The most frequent value and its share of the non-missing cells (unset once capped).
  std::optional<std::pair<std::string, double>> top_value() const;

 private:
  std::string name_;
  std::optional<ValueRange> range_;
  const MissingMarkers* markers_;
  std::uint64_t rows_ = 0, missing_ = 0, numeric_ = 0, non_numeric_ = 0, out_of_range_ = 0;
  std::uint64_t first_non_numeric_row_ = 0, first_out_of_range_row_ = 0;
  std::string first_non_numeric_value_;
  struct Moments {
    std::uint64_t n = 0;
    double min = 0, max = 0, mean = 0, m2 = 0;
  };
  Moments moments() const;
  Moments uncounted_;  // the numbers not kept as distinct values (past the cap)
  // One distinct value: how often it occurs, and its number if it is one (parsed once).
  struct Entry {
    std::string value;
    std::uint64_t count = 0;
    std::optional<double> number;
    bool out_of_range = false;
  };
  // The entry of `cell`, added if new; nullptr once the cap is reached.
  Entry* find_or_add(std::string_view cell);
  void count_non_numeric(std::string_view cell, std::uint64_t row);

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Few distinct values are found by a scan; past kScanLimit through the index.
  static constexpr std::size_t kScanLimit = 8;
  std::vector<Entry> entries_;
  ShortValues scanned_;  // the entries while there are at most kScanLimit
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> index_;
  std::size_t last_ = 0;
  bool capped_ = false;
};

struct QualityPolicy {
  double max_missing_rate = 0.05;    // per column
  double max_duplicate_rate = 0.01;  // duplicate rows / rows
  std::uint64_t max_out_of_range = 0;
  std::uint64_t max_non_numeric_in_ranged = 0;  // non-numeric cells in a column with a range
};

struct QualityReport {
  std::uint64_t rows = 0, duplicate_rows = 0, empty_rows = 0;
  Verdict verdict = Verdict::kPass;
  std::vector<std::string> findings;  // one line per limit exceeded
};

// Judges the columns and table counts against the policy.
QualityReport judge_quality(const std::vector<ColumnQuality>& columns, std::uint64_t rows,
                            std::uint64_t duplicate_rows, std::uint64_t empty_rows,
                            const QualityPolicy& policy);

}  // namespace crosswalk::domain
