// What every OSCAL reader checks first: which model a document is, its metadata and version.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/json_reader.h"
#include "common/status.h"

namespace crosswalk::oscal {

// Crosswalk's namespace for the props and parts it adds (framework id, requirement kind, …).
inline constexpr const char* kNamespace = "https://crosswalk.local/ns/oscal";
// The OSCAL version Crosswalk writes; it reads 1.0.0 to 1.2.x.
inline constexpr const char* kOscalVersion = "1.2.1";

// The model's root key ("catalog", "profile", "assessment-results", …), or an error when the
// document is not an object with exactly one OSCAL root (and optionally "$schema").
Result<std::string> root_of(const nlohmann::json& doc);

// Checks metadata's required fields and that oscal-version is one this reader understands.
Status check_metadata(const catalog::JsonReader& metadata);

// `doc` is an OSCAL document of `model` ("catalog", "profile"): its root object has only `keys`,
// a version 4 or 5 uuid and valid metadata.
Status check_document(const nlohmann::json& doc, const std::string& model,
                      std::initializer_list<const char*> keys);

// Refuses keys an OSCAL object of this kind does not have (OSCAL objects are closed).
Status only_keys(const catalog::JsonReader& r, std::initializer_list<const char*> allowed);

// `s` as an OSCAL string: tabs and line breaks as spaces, no white space at either end ("" when
// blank).
std::string one_line(const std::string& s);

// object[key] when it is a string, else "" (input is not trusted to have the right types).
std::string text_of(const nlohmann::json& object, const char* key);

// The value of the first prop named `name` in `ns` ("" for OSCAL's own), or "".
std::string prop(const nlohmann::json& object, const std::string& name, const std::string& ns = "");

// Lower-case letters, digits and single hyphens from `text`, cut at a hyphen before `max` chars:
// "NIST SP 800-53 Rev 5" -> "nist-sp-800-53-rev-5".
std::string slug(const std::string& text, std::size_t max = 48);

}  // namespace crosswalk::oscal
