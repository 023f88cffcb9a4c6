// Approved versions of the Statement of Applicability.
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

using nlohmann::json;

Status SqlStore::add_soa_approval(const SoaApproval& approval, std::int64_t expected_latest,
                                  const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto latest = db_.prepare("SELECT MAX(version) FROM soa_approvals WHERE scope = ?");
  if (!latest.ok()) return latest.status();
  latest->bind(1, approval.scope);
  std::int64_t current = 0;
  if (latest->step()) current = latest->optional_int64(0).value_or(0);
  CW_RETURN_IF_ERROR(latest->status());
  if (current != expected_latest)
    return Status::Conflict("the Statement of Applicability (" + approval.scope +
                            ") was approved as version " + std::to_string(current) +
                            " meanwhile; review it again");
  auto ins = db_.prepare(
      "INSERT INTO soa_approvals (scope, version, approved_by, approved_at, statement, "
      "statement_sha256, document) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, approval.scope).bind(2, current + 1).bind(3, approval.approved_by);
  ins->bind(4, approval.approved_at).bind(5, approval.statement);
  ins->bind(6, approval.statement_sha256).bind(7, approval.document);
  CW_RETURN_IF_ERROR(ins->run());
  CW_RETURN_IF_ERROR(append_journal(actor, "soa.approve", "soa", approval.scope, nullptr,
                                    {{"version", current + 1},
                                     {"approved_by", approval.approved_by},
                                     {"approved_at", approval.approved_at},
                                     {"statement_sha256", approval.statement_sha256}}));
  return commit(*tx);
}

Result<std::vector<SoaApproval>> SqlStore::soa_approvals(const std::string& scope) {
  auto q = db_.prepare(
      "SELECT scope, version, approved_by, approved_at, statement, statement_sha256, document "
      "FROM soa_approvals WHERE scope = ? ORDER BY version DESC");
  if (!q.ok()) return q.status();
  q->bind(1, scope);
  std::vector<SoaApproval> out;
  while (q->step())
    out.push_back(
        {q->text(0), q->int64(1), q->text(2), q->int64(3), q->text(4), q->text(5), q->text(6)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql
