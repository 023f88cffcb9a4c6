// An OSCAL catalog (or a resolved profile, which is a catalog) as a Crosswalk framework.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "domain/framework.h"

namespace crosswalk::oscal {

struct ImportedFramework {
  domain::Framework framework;  // origin left for the caller to fill
  // Each group's and control's own OSCAL object without its nested groups and controls, as
  // compact JSON keyed by group id or requirement ref, and the catalog's metadata and
  // back-matter: kept so that exporting the framework gives back what was imported.
  std::map<std::string, std::string> group_oscal;
  std::map<std::string, std::string> requirement_oscal;
  std::string document_oscal;  // {"uuid", "metadata", "back-matter", "params"}
  std::size_t controls = 0;    // assessable requirements
  std::size_t withdrawn = 0;
};

struct CatalogReadOptions {
  std::string framework_id;  // "" = the id the document carries, or a slug of its title
  std::string name;          // "" = the document's short name, or its title
};

// Reads `doc` ({"catalog": …}). Errors carry the JSON path ("catalog.groups[2].controls[0].id:
// 'ac 1' is not an OSCAL token"); duplicate ids name both places.
Result<ImportedFramework> read_catalog(const nlohmann::json& doc,
                                       const CatalogReadOptions& options);

}  // namespace crosswalk::oscal
