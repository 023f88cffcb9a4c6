#include "domain/data_quality.h"

#include <algorithm>
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

MissingMarkers::MissingMarkers(const std::vector<std::string>& extra)
    : list_(default_missing_markers()) {
  list_.insert(list_.end(), extra.begin(), extra.end());
  for (const std::string& m : list_) {
    if (m.empty()) continue;
    longest_ = std::max(longest_, m.size());
    first_[static_cast<unsigned char>(m[0])] = true;
  }
}

ColumnQuality::ColumnQuality(std::string name, std::optional<ValueRange> range,
                             const MissingMarkers* missing)
    : name_(std::move(name)), range_(range), markers_(missing) {}

ColumnQuality::Entry* ColumnQuality::find_or_add(std::string_view cell) {
  if (cell.size() <= 8 && entries_.size() <= kScanLimit) {
    if (std::size_t i = scanned_.find(cell); i != ShortValues::kNotFound) return &entries_[i];
  } else if (last_ < entries_.size() && short_equal(entries_[last_].value, cell)) {
    return &entries_[last_];
  } else if (entries_.size() <= kScanLimit) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (short_equal(entries_[i].value, cell)) return &entries_[last_ = i];
  } else if (auto it = index_.find(cell); it != index_.end()) {
    return &entries_[last_ = it->second];
  }
  if (entries_.size() >= kDistinctCap) {
    capped_ = true;
    return nullptr;
  }
  Entry e{std::string(cell), 0, parse_number(cell), false};
  e.out_of_range = range_ && e.number && (*e.number < range_->min || *e.number > range_->max);
  entries_.push_back(std::move(e));
  last_ = entries_.size() - 1;
  if (entries_.size() <= kScanLimit) scanned_.push_back(cell);
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
  static const MissingMarkers defaults;
  if ((markers_ ? *markers_ : defaults).matches(cell)) {
    ++missing_;
    return;
  }
  if (!capped_) {
    if (Entry* e = find_or_add(cell)) {
      // A known value: its number was judged once; the statistics come from the counts.
      ++e->count;
      if (!e->number) return count_non_numeric(cell, row);
      ++numeric_;
      if (e->out_of_range && out_of_range_++ == 0) first_out_of_range_row_ = row;
      return;
    }
  }
  std::optional<double> v = parse_number(cell);
  if (!v) return count_non_numeric(cell, row);
  ++numeric_;
  ++uncounted_.n;
  if (uncounted_.n == 1) {
    uncounted_.min = uncounted_.max = *v;
  } else {
    uncounted_.min = std::min(uncounted_.min, *v);
    uncounted_.max = std::max(uncounted_.max, *v);
  }
  // Welford's update: stable for long columns.
  const double delta = *v - uncounted_.mean;
  uncounted_.mean += delta / static_cast<double>(uncounted_.n);
  uncounted_.m2 += delta * (*v - uncounted_.mean);
  if (range_ && (*v < range_->min || *v > range_->max))
    if (out_of_range_++ == 0) first_out_of_range_row_ = row;
}

void ColumnQuality::count_non_numeric(std::string_view cell, std::uint64_t row) {
  if (non_numeric_++ == 0) {
    first_non_numeric_row_ = row;
    first_non_numeric_value_ = std::string(cell.substr(0, 200));
  }
}

ColumnQuality::Moments ColumnQuality::moments() const {
  // The distinct values with their counts (two passes: mean, then squared deviations), merged
  // with the values counted one by one after the cap (Chan et al.'s pairwise update).
  Moments a;
  double sum = 0;
  for (const Entry& e : entries_) {
    if (!e.number || e.count == 0) continue;
    const double v = *e.number;
    if (a.n == 0) a.min = a.max = v;
    a.min = std::min(a.min, v);
    a.max = std::max(a.max, v);
    a.n += e.count;
    sum += v * static_cast<double>(e.count);
  }
  if (a.n) a.mean = sum / static_cast<double>(a.n);
  for (const Entry& e : entries_)
    if (e.number && e.count)
      a.m2 += static_cast<double>(e.count) * (*e.number - a.mean) * (*e.number - a.mean);
  const Moments& b = uncounted_;
  if (b.n == 0) return a;
  if (a.n == 0) return b;
  Moments m;
  m.n = a.n + b.n;
  const double delta = b.mean - a.mean;
  const double na = static_cast<double>(a.n), nb = static_cast<double>(b.n);
  m.mean = a.mean + delta * nb / static_cast<double>(m.n);
  m.m2 = a.m2 + b.m2 + delta * delta * na * nb / static_cast<double>(m.n);
  m.min = std::min(a.min, b.min);
  m.max = std::max(a.max, b.max);
  return m;
}

std::optional<double> ColumnQuality::min() const {
  if (!numeric_) return std::nullopt;
  return moments().min;
}
std::optional<double> ColumnQuality::max() const {
  if (!numeric_) return std::nullopt;
  return moments().max;
}
std::optional<double> ColumnQuality::mean() const {
  if (!numeric_) return std::nullopt;
  return moments().mean;
}
std::optional<double> ColumnQuality::stddev() const {
  if (numeric_ < 2) return std::nullopt;
  return std::sqrt(moments().m2 / static_cast<double>(numeric_ - 1));
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
