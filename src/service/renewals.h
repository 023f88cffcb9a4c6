// What to renew, and when (domain/renewals.h) with names from the records: which evidence item,
// which collector, which import. Plain structs for the dashboard and the API; JSON forms in
// service/renewal_views.h.
#pragma once

#include <string>
#include <vector>

#include "domain/renewals.h"
#include "service/workspace.h"

namespace crosswalk::service {

constexpr domain::Timestamp kDefaultRenewalHorizon = 30 * domain::kSecondsPerDay;

struct RenewalView {
  domain::RenewalKind kind = domain::RenewalKind::kEvidence;
  domain::RenewalAction action = domain::RenewalAction::kUploadNewVersion;
  domain::Timestamp due = 0;          // the first moment its controls are stale without a renewal
  bool overdue = false;               // due <= now: they are stale already
  std::vector<std::string> controls;  // ids, in the organization's order
  std::string evidence_id;            // kind evidence
  std::vector<std::string> checks;    // kind check: check ids
  std::string collector_id;           // action kRerunCollector
  std::string import_id;              // action kReimport, when the import is known ("IMP-…")
  std::string subject;                // what runs out: "evidence 'policy.pdf' (EV-1)"
  std::string todo;                   // "Upload a new version of evidence 'policy.pdf' (EV-1)"
};

struct RenewalList {
  domain::Timestamp now = 0;
  domain::Timestamp until = 0;     // now + horizon: items due later are not listed
  std::vector<RenewalView> items;  // by due time
  int overdue = 0;                 // items already overdue
};

// The renewals of `org` (the facts as of `now`: a Snapshot's org and now, or
// store().organization()) due by now + horizon_seconds. Reads the evidence records, the
// collectors, the latest imports and the checks' latest results to name what to do.
Result<RenewalList> list_renewals(Workspace& ws, const domain::Organization& org,
                                  domain::Timestamp now,
                                  domain::Timestamp horizon_seconds = kDefaultRenewalHorizon);

}  // namespace crosswalk::service
