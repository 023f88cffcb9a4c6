#include "oscal/catalog_writer.h"

#include <cstdio>

#include "oscal/document.h"
#include "oscal/ids.h"
#include "oscal/ordered.h"

namespace crosswalk::oscal {

using nlohmann::json;
namespace d = crosswalk::domain;

namespace {

void add_prop(json& object, const std::string& name, const std::string& value,
              const std::string& ns = kNamespace) {
  std::string v = one_line(value);
  if (v.empty()) return;
  json p = {{"name", name}, {"value", v}};
  if (!ns.empty()) p["ns"] = ns;
  object["props"].push_back(std::move(p));
}

void add_part(json& object, const std::string& id, const std::string& name,
              const std::string& prose, const std::string& ns = "") {
  if (prose.find_first_not_of(" \t\r\n") == std::string::npos) return;
  json part = {{"name", name}, {"prose", prose}};
  if (!id.empty()) part["id"] = id;
  if (!ns.empty()) part["ns"] = ns;
  object["parts"].push_back(std::move(part));
}

json built_in_group(const d::RequirementGroup& g) {
  json out = {{"id", encode_id(g.id)},
              {"class", g.kind == d::RequirementKind::kClause ? "clause" : "annex"},
              {"title", one_line(g.title)}};
  add_prop(out, "label", g.id, "");
  add_prop(out, "kind", std::string(d::to_string(g.kind)));
  return out;
}

json built_in_control(const d::Requirement& r, std::size_t position) {
  const std::string id = encode_id(r.ref);
  json out = {{"id", id},
              {"class", r.kind == d::RequirementKind::kClause ? "clause" : "annex"},
              {"title", one_line(r.title)}};
  char sort[16];
  std::snprintf(sort, sizeof sort, "%05zu", position);
  add_prop(out, "label", r.ref, "");
  add_prop(out, "sort-id", sort, "");
  add_prop(out, "kind", std::string(d::to_string(r.kind)));
  if (!r.assessable) add_prop(out, "assessable", "false");
  add_prop(out, "subgroup", r.subgroup);
  add_prop(out, "subgroup-title", r.subgroup_title);
  // ISO/IEC 27002 attribute names have spaces: the name goes in the prop's class, encoded.
  for (const auto& [name, values] : r.attributes)
    for (const auto& v : values) {
      add_prop(out, "attribute", v);
      if (!out["props"].back().contains("class")) out["props"].back()["class"] = encode_id(name);
    }
  // Always a statement part, empty for ISO's requirements (their text is not ours to copy):
  // assessment findings target it.
  if (r.statement.empty())
    out["parts"].push_back({{"id", id + "_smt"}, {"name", "statement"}});
  else
    add_part(out, id + "_smt", "statement", r.statement);
  add_part(out, id + "_gdn", "guidance", r.guidance);
  add_part(out, "", "note", r.note, kNamespace);
  return out;
}

class Writer {
 public:
  Writer(const d::Framework& fw, const KeptOscal& kept) : fw_(fw), kept_(kept) {}

  json control(const d::Requirement& r) {
    auto it = kept_.requirements.find(r.ref);
    json out = it != kept_.requirements.end() ? json::parse(it->second)
                                              : built_in_control(r, *fw_.index_of(r.ref));
    json children = json::array();
    for (const d::Requirement* child : children_of(r.ref)) children.push_back(control(*child));
    if (!children.empty()) out["controls"] = std::move(children);
    return out;
  }

  json group(const d::RequirementGroup& g) {
    auto it = kept_.groups.find(g.id);
    json out = it != kept_.groups.end() ? json::parse(it->second) : built_in_group(g);
    json controls = json::array(), groups = json::array();
    for (const d::Requirement& r : fw_.requirements())
      if (r.group == g.id && r.parent.empty()) controls.push_back(control(r));
    for (const d::RequirementGroup& sub : fw_.groups)
      if (sub.parent == g.id && !sub.id.empty()) groups.push_back(group(sub));
    if (!controls.empty()) out["controls"] = std::move(controls);
    if (!groups.empty()) out["groups"] = std::move(groups);
    return out;
  }

  // Top-level groups; an imported catalog's controls outside any group come back out of theirs.
  void top(json& catalog) {
    for (const d::RequirementGroup& g : fw_.groups) {
      if (!g.parent.empty()) continue;
      if (fw_.imported() && !kept_.groups.count(g.id)) {
        for (const d::Requirement& r : fw_.requirements())
          if (r.group == g.id && r.parent.empty()) catalog["controls"].push_back(control(r));
        continue;
      }
      json out = group(g);
      if (out.contains("controls") || out.contains("groups")) catalog["groups"].push_back(out);
    }
  }

 private:
  std::vector<const d::Requirement*> children_of(const std::string& ref) {
    if (children_.empty())
      for (const d::Requirement& r : fw_.requirements())
        if (!r.parent.empty()) children_[r.parent].push_back(&r);
    auto it = children_.find(ref);
    return it == children_.end() ? std::vector<const d::Requirement*>{} : it->second;
  }

  const d::Framework& fw_;
  const KeptOscal& kept_;
  std::map<std::string, std::vector<const d::Requirement*>> children_;
};

}  // namespace

std::string catalog_uuid(const d::Framework& fw, const KeptOscal& kept) {
  if (!kept.document.empty()) {
    json doc = json::parse(kept.document);
    if (doc.contains("uuid")) return doc["uuid"].get<std::string>();
  }
  return uuid_v5("catalog:" + fw.id + ":" + fw.version);
}

nlohmann::ordered_json write_catalog(const d::Framework& fw, const KeptOscal& kept,
                                     d::Timestamp now) {
  json doc = kept.document.empty() ? json::object() : json::parse(kept.document);
  json catalog = {{"uuid", catalog_uuid(fw, kept)}};
  json meta = doc.contains("metadata")
                  ? doc["metadata"]
                  : json{{"title", one_line(fw.title.empty() ? fw.name : fw.title)},
                         {"last-modified", d::format_datetime(now)},
                         {"version", fw.version.empty() ? "1" : fw.version}};
  meta["oscal-version"] = kOscalVersion;
  if (prop(meta, "framework-id", kNamespace).empty()) add_prop(meta, "framework-id", fw.id);
  if (prop(meta, "short-name", kNamespace).empty()) add_prop(meta, "short-name", fw.name);
  nlohmann::ordered_json m;
  for (const char* key : {"title", "published", "last-modified", "version", "oscal-version"})
    if (meta.contains(key)) m[key] = meta[key];
  const nlohmann::ordered_json rest = ordered(meta);
  for (const auto& [key, value] : rest.items())
    if (!m.contains(key)) m[key] = value;
  catalog["metadata"] = json();  // placeholder keeps the key order below
  if (doc.contains("params")) catalog["params"] = doc["params"];
  Writer(fw, kept).top(catalog);
  nlohmann::ordered_json out = ordered(catalog);
  out["metadata"] = m;
  if (doc.contains("back-matter")) out["back-matter"] = ordered(doc["back-matter"]);
  return nlohmann::ordered_json{{"catalog", std::move(out)}};
}

}  // namespace crosswalk::oscal
