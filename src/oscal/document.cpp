#include "oscal/document.h"

#include <regex>

#include "oscal/ids.h"

namespace crosswalk::oscal {

using catalog::JsonReader;
using nlohmann::json;

namespace {

const char* const kModels[] = {"catalog",
                               "profile",
                               "mapping-collection",
                               "component-definition",
                               "system-security-plan",
                               "assessment-plan",
                               "assessment-results",
                               "plan-of-action-and-milestones"};

}  // namespace

Result<std::string> root_of(const json& doc) {
  if (!doc.is_object()) return Status::InvalidInput("$: an OSCAL document is a JSON object");
  std::string root;
  for (const auto& [key, value] : doc.items()) {
    if (key == "$schema") continue;
    bool known = false;
    for (const char* m : kModels) known = known || key == m;
    if (!known)
      return Status::InvalidInput("$." + key +
                                  ": not an OSCAL model (expected catalog, profile, "
                                  "mapping-collection, component-definition, "
                                  "system-security-plan, assessment-plan, assessment-results or "
                                  "plan-of-action-and-milestones)");
    if (!root.empty())
      return Status::InvalidInput("$." + key + ": a document has one root, and this one also has " +
                                  root);
    if (!value.is_object()) return Status::InvalidInput("$." + key + ": expected an object");
    root = key;
  }
  if (root.empty()) return Status::InvalidInput("$: no OSCAL root (catalog, profile, …) found");
  return root;
}

Status only_keys(const JsonReader& r, std::initializer_list<const char*> allowed) {
  CW_RETURN_IF_ERROR(r.require_object());
  for (const auto& [key, value] : r.node().items()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) return r.error(key, "not a field of this OSCAL object");
  }
  return Status::Ok();
}

Status check_metadata(const JsonReader& m) {
  CW_RETURN_IF_ERROR(
      only_keys(m, {"title", "published", "last-modified", "version", "oscal-version", "revisions",
                    "document-ids", "props", "links", "roles", "locations", "parties",
                    "responsible-parties", "actions", "remarks"}));
  std::string title, modified, version, oscal_version;
  CW_RETURN_IF_ERROR(m.string("title", title));
  CW_RETURN_IF_ERROR(m.string("last-modified", modified));
  CW_RETURN_IF_ERROR(m.string("version", version));
  CW_RETURN_IF_ERROR(m.string("oscal-version", oscal_version));
  static const std::regex supported(R"(^1\.[0-2]\.[0-9]+(-[A-Za-z0-9.]+)?$)");
  if (!std::regex_match(oscal_version, supported))
    return m.error("oscal-version", "OSCAL version '" + oscal_version +
                                        "' is not one Crosswalk reads (1.0.0 to 1.2.x)");
  if (title.find_first_not_of(" \t\r\n") == std::string::npos)
    return m.error("title", "the title is empty");
  for (const char* list : {"props", "links", "roles", "parties", "responsible-parties"})
    if (m.has(list) && !m.node()[list].is_array()) return m.error(list, "expected an array");
  return Status::Ok();
}

Status check_document(const json& doc, const std::string& model,
                      std::initializer_list<const char*> keys) {
  auto root = root_of(doc);
  if (!root.ok()) return root.status();
  if (root.value() != model)
    return Status::InvalidInput("$." + root.value() + ": this is an OSCAL " + root.value() +
                                ", not a " + model);
  const JsonReader r(doc.at(model), model);
  CW_RETURN_IF_ERROR(only_keys(r, keys));
  std::string uuid;
  CW_RETURN_IF_ERROR(r.string("uuid", uuid));
  if (!is_uuid(uuid)) return r.error("uuid", "'" + uuid + "' is not a version 4 or 5 UUID");
  if (!r.has("metadata")) return r.error("metadata", "required field is missing");
  return check_metadata(r.member("metadata"));
}

std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  auto b = out.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return out.substr(b, out.find_last_not_of(' ') - b + 1);
}

std::string text_of(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string prop(const json& object, const std::string& name, const std::string& ns) {
  auto it = object.find("props");
  if (it == object.end() || !it->is_array()) return "";
  for (const json& p : *it) {
    if (!p.is_object() || text_of(p, "name") != name) continue;
    if (text_of(p, "ns") != ns) continue;
    if (p.contains("value") && p["value"].is_string()) return p["value"].get<std::string>();
  }
  return "";
}

std::string slug(const std::string& text, std::size_t max) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > max) {
    auto cut = out.rfind('-', max);
    out.resize(cut == std::string::npos || cut == 0 ? max : cut);
  }
  return out;
}

}  // namespace crosswalk::oscal
