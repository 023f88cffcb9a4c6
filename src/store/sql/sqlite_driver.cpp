// The SQLite engine behind Driver.
#include <sqlite3.h>

#include <cstdio>

#include "store/sql/database.h"

namespace crosswalk::store::sql {
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

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  ~SqliteCursor() override { sqlite3_finalize(stmt_); }
  SqliteCursor(const SqliteCursor&) = delete;
  SqliteCursor& operator=(const SqliteCursor&) = delete;

  void bind_text(int i, std::string_view v) override {
    sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  }
  void bind_blob(int i, std::string_view v) override {
    sqlite3_bind_blob(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  }
  void bind_int64(int i, std::int64_t v) override { sqlite3_bind_int64(stmt_, i, v); }
  void bind_null(int i) override { sqlite3_bind_null(stmt_, i); }

  bool step(Status& error) override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) error = status_from(db_, sqlite3_extended_errcode(db_), "executing SQL");
    return false;
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string text(int col) const override {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : "";
  }
  std::string blob(int col) const override {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : "";
  }
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDriver final : public Driver {
 public:
  SqliteDriver(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDriver() override { sqlite3_close_v2(db_); }
  SqliteDriver(const SqliteDriver&) = delete;
  SqliteDriver& operator=(const SqliteDriver&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status exec(const std::string& sql) override {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) return status_from(db_, rc, "database " + path_);
    return Status::Ok();
  }
  Result<std::unique_ptr<Cursor>> prepare(std::string_view sql) override {
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &s, nullptr);
    if (rc != SQLITE_OK) return status_from(db_, rc, "preparing SQL");
    return std::unique_ptr<Cursor>(std::make_unique<SqliteCursor>(db_, s));
  }
  // IMMEDIATE takes the write lock at once, so a read inside the transaction is never followed
  // by a lock upgrade that fails. SQLite has one writer at a time anyway.
  Status begin(bool) override { return exec("BEGIN IMMEDIATE"); }
  int changes() const override { return sqlite3_changes(db_); }
  const std::string& where() const override { return path_; }

 private:
  sqlite3* db_;
  std::string path_;
};

Result<Database> wrap(sqlite3* db, int rc, const std::string& path, const std::string& what) {
  if (rc != SQLITE_OK) {
    Status s = status_from(db, rc, what);
    sqlite3_close(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(std::make_unique<SqliteDriver>(db, path));
}

}  // namespace

Result<Database> Database::open_sqlite(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  auto d = wrap(db, sqlite3_open_v2(path.c_str(), &db, flags, nullptr), path,
                "cannot open database " + path);
  if (!d.ok()) return d;
  sqlite3_busy_timeout(db, 10000);
  // WAL: readers never block the writer; synchronous=FULL: a commit survives power loss.
  for (const char* pragma :
       {"PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"})
    CW_RETURN_IF_ERROR(d->exec(pragma));
  return d;
}

Result<Database> Database::open_sqlite_immutable(const std::string& path) {
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
  auto d = wrap(db, rc, path, "cannot open database " + path + " read-only");
  if (!d.ok()) return d;
  CW_RETURN_IF_ERROR(d->exec("PRAGMA foreign_keys=ON"));
  return d;
}

}  // namespace crosswalk::store::sql
