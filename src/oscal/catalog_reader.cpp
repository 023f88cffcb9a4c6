#include "oscal/catalog_reader.h"

#include "common/utf8.h"
#include "oscal/document.h"
#include "oscal/ids.h"
#include "oscal/prose.h"

namespace crosswalk::oscal {

using catalog::JsonReader;
using nlohmann::json;
namespace d = crosswalk::domain;

namespace {

json without(const json& object, std::initializer_list<const char*> keys) {
  json copy = object;
  for (const char* k : keys) copy.erase(k);
  return copy;
}

class CatalogWalker {
 public:
  explicit CatalogWalker(ImportedFramework& out) : out_(out) {}

  Status read_group(const JsonReader& g, const std::string& parent) {
    CW_RETURN_IF_ERROR(only_keys(
        g, {"id", "class", "title", "params", "props", "links", "parts", "groups", "controls"}));
    std::string raw_id, title;
    CW_RETURN_IF_ERROR(g.string("title", title));
    CW_RETURN_IF_ERROR(g.string("id", raw_id, false));
    if (g.has("id")) CW_RETURN_IF_ERROR(note_id(g, raw_id));
    CW_RETURN_IF_ERROR(check_common(g));
    d::RequirementGroup group;
    group.id = raw_id.empty() ? "group-" + std::to_string(out_.framework.groups.size() + 1)
                              : decode_id(raw_id);
    group.title = title;
    group.parent = parent;
    group.kind = prop(g.node(), "kind", kNamespace) == "clause" ? d::RequirementKind::kClause
                                                                : d::RequirementKind::kAnnexA;
    out_.group_oscal[group.id] = without(g.node(), {"groups", "controls"}).dump();
    out_.framework.groups.push_back(group);
    CW_RETURN_IF_ERROR(g.each(
        "controls", [&](const JsonReader& c) { return read_control(c, group, ""); }, false));
    return g.each(
        "groups", [&](const JsonReader& sub) { return read_group(sub, group.id); }, false);
  }

  Status read_control(const JsonReader& c, const d::RequirementGroup& group,
                      const std::string& parent) {
    CW_RETURN_IF_ERROR(
        only_keys(c, {"id", "class", "title", "params", "props", "links", "parts", "controls"}));
    std::string id, title;
    CW_RETURN_IF_ERROR(c.string("id", id));
    CW_RETURN_IF_ERROR(c.string("title", title));
    CW_RETURN_IF_ERROR(note_id(c, id));
    CW_RETURN_IF_ERROR(check_common(c));
    const json& node = c.node();

    d::Requirement r;
    r.ref = decode_id(id);
    r.title = title;
    r.group = group.id;
    r.parent = parent;
    const std::string kind = prop(node, "kind", kNamespace);
    r.kind = kind.empty()
                 ? group.kind
                 : (kind == "clause" ? d::RequirementKind::kClause : d::RequirementKind::kAnnexA);
    r.subgroup = prop(node, "subgroup", kNamespace);
    r.subgroup_title = prop(node, "subgroup-title", kNamespace);
    const bool withdrawn = prop(node, "status") == "withdrawn";
    bool has_statement = false;
    auto params = param_texts(node.value("params", json::array()));
    for (const auto& [pid, text] : inherited_params_) params.try_emplace(pid, text);
    if (node.contains("parts")) {
      for (const json& part : node["parts"]) {
        const std::string name = text_of(part, "name");
        const std::string ns = text_of(part, "ns");
        if (name == "statement" && ns.empty()) {
          has_statement = true;
          r.statement = render_part(part, params);
        } else if (name == "guidance" && ns.empty()) {
          r.guidance = render_part(part, params);
        } else if (name == "note" && ns == kNamespace) {
          r.note = text_of(part, "prose");
        }
      }
    }
    const std::string assessable = prop(node, "assessable", kNamespace);
    r.assessable = assessable.empty() ? (has_statement || !node.contains("parts")) && !withdrawn
                                      : assessable != "false";
    if (withdrawn) {
      r.assessable = false;
      std::string successors;
      for (const json& l : node.value("links", json::array())) {
        const std::string rel = text_of(l, "rel");
        if (rel != "incorporated-into" && rel != "moved-to") continue;
        std::string href = text_of(l, "href");
        if (!href.empty() && href[0] == '#') href = decode_id(href.substr(1));
        successors += (successors.empty() ? "" : ", ") + href;
      }
      r.note = "Withdrawn" + (successors.empty() ? "" : "; see " + successors) + ".";
      ++out_.withdrawn;
    }
    for (const json& p : node.value("props", json::array())) {
      const std::string name = text_of(p, "name");
      if (text_of(p, "ns") == kNamespace && name == "attribute" && p.contains("class"))
        r.attributes[decode_id(text_of(p, "class"))].push_back(text_of(p, "value"));
    }
    if (r.assessable) ++out_.controls;
    out_.requirement_oscal[r.ref] = without(node, {"controls"}).dump();
    const std::string ref = r.ref;
    if (!out_.framework.add_requirement(std::move(r)))
      return c.error("id", "'" + id + "' names the same requirement as another control");

    // Enhancements see their parent's parameters (800-53 prose refers to them).
    auto saved = inherited_params_;
    for (const auto& [pid, text] : params) inherited_params_[pid] = text;
    Status s = c.each(
        "controls", [&](const JsonReader& sub) { return read_control(sub, group, ref); }, false);
    inherited_params_ = std::move(saved);
    return s;
  }

