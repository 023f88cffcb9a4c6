// Frameworks and OSCAL in the browser: every framework with its origin and OSCAL downloads, the
// import form (a catalog, or a profile with the catalogs it imports), and removal of imported
// ones. The import is the same as `crosswalk framework import` and the API's.
#include "http/evidence_files.h"
#include "http/framework_upload.h"
#include "service/oscal_export.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/upload_form.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

json list_of(const std::vector<std::string>& refs) {
  json out = json::array();
  for (const auto& r : refs) out.push_back(r);
  return out;
}

// The list; `result` is what an import just did (or why it was refused).
http::Response frameworks_page(http::Api& api, const http::Call& c, json result, int status) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  json rows = json::array();
  for (const auto& f : snap.value()->assessment.frameworks) {
    json row = {{"id", f.framework->id},
                {"name", f.framework->name},
                {"title", f.framework->title},
                {"version", f.framework->version},
                {"href", "/frameworks/" + f.framework->id},
                {"requirements", f.framework->requirements().size()},
                {"met", f.total.met},
                {"applicable", f.total.applicable()},
                {"imported", f.framework->imported()}};
    if (f.framework->imported()) {
      const auto origin = nlohmann::json::parse(f.framework->origin);
      row["origin"] = {{"model", origin.value("model", "")},
                       {"file", origin.value("file", "")},
                       {"at", origin.value("imported_at", "")},
                       {"by", origin.value("imported_by", "")},
                       {"sha256", origin.value("sha256", "").substr(0, 12)}};
    }
    rows.push_back(std::move(row));
  }
  json data = {{"frameworks", rows}, {"has_mapping", !snap.value()->catalog.crosswalks.empty()}};
  if (!result.is_null()) data["result"] = std::move(result);
  return page(c, "Frameworks", "frameworks", "frameworks", std::move(data), status);
}

http::Response import_framework(http::Api& api, http::Call& c) {
  auto form = read_upload_form(api, c);
  if (!form.ok()) return frameworks_page(api, c, {{"error", form.status().message()}}, 400);
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto out = http::import_uploaded_framework(*ws.value(), form->form, {actor_name(c), api.now()});
  if (!out.ok())
    return frameworks_page(api, c, {{"error", out.status().message()}},
                           form_refusal_status(out.status()));
  const auto& r = out->report;
  const bool dry = http::upload_is_dry_run(form->form);
  return frameworks_page(
      api, c,
      {{"id", out->framework_id},
       {"href", "/frameworks/" + out->framework_id},
       {"dry_run", dry},
       {"created", r.created},
       {"model", out->model},
       {"requirements", out->requirements},
       {"controls", out->controls},
       {"withdrawn", out->withdrawn},
       {"added", list_of(r.added)},
       {"has_added", !r.created && !r.added.empty()},
       {"added_count", r.added.size()},
       {"removed", list_of(r.removed)},
       {"has_removed", !r.removed.empty()},
       {"removed_count", r.removed.size()},
       {"changed", list_of(r.changed)},
       {"has_changed", !r.changed.empty()},
       {"changed_count", r.changed.size()},
       {"dropped", list_of(r.dropped_links)},
       {"has_dropped", !r.dropped_links.empty()},
       {"unchanged", !r.created && r.added.empty() && r.removed.empty() && r.changed.empty()}},
      200);
}

http::Response download(http::Api& api, const http::Call& c, const std::string& model,
                        const std::string& framework_id) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  auto file = service::oscal_file(*ws.value(), *snap.value(), model, framework_id);
  if (!file.ok()) return status_page(c, file.status());
  http::Response r{200, "application/json", std::move(file->json), {}};
  r.headers.emplace_back("Content-Disposition", http::attachment_disposition(file->file_name));
  return r;
}

}  // namespace

void add_oscal_pages(http::Api& api) {
  add_page(api, "GET", "/frameworks", d::Action::kRead,
           "Every framework, imported ones with their origin, OSCAL downloads and the import "
           "form",
           [&api](http::Call& c) { return frameworks_page(api, c, nullptr, 200); });
  add_page(api, "POST", "/frameworks/import", d::Action::kDecideScope,
           "Import an OSCAL catalog or profile (multipart form) as a framework",
           [&api](http::Call& c) { return import_framework(api, c); });
  add_page(api, "POST", "/frameworks/{id}/remove", d::Action::kDecideScope,
           "Remove an imported framework", [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status s = ws.value()->store().remove_framework(c.params.at("id"),
                                                             {actor_name(c), api.now()});
             if (!s.ok())
               return frameworks_page(api, c, {{"error", s.message()}}, form_refusal_status(s));
             return redirect("/frameworks");
           });
  add_page(api, "GET", "/frameworks/{id}/oscal/{model}", d::Action::kExport,
           "A framework as an OSCAL catalog, assessment-plan, assessment-results or poam",
           [&api](http::Call& c) {
             const std::string model = c.params.at("model");
             if (model == "mapping-collection" || model == "component-definition")
               return error_page(c, 404, "Not found", "That document is at /oscal/" + model + ".");
             return download(api, c, model, c.params.at("id"));
           });
  add_page(api, "GET", "/oscal/{model}", d::Action::kExport,
           "The crosswalk as an OSCAL mapping-collection or the control library as a "
           "component-definition",
           [&api](http::Call& c) {
             const std::string model = c.params.at("model");
             if (model != "mapping-collection" && model != "component-definition")
               return error_page(c, 404, "Not found", "No OSCAL document " + model + " here.");
             return download(api, c, model, "");
           });
}

}  // namespace crosswalk::web
