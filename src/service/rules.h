// The mapping rules in force: the catalog's (compiled in) and the organization's own files in
// DATA_DIR/rules/*.json, checked together against the catalog.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "domain/evidence_mapping.h"
#include "domain/mapping_rules.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct Rules {
  catalog::Catalog catalog;
  domain::RuleSet set;
  domain::TemplateIndex index{{}};
  std::vector<std::string> files;  // names of the files read, catalog's first
};

// extra_files: more rule files to try (`crosswalk rules test --rules FILE`), read after the others.
Result<Rules> load_rules(Workspace& ws, const std::vector<std::string>& extra_files = {});

}  // namespace crosswalk::service
