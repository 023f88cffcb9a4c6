#include "store/sql/database.h"

namespace crosswalk::store::sql {

Result<Statement> Database::prepare(std::string_view sql) {
  auto c = driver_->prepare(sql);
  if (!c.ok()) return c.status();
  return Statement(std::move(c).value());
}

Status Statement::run() {
  while (step()) {
  }
  return status_;
}

Result<Transaction> Transaction::begin(Database& db) {
  CW_RETURN_IF_ERROR(db.driver().begin(/*serialized=*/true));
  return Transaction(&db);
}

Result<Transaction> Transaction::begin_unserialized(Database& db) {
  CW_RETURN_IF_ERROR(db.driver().begin(/*serialized=*/false));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  Status s = db_->exec("COMMIT");
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace crosswalk::store::sql
