// Documents, courses and incidents over HTTP (docs/policies-and-training.md, docs/incidents.md):
// a document's approved versions and acknowledgement state, a course's completion state, the
// duties people owe past their due date, and an incident's notifications and corrective
// actions. All of them are register kinds: the register routes create, change and list them
// (approving a document is a change of its approved_by/approved_on by a manager).
#include "domain/access.h"
#include "http/api.h"
#include "http/api_util.h"
#include "service/duties.h"
#include "service/incidents.h"

namespace crosswalk::http {

namespace d = crosswalk::domain;

void Api::add_duty_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/documents/{id}", A::kRead,
               "A document: state, next review, approved versions, who acknowledged the approved "
               "version and who still owes it",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto v = service::document_view(*ws.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::document_json(v.value()));
               }});

  router_.add({"GET", "/api/v1/courses/{id}", A::kRead,
               "A course: who must take its current version, who has and who is overdue",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto v = service::course_view(*ws.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::course_json(v.value()));
               }});

  router_.add({"GET", "/api/v1/duties", A::kRead,
               "Acknowledgements and courses people owe past their due date, and documents due "
               "for review",
               [this](Call&) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto a = service::duty_attention(*ws.value(), clock_());
                 if (!a.ok()) return from_status(a.status());
                 return json_response(200, service::duty_attention_json(a.value()));
               }});

  router_.add({"GET", "/api/v1/incidents/{id}", A::kRead,
               "An incident with its notifications (state), the notifications the facts suggest "
               "but nobody recorded, and its corrective actions",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto v = service::incident_view(*ws.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::incident_json(v.value()));
               }});
}

}  // namespace crosswalk::http