 private:
  Status note_id(const JsonReader& r, const std::string& id) {
    if (!is_token(id))
      return r.error("id", "'" + id +
                               "' is not an OSCAL token (a letter or _ first, then "
                               "letters, digits, '.', '-' or '_')");
    auto [it, fresh] = ids_.emplace(id, r.path() + ".id");
    if (!fresh) return r.error("id", "duplicate id '" + id + "', first used at " + it->second);
    return Status::Ok();
  }

  Status check_common(const JsonReader& r) {
    CW_RETURN_IF_ERROR(r.each(
        "props", [&](const JsonReader& p) { return check_prop(p); }, false));
    CW_RETURN_IF_ERROR(r.each(
        "links", [&](const JsonReader& l) { return check_link(l); }, false));
    CW_RETURN_IF_ERROR(r.each(
        "params", [&](const JsonReader& p) { return check_param(p); }, false));
    return r.each(
        "parts", [&](const JsonReader& p) { return check_part(p); }, false);
  }

  static Status check_prop(const JsonReader& p) {
    CW_RETURN_IF_ERROR(only_keys(p, {"name", "uuid", "ns", "value", "class", "group", "remarks"}));
    std::string name, value;
    CW_RETURN_IF_ERROR(p.string("name", name));
    CW_RETURN_IF_ERROR(p.string("value", value));
    if (!is_token(name)) return p.error("name", "'" + name + "' is not an OSCAL token");
    return Status::Ok();
  }

  static Status check_link(const JsonReader& l) {
    CW_RETURN_IF_ERROR(only_keys(l, {"href", "rel", "media-type", "resource-fragment", "text"}));
    std::string href;
    return l.string("href", href);
  }

  Status check_param(const JsonReader& p) {
    CW_RETURN_IF_ERROR(
        only_keys(p, {"id", "class", "depends-on", "props", "links", "label", "usage",
                      "constraints", "guidelines", "values", "select", "remarks"}));
    std::string id;
    CW_RETURN_IF_ERROR(p.string("id", id));
    CW_RETURN_IF_ERROR(note_id(p, id));
    if (p.has("values") && p.has("select"))
      return p.error("select", "a parameter has values or a selection, not both");
    CW_RETURN_IF_ERROR(p.each(
        "props", [&](const JsonReader& x) { return check_prop(x); }, false));
    return p.each(
        "links", [&](const JsonReader& x) { return check_link(x); }, false);
  }

