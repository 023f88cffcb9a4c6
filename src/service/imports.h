// Importing a tool's output: parse (streaming), map each finding to the controls it proves, and
// record findings, check results and the original file as evidence, all in one transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/finding.h"
#include "ingest/importer.h"
#include "service/rules.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct ImportRequest {
  std::string path;  // the file to read
  // True when `path` is an upload in the vault's temp directory: it is moved into the vault (and
  // removed whatever happens).
  bool is_upload = false;
  std::string filename;                  // as shown; default: the base name of `path`
  std::optional<ingest::Format> format;  // detected from the content when unset
  // What was scanned ("prod-images", "api-repo"): results of different scopes are different
  // checks, so a clean scan of one does not hide failures in another.
  std::string scope;
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

// What one import proved, per check.
struct ImportedCheck {
  std::string check_id;
  std::string name;
  std::string control_id;
  domain::CheckOutcome outcome = domain::CheckOutcome::kPass;
  std::string message;
  std::string rule_id;
  std::string rationale;
};

struct ImportOutcome {
  store::ImportRecord record;
  std::vector<ImportedCheck> checks;
  // Templates some finding proves that the organization has not adopted as controls.
  std::vector<std::string> unadopted_templates;
};

// InvalidInput (naming the file and where) when the file is malformed: nothing of it is kept
// but a record of the refusal in the import history.
Result<ImportOutcome> import_results(Workspace& ws, const ImportRequest& request,
                                     const store::Actor& actor);

// The check a rule's verdict becomes for one control: stable across imports of the same tool and
// scope, so that its results form one history.
std::string import_check_id(const std::string& rule_id, const std::string& tool,
                            const std::string& scope, const std::string& control_id);

// What a file would map to, without recording anything (`crosswalk rules test`).
struct RuleTestRow {
  domain::Finding finding;
  std::vector<domain::RuleHit> hits;
};
struct RuleTestReport {
  ingest::ImportSummary summary;
  std::vector<RuleTestRow> rows;  // at most `max_rows`, in file order
  std::vector<domain::CheckVerdict> verdicts;
  std::int64_t unmapped = 0;  // findings no rule maps
};
Result<RuleTestReport> test_rules(const Rules& rules, const std::string& path,
                                  std::optional<ingest::Format> format, std::size_t max_rows);

}  // namespace crosswalk::service
