#include "store/sqlite/db.h"

#include <cstdio>

namespace crosswalk::store::sqlite {
namespace {

Status status_from(sqlite3* db, int rc, const std::string& what) {
  const std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(msg + " (another process is writing; try again)");
    case SQLITE_CONSTRAINT:
      return Status::Conflict(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(msg);
    default:
      return Status::IoError(msg);
  }
}

}  // namespace

Result<Database> Database::open(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = status_from(db, rc, "cannot open database " + path);
    sqlite3_close(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  Database d(db, path);
  // WAL: readers never block the writer; synchronous=FULL: a commit survives power loss.
  for (const char* pragma :
       {"PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"}) {
    Status s = d.exec(pragma);
    if (!s.ok()) return s;
  }
  return d;
}

Result<Database> Database::open_immutable(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {  // percent-encode what a URI would read as syntax
    if (c == '?' || c == '#' || c == '%') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      uri += buf;
    } else {
      uri += c;
    }
  }
  uri += "?immutable=1";
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = status_from(db, rc, "cannot open database " + path + " read-only");
    sqlite3_close(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  Database d(db, path);
  CW_RETURN_IF_ERROR(d.exec("PRAGMA foreign_keys=ON"));
  return d;
}

Database::~Database() {
  if (db_) sqlite3_close_v2(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

Status Database::exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return status_from(db_, rc, "database " + path_);
  return Status::Ok();
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return status_from(db_, rc, "preparing SQL");
  return Statement(this, s);
}

Status Database::error(const std::string& what) const {
  return status_from(db_, sqlite3_extended_errcode(db_), what);
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, std::optional<std::int64_t> v) {
  return v ? bind(i, *v) : bind_null(i);
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = db_->error("executing SQL");
  return false;
}

Status Statement::run() {
  while (step()) {
  }
  return status_;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = Status::Ok();
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : "";
}
std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
std::optional<std::int64_t> Statement::optional_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}
bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(Database& db) {
  CW_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_) db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  Status s = db_->exec("COMMIT");
  if (s.ok()) db_ = nullptr;
  return s;
}

}  // namespace crosswalk::store::sqlite
