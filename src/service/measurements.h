// Recording a measurement of an AI system: its document is signed and kept as evidence, and each
// judged aspect becomes a check result of the controls it proves (through their templates).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/fairness.h"
#include "service/workspace.h"
#include "store/store.h"

namespace crosswalk::service {

// One judged aspect of a measurement, e.g. "fairness" or "data quality of the log".
struct MeasuredCheck {
  std::string key;                     // part of the check's stable id, e.g. "fairness"
  std::string name;                    // shown with the check
  std::vector<std::string> templates;  // the control templates it proves
  domain::Verdict verdict = domain::Verdict::kPass;
  std::vector<std::string> findings;
};

struct MeasurementRequest {
  std::string kind;                 // fairness | drift | quality
  std::string subject;              // what was measured; the checks are kept per subject
  nlohmann::ordered_json document;  // inputs, parameters and results
  std::vector<MeasuredCheck> checks;
  std::vector<std::string> controls;  // more of the organization's controls it proves
  int freshness_days = 30;            // a check result older than this is stale (0: never)
  int evidence_valid_days = 0;
};

struct MeasurementOutcome {
  store::MeasurementRecord record;
  std::vector<store::CheckResultRecord> checks;
  nlohmann::json signed_document;
};

// The templates a kind of measurement proves by default (catalog/controls/ai.json): fairness →
// AI-17 verification and validation, AI-11 impact on individuals and groups; drift → AI-19
// operation and monitoring; data quality → AI-23.
std::vector<std::string> default_templates(const std::string& check_key);

// Nothing is stored unless everything is: the evidence file, the measurement and its checks.
// InvalidInput when the subject is empty or a named control does not exist.
Result<MeasurementOutcome> record_measurement(Workspace& ws, const MeasurementRequest& request,
                                              const store::Actor& actor);

// A measurement's row as JSON (API, CLI).
nlohmann::ordered_json measurement_json(const store::MeasurementRecord& m);
// The signed document the measurement kept as evidence, read back from the vault (checked
// against its sha256 on the way).
Result<nlohmann::json> measurement_document(Workspace& ws, const store::MeasurementRecord& m);

// Checks a signed measurement document (a file, or parsed) against the keys of this
// organization.
Status verify_measurement(Workspace& ws, const std::string& path);
Status verify_measurement_document(Workspace& ws, const nlohmann::json& document);

}  // namespace crosswalk::service
