// What to renew, and when: evidence that has expired or expires within a horizon, and checks
// whose latest result has left or will leave its freshness window, each with the controls that
// turn (or are) stale without it and what to do about it. Pure: callers pass the time.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/organization.h"

namespace crosswalk::domain {

// Where an evidence item came from, as recorded beside it (the Organization keeps only what
// status needs).
struct EvidenceOrigin {
  std::string id;      // "EV-…"; the facts of one item (one per linked control) share it
  std::string name;    // file name, URL or note, for people
  std::string source;  // "manual", "import", "import:IMP-…", "collector:ID", "demo" …
};

// What the records say beside the Organization. Each part may be left empty: the advice is then
// the generic one.
struct RenewalSources {
  std::vector<EvidenceOrigin> evidence;    // parallel to org.evidence
  std::vector<std::string> check_sources;  // parallel to org.checks: its latest result's source
  // How to name a source for people: "collector:host" → "Host posture",
  // "import:IMP-3" → "Trivy (SARIF)". Unnamed sources are shown as they are.
  std::map<std::string, std::string> labels;
};

enum class RenewalKind { kEvidence, kCheck };

enum class RenewalAction {
  kUploadNewVersion,   // an evidence item a person added: upload a new version of it
  kRerunCollector,     // evidence or check results a collector made: run it again
  kReimport,           // evidence or check results an import made: import a new result file
  kRecordCheckResult,  // a check result pushed by a pipeline or by hand: record a new one
};

struct RenewalItem {
  RenewalKind kind = RenewalKind::kEvidence;
  RenewalAction action = RenewalAction::kUploadNewVersion;
  // The first moment its controls are stale without a renewal: evidence, its valid_until; a
  // check, one second after its latest result's freshness window ends.
  Timestamp due = 0;
  bool overdue = false;               // due <= now: the controls are stale already
  std::vector<std::size_t> controls;  // indexes into org.controls, ascending
  // kEvidence: indexes into org.evidence of the item's facts; kCheck: into org.checks.
  std::vector<std::size_t> facts;
  std::string evidence_id;  // kEvidence, when known
  std::string source;       // kRerunCollector "collector:ID", kReimport "import:IMP-…", or ""
  std::string subject;      // what runs out, for people: "evidence 'policy.pdf' (EV-1)"
  std::string todo;         // "Upload a new version of evidence 'policy.pdf' (EV-1)"
};

// Renewal items of `org` due by now + horizon, sorted by due time (then subject). Only controls
// that are implemented count (the status of the others does not depend on freshness), and only
// what would make them stale:
//  - evidence: a control whose accepted evidence all expires, at the latest by now + horizon, gets
//    the item(s) expiring last (an older item that a newer one replaced is not listed; evidence
//    that never expires means nothing to renew);
//  - checks: every check with a result and a freshness window. Checks whose latest results came
//    from one collector or one import are one item (due when the first of them is), others one
//    item each.
// An evidence item linked to several controls is one item with all of them (when its id is
// known).
std::vector<RenewalItem> renewals(const Organization& org, const RenewalSources& sources,
                                  Timestamp now, Timestamp horizon_seconds);

std::string_view to_string(RenewalKind kind);      // "evidence", "check"
std::string_view to_string(RenewalAction action);  // "upload", "rerun_collector", "reimport",
                                                   // "record_result"

}  // namespace crosswalk::domain
