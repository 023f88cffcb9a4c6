// Pieces every OSCAL export shares: metadata, stable UUIDs, catalog references.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "domain/framework.h"
#include "domain/time.h"
#include "oscal/catalog_writer.h"
#include "service/workspace.h"

namespace crosswalk::service {

nlohmann::ordered_json oscal_metadata(const std::string& title, const std::string& version,
                                      domain::Timestamp now);

// What the store kept of a framework's OSCAL objects (empty for built-in frameworks).
Result<oscal::KeptOscal> kept_oscal(Workspace& ws, const domain::Framework& fw);

// A back-matter resource naming the framework's catalog, as exported by `export oscal catalog`
// (file name FRAMEWORK.catalog.json), under the catalog's own uuid.
nlohmann::ordered_json catalog_resource(const domain::Framework& fw, const oscal::KeptOscal& kept);

// The id of the part a finding about `ref` targets: the requirement's statement part.
std::string statement_id(const domain::Requirement& r, const oscal::KeptOscal& kept);

}  // namespace crosswalk::service
