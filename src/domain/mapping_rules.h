// Mapping rules: how a tool's finding becomes a check result of the controls it proves.
// Loaded from catalog/rules/*.json (and the organization's own rule files); pure, no I/O.
//
// Three stages, in this order:
//  1. reference tables add tags from a lookup on the finding's rule id (Prowler's check id →
//     "iso27001-2022:a.8.3"; an SCAP rule id → "iso27001-2013:a.9.2.1");
//  2. tag translations rewrite old references to current ones (ISO 27001:2013 → 2022 Annex A);
//  3. rules match findings (tool, rule id, tag, format: case-insensitive globs) and name the
//  control
//     templates they prove, directly or through requirement references carried in tags.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/control_template.h"
#include "domain/enums.h"
#include "domain/finding.h"

namespace crosswalk::domain {

// Every non-empty field must match; globs with '*' and '?', case-insensitive.
struct FindingMatch {
  std::string format;  // "sarif", "ocsf", "xccdf", "junit"
  std::string tool;
  std::string rule_id;
  std::string tag;  // matches if any one tag matches
};

struct ReferenceTable {
  std::string id;
  std::string source;  // the file it came from, for messages
  FindingMatch match;  // which findings the table applies to
  std::map<std::string, std::vector<std::string>> tags_by_rule_id;  // keys lower-case
  std::string rationale;
};

struct TagTranslation {
  std::string id;
  std::string source;
  std::map<std::string, std::vector<std::string>>
      to;  // "iso27001-2013:a.12.6.1" → {"iso27001-2022:a.8.8"}
  std::string rationale;
};

struct MappingRule {
  std::string id;  // unique across all rule files; part of the check id
  std::string source;
  std::string title;  // the check's name: "Known vulnerabilities in deployed software"
  FindingMatch match;
  std::vector<std::string> templates;  // control template ids proven directly
  // When set (a framework id, "iso27001-2022"), each tag "<framework>:<ref>" of a matched finding
  // also maps to the templates linked to that requirement with full coverage.
  std::string requirements_from_tags;
  // A completed run of a matching tool (`match.tool`/`match.format` only) with no failing finding
  // for this rule counts as a pass; off by default: an empty result set is never a pass by itself.
  bool clean_run_passes = false;
  Timestamp freshness_seconds = 7 * kSecondsPerDay;
  std::string rationale;
};

struct RuleSet {
  std::vector<ReferenceTable> tables;
  std::vector<TagTranslation> translations;
  std::vector<MappingRule> rules;
};

}  // namespace crosswalk::domain
