// The application behind the HTTP server: routes of /api/v1, /healthz and /metrics, with
// authentication, the role check of every route, metrics, an access log and security headers.
#pragma once

#include <atomic>
#include <memory>
#include <ostream>

#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "service/snapshot.h"
#include "service/workspace.h"

namespace crosswalk::http {

class Api {
 public:
  // `clock` gives the current time (tests and what-if runs may fix it); `log` gets one JSON line
  // per request.
  Api(service::WorkspaceOptions options, std::function<domain::Timestamp()> clock,
      std::ostream& log);

  Response handle(const Request& req);
  // For the server, once a request's header is read and before its body is: the refusal (logged
  // and with the usual headers) of a request that would not reach its handler, or nullopt.
  std::optional<Response> admit(const Request& head);
  const Router& router() const { return router_; }

  // For other route sets (the web pages) built on the same application state.
  Router& mutable_router() { return router_; }
  domain::Timestamp now() const { return clock_(); }
  // One database connection per server thread: SQLite connections are not shared between threads.
  Result<service::Workspace*> workspace();
  // The current assessment, recomputed only when the journal moved (any change) or time alone
  // changed a status (evidence expiring, a check going stale) since it was computed.
  Result<std::shared_ptr<const service::Snapshot>> snapshot();
  Result<std::optional<Principal>> authenticate(const Request& req);
  // Text derived only from the assessment `s` and `key` (a rendered page part): kept with the
  // cached assessment and dropped with it, so it is computed once per change.
  std::string cached_text(const std::shared_ptr<const service::Snapshot>& s, const std::string& key,
                          const std::function<std::string()>& make);

 private:
  void add_routes();           // api.cpp: health, metrics, frameworks, readiness, gap, controls
  void add_workflow_routes();  // api_workflow_routes.cpp: templates, adoption, evidence, decisions,
                               // journal
  void add_account_routes();   // api_account_routes.cpp: users, API tokens, backups
  void add_import_routes();    // api_import_routes.cpp: imports, findings, check results
  void add_collector_routes();    // api_collector_routes.cpp: collectors and their runs
  void add_freshness_routes();    // api_freshness_routes.cpp: renewals, changes since a moment
  void add_measurement_routes();  // api_measurement_routes.cpp: AI measurements, signing keys
  void add_register_routes();  // api_register_routes.cpp: risks, AI systems, assets, suppliers, …
  void add_soa_routes();       // api_soa_routes.cpp: Statement of Applicability, versions, files
  void add_audit_routes();     // api_audit_routes.cpp: audit checklists, checks, findings, reports
  void add_review_routes();    // api_review_routes.cpp: management reviews, inputs, minutes
  void add_oscal_routes();     // api_oscal_routes.cpp: framework import/remove, OSCAL exports
  void add_duty_routes();      // api_duty_routes.cpp: documents, courses, duties, incidents
  std::uint64_t id_ = 0;
  service::WorkspaceOptions options_;
  std::function<domain::Timestamp()> clock_;
  std::ostream& log_;
  std::mutex log_mutex_;
  Router router_;
  Metrics metrics_;
  // Wraps a GET handler whose answer depends only on the assessment and the request: its 200
  // responses are kept with the cached assessment and dropped with it.
  RouteFn memoized(RouteFn fn);

  struct Cache {
    std::shared_ptr<const service::Snapshot> snapshot;
    std::int64_t journal_seq = -1;
    std::optional<domain::Timestamp> valid_until;
    std::map<std::string, Response> responses;  // by path and query
    std::map<std::string, std::string> texts;   // cached_text, by key
  };
  std::mutex cache_mutex_;
  Cache cache_;
  // One recompute at a time: threads that miss the cache together wait for it and share it.
  std::mutex recompute_mutex_;
  std::atomic<long long> recomputes_{0};  // exported in /metrics
  // What was last written to the readiness history, so that unchanged values are not written
  // again on every recompute.
  std::vector<store::ReadinessPoint> recorded_;
};

}  // namespace crosswalk::http
