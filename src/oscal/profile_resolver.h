// OSCAL profile resolution: a profile (a baseline over one or more catalogs or profiles) becomes
// the catalog it describes, as NIST's resolved-profile catalogs are made.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"

namespace crosswalk::oscal {

struct LoadedDocument {
  nlohmann::json doc;
  std::string name;  // canonical: two imports of one document have the same name
};
// Fetches what an import points at. `href` is the import's href or, for "#uuid", the chosen rlink
// of that back-matter resource; `from` is the name of the document that imports it.
using DocumentLoader =
    std::function<Result<LoadedDocument>(const std::string& href, const std::string& from)>;

// Resolves `profile` (named `name`): selection (include-all, include-controls with ids, patterns
// and child controls, exclude-controls), merge (as-is, flat, custom groups; `combine` is
// accepted and ignored) and modify (set-parameters, alters with removes and adds). Imports may
// be profiles themselves; a cycle is an error. Errors carry the JSON path.
Result<nlohmann::json> resolve_profile(const nlohmann::json& profile, const std::string& name,
                                       const DocumentLoader& load);

}  // namespace crosswalk::oscal
