// Consistent copies of a live database, for `crosswalk backup`: writers go on while they are
// taken, and what they copy is the database at one moment.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "store/journal_chain.h"

namespace crosswalk::store {

// SQLite's online backup API: every page of one read transaction goes into `out_path` (which
// must not exist), flushed to disk.
Status copy_sqlite_database(const std::string& db_path, const std::string& out_path);

// A read-only PostgreSQL transaction whose snapshot other sessions can share (pg_dump
// --snapshot=ID), so a dump and the journal head read here describe the same moment. The
// snapshot lives as long as this object.
class PostgresSnapshot {
 public:
  static Result<std::unique_ptr<PostgresSnapshot>> take(const std::string& url);
  virtual ~PostgresSnapshot() = default;

  virtual const std::string& id() const = 0;
  virtual const JournalHead& journal_head() const = 0;  // seq 0: an empty journal
  virtual std::int64_t blobs() const = 0;               // evidence files held in the database
  virtual std::int64_t blob_bytes() const = 0;
  virtual const std::string& where() const = 0;  // the database, without a password
  // The schema Crosswalk's tables are in: the first of the search path that exists ("" if none
  // does yet).
  virtual const std::string& schema() const = 0;
  // Whether that schema holds no Crosswalk tables (a target for restore).
  virtual bool empty() const = 0;
};

}  // namespace crosswalk::store
