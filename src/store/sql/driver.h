// What a database engine must provide to run the SQL store: prepared statements with
// positional parameters, write transactions that serialize writers, and rows read column by
// column. SQLite and PostgreSQL implement it; everything above is written once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace crosswalk::store::sql {

enum class Dialect { kSqlite, kPostgres };

// One prepared statement. Parameters are 1-based, columns 0-based (as in SQLite).
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_blob(int i, std::string_view bytes) = 0;
  virtual void bind_int64(int i, std::int64_t v) = 0;
  virtual void bind_null(int i) = 0;
  // True while a row is available; false at the end or on error (then `error` is set).
  virtual bool step(Status& error) = 0;
  // Ready to run again with new parameters.
  virtual void reset() = 0;
  virtual std::string text(int col) const = 0;
  virtual std::string blob(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual bool is_null(int col) const = 0;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual Dialect dialect() const = 0;
  // For schema changes and transaction control: several statements, no parameters.
  virtual Status exec(const std::string& sql) = 0;
  // `sql` uses `?` placeholders whatever the engine.
  virtual Result<std::unique_ptr<Cursor>> prepare(std::string_view sql) = 0;
  // Opens a write transaction. A serialized one holds the database's writers' lock until it
  // ends: such writers run one at a time, across processes and servers, so journal order and
  // version checks are exact. Others (idempotent writes, such as blob chunks) may run beside
  // them where the engine allows.
  virtual Status begin(bool serialized) = 0;
  virtual int changes() const = 0;  // rows changed by the last statement
  // Where the data is, for messages (never includes a password).
  virtual const std::string& where() const = 0;
};

}  // namespace crosswalk::store::sql
