// OSCAL over the API (docs/oscal.md): frameworks imported from catalogs and profiles, removed,
// and every export as a download.
#include "http/api.h"
#include "http/api_util.h"
#include "http/evidence_files.h"
#include "http/framework_upload.h"
#include "service/oscal_export.h"

namespace crosswalk::http {

namespace d = crosswalk::domain;

namespace {

Response oscal_download(service::Workspace& ws, const service::Snapshot& s,
                        const std::string& model, const std::string& framework_id) {
  auto file = service::oscal_file(ws, s, model, framework_id);
  if (!file.ok()) return from_status(file.status());
  Response r{200, "application/json", std::move(file->json), {}};
  r.headers.emplace_back("Content-Disposition", attachment_disposition(file->file_name));
  return r;
}

}  // namespace

void Api::add_oscal_routes() {
  using A = d::Action;

  router_.add({"POST", "/api/v1/frameworks/import", A::kDecideScope,
               "Import an OSCAL catalog or profile as a framework (multipart: file, catalog for "
               "each catalog a profile imports, id?, name?, dry_run?); a newer version of an "
               "imported framework keeps the links to requirements that remain",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto form = read_multipart(c.request, ws.value()->vault().temp_dir());
                 if (!form.ok()) return from_status(form.status());
                 auto out = import_uploaded_framework(*ws.value(), form.value(),
                                                      {"api:" + c.who->user, clock_()});
                 if (!out.ok()) return from_status(out.status());
                 const bool dry = upload_is_dry_run(form.value());
                 return json_response(dry || !out->report.created ? 200 : 201,
                                      service::import_outcome_json(out.value(), dry));
               }});

  router_.add({"DELETE", "/api/v1/frameworks/{id}", A::kDecideScope,
               "Remove an imported framework with the links and decisions that name it",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status s = ws.value()->store().remove_framework(c.params.at("id"),
                                                                 {"api:" + c.who->user, clock_()});
                 if (!s.ok()) return from_status(s);
                 return Response{204, "application/json", "", {}};
               }});

  router_.add({"GET", "/api/v1/frameworks/{id}/oscal/{model}", A::kExport,
               "A framework as an OSCAL document: catalog, assessment-plan, assessment-results "
               "or poam",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 if (!snap.value()->framework(c.params.at("id")))
                   return error_response(404, "not_found", "no framework " + c.params.at("id"));
                 const std::string model = c.params.at("model");
                 if (model == "mapping-collection" || model == "component-definition")
                   return error_response(404, "not_found", model + " is at /api/v1/oscal/" + model);
                 return oscal_download(*ws.value(), *snap.value(), model, c.params.at("id"));
               }});

  router_.add({"GET", "/api/v1/oscal/{model}", A::kExport,
               "The crosswalk as an OSCAL mapping-collection, or the control library as a "
               "component-definition",
               [this](Call& c) {
                 const std::string model = c.params.at("model");
                 if (model != "mapping-collection" && model != "component-definition")
                   return error_response(404, "not_found",
                                         "mapping-collection or component-definition");
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 return oscal_download(*ws.value(), *snap.value(), model, "");
               }});
}

}  // namespace crosswalk::http
