// Applies mapping rules (domain/mapping_rules.h) to findings, and turns the findings of one import
// into one verdict per (rule, control template): the check results the import contributes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/control_template.h"
#include "domain/finding.h"
#include "domain/mapping_rules.h"

namespace crosswalk::domain {

// Case-insensitive glob: '*' any run of characters, '?' one character.
bool glob_match(std::string_view pattern, std::string_view text);

// The templates that cover each requirement fully, keyed "framework:ref" in lower case.
class TemplateIndex {
 public:
  explicit TemplateIndex(const std::vector<ControlTemplate>& templates);
  // Templates for a requirement tag ("iso27001-2022:a.8.8"), or none.
  const std::vector<std::string>& templates_for(std::string_view tag) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> by_requirement_;
};

// One thing a finding proves: a template, through a rule, and why.
struct RuleHit {
  const MappingRule* rule = nullptr;
  std::string template_id;
  std::string via;  // "rule" or the requirement tag that led to the template
};

// Adds the tags of reference tables and translations to `f` (no duplicates), then returns every
// (rule, template) it proves, in rule order, each pair once.
std::vector<RuleHit> map_finding(const RuleSet& rules, const TemplateIndex& index,
                                 std::string_view format, Finding& f);

// A tool execution as the aggregation sees it (ingest::ToolRun without the parser's details).
struct RunFacts {
  std::string tool;
  bool completed = true;
  std::string error;  // the tool's first error, when it did not complete
  std::optional<Timestamp> at;
};

struct CheckVerdict {
  const MappingRule* rule = nullptr;
  std::string template_id;
  std::string tool;  // the tool whose results these are: part of the check's identity
  CheckOutcome outcome = CheckOutcome::kPass;
  std::string message;
  std::optional<Timestamp> observed_at;
  std::int64_t passed = 0, failed = 0, errors = 0, suppressed = 0;
};

// Any failing finding fails the check (whatever passed on other resources); else an error or an
// incomplete run makes it an error; else a passing finding, or a completed run of a tool whose rule
// says a clean run proves the control, makes it pass. Only not-applicable or suppressed findings
// give no verdict: an empty result set is never a pass.
class CheckAggregator {
 public:
  CheckAggregator(const RuleSet& rules, std::string format);
  void add(const RuleHit& hit, const Finding& f);
  // For clean_run_passes rules whose match names this run's tool (and format); a run that did not
  // complete also keeps every check of its tool from passing.
  void add_run(const RunFacts& run);
  std::vector<CheckVerdict> verdicts() const;

 private:
  struct Tally {
    std::int64_t passed = 0, failed = 0, errors = 0, not_applicable = 0, suppressed = 0;
    std::int64_t clean_runs = 0, incomplete_runs = 0;
    std::string first_failure, first_error;
    std::optional<Timestamp> latest;
  };
  using Key = std::tuple<const MappingRule*, std::string, std::string>;  // rule, template, tool
  const RuleSet& rules_;
  std::string format_;
  std::map<Key, Tally> tallies_;
  std::vector<Key> order_;
  Tally& tally(const Key& key);
};

}  // namespace crosswalk::domain
