#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

Status SqlStore::record_readiness(const std::vector<ReadinessPoint>& points) {
  // Not serialized: derived data, last writer wins, and readers must not queue behind writers.
  auto tx = Transaction::begin_unserialized(db_);
  if (!tx.ok()) return tx.status();
  auto q = db_.prepare(
      "INSERT INTO readiness_history (day, framework, met, partly_met, not_met, not_applicable) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, framework) DO UPDATE SET met = excluded.met, "
      "partly_met = excluded.partly_met, not_met = excluded.not_met, "
      "not_applicable = excluded.not_applicable");
  if (!q.ok()) return q.status();
  for (const ReadinessPoint& p : points) {
    q->reset();
    q->bind(1, p.day)
        .bind(2, p.framework)
        .bind(3, p.met)
        .bind(4, p.partly_met)
        .bind(5, p.not_met)
        .bind(6, p.not_applicable);
    CW_RETURN_IF_ERROR(q->run());
  }
  return tx->commit();
}

Result<std::vector<ReadinessPoint>> SqlStore::readiness_history(const std::string& framework,
                                                                const std::string& since_day) {
  auto q = db_.prepare(
      "SELECT day, framework, met, partly_met, not_met, not_applicable FROM readiness_history "
      "WHERE framework = ? AND day >= ? ORDER BY day");
  if (!q.ok()) return q.status();
  q->bind(1, framework).bind(2, since_day);
  std::vector<ReadinessPoint> out;
  while (q->step())
    out.push_back({q->text(0), q->text(1), static_cast<int>(q->int64(2)),
                   static_cast<int>(q->int64(3)), static_cast<int>(q->int64(4)),
                   static_cast<int>(q->int64(5))});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql
