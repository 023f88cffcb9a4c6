// `crosswalk init`: create the data directory and database, seed or upgrade the catalog.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct InitReport {
  bool seeded = false;  // false when the database already had this catalog
  std::string catalog_sha256;
  std::size_t frameworks = 0;
  std::size_t requirements = 0;
  std::size_t crosswalks = 0;
  std::size_t templates = 0;
};

// The catalog this binary ships, or the one in options.catalog_dir; validated.
Result<catalog::Catalog> load_source_catalog(const WorkspaceOptions& options);

Result<InitReport> initialize(Workspace& ws, const catalog::Catalog& cat,
                              const store::Actor& actor);

}  // namespace crosswalk::service
