// Reads mapping-rule files (catalog/rules/*.json, DATA_DIR/rules/*.json) into one RuleSet,
// checked against the catalog. Format: docs/rules.md.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "domain/mapping_rules.h"

namespace crosswalk::catalog {

// files: (name shown in errors, JSON text), read in the order given (shipped files first, so a
// clash with a shipped id is reported in the organization's file). All files form one rule set:
// ids are unique across them, and a translation in one file serves the tables of another.
// Errors name the file and the JSON path: "rules/tools.json: rules[3].templates[0]: unknown control
// template 'TEC-99'". Rule-table keys, tags and translations come out lower-case.
Result<domain::RuleSet> read_rules(const std::vector<std::pair<std::string, std::string>>& files,
                                   const Catalog& catalog);

}  // namespace crosswalk::catalog
