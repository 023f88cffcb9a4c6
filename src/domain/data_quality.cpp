#include "domain/data_quality.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace crosswalk::domain {

std::optional<double> parse_number(std::string_view cell) {
  while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
  while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
  if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

const std::vector<std::string>& default_missing_markers() {
  // Evidently's defaults and the spellings pandas reads as missing.
  static const std::vector<std::string> markers = {"NA",   "N/A",  "NaN", "nan",
                                                   "null", "NULL", "None"};
  return markers;
}

ColumnQuality::ColumnQuality(std::string name, std::optional<ValueRange> range,
                             const std::vector<std::string>* missing_markers)
    : name_(std::move(name)), range_(range), missing_markers_(missing_markers) {}

namespace {

bool is_missing(std::string_view cell, const std::vector<std::string>& markers) {
  if (cell.empty()) return true;
  if (cell.size() > 4) return false;  // no marker is longer
  for (const std::string& m : markers)
    if (cell == m) return true;
  return false;
}

}  // namespace

ColumnQuality::Entry* ColumnQuality::find_or_add(std::string_view cell) {
  if (last_ < entries_.size() && entries_[last_].value == cell) return &entries_[last_];
  if (entries_.size() <= kScanLimit) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].value == cell) return &entries_[last_ = i];
  } else if (auto it = index_.find(cell); it != index_.end()) {
    return &entries_[last_ = it->second];
  }
  if (entries_.size() >= kDistinctCap) {
    capped_ = true;
    return nullptr;
  }
  entries_.push_back({std::string(cell), 0, parse_number(cell)});
  last_ = entries_.size() - 1;
  if (entries_.size() == kScanLimit + 1) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      index_.emplace(entries_[i].value, static_cast<std::uint32_t>(i));
  } else if (entries_.size() > kScanLimit + 1) {
    index_.emplace(entries_.back().value, static_cast<std::uint32_t>(last_));
  }
  return &entries_.back();
}

void ColumnQuality::add(std::string_view cell, std::uint64_t row) {
  ++rows_;
  if (is_missing(cell, missing_markers_ ? *missing_markers_ : default_missing_markers())) {
    ++missing_;
    return;
  }
  if (!capped_) {
    if (Entry* e = find_or_add(cell)) {
      ++e->count;
      return count_number(e->number, row);
    }
  }
  count_number(parse_number(cell), row);
}

void ColumnQuality::count_number(std::optional<double> v, std::uint64_t row) {
  if (!v) {
    if (non_numeric_++ == 0) first_non_numeric_row_ = row;
    return;
  }
  ++numeric_;
  if (numeric_ == 1) {
    min_ = max_ = *v;
  } else {
    min_ = std::min(min_, *v);
    max_ = std::max(max_, *v);
  }
  // Welford's update: stable for long columns.
  double delta = *v - mean_;
  mean_ += delta / static_cast<double>(numeric_);
  m2_ += delta * (*v - mean_);
  if (range_ && (*v < range_->min || *v > range_->max))
    if (out_of_range_++ == 0) first_out_of_range_row_ = row;
}

std::optional<double> ColumnQuality::min() const {
  return numeric_ ? std::optional<double>(min_) : std::nullopt;
}
std::optional<double> ColumnQuality::max() const {
  return numeric_ ? std::optional<double>(max_) : std::nullopt;
}
std::optional<double> ColumnQuality::mean() const {
  return numeric_ ? std::optional<double>(mean_) : std::nullopt;
}
std::optional<double> ColumnQuality::stddev() const {
  if (numeric_ < 2) return std::nullopt;
  return std::sqrt(m2_ / static_cast<double>(numeric_ - 1));
}

std::optional<std::pair<std::string, double>> ColumnQuality::top_value() const {
  if (capped_ || entries_.empty()) return std::nullopt;
  const Entry* top = nullptr;
  for (const Entry& e : entries_)
    if (!top || e.count > top->count || (e.count == top->count && e.value < top->value)) top = &e;
  return std::make_pair(top->value,
                        static_cast<double>(top->count) / static_cast<double>(rows_ - missing_));
}

namespace {

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", share * 100);
  return buf;
}

}  // namespace

QualityReport judge_quality(const std::vector<ColumnQuality>& columns, std::uint64_t rows,
                            std::uint64_t duplicate_rows, std::uint64_t empty_rows,
                            const QualityPolicy& policy) {
  QualityReport r;
  r.rows = rows;
  r.duplicate_rows = duplicate_rows;
  r.empty_rows = empty_rows;
  auto fail = [&](std::string line) {
    r.verdict = Verdict::kFail;
    r.findings.push_back(std::move(line));
  };
  if (rows == 0) {
    r.verdict = Verdict::kInconclusive;
    r.findings.push_back("the table has no rows");
    return r;
  }
  const double n = static_cast<double>(rows);
  if (double share = static_cast<double>(duplicate_rows) / n; share > policy.max_duplicate_rate)
    fail(std::to_string(duplicate_rows) + " duplicate rows (" + percent(share) + " > " +
         percent(policy.max_duplicate_rate) + ")");
  for (const ColumnQuality& c : columns) {
    if (double share = static_cast<double>(c.missing()) / n; share > policy.max_missing_rate)
      fail("column '" + c.name() + "': " + std::to_string(c.missing()) + " missing (" +
           percent(share) + " > " + percent(policy.max_missing_rate) + ")");
    if (!c.range()) continue;
    if (c.out_of_range() > policy.max_out_of_range)
      fail("column '" + c.name() + "': " + std::to_string(c.out_of_range()) +
           " values outside the declared range, the first in row " +
           std::to_string(c.first_out_of_range_row()));
    if (c.non_numeric() > policy.max_non_numeric_in_ranged)
      fail("column '" + c.name() + "': " + std::to_string(c.non_numeric()) +
           " non-numeric values in a column with a numeric range, the first in row " +
           std::to_string(c.first_non_numeric_row()));
  }
  return r;
}

}  // namespace crosswalk::domain
