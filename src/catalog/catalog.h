// Reads and validates catalog data: frameworks, crosswalks and the control template library.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/control_template.h"
#include "domain/crosswalk.h"
#include "domain/framework.h"

namespace crosswalk::catalog {

struct CatalogFile {
  std::string path;  // relative path shown in errors: "frameworks/iso27001-2022.json"
  std::string content;
};

struct Catalog {
  std::vector<domain::Framework> frameworks;
  std::vector<domain::Crosswalk> crosswalks;
  std::vector<domain::ControlTemplate> templates;
  std::string sha256;  // of all files, in path order: identifies the catalog version

  const domain::Framework* find_framework(const std::string& id) const;
  const domain::Crosswalk* find_crosswalk(const std::string& target,
                                          const std::string& source) const;
  const domain::ControlTemplate* find_template(const std::string& id) const;
};

// Parses and cross-checks the files. Errors name the file, the JSON path and the reason.
// Files under rules/ are mapping rules (catalog/rules_reader.h): skipped here, and not hashed.
Result<Catalog> load_catalog(std::vector<CatalogFile> files);

// The embedded frameworks, mappings and control templates (without rules/).
std::vector<CatalogFile> embedded_catalog_files();
// The embedded mapping-rule files, as (path, text): "rules/tools.json", … for read_rules().
std::vector<std::pair<std::string, std::string>> embedded_rule_files();
// Reads every *.json file under dir (frameworks/, mappings/, controls/).
Result<std::vector<CatalogFile>> read_catalog_dir(const std::string& dir);

}  // namespace crosswalk::catalog
