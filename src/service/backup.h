// `crosswalk backup` and `crosswalk restore` (docs/backup.md). A backup is one zip:
//   manifest.json    what it is, when and by whom, the journal's last entry, and every other
//                    file's SHA-256 and size
//   crosswalk.db     SQLite: the database at one moment, copied by SQLite's online backup API
//   vault/ab/ab…     SQLite: every evidence file the database refers to, named by its SHA-256
//   database.pgdump  PostgreSQL: pg_dump's custom format (evidence files are in the database),
//                    taken in the snapshot the journal's last entry was read in
// Backups are taken while servers keep writing. A database whose journal or evidence fails
// verification is refused, so every backup is one that restores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/time.h"
#include "service/workspace.h"
#include "service/zip_archive.h"

namespace crosswalk::service {

struct BackupSummary {
  std::string database;  // "sqlite" or "postgresql"
  std::string schema;    // PostgreSQL: the schema holding Crosswalk's tables
  std::string created_at, created_by;
  std::int64_t database_bytes = 0;  // crosswalk.db or database.pgdump
  std::int64_t evidence_files = 0;
  std::int64_t evidence_bytes = 0;
  std::int64_t journal_seq = 0;
  std::string journal_head;  // hash of the last journal entry
};

// Written beside `out_path` and renamed onto it once complete: a failure leaves no file.
Result<BackupSummary> write_backup(Workspace& ws, const std::string& out_path,
                                   domain::Timestamp now, const std::string& by);

struct BackupVerdict {
  bool ok = false;
  BackupSummary backup;  // as the manifest says
  std::vector<ArchiveProblem> problems;
};

// Re-reads every file of the archive against the manifest, offline. InvalidInput when `path` is
// not a backup at all.
Result<BackupVerdict> verify_backup(const std::string& path);

struct RestoreSummary {
  BackupSummary backup;
  std::int64_t journal_entries = 0;    // the restored chain, verified against the manifest
  std::int64_t evidence_verified = 0;  // files re-hashed where the restored data keeps them
};

// Restores into `target`: a data directory that is missing or empty (SQLite), or an empty
// PostgreSQL database (target.db_url). The archive is checked as it is read, and the restored
// journal and evidence files before the data is put in place; on SQLite, a failure leaves the
// directory as it was.
Result<RestoreSummary> restore_backup(const std::string& path, const WorkspaceOptions& target);

}  // namespace crosswalk::service
