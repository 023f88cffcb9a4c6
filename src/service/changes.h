// What changed since a moment (the dashboard's "since yesterday"): each control whose state
// moved, from what to what, whether time or new facts moved it and which recorded facts, plus how
// much was imported, collected and checked. The facts as they stood then are rebuilt from the
// current ones and the journal (every change is journaled). JSON forms in
// service/renewal_views.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/control_changes.h"
#include "service/workspace.h"

namespace crosswalk::service {

// One recorded fact about a control, from the journal. Check results of one source are one
// event ("12 check results from import:IMP-3, 2 not passing").
struct ChangeEvent {
  domain::Timestamp at = 0;  // the latest, for a group of check results
  std::string actor;
  std::string action;   // the journal's: "check.result", "evidence.add", "evidence.review",
                        // "control.set_status", "control.adopt", "control.create"
  std::string summary;  // for people
};

struct ControlChangeView {
  std::string control_id;
  std::string title;
  std::optional<domain::ControlState> from;  // nullopt: the control was adopted or created since
  domain::ControlState to = domain::ControlState::kNotImplemented;
  std::string from_reason, to_reason;
  domain::ChangeCause cause = domain::ChangeCause::kFacts;
  std::vector<ChangeEvent> events;  // newest first, at most 10
  int more_events = 0;              // left out beyond those
};

struct Activity {
  int imports = 0, refused_imports = 0;
  int collector_runs = 0, collector_runs_not_passing = 0;
  int check_results = 0, check_results_not_passing = 0;
  int evidence_added = 0, evidence_reviewed = 0;
  int journal_entries = 0;  // every change, these included
};

struct ChangesSince {
  domain::Timestamp since = 0, now = 0;
  std::vector<ControlChangeView> changes;  // in the organization's control order
  Activity activity;
  // false when the window held more journal entries than are read (200,000): the oldest of them
  // were not taken into account.
  bool complete = true;
};

// Changes between `since` and `now`; `org` holds the facts as of `now` (a Snapshot's org, or
// store().organization()). For "since yesterday": since = now - kSecondsPerDay.
Result<ChangesSince> changes_since(Workspace& ws, const domain::Organization& org,
                                   domain::Timestamp since, domain::Timestamp now);

}  // namespace crosswalk::service
