#include "measure/table_measures.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <memory>

#include "common/utf8.h"
#include "measure/binary_values.h"
#include "measure/csv_reader.h"
#include "measure/duplicate_rows.h"

namespace crosswalk::measure {
namespace {

Status cell_error(const std::string& column, std::uint64_t row, const std::string& why) {
  return Status::InvalidInput("column '" + column + "', row " + std::to_string(row) + ": " + why);
}

// The data-quality side shared by both measurements: one ColumnQuality per column, plus the
// table's duplicate and empty rows.
class QualityPass {
 public:
  QualityPass(const QualityOptions& options, const domain::QualityPolicy& policy)
      : options_(options), policy_(policy) {
    markers_ = domain::default_missing_markers();
    markers_.insert(markers_.end(), options.extra_missing_markers.begin(),
                    options.extra_missing_markers.end());
    if (options.duplicates) {
      std::string dir = options.temp_dir;
      if (dir.empty()) dir = std::filesystem::temp_directory_path().string();
      duplicates_ = std::make_unique<DuplicateRows>(dir);
    }
  }

  Status header(const std::vector<std::string>& header) {
    for (const auto& [name, range] : options_.ranges) {
      auto at = column_index(header, name, "range");
      if (!at.ok()) return at.status();
      if (!(range.min <= range.max))
        return Status::InvalidInput("the range of column '" + name + "' is empty (min > max)");
    }
    for (const std::string& name : header) {
      std::optional<domain::ValueRange> range;
      if (auto it = options_.ranges.find(name); it != options_.ranges.end()) range = it->second;
      columns_.emplace_back(name, range, &markers_);
    }
    return Status::Ok();
  }

  Status row(std::span<const std::string_view> fields, std::uint64_t row) {
    bool empty = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::uint64_t missing = columns_[i].missing();
      columns_[i].add(fields[i], row);
      empty = empty && columns_[i].missing() != missing;
    }
    empty_rows_ += empty;
    return duplicates_ ? duplicates_->add(row_hash(fields)) : Status::Ok();
  }

  Result<TableQuality> finish(std::uint64_t rows) {
    std::uint64_t duplicate_rows = 0;
    if (duplicates_) {
      auto d = duplicates_->finish();
      if (!d.ok()) return d.status();
      duplicate_rows = d.value();
    }
    TableQuality q;
    q.report = domain::judge_quality(columns_, rows, duplicate_rows, empty_rows_, policy_);
    q.columns = std::move(columns_);
    return q;
  }

 private:
  const QualityOptions& options_;
  const domain::QualityPolicy& policy_;
  std::vector<std::string> markers_;
  std::vector<domain::ColumnQuality> columns_;
  std::unique_ptr<DuplicateRows> duplicates_;
  std::uint64_t empty_rows_ = 0;
};

InputFile input_of(const std::string& path, const CsvSummary& s) {
  return {path, s.sha256, s.bytes, s.rows};
}

}  // namespace

