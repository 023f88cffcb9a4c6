#include "domain/time.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

namespace d = crosswalk::domain;
using nlohmann::json;

Status SqlStore::record_check_result(const CheckResultRecord& r, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  CW_RETURN_IF_ERROR(insert_check_result(r, actor));
  return commit(*tx);
}

Status SqlStore::record_check_results(const std::vector<CheckResultRecord>& results,
                                      const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  for (const CheckResultRecord& r : results) CW_RETURN_IF_ERROR(insert_check_result(r, actor));
  return commit(*tx);
}

Status SqlStore::insert_check_result(const CheckResultRecord& r, const Actor& actor) {
  auto control = db_.prepare("SELECT 1 FROM controls WHERE id = ?");
  if (!control.ok()) return control.status();
  control->bind(1, r.control_id);
  if (!control->step()) {
    CW_RETURN_IF_ERROR(control->status());
    return Status::NotFound("unknown control '" + r.control_id +
                            "' (see `crosswalk control list`)");
  }
  auto upsert = db_.prepare(
      "INSERT INTO checks (id, control_id, name, freshness_seconds) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET control_id = excluded.control_id, name = excluded.name, "
      "freshness_seconds = excluded.freshness_seconds");
  if (!upsert.ok()) return upsert.status();
  CW_RETURN_IF_ERROR(upsert->bind(1, r.check_id)
                         .bind(2, r.control_id)
                         .bind(3, r.name)
                         .bind(4, r.freshness_seconds)
                         .run());
  auto ins = db_.prepare(
      "INSERT INTO check_results (check_id, outcome, observed_at, message, source) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  CW_RETURN_IF_ERROR(ins->bind(1, r.check_id)
                         .bind(2, d::to_string(r.outcome))
                         .bind(3, r.observed_at)
                         .bind(4, r.message)
                         .bind(5, r.source)
                         .run());
  CW_RETURN_IF_ERROR(append_journal(actor, "check.result", "check", r.check_id, nullptr,
                                    json{{"check", r.check_id},
                                         {"control", r.control_id},
                                         {"name", r.name},
                                         {"outcome", d::to_string(r.outcome)},
                                         {"observed_at", d::format_datetime(r.observed_at)},
                                         {"message", r.message},
                                         {"source", r.source}}));
  return Status::Ok();
}

}  // namespace crosswalk::store::sql
