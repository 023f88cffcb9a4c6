// Where an organization's data lives. On SQLite, one data directory holds it all:
//   DIR/crosswalk.db   DIR/journal.head   DIR/vault/
// On PostgreSQL (db_url postgresql://…), the database holds everything, evidence files
// included; DIR only caches files (DIR/vault/), stages uploads, and keeps this server's
// witness of the journal's end (DIR/journal-pg-<hash of the URL>.head), so every server
// replica is equal.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "store/store.h"
#include "store/vault.h"

namespace crosswalk::service {

struct WorkspaceOptions {
  std::string data_dir = "./crosswalk-data";
  std::string db_url;       // "", "sqlite://PATH", a path, or "postgresql://…"
  std::string catalog_dir;  // "" = the catalog compiled into the binary
};

// True for postgresql:// and postgres:// URLs.
bool is_postgres_url(const std::string& db_url);
// The SQLite database file the options name (InvalidInput for another kind of URL).
Result<std::string> sqlite_database_path(const WorkspaceOptions& options);
// Where this data directory witnesses the end of the journal of the database the options name.
std::string journal_head_path(const WorkspaceOptions& options);

class Workspace {
 public:
  // create: make the directory and database if missing (init); otherwise they must exist.
  static Result<std::unique_ptr<Workspace>> open(const WorkspaceOptions& options, bool create);

  store::Store& store() { return *store_; }
  const store::Vault& vault() const { return *vault_; }
  bool on_postgres() const;
  const WorkspaceOptions& options() const { return options_; }
  // Fails with a clear message if the data directory cannot be written.
  Status check_writable() const;

 private:
  Workspace(WorkspaceOptions o, std::unique_ptr<store::Store> s)
      : options_(std::move(o)), store_(std::move(s)) {}
  WorkspaceOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::Vault> vault_;
};

}  // namespace crosswalk::service
