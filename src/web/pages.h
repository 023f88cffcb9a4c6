// The web UI's route sets, one per area; install.cpp registers them all.
#pragma once

#include "http/api.h"

namespace crosswalk::web {

void add_auth_pages(http::Api& api);         // sign-in, first-run setup, sign-out
void add_dashboard_page(http::Api& api);     // readiness, projection, problems, history
void add_framework_pages(http::Api& api);    // requirement tree and requirement detail
void add_control_pages(http::Api& api);      // list, detail, status, adoption
void add_evidence_pages(http::Api& api);     // list, upload, review
void add_admin_pages(http::Api& api);        // users, API tokens, journal
void add_import_pages(http::Api& api);       // imports: history, upload, one import's checks
void add_finding_pages(http::Api& api);      // findings of every import, filtered
void add_collector_pages(http::Api& api);    // collectors: list, run now, configure, runs
void add_measurement_pages(http::Api& api);  // AI measurements: history, run form, one result
void add_register_pages(http::Api& api);  // risks (heat map), AI systems, assessments, suppliers, …
void add_soa_pages(http::Api& api);       // Statement of Applicability: rows, approval, files
void add_audit_pages(http::Api& api);     // an audit: checklist, checks, findings, report
void add_review_pages(http::Api& api);    // a management review: agenda, actions, minutes
void add_document_pages(http::Api& api);    // documents (approval, acknowledgements), courses
void add_incident_pages(http::Api& api);    // an incident: notifications, corrective actions
void add_audit_pack_pages(http::Api& api);  // the audit pack: what it holds, its download
void add_backup_pages(http::Api& api);      // backups: what they hold, the download
void add_oscal_pages(http::Api& api);       // frameworks: list, OSCAL import and downloads

}  // namespace crosswalk::web
