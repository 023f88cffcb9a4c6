// The audit pack in the browser: what it holds, the standards to include, the download, and how
// an auditor checks it offline.
#include "http/audit_pack_download.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

void add_audit_pack_pages(http::Api& api) {
  add_page(api, "GET", "/audit-pack", d::Action::kExport,
           "What the audit pack holds, and its download form", [&api](http::Call& c) {
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             json choices = json::array({{{"value", ""}, {"label", "Every standard"}}});
             for (const auto& f : snap.value()->assessment.frameworks)
               choices.push_back({{"value", f.framework->id}, {"label", f.framework->name}});
             return page(c, "Audit pack", "journal", "audit_pack", {{"choices", choices}});
           });
  add_page(api, "GET", "/audit-pack/download", d::Action::kExport,
           "The audit pack as a zip (?framework=ID[,ID]; default every framework)",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             auto r = http::audit_pack_download(*ws.value(), *snap.value(), query(c, "framework"),
                                                {actor_name(c), api.now()});
             if (!r.ok() && r.status().code() == Status::Code::kInvalidInput)
               return error_page(c, 400, "Please check what you chose", r.status().message());
             return r.ok() ? std::move(r.value()) : status_page(c, r.status());
           });
}

}  // namespace crosswalk::web
