// Measurements over CSV files, streamed row by row: the fairness of a prediction log (with the
// log's data quality) and the data quality of any table. Everything the evidence needs to be
// recomputed is in the result: the input's sha256, sizes, and the settings used.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/data_quality.h"
#include "domain/fairness.h"

namespace crosswalk::measure {

struct InputFile {
  std::string path, sha256;
  std::uint64_t bytes = 0, rows = 0;
};

struct QualityOptions {
  std::map<std::string, domain::ValueRange> ranges;  // column → inclusive range
  std::vector<std::string> extra_missing_markers;    // besides the empty cell and the defaults
  bool duplicates = true;                            // count duplicate rows
  std::string temp_dir;                              // for the duplicate counter's scratch runs
};

struct TableQuality {
  std::vector<domain::ColumnQuality> columns;
  domain::QualityReport report;
};

struct PredictionLogColumns {
  std::string prediction;  // "" when the prediction is the score against score_threshold
  std::string label;
  std::string score;  // optional
  std::optional<double> score_threshold;
  std::vector<std::string> sensitive;  // one or more; their intersection is judged too
  std::string weight;                  // optional
  // The value of prediction and label meaning "positive"; unset: the columns must be 0/1,
  // -1/1, true/false or yes/no, and 1/true/yes is positive.
  std::optional<std::string> positive;
};

struct FairnessMeasurement {
  InputFile input;
  std::string positive;  // the positive value as written in the file
  domain::FairnessReport fairness;
  TableQuality quality;
};

// The missing value of a sensitive attribute is its own group.
inline constexpr const char* kMissingGroup = "<missing>";

// Errors name the file, the column and the row: a missing column, an empty or non-binary
// prediction or label, labels in two encodings, a non-numeric score or weight, a negative
// weight, a single group, an empty file.
Result<FairnessMeasurement> measure_fairness(const std::string& path,
                                             const PredictionLogColumns& columns,
                                             const domain::FairnessPolicy& fairness,
                                             const QualityOptions& quality_options,
                                             const domain::QualityPolicy& quality_policy);

struct QualityMeasurement {
  InputFile input;
  TableQuality quality;
};

Result<QualityMeasurement> measure_quality(const std::string& path, const QualityOptions& options,
                                           const domain::QualityPolicy& policy);

}  // namespace crosswalk::measure
