// Importing an OSCAL catalog or profile as a framework (and re-importing a newer version).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "service/workspace.h"
#include "store/store.h"

namespace crosswalk::service {

struct FrameworkImportOptions {
  std::string framework_id;  // "" = from the document (Crosswalk's own exports) or its title
  std::string name;          // short name shown in lists; "" = from the document
  // Local copies of what a profile imports, matched by file name to the import's link. Without
  // one, an import is looked for beside the profile, then among imported frameworks by the file
  // they came from. Nothing is ever fetched from the network.
  std::vector<std::string> catalogs;
  // The same for uploads: file name as sent -> where its content is.
  std::map<std::string, std::string> named_catalogs;
  bool dry_run = false;  // read, resolve and compare, but store nothing
};

struct FrameworkImportOutcome {
  std::string framework_id;
  std::string model;  // "catalog" or "profile"
  std::size_t requirements = 0, controls = 0, withdrawn = 0;
  store::FrameworkImportReport report;  // what changed (computed without storing on a dry run)
};

// Reads the document at `path` (JSON). Errors name the file and the JSON path, or the line and
// column of a syntax error; nothing is stored unless everything was read.
Result<FrameworkImportOutcome> import_framework_file(Workspace& ws, const std::string& path,
                                                     const FrameworkImportOptions& options,
                                                     const store::Actor& actor, std::int64_t now);
// The same for a document already in memory (an upload): `file_name` is shown in errors and
// recorded as the framework's origin; profile imports resolve from `options.catalogs` and
// imported frameworks only.
Result<FrameworkImportOutcome> import_framework_text(Workspace& ws, const std::string& file_name,
                                                     const std::string& text,
                                                     const FrameworkImportOptions& options,
                                                     const store::Actor& actor, std::int64_t now);

// The outcome as the CLI's --json and the API print it.
nlohmann::ordered_json import_outcome_json(const FrameworkImportOutcome& o, bool dry_run);

}  // namespace crosswalk::service
