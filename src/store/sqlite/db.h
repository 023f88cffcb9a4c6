// A thin RAII layer over the SQLite C API: prepared statements only, errors as Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace crosswalk::store::sqlite {

class Statement;

class Database {
 public:
  // Opens (or creates) the file with foreign keys on, WAL journal and a busy timeout.
  static Result<Database> open(const std::string& path, bool create);
  // Opens a database on read-only media (an archived copy, a read-only mount): no writes, no
  // WAL files, and SQLite trusts that nobody else writes it either.
  static Result<Database> open_immutable(const std::string& path);
  Database(Database&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Database& operator=(Database&&) = delete;
  Database(const Database&) = delete;
  ~Database();

  Status exec(const std::string& sql);  // for DDL and transaction control only
  Result<Statement> prepare(std::string_view sql);
  Status error(const std::string& what) const;  // Status from the last SQLite error
  int changes() const;                          // rows changed by the last statement
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  explicit Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, std::int64_t{v}); }
  Statement& bind(int i, std::optional<std::int64_t> v);
  Statement& bind_null(int i);

  // True while a row is available; errors are reported through status().
  bool step();
  Status run();  // steps a statement that returns no rows
  const Status& status() const { return status_; }
  void reset();

  std::string text(int col) const;
  std::int64_t int64(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const;
  bool is_null(int col) const;

 private:
  friend class Database;
  Statement(const Database* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  const Database* db_;
  sqlite3_stmt* stmt_;
  Status status_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace crosswalk::store::sqlite
