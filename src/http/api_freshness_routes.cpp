// What to renew and when, and what changed since a moment: the dashboard's two lists, for scripts.
#include "http/api.h"
#include "http/api_util.h"
#include "service/changes.h"
#include "service/renewal_views.h"
#include "service/renewals.h"

namespace crosswalk::http {

namespace d = crosswalk::domain;

void Api::add_freshness_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/renewals", A::kRead,
               "Evidence and checks that run out within `days` (default 30, at most 3660), with "
               "when, the controls that turn stale and what to do; overdue ones first",
               [this](Call& c) {
                 d::Timestamp days = 30;
                 if (const std::string v = query_value(c.request, "days"); !v.empty()) {
                   if (v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos ||
                       std::stoll(v) > 3660)
                     return error_response(400, "bad_request", "days: a whole number 0..3660");
                   days = std::stoll(v);
                 }
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto list = service::list_renewals(*ws.value(), s.value()->org, s.value()->now,
                                                    days * d::kSecondsPerDay);
                 if (!list.ok()) return from_status(list.status());
                 return json_response(200, service::renewals_json(list.value()));
               }});

  router_.add({"GET", "/api/v1/changes", A::kRead,
               "Controls whose state changed since `since` (RFC 3339; default 24 hours ago, at "
               "most 90 days back), each with its cause and the changes that made it, and counts "
               "of imports, collector runs and check results",
               [this](Call& c) {
                 auto s = snapshot();
                 if (!s.ok()) return from_status(s.status());
                 const d::Timestamp now = s.value()->now;
                 d::Timestamp since = now - d::kSecondsPerDay;
                 if (const std::string v = query_value(c.request, "since"); !v.empty()) {
                   auto t = d::parse_datetime(v);
                   if (!t || *t > now || now - *t > 90 * d::kSecondsPerDay)
                     return error_response(400, "bad_request",
                                           "since: an RFC 3339 time in the last 90 days");
                   since = *t;
                 }
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto changes = service::changes_since(*ws.value(), s.value()->org, since, now);
                 if (!changes.ok()) return from_status(changes.status());
                 return json_response(200, service::changes_since_json(changes.value()));
               }});
}

}  // namespace crosswalk::http
