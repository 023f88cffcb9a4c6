// Collectors: configured by administrators, run on demand (`crosswalk collect`, "Run now") or on
// their cron schedule by the scheduler inside `crosswalk serve`. Each run's checks become check
// results of their controls, and its output is kept as evidence.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/workspace.h"

namespace crosswalk::service {

struct CollectorInput {
  std::string id;  // letters, digits, '-', '_'; chosen by the admin
  std::string name;
  std::string kind;         // command | file | host
  std::string config_json;  // see ingest/collector.h
  std::string schedule;     // cron; "" = on demand only
  std::vector<std::string> controls;
  int freshness_days = 2;  // a result older than this makes its control stale
  int evidence_valid_days = 0;
  bool enabled = true;
};

// Creates (expected_version unset) or updates a collector after validating every field;
// InvalidInput names the field.
Status save_collector(Workspace& ws, const CollectorInput& in,
                      std::optional<std::int64_t> expected_version, const store::Actor& actor);

Result<store::CollectorRecord> find_collector(Workspace& ws, const std::string& id);

struct RunRequest {
  std::string trigger = "manual";  // schedule | manual | cli
  std::optional<domain::Timestamp> scheduled_for;
  std::int64_t missed = 0;
  std::string runner;  // who runs it: "serve@host:pid", "cli"
};

// Runs one collector now and records the run, its evidence and its check results.
Result<store::CollectorRunRecord> run_collector(Workspace& ws, const std::string& id,
                                                const RunRequest& request,
                                                const store::Actor& actor);

// One pass of the scheduler at `now`: runs every enabled collector whose schedule is due (each
// under a lease, so one server of several runs it, one run at a time), reporting missed fire
// times. Returns the runs made.
Result<std::vector<store::CollectorRunRecord>> run_due_collectors(Workspace& ws,
                                                                  const std::string& runner,
                                                                  domain::Timestamp now);

}  // namespace crosswalk::service
