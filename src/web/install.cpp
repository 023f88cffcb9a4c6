#include "web/install.h"

#include "web/assets.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

void install(http::Api& api) {
  add_asset_routes(api);
  add_auth_pages(api);
  add_dashboard_page(api);
  add_framework_pages(api);
  add_control_pages(api);
  add_evidence_pages(api);
  add_import_pages(api);
  add_finding_pages(api);
  add_collector_pages(api);
  add_measurement_pages(api);
  add_register_pages(api);
  add_soa_pages(api);
  add_audit_pages(api);
  add_review_pages(api);
  add_document_pages(api);
  add_incident_pages(api);
  add_audit_pack_pages(api);
  add_backup_pages(api);
  add_oscal_pages(api);
  add_admin_pages(api);
  api.mutable_router().set_page_error(
      [](int status, const std::string& title, const std::string& message, const http::Call& c) {
        return error_page(c, status, title, message);
      });
}

}  // namespace crosswalk::web
