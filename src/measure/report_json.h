// Measurements as JSON documents: what `--json` prints and what the evidence keeps. Every rate
// carries its numerator and denominator; an undefined one is null with its reason.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/data_quality.h"
#include "domain/fairness.h"
#include "measure/dataset_drift.h"
#include "measure/table_measures.h"

namespace crosswalk::measure {

nlohmann::ordered_json input_json(const InputFile& input);
nlohmann::ordered_json rate_json(const domain::Rate& rate);
nlohmann::ordered_json fairness_json(const domain::FairnessReport& report);
nlohmann::ordered_json fairness_policy_json(const domain::FairnessPolicy& policy);
nlohmann::ordered_json quality_json(const TableQuality& quality);
nlohmann::ordered_json quality_policy_json(const domain::QualityPolicy& policy,
                                           const QualityOptions& options);

nlohmann::ordered_json drift_json(const DatasetDrift& drift);
nlohmann::ordered_json drift_parameters_json(const DriftSpec& spec,
                                             const domain::DriftOptions& options,
                                             const domain::DriftThresholds& thresholds);

}  // namespace crosswalk::measure
