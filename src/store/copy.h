// `crosswalk migrate`: an organization moves from its SQLite data directory to PostgreSQL,
// everything included (catalog, controls, evidence and its files, users, sessions, journal),
// in one transaction on the target, verified before it commits.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace crosswalk::store {

struct CopySource {
  std::string sqlite_path;
  std::string head_path;  // the data directory's journal head ("" if none)
  std::string vault_dir;  // the data directory's evidence files
};

struct CopyReport {
  struct Table {
    std::string name;
    std::int64_t rows = 0;
  };
  std::vector<Table> tables;
  std::int64_t journal_entries = 0;
  std::string journal_head;  // the hash of the last entry, the same on both sides
  std::int64_t blobs = 0;
  std::int64_t blob_bytes = 0;
};

// Refuses (changing nothing) a source whose journal or files fail verification, and a target
// that already holds Crosswalk data: a second run, or two at once, is a clear Conflict.
// `progress` hears one line per step.
Result<CopyReport> copy_sqlite_to_postgres(const CopySource& from, const std::string& to_url,
                                           const std::function<void(const std::string&)>& progress);

}  // namespace crosswalk::store
