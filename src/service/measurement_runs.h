// Running a measurement on files: the settings of each kind, and the request that
// record_measurement keeps (document and judged checks). Shared by the CLI, the API and the web
// form, so the three produce the same evidence.
#pragma once

#include <string>

#include "common/status.h"
#include "domain/drift.h"
#include "measure/dataset_drift.h"
#include "measure/table_measures.h"
#include "service/measurements.h"
#include "service/workspace.h"

namespace crosswalk::service {

// A file to read and the name the evidence gives it (an upload's own name, not its scratch path).
struct MeasuredFile {
  std::string path, name;
};

struct FairnessSettings {
  measure::PredictionLogColumns columns;
  domain::FairnessPolicy policy;
  measure::QualityOptions quality;
  domain::QualityPolicy quality_policy;
};

struct QualitySettings {
  measure::QualityOptions options;
  domain::QualityPolicy policy;
};

struct DriftSettings {
  measure::DriftSpec spec;
  domain::DriftOptions options;
  domain::DriftThresholds thresholds;
};

struct FairnessRun {
  measure::FairnessMeasurement result;
  MeasurementRequest request;
};
struct QualityRun {
  measure::QualityMeasurement result;
  MeasurementRequest request;
};
struct DriftRun {
  measure::DatasetDrift result;
  MeasurementRequest request;
};

// The limits an AI system of the register sets for its measurements, when a measurement's
// subject is the system's id (AIS-…); none otherwise. Applied before the run's own options, so
// an option given for one run still wins.
struct SubjectLimits {
  std::string system;  // the AI system's id, "" when the subject is not one
  std::optional<double> min_disparate_impact, max_parity_difference, psi_limit;
};
Result<SubjectLimits> subject_limits(Workspace& ws, const std::string& subject);
void apply_limits(const SubjectLimits& limits, domain::FairnessPolicy& policy);
void apply_limits(const SubjectLimits& limits, domain::DriftThresholds& thresholds);

// Settings written as text (command-line options, form fields); `name` is used in errors.
// A number (zero or more), or "none" to judge nothing on that metric; "" leaves it as it is.
Status parse_limit(const std::string& name, const std::string& text, std::optional<double>& limit);
// "COLUMN=MIN:MAX", e.g. age=18:120.
Status parse_range(const std::string& name, const std::string& text, measure::QualityOptions& o);
// "ATTRIBUTE=VALUE": the reference group of disparate impact.
Status parse_reference(const std::string& name, const std::string& text, domain::FairnessPolicy& p);

// Errors name the file (by its name), the column and the row; nothing is recorded.
Result<FairnessRun> run_fairness(const MeasuredFile& log, const FairnessSettings& s);
Result<QualityRun> run_quality(const MeasuredFile& data, const QualitySettings& s);
Result<DriftRun> run_drift(const MeasuredFile& reference, const MeasuredFile& current,
                           const DriftSettings& s);

}  // namespace crosswalk::service
