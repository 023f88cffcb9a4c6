// "How much of the target framework does our work on the source framework already cover?"
// For target requirements with no control linked, the status is inferred through the crosswalk.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "domain/control_template.h"
#include "domain/crosswalk.h"
#include "domain/readiness.h"

namespace crosswalk::domain {

struct SourceStatus {
  std::string ref;
  RequirementStatus status = RequirementStatus::kNotMet;
};

struct MappingUsed {
  std::vector<SourceStatus> sources;
  Relation relation = Relation::kNone;
  Strength strength = Strength::kNone;
  std::string rationale;
};

enum class Basis { kControls, kMapping, kNone, kExcluded };
std::string_view to_string(Basis b);

struct ProjectionItem {
  std::string ref;
  RequirementStatus status = RequirementStatus::kNotMet;
  Basis basis = Basis::kNone;
  std::string reason;
  std::vector<MappingUsed> via;
  // Templates that would close the gap: full coverage first, then partial; empty when met.
  std::vector<std::string> closing_templates;
};

struct Projection {
  std::string target;
  std::string source;
  bool assume_source_met = false;
  Tally tally;
  std::vector<ProjectionItem> items;  // in the order of the target's requirements
};

struct ProjectionInput {
  const FrameworkAssessment* target = nullptr;
  const FrameworkAssessment* source = nullptr;
  const Crosswalk* crosswalk = nullptr;
  const std::vector<ControlTemplate>* templates = nullptr;
  bool assume_source_met = false;
};

Projection project(const ProjectionInput& in);

}  // namespace crosswalk::domain