  Status check_part(const JsonReader& p) {
    CW_RETURN_IF_ERROR(
        only_keys(p, {"id", "name", "ns", "class", "title", "props", "prose", "parts", "links"}));
    std::string name, id, prose;
    CW_RETURN_IF_ERROR(p.string("name", name));
    if (!is_token(name)) return p.error("name", "'" + name + "' is not an OSCAL token");
    CW_RETURN_IF_ERROR(p.string("prose", prose, false));
    if (!is_valid_utf8(prose)) return p.error("prose", "not valid UTF-8");
    if (p.has("id")) {
      CW_RETURN_IF_ERROR(p.string("id", id));
      CW_RETURN_IF_ERROR(note_id(p, id));
    }
    CW_RETURN_IF_ERROR(p.each(
        "props", [&](const JsonReader& x) { return check_prop(x); }, false));
    CW_RETURN_IF_ERROR(p.each(
        "links", [&](const JsonReader& x) { return check_link(x); }, false));
    return p.each(
        "parts", [&](const JsonReader& x) { return check_part(x); }, false);
  }

  ImportedFramework& out_;
  std::map<std::string, std::string> ids_;  // id -> JSON path of its first use
  std::map<std::string, std::string> inherited_params_;
};

}  // namespace

Result<ImportedFramework> read_catalog(const json& doc, const CatalogReadOptions& options) {
  CW_RETURN_IF_ERROR(check_document(
      doc, "catalog", {"uuid", "metadata", "params", "controls", "groups", "back-matter"}));
  const JsonReader cat(doc.at("catalog"), "catalog");
  const std::string uuid = cat.node()["uuid"].get<std::string>();
  const JsonReader meta = cat.member("metadata");
  if (!cat.has("groups") && !cat.has("controls"))
    return cat.error("controls", "the catalog has neither groups nor controls");

  ImportedFramework out;
  const json& m = meta.node();
  const std::string title = m["title"].get<std::string>();
  d::Framework& fw = out.framework;
  fw.id = !options.framework_id.empty()                  ? options.framework_id
          : !prop(m, "framework-id", kNamespace).empty() ? prop(m, "framework-id", kNamespace)
                                                         : slug(title);
  fw.name = !options.name.empty()                        ? options.name
            : !prop(m, "short-name", kNamespace).empty() ? prop(m, "short-name", kNamespace)
                                                         : title;
  fw.title = title;
  fw.version = m["version"].get<std::string>();
  json document = {{"uuid", uuid}, {"metadata", m}};
  if (cat.has("back-matter")) document["back-matter"] = cat.node()["back-matter"];
  if (cat.has("params")) document["params"] = cat.node()["params"];
  out.document_oscal = document.dump();

  CatalogWalker walker(out);
  if (cat.has("controls")) {
    // Controls outside any group go into one group of their own, which an export leaves out.
    d::RequirementGroup loose{"controls", "Controls", d::RequirementKind::kAnnexA, ""};
    for (int n = 2; cat.has("groups") &&
                    [&] {
                      for (const json& g : cat.node()["groups"])
                        if (g.is_object() && text_of(g, "id") == loose.id) return true;
                      return false;
                    }();
         ++n)
      loose.id = "controls-" + std::to_string(n);
    fw.groups.push_back(loose);
    CW_RETURN_IF_ERROR(cat.each(
        "controls", [&](const JsonReader& c) { return walker.read_control(c, loose, ""); }));
  }
  CW_RETURN_IF_ERROR(cat.each(
      "groups", [&](const JsonReader& g) { return walker.read_group(g, ""); }, false));
  if (fw.requirements().empty()) return cat.error("groups", "the catalog has no controls");
  return out;
}

}  // namespace crosswalk::oscal
