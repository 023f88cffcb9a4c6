// Collectors the organization configured and the record of their runs.
#include "domain/time.h"
#include "store/sql/column_codec.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

json collector_json(const CollectorRecord& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"kind", c.kind},
          {"config", json::parse(c.config_json, nullptr, false)},
          {"schedule", c.schedule},
          {"controls", c.controls},
          {"freshness_seconds", c.freshness_seconds},
          {"evidence_valid_days", c.evidence_valid_days},
          {"enabled", c.enabled}};
}

constexpr const char* kRunColumns =
    "id, collector_id, trigger_kind, scheduled_for, started_at, finished_at, outcome, message, "
    "missed, evidence_id, runner";

}  // namespace

Status SqlStore::put_collector(const CollectorRecord& c,
                               std::optional<std::int64_t> expected_version, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto exists = db_.prepare("SELECT 1 FROM controls WHERE id = ?");
  if (!exists.ok()) return exists.status();
  for (const std::string& id : c.controls) {
    exists->reset();
    exists->bind(1, id);
    if (!exists->step()) {
      CW_RETURN_IF_ERROR(exists->status());
      return Status::NotFound("unknown control '" + id + "' (see `crosswalk control list`)");
    }
  }
  auto cur = db_.prepare(
      "SELECT version, name, kind, config, schedule, controls, freshness_seconds, "
      "evidence_valid_days, enabled FROM collectors WHERE id = ?");
  if (!cur.ok()) return cur.status();
  cur->bind(1, c.id);
  const bool found = cur->step();
  CW_RETURN_IF_ERROR(cur->status());
  if (!expected_version && found)
    return Status::Conflict("a collector named '" + c.id + "' already exists");
  if (expected_version && !found) return Status::NotFound("unknown collector '" + c.id + "'");
  if (expected_version && cur->int64(0) != *expected_version)
    return Status::Conflict("collector '" + c.id + "' was changed by someone else (version " +
                            std::to_string(cur->int64(0)) + ", you edited version " +
                            std::to_string(*expected_version) + "): reload and try again");
  json before = nullptr;
  if (found) {
    CollectorRecord old;
    old.id = c.id;
    old.name = cur->text(1);
    old.kind = cur->text(2);
    old.config_json = cur->text(3);
    old.schedule = cur->text(4);
    old.controls = space_split(cur->text(5));
    old.freshness_seconds = cur->int64(6);
    old.evidence_valid_days = static_cast<int>(cur->int64(7));
    old.enabled = cur->int64(8) != 0;
    before = collector_json(old);
  }
  const std::int64_t version = found ? cur->int64(0) + 1 : 1;
  auto put = found ? db_.prepare(
                         "UPDATE collectors SET name = ?, kind = ?, config = ?, schedule = ?, "
                         "controls = ?, freshness_seconds = ?, evidence_valid_days = ?, "
                         "enabled = ?, version = ?, updated_at = ? WHERE id = ?")
                   : db_.prepare(
                         "INSERT INTO collectors (name, kind, config, schedule, controls, "
                         "freshness_seconds, evidence_valid_days, enabled, version, updated_at, "
                         "id, created_by, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!put.ok()) return put.status();
  put->bind(1, c.name).bind(2, c.kind).bind(3, c.config_json).bind(4, c.schedule);
  put->bind(5, space_joined(c.controls))
      .bind(6, c.freshness_seconds)
      .bind(7, c.evidence_valid_days);
  put->bind(8, c.enabled ? 1 : 0).bind(9, version).bind(10, actor.now).bind(11, c.id);
  if (!found) put->bind(12, actor.name).bind(13, actor.now);
  CW_RETURN_IF_ERROR(put->run());
  CW_RETURN_IF_ERROR(append_journal(actor, found ? "collector.update" : "collector.add",
                                    "collector", c.id, before, collector_json(c)));
  return commit(*tx);
}

Status SqlStore::remove_collector(const std::string& id, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto q = db_.prepare("SELECT name, kind FROM collectors WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("unknown collector '" + id + "'");
  }
  const json before = {{"id", id}, {"name", q->text(0)}, {"kind", q->text(1)}};
  auto del = db_.prepare("DELETE FROM collectors WHERE id = ?");
  if (!del.ok()) return del.status();
  CW_RETURN_IF_ERROR(del->bind(1, id).run());
  CW_RETURN_IF_ERROR(append_journal(actor, "collector.remove", "collector", id, before, nullptr));
  return commit(*tx);
}

Result<std::vector<CollectorRecord>> SqlStore::collectors() {
  auto q = db_.prepare(
      "SELECT id, name, kind, config, schedule, controls, freshness_seconds, evidence_valid_days, "
      "enabled, version, created_by, created_at, updated_at FROM collectors ORDER BY id");
  if (!q.ok()) return q.status();
  std::vector<CollectorRecord> out;
  while (q->step()) {
    CollectorRecord c;
    c.id = q->text(0);
    c.name = q->text(1);
    c.kind = q->text(2);
    c.config_json = q->text(3);
    c.schedule = q->text(4);
    c.controls = space_split(q->text(5));
    c.freshness_seconds = q->int64(6);
    c.evidence_valid_days = static_cast<int>(q->int64(7));
    c.enabled = q->int64(8) != 0;
    c.version = q->int64(9);
    c.created_by = q->text(10);
    c.created_at = q->int64(11);
    c.updated_at = q->int64(12);
    out.push_back(std::move(c));
  }
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::int64_t> SqlStore::record_collector_run(CollectorRunRecord run,
                                                    std::optional<EvidenceRecord> evidence,
                                                    std::vector<CheckResultRecord> results,
                                                    const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto exists = db_.prepare("SELECT 1 FROM collectors WHERE id = ?");
  if (!exists.ok()) return exists.status();
  exists->bind(1, run.collector_id);
  if (!exists->step()) {
    CW_RETURN_IF_ERROR(exists->status());
    return Status::NotFound("unknown collector '" + run.collector_id + "'");
  }
  if (evidence) {
    auto id = insert_evidence(std::move(*evidence), actor);
    if (!id.ok()) return id.status();
    run.evidence_id = id.value();
  }
  for (CheckResultRecord& r : results) {
    r.source = "collector:" + run.collector_id;
    CW_RETURN_IF_ERROR(insert_check_result(r, actor));
  }
  auto ins = db_.prepare(
      "INSERT INTO collector_runs (collector_id, trigger_kind, scheduled_for, started_at, "
      "finished_at, outcome, message, missed, evidence_id, runner) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!ins.ok()) return ins.status();
  ins->bind(1, run.collector_id).bind(2, run.trigger).bind(3, run.scheduled_for);
  ins->bind(4, run.started_at).bind(5, run.finished_at).bind(6, run.outcome);
  ins->bind(7, run.message).bind(8, run.missed).bind(9, run.evidence_id).bind(10, run.runner);
  if (!ins->step()) {
    CW_RETURN_IF_ERROR(ins->status());
    return Status::IoError("the run's id was not returned");
  }
  run.id = ins->int64(0);
  while (ins->step()) {
  }
  CW_RETURN_IF_ERROR(ins->status());
  json after = {{"collector", run.collector_id},
                {"trigger", run.trigger},
                {"started_at", d::format_datetime(run.started_at)},
                {"finished_at", d::format_datetime(run.finished_at)},
                {"outcome", run.outcome},
                {"message", run.message},
                {"missed", run.missed},
                {"evidence", run.evidence_id},
                {"runner", run.runner}};
  if (run.scheduled_for) after["scheduled_for"] = d::format_datetime(*run.scheduled_for);
  CW_RETURN_IF_ERROR(
      append_journal(actor, "collector.run", "collector", run.collector_id, nullptr, after));
  CW_RETURN_IF_ERROR(commit(*tx));
  return run.id;
}

Result<std::vector<CollectorRunRecord>> SqlStore::collector_runs(const std::string& collector_id,
                                                                 int limit) {
  auto q = db_.prepare(std::string("SELECT ") + kRunColumns +
                       " FROM collector_runs WHERE (? = '' OR collector_id = ?) "
                       "ORDER BY id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->bind(1, collector_id).bind(2, collector_id).bind(3, limit);
  std::vector<CollectorRunRecord> out;
  while (q->step())
    out.push_back({q->int64(0), q->text(1), q->text(2), q->optional_int64(3), q->int64(4),
                   q->int64(5), q->text(6), q->text(7), q->int64(8), q->text(9), q->text(10)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::optional<d::Timestamp>> SqlStore::last_scheduled_fire(const std::string& collector_id) {
  auto q = db_.prepare(
      "SELECT MAX(scheduled_for) FROM collector_runs WHERE collector_id = ? AND "
      "trigger_kind = 'schedule'");
  if (!q.ok()) return q.status();
  q->bind(1, collector_id);
  std::optional<d::Timestamp> out;
  if (q->step()) out = q->optional_int64(0);
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql
