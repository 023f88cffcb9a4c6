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

// The items of a large JSON array serialized as they are made: an export of a large organization
// holds text the size of the output, not a tree many times that.
class JsonArrayText {
 public:
  void add(const nlohmann::ordered_json& item);
  bool empty() const { return text_.empty(); }
  std::string take();  // "[…]"

 private:
  std::string text_;
};

// `skeleton` (compact JSON) with each placeholder string value ("\"@array:NAME\"") replaced by
// the raw JSON of its array. Placeholders are found from the end, after any text from users.
std::string splice_arrays(const std::string& skeleton,
                          std::vector<std::pair<std::string, std::string>> arrays);
// The placeholder value to put in the skeleton for array NAME.
std::string array_placeholder(const std::string& name);

}  // namespace crosswalk::service
