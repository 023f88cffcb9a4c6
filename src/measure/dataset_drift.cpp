#include "measure/dataset_drift.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "domain/data_quality.h"
#include "measure/csv_reader.h"

namespace crosswalk::measure {

namespace d = crosswalk::domain;

namespace {

// One column of one file, read both ways until one way fails.
struct Sample {
  bool numeric = true, categorical = true;
  std::vector<double> numbers;
  std::map<std::string, std::uint64_t> counts;
  std::uint64_t missing = 0;

  void add(std::string_view cell, const d::MissingMarkers& markers, bool force_categories) {
    if (markers.matches(cell)) {
      ++missing;
      return;
    }
    if (numeric && !force_categories) {
      if (auto v = d::parse_number(cell))
        numbers.push_back(*v);
      else
        numeric = false, numbers = {};
    } else {
      numeric = false;
    }
    if (categorical) {
      auto it = counts.find(std::string(cell));
      if (it != counts.end())
        ++it->second;
      else if (counts.size() < kMaxCategories)
        counts.emplace(std::string(cell), 1);
      else
        categorical = false, counts = {};
    }
  }
};

Result<InputFile> read_columns(const std::string& path, const std::vector<std::string>& wanted,
                               std::vector<std::string>& header_out,
                               std::map<std::string, Sample>& samples,
                               const d::MissingMarkers& markers,
                               const std::vector<std::string>& categorical) {
  std::vector<std::pair<std::size_t, Sample*>> read;
  std::vector<bool> force;
  auto on_header = [&](const std::vector<std::string>& header) -> Status {
    header_out = header;
    for (const std::string& name : wanted) {
      auto at = column_index(header, name, "compared");
      if (!at.ok()) return at.status();
    }
    return Status::Ok();
  };
  bool bound = false;
  auto on_row = [&](const CsvRow& row) -> Status {
    const auto& f = row.fields;
    if (!bound) {
      for (std::size_t i = 0; i < header_out.size(); ++i)
        if (std::find(wanted.begin(), wanted.end(), header_out[i]) != wanted.end()) {
          read.emplace_back(i, &samples[header_out[i]]);
          force.push_back(std::find(categorical.begin(), categorical.end(), header_out[i]) !=
                          categorical.end());
        }
      bound = true;
    }
    for (std::size_t k = 0; k < read.size(); ++k)
      read[k].second->add(f[read[k].first], markers, force[k]);
    return Status::Ok();
  };
  auto summary = read_csv(path, on_header, on_row);
  if (!summary.ok()) return summary.status();
  if (summary->rows == 0) return Status::InvalidInput(path + ": the file has a header but no rows");
  return InputFile{path, summary->sha256, summary->bytes, summary->rows};
}

std::string format(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

Result<DatasetDrift> measure_drift(const std::string& reference_path,
                                   const std::string& current_path, const DriftSpec& spec,
                                   const d::DriftOptions& options,
                                   const d::DriftThresholds& thresholds) {
  if (!(spec.drift_share > 0 && spec.drift_share <= 1))
    return Status::InvalidInput("the drift share must be in (0, 1]");
  const d::MissingMarkers markers(spec.extra_missing_markers);

  DatasetDrift out;
  std::vector<std::string> ref_header, cur_header;
  std::map<std::string, Sample> ref_samples, cur_samples;
  const bool take_all = spec.columns.empty();
  std::vector<std::string> wanted = spec.columns;
  if (take_all) {
    // Both headers first, to compare the columns they share.
    auto rh = read_csv_header(reference_path);
    if (!rh.ok()) return rh.status();
    auto ch = read_csv_header(current_path);
    if (!ch.ok()) return ch.status();
    ref_header = rh.value();
    cur_header = ch.value();
    for (const std::string& c : ref_header)
      if (std::find(cur_header.begin(), cur_header.end(), c) != cur_header.end())
        wanted.push_back(c);
      else
        out.only_in_reference.push_back(c);
    for (const std::string& c : cur_header)
      if (std::find(ref_header.begin(), ref_header.end(), c) == ref_header.end())
        out.only_in_current.push_back(c);
    if (wanted.empty())
      return Status::InvalidInput("the reference and current files share no column");
  }
  auto ref =
      read_columns(reference_path, wanted, ref_header, ref_samples, markers, spec.categorical);
  if (!ref.ok()) return ref.status();
  auto cur = read_columns(current_path, wanted, cur_header, cur_samples, markers, spec.categorical);
  if (!cur.ok()) return cur.status();
  out.reference = ref.value();
  out.current = cur.value();

  std::size_t compared = 0, drifted = 0;
  bool major = false, inconclusive = false;
  for (const std::string& name : wanted) {
    Sample& r = ref_samples[name];
    Sample& c = cur_samples[name];
    ColumnDrift col;
    col.column = name;
    col.reference_missing = r.missing;
    col.current_missing = c.missing;
    const bool forced =
        std::find(spec.categorical.begin(), spec.categorical.end(), name) != spec.categorical.end();
    if (r.counts.empty() && r.numbers.empty()) {
      col.skipped_reason = "every reference value is missing";
    } else if (c.counts.empty() && c.numbers.empty()) {
      col.skipped_reason = "every current value is missing";
    } else if (!forced && r.numeric && c.numeric) {
      col.numeric = true;
      auto n = d::numeric_drift(r.numbers, c.numbers, options);
      if (!n.ok()) return n.status().with_context("column '" + name + "'");
      auto v = d::classify_drift(n.value(), thresholds);
      if (!v.ok()) return v.status();
      col.numbers = std::move(n.value());
      col.verdict = v.value();
    } else if (r.categorical && c.categorical) {
      auto k = d::categorical_drift(r.counts, c.counts, options);
      if (!k.ok()) return k.status().with_context("column '" + name + "'");
      auto v = d::classify_drift(k.value(), thresholds);
      if (!v.ok()) return v.status();
      col.categories = std::move(k.value());
      col.verdict = v.value();
    } else {
      col.skipped_reason = "neither numeric in both files nor categorical (more than " +
                           std::to_string(kMaxCategories) + " distinct values)";
    }
    r = {};
    c = {};
    if (!col.verdict) {
      inconclusive = inconclusive || col.skipped_reason.find("missing") != std::string::npos;
      out.findings.push_back("column '" + name + "' not compared: " + col.skipped_reason);
    } else {
      ++compared;
      if (col.verdict->level != d::DriftLevel::kNone) {
        ++drifted;
        major = major || col.verdict->level == d::DriftLevel::kMajor;
        const double psi = col.numbers ? col.numbers->psi : col.categories->psi;
        const double js = col.numbers ? col.numbers->js_distance : col.categories->js_distance;
        out.findings.push_back("column '" + name +
                               "': " + std::string(d::to_string(col.verdict->level)) +
                               " drift (PSI " + format(psi) + ", JS " + format(js) + ")");
      }
    }
    out.columns.push_back(std::move(col));
  }
  for (const std::string& c : out.only_in_reference)
    out.findings.push_back("column '" + c + "' is missing from the current data");
  for (const std::string& c : out.only_in_current)
    out.findings.push_back("column '" + c + "' is new in the current data");
  out.drifted_share = compared ? static_cast<double>(drifted) / static_cast<double>(compared) : 0.0;
  if (compared == 0 || inconclusive) out.verdict = d::Verdict::kInconclusive;
  if (major || (compared > 0 && out.drifted_share >= spec.drift_share) ||
      !out.only_in_reference.empty())
    out.verdict = d::Verdict::kFail;
  return out;
}

}  // namespace crosswalk::measure
