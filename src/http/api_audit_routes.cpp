// Internal audits over HTTP (docs/audits.md): an audit with its checklist, findings and
// corrective actions; recording a check and raising a finding in it (what auditors may do);
// the audit report; corrective actions with their state. Audits, programmes, checks, findings
// and actions are register kinds: the register routes create, change and list them too.
#include "domain/access.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/audit_pack_download.h"
#include "http/evidence_files.h"
#include "http/register_body.h"
#include "service/audit_report.h"
#include "service/audits.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

void Api::add_audit_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/audits/{id}", A::kRead,
               "An audit: its checklist (controls and evidence to sample, checks, findings per "
               "requirement), findings, corrective actions and summary",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 auto v = service::audit_view(*ws.value(), *snap.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::audit_json(v.value()));
               }});

  // A check or a finding recorded in the audit, from {"fields": …} (its "audit" is the path's).
  auto record = [this](Call& c, const std::string& kind) {
    json body;
    Response error;
    if (!json_body(c.request, body, error)) return error;
    auto fields = fields_of_body(body);
    if (!fields.ok()) return from_status(fields.status());
    auto ws = workspace();
    if (!ws.ok()) return from_status(ws.status());
    const store::Actor actor{"api:" + c.who->user, clock_()};
    auto saved = kind == "audit_check"
                     ? service::record_audit_check(*ws.value(), c.params["id"], fields.value(),
                                                   c.who->role, actor)
                     : service::raise_audit_finding(*ws.value(), c.params["id"], fields.value(),
                                                    c.who->role, actor);
    if (!saved.ok()) return from_status(saved.status());
    return saved_response(201, kind, saved.value(), *ws.value());
  };
  router_.add({"POST", "/api/v1/audits/{id}/checks", A::kRaiseFinding,
               "Record a check of one requirement in the audit: result, evidence sampled, note",
               [record](Call& c) { return record(c, "audit_check"); }});
  router_.add({"POST", "/api/v1/audits/{id}/findings", A::kRaiseFinding,
               "Raise a finding in the audit: nonconformity, observation or opportunity",
               [record](Call& c) { return record(c, "audit_finding"); }});

  router_.add({"GET", "/api/v1/audits/{id}/report", A::kExport,
               "The audit report as ?format=pdf (default) or markdown", [this](Call& c) {
                 const std::string format = query_value(c.request, "format");
                 if (!format.empty() && format != "pdf" && format != "markdown")
                   return error_response(400, "bad_request", "format: pdf or markdown");
                 const bool pdf = format != "markdown";
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 auto v = service::audit_view(*ws.value(), *snap.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 auto r = document_download(service::audit_report(v.value()), pdf,
                                            service::audit_report_file_name(v.value(), pdf));
                 return r.ok() ? std::move(r.value()) : from_status(r.status());
               }});

  router_.add({"GET", "/api/v1/corrective-actions", A::kRead,
               "Every corrective action with its state (open, overdue, awaiting effectiveness "
               "check, not effective, closed); ?state= filters",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto actions = service::corrective_actions(*ws.value(), clock_());
                 if (!actions.ok()) return from_status(actions.status());
                 const std::string state = query_value(c.request, "state");
                 json items = json::array();
                 for (const auto& a : actions.value())
                   if (state.empty() || d::to_string(a.state) == state)
                     items.push_back(service::action_json(a));
                 return json_response(200, {{"items", items}});
               }});

  router_.add({"GET", "/api/v1/audit-pack", A::kExport,
               "The audit pack: a zip of the SoA, readiness, gaps, risks, audits, review minutes, "
               "registers and evidence files with a signed manifest (?framework=ID[,ID]; default "
               "every framework); X-Journal-Head is the journal's head it was made at",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 auto r = audit_pack_download(*ws.value(), *snap.value(),
                                              query_value(c.request, "framework"),
                                              {"api:" + c.who->user, clock_()});
                 return r.ok() ? std::move(r.value()) : from_status(r.status());
               }});
}

}  // namespace crosswalk::http
