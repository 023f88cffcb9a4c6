#include "measure/table_measures.h"

#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/short_equal.h"
#include "common/utf8.h"
#include "measure/binary_values.h"
#include "measure/csv_reader.h"

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
      : options_(options), policy_(policy), markers_(options.extra_missing_markers) {}

  // What the reading does besides handing rows over: count duplicate rows, and this pass itself
  // on the reader thread (the caller's thread has the fairness tally).
  CsvOptions csv_options() {
    CsvOptions o;
    o.reader_header = [this](const std::vector<std::string>& h) { return header(h); };
    o.reader_row = [this](const CsvRow& r) { return row(r); };
    o.count_duplicates = options_.duplicates;
    o.temp_dir = options_.temp_dir.empty() ? std::filesystem::temp_directory_path().string()
                                           : options_.temp_dir;
    return o;
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

  Status row(const CsvRow& csv_row) {
    const auto& fields = csv_row.fields;
    const std::uint64_t row = csv_row.number;
    bool empty = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::uint64_t missing = columns_[i].missing();
      columns_[i].add(fields[i], row);
      empty = empty && columns_[i].missing() != missing;
    }
    empty_rows_ += empty;
    return Status::Ok();
  }

  TableQuality finish(const CsvSummary& read) {
    TableQuality q;
    q.report = domain::judge_quality(columns_, read.rows, read.duplicate_rows.value_or(0),
                                     empty_rows_, policy_);
    q.columns = std::move(columns_);
    return q;
  }

 private:
  const QualityOptions& options_;
  const domain::QualityPolicy& policy_;
  domain::MissingMarkers markers_;
  std::vector<domain::ColumnQuality> columns_;
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
  const domain::MissingMarkers missing_markers(quality_options.extra_missing_markers);
  constexpr std::size_t kNone = ~std::size_t{0};
  std::size_t prediction = kNone, label = kNone, score = kNone, weight = kNone;
  std::vector<std::size_t> sensitive;
  std::vector<std::string_view> groups(columns.sensitive.size());
  std::string last_weight_cell = "1";
  double last_weight = 1;

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
    return Status::Ok();
  };

  auto on_row = [&](const CsvRow& csv_row) -> Status {
    const auto& f = csv_row.fields;
    const std::uint64_t row = csv_row.number;
    std::optional<double> score_value;
    if (score != kNone && prediction == kNone) {
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
      // Weights repeat (1, 2, …): the last cell's number is reused while the cell is the same.
      if (!short_equal(f[weight], last_weight_cell)) {
        auto v = domain::parse_number(f[weight]);
        if (!v || *v < 0)
          return cell_error(columns.weight, row,
                            "'" + printable_excerpt(f[weight], 40) +
                                "' is not a weight (a number, zero or more)");
        last_weight_cell.assign(f[weight]);
        last_weight = *v;
      }
      w = last_weight;
    }
    for (std::size_t i = 0; i < sensitive.size(); ++i) {
      std::string_view g = f[sensitive[i]];
      groups[i] = missing_markers.matches(g) ? std::string_view(kMissingGroup) : g;
    }
    return tally.add(groups, predicted, actual.value(), w);
  };

  auto read = read_csv(path, on_header, on_row, quality.csv_options());
  if (!read.ok()) return read.status();
  auto with_path = [&](const Status& s) { return s.with_context(path); };
  CW_RETURN_IF_ERROR(with_path(binary.finish(
      columns.prediction.empty() ? columns.score : columns.prediction, columns.label)));
  auto report = domain::evaluate_fairness(tally, fairness);
  if (!report.ok()) return with_path(report.status());
  TableQuality q = quality.finish(read.value());
  // The score was left to the quality pass (one parse per cell): a non-number is refused here.
  if (score != kNone) {
    const domain::ColumnQuality& s = q.columns[score];
    if (s.non_numeric() > 0)
      return with_path(cell_error(
          columns.score, s.first_non_numeric_row(),
          "'" + printable_excerpt(s.first_non_numeric_value(), 40) + "' is not a number"));
  }

  FairnessMeasurement m;
  m.input = input_of(path, read.value());
  m.positive = columns.prediction.empty() && !columns.positive
                   ? "score >= " + std::to_string(*columns.score_threshold)
                   : binary.positive();
  m.fairness = std::move(report.value());
  m.quality = std::move(q);
  return m;
}

Result<QualityMeasurement> measure_quality(const std::string& path, const QualityOptions& options,
                                           const domain::QualityPolicy& policy) {
  QualityPass quality(options, policy);
  auto read = read_csv(
      path, [](const std::vector<std::string>&) { return Status::Ok(); },
      [](const CsvRow&) { return Status::Ok(); }, quality.csv_options());
  if (!read.ok()) return read.status();
  if (read->rows == 0) return Status::InvalidInput(path + ": the file has a header but no rows");
  return QualityMeasurement{input_of(path, read.value()), quality.finish(read.value())};
}

}  // namespace crosswalk::measure
