// An internal audit's report as a document (docs/audits.md): the audit's scope, criteria, team
// and dates, the conclusion, what was checked with the evidence sampled, the findings by type
// and the corrective actions with their state. Rendered to PDF or Markdown.
#pragma once

#include <string>

#include "report/document.h"
#include "service/audits.h"

namespace crosswalk::service {

report::Document audit_report(const AuditView& view);
// "audit-report-AUDIT-3.pdf" / ".md".
std::string audit_report_file_name(const AuditView& view, bool pdf);

}  // namespace crosswalk::service
