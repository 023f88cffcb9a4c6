// A framework as an OSCAL catalog. An imported framework gives back the objects it was imported
// from; a built-in one is written from its requirements, with Crosswalk's fields as props in
// Crosswalk's namespace so that importing the export gives the same framework.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/framework.h"
#include "domain/time.h"

namespace crosswalk::oscal {

struct KeptOscal {  // what store::Store::framework_oscal returns
  std::string document;
  std::map<std::string, std::string> groups, requirements;
};

nlohmann::ordered_json write_catalog(const domain::Framework& fw, const KeptOscal& kept,
                                     domain::Timestamp now);

// The uuid of a framework's exported catalog (stable between exports).
std::string catalog_uuid(const domain::Framework& fw, const KeptOscal& kept);

}  // namespace crosswalk::oscal