Result<FairnessMeasurement> measure_fairness(const std::string& path,
                                             const PredictionLogColumns& columns,
                                             const domain::FairnessPolicy& fairness,
                                             const QualityOptions& quality_options,
                                             const domain::QualityPolicy& quality_policy) {
  if (columns.label.empty()) return Status::InvalidInput("name the label column");
  if (columns.prediction.empty() && (columns.score.empty() || !columns.score_threshold))
    return Status::InvalidInput(
        "name the prediction column, or the score column and a score threshold");
  if (columns.sensitive.empty()) return Status::InvalidInput("name at least one sensitive column");
  if (columns.sensitive.size() > domain::FairnessTally::kMaxAttributes)
    return Status::InvalidInput("at most " + std::to_string(domain::FairnessTally::kMaxAttributes) +
                                " sensitive columns can be judged together");

  QualityPass quality(quality_options, quality_policy);
  domain::FairnessTally tally(columns.sensitive);
  BinaryValues binary(columns.positive);
  const std::vector<std::string> missing_markers = [&] {
    auto m = domain::default_missing_markers();
    m.insert(m.end(), quality_options.extra_missing_markers.begin(),
             quality_options.extra_missing_markers.end());
    return m;
  }();
  constexpr std::size_t kNone = ~std::size_t{0};
  std::size_t prediction = kNone, label = kNone, score = kNone, weight = kNone;
  std::vector<std::size_t> sensitive;
  std::vector<std::string_view> groups(columns.sensitive.size());

  auto on_header = [&](const std::vector<std::string>& header) -> Status {
    auto find = [&](const std::string& name, std::string_view role, std::size_t& at) -> Status {
      if (name.empty()) return Status::Ok();
      auto i = column_index(header, name, role);
      if (!i.ok()) return i.status();
      at = i.value();
      return Status::Ok();
    };
    CW_RETURN_IF_ERROR(find(columns.prediction, "prediction", prediction));
    CW_RETURN_IF_ERROR(find(columns.label, "label", label));
    CW_RETURN_IF_ERROR(find(columns.score, "score", score));
    CW_RETURN_IF_ERROR(find(columns.weight, "weight", weight));
    for (const std::string& s : columns.sensitive) {
      std::size_t at = kNone;
      CW_RETURN_IF_ERROR(find(s, "sensitive", at));
      sensitive.push_back(at);
    }
    return quality.header(header);
  };

  auto on_row = [&](std::span<const std::string_view> f, std::uint64_t row) -> Status {
    std::optional<double> score_value;
    if (score != kNone) {
      score_value = domain::parse_number(f[score]);
      if (!score_value)
        return cell_error(columns.score, row,
                          "'" + printable_excerpt(f[score], 40) + "' is not a number");
    }
    bool predicted;
    if (prediction != kNone) {
      auto p = binary.read(f[prediction], 0, columns.prediction, row);
      if (!p.ok()) return p.status();
      predicted = p.value();
    } else {
      predicted = *score_value >= *columns.score_threshold;
    }
    auto actual = binary.read(f[label], 1, columns.label, row);
    if (!actual.ok()) return actual.status();
    double w = 1;
    if (weight != kNone) {
      auto v = domain::parse_number(f[weight]);
      if (!v || *v < 0)
        return cell_error(
            columns.weight, row,
            "'" + printable_excerpt(f[weight], 40) + "' is not a weight (a number, zero or more)");
      w = *v;
    }
    for (std::size_t i = 0; i < sensitive.size(); ++i) {
      std::string_view g = f[sensitive[i]];
      bool missing = g.empty();
      for (std::size_t m = 0; !missing && m < missing_markers.size(); ++m)
        missing = g == missing_markers[m];
      groups[i] = missing ? std::string_view(kMissingGroup) : g;
    }
    CW_RETURN_IF_ERROR(tally.add(groups, predicted, actual.value(), w));
    return quality.row(f, row);
  };

  auto read = read_csv(path, on_header, on_row);
  if (!read.ok()) return read.status();
  auto with_path = [&](const Status& s) { return s.with_context(path); };
  CW_RETURN_IF_ERROR(with_path(binary.finish(
      columns.prediction.empty() ? columns.score : columns.prediction, columns.label)));
  auto report = domain::evaluate_fairness(tally, fairness);
  if (!report.ok()) return with_path(report.status());
  auto q = quality.finish(read->rows);
  if (!q.ok()) return with_path(q.status());

  FairnessMeasurement m;
  m.input = input_of(path, read.value());
  m.positive = columns.prediction.empty() && !columns.positive
                   ? "score >= " + std::to_string(*columns.score_threshold)
                   : binary.positive();
  m.fairness = std::move(report.value());
  m.quality = std::move(q.value());
  return m;
}

Result<QualityMeasurement> measure_quality(const std::string& path, const QualityOptions& options,
                                           const domain::QualityPolicy& policy) {
  QualityPass quality(options, policy);
  auto read = read_csv(
      path, [&](const std::vector<std::string>& h) { return quality.header(h); },
      [&](std::span<const std::string_view> f, std::uint64_t row) { return quality.row(f, row); });
  if (!read.ok()) return read.status();
  if (read->rows == 0) return Status::InvalidInput(path + ": the file has a header but no rows");
  auto q = quality.finish(read->rows);
  if (!q.ok()) return q.status().with_context(path);
  return QualityMeasurement{input_of(path, read.value()), std::move(q.value())};
}

}  // namespace crosswalk::measure
