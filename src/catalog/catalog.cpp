#include "catalog/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/embedded.h"
#include "catalog/json_reader.h"
#include "common/sha256.h"

namespace crosswalk::catalog {

using domain::ControlTemplate;
using domain::Crosswalk;
using domain::Framework;
using domain::MappingEntry;
using domain::Relation;
using domain::Requirement;
using domain::RequirementGroup;
using domain::RequirementKind;
using domain::RequirementLink;
using domain::Strength;
using nlohmann::json;

namespace {

// ISO/IEC 27002:2022 attribute vocabularies.
const std::map<std::string, std::set<std::string>>& attribute_vocabulary() {
  static const std::map<std::string, std::set<std::string>> v = {
      {"control_type", {"Preventive", "Detective", "Corrective"}},
      {"security_properties", {"Confidentiality", "Integrity", "Availability"}},
      {"cybersecurity_concepts", {"Identify", "Protect", "Detect", "Respond", "Recover"}},
      {"operational_capabilities",
       {"Governance", "Asset_management", "Information_protection", "Human_resource_security",
        "Physical_security", "System_and_network_security", "Application_security",
        "Secure_configuration", "Identity_and_access_management",
        "Threat_and_vulnerability_management", "Continuity", "Supplier_relationships_security",
        "Legal_and_compliance", "Information_security_event_management",
        "Information_security_assurance"}},
      {"security_domains", {"Governance_and_Ecosystem", "Protection", "Defence", "Resilience"}},
  };
  return v;
}

bool well_formed_ref(const std::string& ref, RequirementKind kind) {
  static const std::regex clause(R"([1-9][0-9]*(\.[1-9][0-9]*)*)");
  static const std::regex annex(R"(A\.[1-9][0-9]*(\.[1-9][0-9]*)+)");
  return std::regex_match(ref, kind == RequirementKind::kClause ? clause : annex);
}

template <typename E, typename ParseFn>
Status read_enum(const JsonReader& r, const char* key, E& out, ParseFn parse, const char* allowed) {
  std::string s;
  CW_RETURN_IF_ERROR(r.string(key, s));
  auto v = parse(s);
  if (!v) return r.error(key, "'" + s + "' is not one of " + allowed);
  out = *v;
  return Status::Ok();
}

Status read_attributes(const JsonReader& r, Requirement& req) {
  const JsonReader attrs = r.member("attributes");
  if (!attrs.node().is_object()) return r.error("attributes", "expected an object");
  for (const auto& [name, values] : attrs.node().items()) {
    auto vocab = attribute_vocabulary().find(name);
    if (vocab == attribute_vocabulary().end())
      return attrs.error(name,
                         "unknown attribute (expected control_type, security_properties, "
                         "cybersecurity_concepts, operational_capabilities or security_domains)");
    std::vector<std::string> list;
    CW_RETURN_IF_ERROR(attrs.strings(name.c_str(), list));
    if (list.empty()) return attrs.error(name, "must list at least one value");
    for (const std::string& v : list)
      if (!vocab->second.count(v)) return attrs.error(name, "'" + v + "' is not an allowed value");
    req.attributes[name] = std::move(list);
  }
  return Status::Ok();
}

Status parse_framework(const json& doc, Framework& fw) {
  const JsonReader r(doc, "");
  CW_RETURN_IF_ERROR(r.require_object());
  CW_RETURN_IF_ERROR(r.only({"id", "name", "title", "version", "groups", "requirements"}));
  CW_RETURN_IF_ERROR(r.string("id", fw.id));
  CW_RETURN_IF_ERROR(r.string("name", fw.name));
  CW_RETURN_IF_ERROR(r.string("title", fw.title));
  CW_RETURN_IF_ERROR(r.string("version", fw.version));
  std::set<std::string> group_ids;
  CW_RETURN_IF_ERROR(r.each("groups", [&](const JsonReader& g) {
    RequirementGroup group;
    CW_RETURN_IF_ERROR(g.require_object());
    CW_RETURN_IF_ERROR(g.only({"id", "title", "kind"}));
    CW_RETURN_IF_ERROR(g.string("id", group.id));
    CW_RETURN_IF_ERROR(g.string("title", group.title));
    CW_RETURN_IF_ERROR(
        read_enum(g, "kind", group.kind, domain::parse_requirement_kind, "clause, annex_a"));
    if (!group_ids.insert(group.id).second)
      return g.error("id", "duplicate group '" + group.id + "'");
    fw.groups.push_back(std::move(group));
    return Status::Ok();
  }));
  CW_RETURN_IF_ERROR(r.each("requirements", [&](const JsonReader& q) {
    Requirement req;
    CW_RETURN_IF_ERROR(q.require_object());
    CW_RETURN_IF_ERROR(q.only({"ref", "title", "kind", "group", "subgroup", "subgroup_title",
                               "assessable", "guidance", "note", "attributes"}));
    CW_RETURN_IF_ERROR(q.string("ref", req.ref));
    CW_RETURN_IF_ERROR(q.string("title", req.title));
    CW_RETURN_IF_ERROR(
        read_enum(q, "kind", req.kind, domain::parse_requirement_kind, "clause, annex_a"));
    CW_RETURN_IF_ERROR(q.string("group", req.group));
    CW_RETURN_IF_ERROR(q.string("subgroup", req.subgroup, false));
    CW_RETURN_IF_ERROR(q.string("subgroup_title", req.subgroup_title, false));
    CW_RETURN_IF_ERROR(q.boolean("assessable", req.assessable, false));
    CW_RETURN_IF_ERROR(q.string("guidance", req.guidance, false));
    CW_RETURN_IF_ERROR(q.string("note", req.note, false));
    if (!well_formed_ref(req.ref, req.kind))
      return q.error("ref", "'" + req.ref + "' is not a well-formed " +
                                std::string(domain::to_string(req.kind)) +
                                " ref (like 4.1 or A.5.1)");
    const RequirementGroup* group = fw.find_group(req.group);
    if (!group) return q.error("group", "unknown group '" + req.group + "'");
    if (group->kind != req.kind)
      return q.error("group", "group '" + req.group + "' is of another kind");
    if (q.has("attributes")) CW_RETURN_IF_ERROR(read_attributes(q, req));
    const std::string ref = req.ref;
    if (!fw.add_requirement(std::move(req))) return q.error("ref", "duplicate ref '" + ref + "'");
    return Status::Ok();
  }));
  if (fw.requirements().empty()) return r.error("requirements", "must not be empty");
  return Status::Ok();
}

Status check_strength(const JsonReader& e, const MappingEntry& m) {
  const bool ok = [&] {
    switch (m.relation) {
      case Relation::kEqual:
      case Relation::kSubset:
        return m.strength == Strength::kFull;
      case Relation::kNone:
        return m.strength == Strength::kNone;
      default:
        return m.strength == Strength::kStrong || m.strength == Strength::kPartial ||
               m.strength == Strength::kWeak;
    }
  }();
  if (!ok)
    return e.error("strength",
                   "'" + std::string(domain::to_string(m.strength)) + "' does not fit relation '" +
                       std::string(domain::to_string(m.relation)) +
                       "' (equal/subset: full; none: none; others: strong, partial, weak)");
  if ((m.relation == Relation::kNone) != m.source_refs.empty())
    return e.error("sources", m.relation == Relation::kNone
                                  ? "must be empty for relation 'none'"
                                  : "must name at least one source requirement");
  return Status::Ok();
}

Status parse_crosswalk(const json& doc, const Catalog& cat, Crosswalk& cw) {
  const JsonReader r(doc, "");
  CW_RETURN_IF_ERROR(r.require_object());
  CW_RETURN_IF_ERROR(r.only({"id", "target", "source", "entries"}));
  CW_RETURN_IF_ERROR(r.string("id", cw.id));
  CW_RETURN_IF_ERROR(r.string("target", cw.target));
  CW_RETURN_IF_ERROR(r.string("source", cw.source));
  const Framework* target = cat.find_framework(cw.target);
  const Framework* source = cat.find_framework(cw.source);
  if (!target) return r.error("target", "unknown framework '" + cw.target + "'");
  if (!source) return r.error("source", "unknown framework '" + cw.source + "'");
  CW_RETURN_IF_ERROR(r.each("entries", [&](const JsonReader& e) {
    MappingEntry m;
    CW_RETURN_IF_ERROR(e.require_object());
    CW_RETURN_IF_ERROR(e.only({"target", "sources", "relation", "strength", "rationale"}));
    CW_RETURN_IF_ERROR(e.string("target", m.target_ref));
    CW_RETURN_IF_ERROR(e.strings("sources", m.source_refs));
    CW_RETURN_IF_ERROR(read_enum(e, "relation", m.relation, domain::parse_relation,
                                 "equal, subset, superset, intersect, none"));
    CW_RETURN_IF_ERROR(read_enum(e, "strength", m.strength, domain::parse_strength,
                                 "full, strong, partial, weak, none"));
    CW_RETURN_IF_ERROR(e.string("rationale", m.rationale));
    if (!target->find(m.target_ref))
      return e.error("target", "'" + m.target_ref + "' is not a requirement of " + cw.target);
    std::set<std::string> seen;
    for (const std::string& s : m.source_refs) {
      if (!source->find(s))
        return e.error("sources", "'" + s + "' is not a requirement of " + cw.source);
      if (!seen.insert(s).second) return e.error("sources", "'" + s + "' is listed twice");
    }
    CW_RETURN_IF_ERROR(check_strength(e, m));
    const std::string ref = m.target_ref;
    if (!cw.add_entry(std::move(m))) return e.error("target", "duplicate entry for '" + ref + "'");
    return Status::Ok();
  }));
  for (const Requirement& req : target->requirements())
    if (!cw.find(req.ref))
      return r.error(
          "entries",
          "no entry for " + cw.target + " requirement " + req.ref +
              " (every target requirement must appear, with relation 'none' if need be)");
  return Status::Ok();
}

Status parse_templates(const json& doc, const Catalog& cat, std::vector<ControlTemplate>& out) {
  const JsonReader r(doc, "");
  CW_RETURN_IF_ERROR(r.require_object());
  CW_RETURN_IF_ERROR(r.only({"domain", "templates"}));
  std::string domain_name;
  CW_RETURN_IF_ERROR(r.string("domain", domain_name));
  return r.each("templates", [&](const JsonReader& t) {
    ControlTemplate tpl;
    tpl.domain = domain_name;
    CW_RETURN_IF_ERROR(t.require_object());
    CW_RETURN_IF_ERROR(t.only({"id", "title", "description", "evidence", "satisfies"}));
    CW_RETURN_IF_ERROR(t.string("id", tpl.id));
    CW_RETURN_IF_ERROR(t.string("title", tpl.title));
    CW_RETURN_IF_ERROR(t.string("description", tpl.description));
    CW_RETURN_IF_ERROR(t.strings("evidence", tpl.evidence, false));
    if (!t.has("satisfies") || !t.node().at("satisfies").is_object())
      return t.error("satisfies", "expected an object of framework id -> {full, partial}");
    const JsonReader sat = t.member("satisfies");
    for (const auto& [fw_id, cover] : sat.node().items()) {
      const Framework* fw = cat.find_framework(fw_id);
      if (!fw) return sat.error(fw_id, "unknown framework");
      const JsonReader c = sat.member(fw_id.c_str());
      CW_RETURN_IF_ERROR(c.require_object());
      CW_RETURN_IF_ERROR(c.only({"full", "partial"}));
      std::set<std::string> seen;
      for (const char* key : {"full", "partial"}) {
        std::vector<std::string> refs;
        CW_RETURN_IF_ERROR(c.strings(key, refs, false));
        for (const std::string& ref : refs) {
          if (!fw->find(ref)) return c.error(key, "'" + ref + "' is not a requirement of " + fw_id);
          if (!seen.insert(ref).second) return c.error(key, "'" + ref + "' is linked twice");
          tpl.links.push_back({fw_id, ref, *domain::parse_coverage(key)});
        }
      }
    }
    if (tpl.links.empty()) return t.error("satisfies", "links no requirement");
    out.push_back(std::move(tpl));
    return Status::Ok();
  });
}

Result<json> parse_json(const CatalogFile& f) {
  try {
    return json::parse(f.content);
  } catch (const json::parse_error& e) {
    // nlohmann's message carries "at line L, column C".
    return Status::InvalidInput(f.path + ": malformed JSON: " + e.what());
  }
}

bool under(const std::string& path, const char* dir) {
  return path.rfind(dir, 0) == 0;
}

}  // namespace

const Framework* Catalog::find_framework(const std::string& id) const {
  for (const auto& f : frameworks)
    if (f.id == id) return &f;
  return nullptr;
}

const Crosswalk* Catalog::find_crosswalk(const std::string& target,
                                         const std::string& source) const {
  for (const auto& c : crosswalks)
    if (c.target == target && c.source == source) return &c;
  return nullptr;
}

const ControlTemplate* Catalog::find_template(const std::string& id) const {
  for (const auto& t : templates)
    if (t.id == id) return &t;
  return nullptr;
}

Result<Catalog> load_catalog(std::vector<CatalogFile> files) {
  std::sort(files.begin(), files.end(),
            [](const CatalogFile& a, const CatalogFile& b) { return a.path < b.path; });
  Catalog cat;
  Sha256 hash;
  std::vector<std::pair<const CatalogFile*, json>> docs;
  for (const CatalogFile& f : files) {
    if (under(f.path, "rules/")) continue;
    hash.update(f.path);
    hash.update("\0", 1);
    hash.update(f.content);
    auto doc = parse_json(f);
    if (!doc.ok()) return doc.status();
    docs.emplace_back(&f, std::move(doc).value());
  }
  cat.sha256 = hash.hex_digest();

  // Frameworks first: crosswalks and templates refer to them.
  for (const auto& [file, doc] : docs) {
    if (!under(file->path, "frameworks/")) continue;
    Framework fw;
    CW_RETURN_IF_ERROR(parse_framework(doc, fw).with_context(file->path));
    if (cat.find_framework(fw.id))
      return Status::InvalidInput(file->path + ": id: duplicate framework '" + fw.id + "'");
    cat.frameworks.push_back(std::move(fw));
  }
  for (const auto& [file, doc] : docs) {
    if (under(file->path, "mappings/")) {
      Crosswalk cw;
      CW_RETURN_IF_ERROR(parse_crosswalk(doc, cat, cw).with_context(file->path));
      if (cat.find_crosswalk(cw.target, cw.source))
        return Status::InvalidInput(file->path + ": a crosswalk " + cw.target + " <- " + cw.source +
                                    " is already defined");
      cat.crosswalks.push_back(std::move(cw));
    } else if (under(file->path, "controls/")) {
      const std::size_t before = cat.templates.size();
      CW_RETURN_IF_ERROR(parse_templates(doc, cat, cat.templates).with_context(file->path));
      for (std::size_t i = before; i < cat.templates.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (cat.templates[j].id == cat.templates[i].id)
            return Status::InvalidInput(file->path + ": templates: duplicate template id '" +
                                        cat.templates[i].id + "'");
    } else if (!under(file->path, "frameworks/")) {
      return Status::InvalidInput(
          file->path + ": not under frameworks/, mappings/ or controls/; unknown catalog file");
    }
  }
  if (cat.frameworks.empty()) return Status::InvalidInput("catalog: no framework files found");
  return cat;
}

std::vector<CatalogFile> embedded_catalog_files() {
  std::vector<CatalogFile> out;
  for (const EmbeddedFile& f : embedded_files())
    if (!under(std::string(f.path), "rules/"))
      out.push_back({std::string(f.path), std::string(f.content)});
  return out;
}

std::vector<std::pair<std::string, std::string>> embedded_rule_files() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const EmbeddedFile& f : embedded_files())
    if (under(std::string(f.path), "rules/"))
      out.emplace_back(std::string(f.path), std::string(f.content));
  return out;
}

Result<std::vector<CatalogFile>> read_catalog_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Status::InvalidInput("catalog directory '" + dir +
                                "' does not exist or is not a directory");
  std::vector<CatalogFile> out;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".json") continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) return Status::IoError("cannot read " + it->path().string());
    std::ostringstream ss;
    ss << in.rdbuf();
    out.push_back({fs::relative(it->path(), dir).generic_string(), ss.str()});
  }
  if (ec) return Status::IoError("cannot list catalog directory '" + dir + "': " + ec.message());
  return out;
}

}  // namespace crosswalk::catalog
