// Collectors: configured by administrators, run on demand (`crosswalk collect`, "Run now") or on
// their cron schedule by the scheduler inside `crosswalk serve`. Each run's checks become check
// results of their controls, and its output is kept as evidence.
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "domain/cron.h"
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

// Where a collector stands on its schedule at `now` as the scheduler sees it (whether a run is
// due, the runs missed, the next fire time); nullopt when it is disabled or runs only on demand.
Result<std::optional<domain::Due>> collector_due(Workspace& ws, const store::CollectorRecord& c,
                                                 domain::Timestamp now);

struct CollectorFailure {
  std::string collector_id;
  Status status;
};

// What one pass of the scheduler did.
struct DueRuns {
  // The runs made, in collector order, each with the fire time it stood for and the fire times
  // missed before it. A run that could not work (the runner failed, the database refused its
  // results) is recorded as a run with outcome "error" and the reason, so it waits for its next
  // fire time like any other.
  std::vector<store::CollectorRunRecord> runs;
  // Due, but left alone: another runner holds its lease, or already made this scheduled run.
  std::vector<std::string> busy;
  // Due, but neither its run nor its failure could be recorded; tried again at the next pass.
  std::vector<CollectorFailure> failures;
  bool stopped = false;  // `stop` was requested before every due collector had its turn
};

// One pass of the scheduler at `now`: runs every enabled collector whose schedule is due (each
// under a lease, so one server of several runs it, one run at a time), reporting missed fire
// times. One collector's failure never stops the others. A stop request is honoured between
// collectors (a run already started finishes). Fails only when the collectors cannot be listed.
Result<DueRuns> run_due_collectors(Workspace& ws, const std::string& runner, domain::Timestamp now,
                                   std::stop_token stop = {});

}  // namespace crosswalk::service
