// Readiness of one standard as a document for the audit pack: the totals, each clause or Annex A
// theme, and every requirement not (fully) met with the reason and the controls behind it.
#pragma once

#include "domain/readiness.h"
#include "report/document.h"
#include "service/snapshot.h"

namespace crosswalk::service {

report::Document readiness_report(const Snapshot& s, const domain::FrameworkAssessment& f);

}  // namespace crosswalk::service
