#include "oscal/ordered.h"

#include <string>
#include <vector>

namespace crosswalk::oscal {

namespace {

const std::vector<std::string>& key_order() {
  static const std::vector<std::string> order = {
      "uuid",   "id",     "param-id", "control-id", "name",    "ns",          "class",
      "title",  "label",  "usage",    "value",      "values",  "select",      "how-many",
      "choice", "href",   "rel",      "media-type", "text",    "description", "props",
      "links",  "params", "parts",    "prose",      "remarks", "groups",      "controls"};
  return order;
}

}  // namespace

nlohmann::ordered_json ordered(const nlohmann::json& value) {
  if (value.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& item : value) out.push_back(ordered(item));
    return out;
  }
  if (!value.is_object()) return nlohmann::ordered_json(value);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const std::string& key : key_order())
    if (value.contains(key)) out[key] = ordered(value[key]);
  for (const auto& [key, item] : value.items())
    if (!out.contains(key)) out[key] = ordered(item);
  // Nested controls and groups go last whatever else the object has.
  for (const char* last : {"groups", "controls"})
    if (out.contains(last)) {
      auto moved = std::move(out[last]);
      out.erase(last);
      out[last] = std::move(moved);
    }
  return out;
}

}  // namespace crosswalk::oscal
