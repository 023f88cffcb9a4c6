// The SQL store's view of a database, whichever the engine: prepared statements only, errors
// as Status. The engines live behind Driver (sqlite_driver.cpp, postgres_driver.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/sql/driver.h"

namespace crosswalk::store::sql {

class Statement;

class Database {
 public:
  // Opens (or creates) the SQLite file with foreign keys on, WAL journal and a busy timeout.
  static Result<Database> open_sqlite(const std::string& path, bool create);
  // Opens a SQLite database on read-only media (an archived copy, a read-only mount): no
  // writes, no WAL files, and SQLite trusts that nobody else writes it either.
  static Result<Database> open_sqlite_immutable(const std::string& path);
  // Connects to PostgreSQL ("postgresql://user@host:port/db?…", libpq's URI syntax).
  static Result<Database> open_postgres(const std::string& url);

  explicit Database(std::unique_ptr<Driver> driver) : driver_(std::move(driver)) {}

  Dialect dialect() const { return driver_->dialect(); }
  Status exec(const std::string& sql) { return driver_->exec(sql); }  // DDL, no parameters
  Result<Statement> prepare(std::string_view sql);
  int changes() const { return driver_->changes(); }
  const std::string& where() const { return driver_->where(); }
  Driver& driver() { return *driver_; }

 private:
  std::unique_ptr<Driver> driver_;
};

class Statement {
 public:
  explicit Statement(std::unique_ptr<Cursor> c) : cursor_(std::move(c)) {}

  Statement& bind(int i, std::string_view v) {
    cursor_->bind_text(i, v);
    return *this;
  }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::int64_t v) {
    cursor_->bind_int64(i, v);
    return *this;
  }
  Statement& bind(int i, int v) { return bind(i, std::int64_t{v}); }
  Statement& bind(int i, std::optional<std::int64_t> v) { return v ? bind(i, *v) : bind_null(i); }
  Statement& bind_blob(int i, std::string_view bytes) {
    cursor_->bind_blob(i, bytes);
    return *this;
  }
  Statement& bind_null(int i) {
    cursor_->bind_null(i);
    return *this;
  }

  // True while a row is available; errors are reported through status().
  bool step() { return status_.ok() && cursor_->step(status_); }
  Status run();  // steps a statement that returns no rows
  const Status& status() const { return status_; }
  void reset() {
    cursor_->reset();
    status_ = Status::Ok();
  }

  std::string text(int col) const { return cursor_->text(col); }
  std::string blob(int col) const { return cursor_->blob(col); }
  std::int64_t int64(int col) const { return cursor_->int64(col); }
  std::optional<std::int64_t> optional_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
  }
  bool is_null(int col) const { return cursor_->is_null(col); }

 private:
  std::unique_ptr<Cursor> cursor_;
  Status status_;
};

// A write transaction (see Driver::begin); rolls back unless commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);  // serialized: anything journaled
  static Result<Transaction> begin_unserialized(Database& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace crosswalk::store::sql
