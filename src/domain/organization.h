// The facts an organization records: its controls, evidence, checks and SoA decisions.
// Everything the readiness computation needs, and nothing derived.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/control_template.h"
#include "domain/enums.h"
#include "domain/time.h"

namespace crosswalk::domain {

struct Control {
  std::string id;
  std::string template_id;  // empty for a control the organization wrote itself
  std::string title;
  std::string owner;
  Implementation implementation = Implementation::kNotImplemented;
  std::vector<RequirementLink> links;
};

// One evidence item as seen from one control it is linked to.
struct EvidenceFact {
  std::size_t control = 0;  // index into Organization::controls
  Review review = Review::kPending;
  Timestamp collected_at = 0;
  std::optional<Timestamp> valid_until;
};

struct Check {
  std::string id;
  std::string name;
  std::size_t control = 0;  // index into Organization::controls
  Timestamp freshness_seconds = 0;
};

struct CheckResult {
  std::size_t check = 0;  // index into Organization::checks
  CheckOutcome outcome = CheckOutcome::kPass;
  Timestamp observed_at = 0;
};

// The organization's decision on one requirement: SoA exclusion, and whether its partial links
// are, together, enough to cover it.
struct RequirementDecision {
  std::string framework;
  std::string ref;
  bool excluded = false;
  std::string justification;
  bool partial_links_jointly_sufficient = false;
  // For the Statement of Applicability: declared inclusion reasons (soa.h), a note on them, and
  // when the row is next reviewed ("YYYY-MM-DD" or "").
  std::vector<std::string> reasons;
  std::string reason_note;
  std::string review_by;
};

struct Organization {
  std::vector<Control> controls;
  std::vector<EvidenceFact> evidence;
  std::vector<Check> checks;
  std::vector<CheckResult> check_results;
  std::vector<RequirementDecision> decisions;
};

}  // namespace crosswalk::domain
