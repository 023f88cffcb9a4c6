// A data directory: the database, the journal head and the evidence vault.
//   DIR/crosswalk.db   DIR/journal.head   DIR/vault/
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "store/store.h"
#include "store/vault.h"

namespace crosswalk::service {

struct WorkspaceOptions {
  std::string data_dir = "./crosswalk-data";
  std::string db_url;       // "" or "sqlite://PATH" or a path; default DIR/crosswalk.db
  std::string catalog_dir;  // "" = the catalog compiled into the binary
};

class Workspace {
 public:
  // create: make the directory and database if missing (init); otherwise they must exist.
  static Result<std::unique_ptr<Workspace>> open(const WorkspaceOptions& options, bool create);

  store::Store& store() { return *store_; }
  const store::Vault& vault() const { return vault_; }
  const WorkspaceOptions& options() const { return options_; }
  // Fails with a clear message if the data directory cannot be written.
  Status check_writable() const;

 private:
  Workspace(WorkspaceOptions o, std::unique_ptr<store::Store> s, store::Vault v)
      : options_(std::move(o)), store_(std::move(s)), vault_(std::move(v)) {}
  WorkspaceOptions options_;
  std::unique_ptr<store::Store> store_;
  store::Vault vault_;
};

}  // namespace crosswalk::service
