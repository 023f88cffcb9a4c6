// The JSON forms of what to renew and what changed: one spelling for the API and the CLI.
#pragma once

#include <nlohmann/json.hpp>

#include "service/changes.h"
#include "service/renewals.h"

namespace crosswalk::service {

// {"kind": "evidence"|"check", "action": "upload"|"rerun_collector"|"reimport"|"record_result",
//  "due", "overdue", "controls", "evidence", "checks", "collector", "import", "subject", "todo"}
// (evidence, collector, import: null when not known or not relevant).
nlohmann::ordered_json renewal_json(const RenewalView& r);
// {"now", "until", "overdue": count, "items": [renewal_json…]}
nlohmann::ordered_json renewals_json(const RenewalList& l);
// {"control", "title", "from": state or null, "to", "from_reason", "to_reason",
//  "cause": "time"|"facts", "events": [{"at", "actor", "action", "summary"}], "more_events"}
nlohmann::ordered_json control_change_json(const ControlChangeView& c);
// {"since", "now", "complete", "activity": {"imports", "refused_imports", "collector_runs",
//  "collector_runs_not_passing", "check_results", "check_results_not_passing", "evidence_added",
//  "evidence_reviewed", "journal_entries"}, "changes": [control_change_json…]}
nlohmann::ordered_json changes_since_json(const ChangesSince& c);

}  // namespace crosswalk::service
