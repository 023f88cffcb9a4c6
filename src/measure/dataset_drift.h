// Drift between a reference dataset and a current one (two CSV files), column by column: numeric
// columns get PSI on reference-quantile bins, Jensen–Shannon and Kolmogorov–Smirnov; the others
// PSI and Jensen–Shannon over their categories. Numeric values are held in memory (KS needs them
// sorted): 8 bytes per value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/drift.h"
#include "domain/fairness.h"
#include "measure/table_measures.h"

namespace crosswalk::measure {

struct DriftSpec {
  std::vector<std::string> columns;      // "" = every column the two files share
  std::vector<std::string> categorical;  // read as categories even when numeric
  std::vector<std::string> extra_missing_markers;
  // The dataset drifts when this share of its columns (or more) drift; any major drift fails.
  double drift_share = 0.5;
};

// A column with more distinct non-numeric values than this is not compared (an id, free text).
inline constexpr std::size_t kMaxCategories = 1000;

struct ColumnDrift {
  std::string column;
  bool numeric = false;
  std::uint64_t reference_missing = 0, current_missing = 0;
  std::optional<domain::NumericDrift> numbers;
  std::optional<domain::CategoricalDrift> categories;
  std::optional<domain::DriftVerdict> verdict;
  std::string skipped_reason;  // set when the column could not be compared
};

struct DatasetDrift {
  InputFile reference, current;
  std::vector<ColumnDrift> columns;
  std::vector<std::string> only_in_reference, only_in_current;
  double drifted_share = 0;
  domain::Verdict verdict = domain::Verdict::kPass;
  std::vector<std::string> findings;
};

Result<DatasetDrift> measure_drift(const std::string& reference_path,
                                   const std::string& current_path, const DriftSpec& spec,
                                   const domain::DriftOptions& options,
                                   const domain::DriftThresholds& thresholds);

}  // namespace crosswalk::measure
