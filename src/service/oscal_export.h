// Crosswalk's data as OSCAL documents (docs/oscal.md): frameworks as catalogs, the crosswalk as
// a mapping-collection, readiness as assessment-results with their assessment-plan, open gaps
// and corrective actions as a plan-of-action-and-milestones, the control library as a
// component-definition. All valid against the OSCAL 1.2.1 JSON schemas.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "service/snapshot.h"
#include "service/workspace.h"

namespace crosswalk::service {

Result<nlohmann::ordered_json> oscal_catalog(Workspace& ws, const Snapshot& s,
                                             const std::string& framework_id);

// The crosswalk from `source` to `target` (as `crosswalk gap --target … --from …` reads it).
Result<nlohmann::ordered_json> oscal_mapping(Workspace& ws, const Snapshot& s,
                                             const std::string& target, const std::string& source);

struct OscalAssessment {
  nlohmann::ordered_json plan;  // assessment-plan
  // assessment-results, whose import-ap names the plan's file: compact JSON text, as it can be
  // large (an observation for every evidence item in scope).
  std::string results;
};
// `plan_href` is where the plan is written, relative to the results ("assessment-plan.json").
Result<OscalAssessment> oscal_assessment(Workspace& ws, const Snapshot& s,
                                         const std::string& framework_id,
                                         const std::string& plan_href);

Result<nlohmann::ordered_json> oscal_poam(Workspace& ws, const Snapshot& s,
                                          const std::string& framework_id);

Result<nlohmann::ordered_json> oscal_component_definition(Workspace& ws, const Snapshot& s);

// One document for a download: `model` is catalog, assessment-plan, assessment-results or poam
// (of `framework_id`), mapping-collection (the catalog's crosswalk) or component-definition.
// The assessment-results name their plan as FRAMEWORK.assessment-plan.json beside them.
struct OscalFile {
  std::string file_name;
  std::string json;
};
Result<OscalFile> oscal_file(Workspace& ws, const Snapshot& s, const std::string& model,
                             const std::string& framework_id);

}  // namespace crosswalk::service
