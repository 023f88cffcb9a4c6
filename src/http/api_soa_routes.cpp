// The Statement of Applicability over HTTP: what it says now (JSON), its approved versions (each
// as it was approved), approving it, and the CSV, XLSX and PDF files.
#include "domain/access.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/evidence_files.h"
#include "service/soa.h"
#include "service/soa_export.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

void Api::add_soa_routes() {
  using A = d::Action;
  router_.add({"GET", "/api/v1/soa", A::kRead,
               "The scopes there is a Statement of Applicability for: frameworks with an Annex A, "
               "and \"combined\"",
               [this](Call&) {
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 json out = json::array();
                 for (const auto& [id, name] : service::soa_scopes(snap.value()->catalog))
                   out.push_back({{"scope", id}, {"name", name}, {"href", "/api/v1/soa/" + id}});
                 return json_response(200, out);
               }});

  router_.add({"GET", "/api/v1/soa/{scope}", A::kRead,
               "The Statement of Applicability now: version, approval, one row per Annex A control",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 auto v = service::soa_view(*ws.value(), *snap.value(), c.params["scope"]);
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::soa_json(v.value()));
               }});

  router_.add({"GET", "/api/v1/soa/{scope}/versions", A::kRead,
               "The approved versions, newest first", [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 auto v = service::soa_view(*ws.value(), *snap.value(), c.params["scope"]);
                 if (!v.ok()) return from_status(v.status());
                 auto approvals = ws.value()->store().soa_approvals(c.params["scope"]);
                 if (!approvals.ok()) return from_status(approvals.status());
                 json out = json::array();
                 for (const auto& a : approvals.value())
                   out.push_back({{"version", a.version},
                                  {"approved_by", a.approved_by},
                                  {"approved_at", d::format_datetime(a.approved_at)},
                                  {"statement_sha256", a.statement_sha256},
                                  {"current", v->is_approved && a.version == v->version},
                                  {"href", "/api/v1/soa/" + c.params["scope"] + "/versions/" +
                                               std::to_string(a.version)}});
                 return json_response(200, out);
               }});

  router_.add({"GET", "/api/v1/soa/{scope}/versions/{version}", A::kRead,
               "One approved version as it was approved (its rows then)", [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto approvals = ws.value()->store().soa_approvals(c.params["scope"]);
                 if (!approvals.ok()) return from_status(approvals.status());
                 for (const auto& a : approvals.value())
                   if (std::to_string(a.version) == c.params["version"])
                     return Response{200, "application/json", a.document, {}};
                 return error_response(404, "not_found",
                                       "no approved version " + c.params["version"] + " of the " +
                                           c.params["scope"] + " Statement of Applicability");
               }});

  router_.add({"POST", "/api/v1/soa/{scope}/approve", A::kSignOff,
               "Approve what the SoA says now as its next version (the caller is the approver); "
               "400 naming exclusions without justification, 409 if already approved unchanged",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto v = service::approve_soa(*ws.value(), c.params["scope"],
                                               {"api:" + c.who->user, clock_()}, clock_());
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::soa_json(v.value()));
               }});

  router_.add(
      {"GET", "/api/v1/soa/{scope}/export", A::kExport, "The SoA as a file: ?format=csv|xlsx|pdf",
       [this](Call& c) {
         const auto it = c.request.query.find("format");
         const std::string format = it == c.request.query.end() ? "" : it->second;
         auto f = service::parse_soa_format(format);
         if (!f) return error_response(400, "bad_request", "format: csv, xlsx or pdf");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto snap = snapshot();
         if (!snap.ok()) return from_status(snap.status());
         auto v = service::soa_view(*ws.value(), *snap.value(), c.params["scope"]);
         if (!v.ok()) return from_status(v.status());
         auto bytes = service::soa_bytes(v.value(), *f, ws.value()->vault().temp_dir());
         if (!bytes.ok()) return from_status(bytes.status());
         Response r{200, std::string(service::soa_media_type(*f)), std::move(bytes.value()), {}};
         r.headers.emplace_back("Content-Disposition",
                                attachment_disposition(service::soa_file_name(v.value(), *f)));
         return r;
       }});
}

}  // namespace crosswalk::http
