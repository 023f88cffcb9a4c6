#include "oscal/profile_resolver.h"

#include <fnmatch.h>

#include <map>
#include <set>
#include <vector>

#include "catalog/json_reader.h"
#include "oscal/document.h"
#include "oscal/ids.h"

namespace crosswalk::oscal {

using catalog::JsonReader;
using nlohmann::json;

namespace {

// The array at obj[key], or an empty one: iterating it copies nothing.
const json& items(const json& obj, const char* key) {
  static const json kEmpty = json::array();
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : kEmpty;
}

struct IndexedControl {
  const json* control = nullptr;
  std::string parent;  // enclosing control's id
  std::size_t order = 0;
};

// One imported catalog (a profile import is resolved to one first).
struct Source {
  json doc;
  std::string name;
  std::map<std::string, IndexedControl> controls;

  void index(const json& list, const std::string& parent) {
    for (const json& c : list) {
      if (!c.is_object() || !c.contains("id") || !c["id"].is_string()) continue;
      controls[c["id"].get<std::string>()] = {&c, parent, controls.size()};
      if (c.contains("controls")) index(c["controls"], c["id"].get<std::string>());
    }
  }
  void index_groups(const json& groups) {
    for (const json& g : groups) {
      if (!g.is_object()) continue;
      if (g.contains("controls")) index(g["controls"], "");
      if (g.contains("groups")) index_groups(g["groups"]);
    }
  }
  const json& catalog() const { return doc.at("catalog"); }
};

std::vector<std::string> children_of(const Source& src, const std::string& id) {
  std::vector<std::string> out;
  const json& c = *src.controls.at(id).control;
  if (!c.contains("controls")) return out;
  for (const json& child : c["controls"]) {
    std::string cid = text_of(child, "id");
    out.push_back(cid);
    for (auto& grand : children_of(src, cid)) out.push_back(grand);
  }
  return out;
}

// The ids a select-control-by-id list (include-controls or exclude-controls) picks.
Status apply_selectors(const JsonReader& r, const char* key, const Source& src,
                       std::set<std::string>& out) {
  return r.each(
      key,
      [&](const JsonReader& sel) -> Status {
        CW_RETURN_IF_ERROR(only_keys(sel, {"with-child-controls", "with-ids", "matching"}));
        std::string with_children = "no";
        CW_RETURN_IF_ERROR(sel.string("with-child-controls", with_children, false));
        if (with_children != "yes" && with_children != "no")
          return sel.error("with-child-controls", "expected yes or no");
        std::vector<std::string> picked;
        std::vector<std::string> ids;
        CW_RETURN_IF_ERROR(sel.strings("with-ids", ids, false));
        for (std::size_t i = 0; i < ids.size(); ++i) {
          if (!src.controls.count(ids[i]))
            return sel.error("with-ids[" + std::to_string(i) + "]",
                             "no control '" + ids[i] + "' in " + src.name);
          picked.push_back(ids[i]);
        }
        CW_RETURN_IF_ERROR(sel.each(
            "matching",
            [&](const JsonReader& m) -> Status {
              std::string pattern;
              CW_RETURN_IF_ERROR(m.string("pattern", pattern));
              for (const auto& [id, c] : src.controls)
                if (fnmatch(pattern.c_str(), id.c_str(), 0) == 0) picked.push_back(id);
              return Status::Ok();
            },
            false));
        for (const auto& id : picked) {
          out.insert(id);
          if (with_children == "yes")
            for (auto& child : children_of(src, id)) out.insert(child);
        }
        return Status::Ok();
      },
      false);
}

// The control with only its selected descendants (as-is), or with none (flat).
json copy_control(const json& c, const std::set<std::string>& selected, bool nested) {
  json out = c;
  out.erase("controls");
  if (!nested || !c.contains("controls")) return out;
  json kids = json::array();
  for (const json& child : c["controls"])
    if (selected.count(text_of(child, "id"))) kids.push_back(copy_control(child, selected, true));
  if (!kids.empty()) out["controls"] = std::move(kids);
  return out;
}

json copy_group(const json& g, const std::set<std::string>& selected) {
  if (!g.is_object()) return nullptr;
  json out = g;
  out.erase("controls");
  out.erase("groups");
  json controls = json::array(), groups = json::array();
  for (const json& c : items(g, "controls"))
    if (selected.count(text_of(c, "id"))) controls.push_back(copy_control(c, selected, true));
  for (const json& sub : items(g, "groups")) {
    json kept = copy_group(sub, selected);
    if (!kept.is_null()) groups.push_back(std::move(kept));
  }
  if (controls.empty() && groups.empty()) return nullptr;
  if (!controls.empty()) out["controls"] = std::move(controls);
  if (!groups.empty()) out["groups"] = std::move(groups);
  return out;
}

// Every control object in the resolved tree, by id, for modify.
void find_controls(json& list, std::map<std::string, json*>& out) {
  for (json& c : list) {
    if (c.is_object() && c.contains("id") && c["id"].is_string())
      out[c["id"].get<std::string>()] = &c;
    if (c.contains("controls")) find_controls(c["controls"], out);
  }
}
void find_group_controls(json& groups, std::map<std::string, json*>& out) {
  for (json& g : groups) {
    if (g.contains("controls")) find_controls(g["controls"], out);
    if (g.contains("groups")) find_group_controls(g["groups"], out);
  }
}

void find_params(json& object, std::map<std::string, json*>& out) {
  if (object.is_object()) {
    if (object.contains("params") && object["params"].is_array())
      for (json& p : object["params"])
        if (p.contains("id") && p["id"].is_string()) out[p["id"].get<std::string>()] = &p;
    for (auto& [key, value] : object.items())
      if (key == "controls" || key == "groups") find_params(value, out);
  } else if (object.is_array()) {
    for (json& item : object) find_params(item, out);
  }
}

Status set_parameter(const JsonReader& sp, std::map<std::string, json*>& params) {
  CW_RETURN_IF_ERROR(only_keys(sp, {"param-id", "class", "depends-on", "props", "links", "label",
                                    "usage", "constraints", "guidelines", "values", "select"}));
  std::string id;
  CW_RETURN_IF_ERROR(sp.string("param-id", id));
  auto it = params.find(id);
  if (it == params.end())
    return sp.error("param-id", "no parameter '" + id + "' in the selected controls");
  json& p = *it->second;
  for (const char* key : {"class", "depends-on", "label", "usage", "constraints", "guidelines"})
    if (sp.has(key)) p[key] = sp.node()[key];
  if (sp.has("values")) {
    p["values"] = sp.node()["values"];
    p.erase("select");
  }
  if (sp.has("select")) {
    p["select"] = sp.node()["select"];
    p.erase("values");
  }
  for (const char* key : {"props", "links"}) {
    if (!sp.has(key)) continue;
    if (!p[key].is_array()) p[key] = json::array();
    for (const json& item : items(sp.node(), key)) p[key].push_back(item);
  }
  return Status::Ok();
}

bool matches_remove(const json& item, const json& rm) {
  if (!item.is_object()) return false;
  if (rm.contains("by-name") && text_of(item, "name") != rm["by-name"]) return false;
  if (rm.contains("by-class") && text_of(item, "class") != rm["by-class"]) return false;
  if (rm.contains("by-id") && text_of(item, "id") != rm["by-id"]) return false;
  if (rm.contains("by-ns") && text_of(item, "ns") != rm["by-ns"]) return false;
  return true;
}

// Removes matching props, links, parts and params below `object` (not in child controls).
std::size_t remove_matching(json& object, const json& rm, const std::string& item_name) {
  std::size_t removed = 0;
  for (const char* key : {"props", "links", "parts", "params"}) {
    if (!object.contains(key)) continue;
    if (!item_name.empty() && item_name != key &&
        !(item_name == "prop" && std::string(key) == "props") &&
        !(item_name == "link" && std::string(key) == "links") &&
        !(item_name == "part" && std::string(key) == "parts") &&
        !(item_name == "param" && std::string(key) == "params"))
      continue;
    json kept = json::array();
    for (json& item : object[key]) {
      if (matches_remove(item, rm)) {
        ++removed;
      } else {
        if (std::string(key) == "parts") removed += remove_matching(item, rm, item_name);
        kept.push_back(std::move(item));
      }
    }
    if (kept.empty())
      object.erase(key);
    else
      object[key] = std::move(kept);
  }
  return removed;
}

json* find_part(json& object, const std::string& id, json** parent_list) {
  if (!object.contains("parts")) return nullptr;
  for (json& part : object["parts"]) {
    if (text_of(part, "id") == id) {
      *parent_list = &object["parts"];
      return &part;
    }
    if (json* found = find_part(part, id, parent_list)) return found;
  }
  return nullptr;
}

Status apply_alter(const JsonReader& alter, std::map<std::string, json*>& controls) {
  CW_RETURN_IF_ERROR(only_keys(alter, {"control-id", "removes", "adds"}));
  std::string control_id;
  CW_RETURN_IF_ERROR(alter.string("control-id", control_id));
  auto it = controls.find(control_id);
  if (it == controls.end())
    return alter.error("control-id", "no control '" + control_id + "' in the selected controls");
  json& control = *it->second;
  CW_RETURN_IF_ERROR(alter.each(
      "removes",
      [&](const JsonReader& rm) -> Status {
        CW_RETURN_IF_ERROR(
            only_keys(rm, {"by-name", "by-class", "by-id", "by-item-name", "by-ns"}));
        json criteria = rm.node();
        std::string item_name = text_of(criteria, "by-item-name");
        criteria.erase("by-item-name");
        if (criteria.empty() && item_name.empty())
          return rm.error("by-id",
                          "a remove names at least one of by-name, by-class, by-id, "
                          "by-item-name, by-ns");
        if (remove_matching(control, criteria, item_name) == 0)
          return rm.error("by-id", "matches nothing in control '" + control_id + "'");
        return Status::Ok();
      },
      false));
  return alter.each(
      "adds",
      [&](const JsonReader& add) -> Status {
        CW_RETURN_IF_ERROR(
            only_keys(add, {"position", "by-id", "title", "params", "props", "links", "parts"}));
        std::string position = "ending", by_id;
        CW_RETURN_IF_ERROR(add.string("position", position, false));
        CW_RETURN_IF_ERROR(add.string("by-id", by_id, false));
        if (position != "before" && position != "after" && position != "starting" &&
            position != "ending")
          return add.error("position", "expected before, after, starting or ending");
        json* target = &control;
        json* siblings = nullptr;
        if (!by_id.empty() && by_id != control_id) {
          target = find_part(control, by_id, &siblings);
          if (!target)
            return add.error("by-id", "no part '" + by_id + "' in control '" + control_id + "'");
        }
        if (add.has("title")) (*target)["title"] = add.node()["title"];
        for (const char* key : {"params", "props", "links", "parts"}) {
          if (!add.has(key)) continue;
          const json& items = add.node()[key];
          if (position == "starting" || position == "ending" || !siblings) {
            json& list = (*target)[key];
            if (!list.is_array()) list = json::array();
            if (position == "starting")
              list.insert(list.begin(), items.begin(), items.end());
            else
              list.insert(list.end(), items.begin(), items.end());
          } else {
            if (std::string(key) != "parts")
              return add.error(key, "before and after a part can only add parts");
            auto at = std::find_if(siblings->begin(), siblings->end(),
                                   [&](const json& p) { return text_of(p, "id") == by_id; });
            if (position == "after") ++at;
            siblings->insert(at, items.begin(), items.end());
          }
        }
        return Status::Ok();
      },
      false);
}

class Resolver {
 public:
  explicit Resolver(const DocumentLoader& load) : load_(load) {}

  Result<json> resolve(const json& doc, const std::string& name) {
    for (const auto& open : stack_)
      if (open == name) return Status::InvalidInput(name + ": profile imports form a cycle");
    stack_.push_back(name);
    auto out = resolve_inner(doc, name);
    stack_.pop_back();
    if (!out.ok()) return out.status().with_context(name);
    return out;
  }

 private:
  Result<LoadedDocument> load_import(const JsonReader& profile, const std::string& href,
                                     const std::string& from, const JsonReader& at) {
    std::string target = href;
    if (!href.empty() && href[0] == '#') {
      const std::string uuid = href.substr(1);
      const json* resource = nullptr;
      if (profile.has("back-matter"))
        for (const json& r : items(profile.node()["back-matter"], "resources"))
          if (text_of(r, "uuid") == uuid) resource = &r;
      if (!resource)
        return at.error("href", "no back-matter resource '" + uuid + "' in this profile");
      target.clear();
      for (const json& l : items(*resource, "rlinks")) {
        std::string h = text_of(l, "href"), media = text_of(l, "media-type");
        bool json_link = media.find("json") != std::string::npos ||
                         (h.size() > 5 && h.compare(h.size() - 5, 5, ".json") == 0);
        if (json_link) {
          target = h;
          break;
        }
      }
      if (target.empty())
        return at.error("href", "back-matter resource '" + uuid + "' has no JSON rlink");
    }
    auto loaded = load_(target, from);
    if (!loaded.ok()) return at.error("href", loaded.status().message());
    return loaded;
  }

  Result<json> resolve_inner(const json& doc, const std::string& name) {
    CW_RETURN_IF_ERROR(check_document(
        doc, "profile", {"uuid", "metadata", "imports", "merge", "modify", "back-matter"}));
    const JsonReader p(doc.at("profile"), "profile");
    const std::string uuid = p.node()["uuid"].get<std::string>();
    if (!p.has("imports")) return p.error("imports", "required field is missing");

    std::vector<Source> sources;
    std::vector<std::set<std::string>> selections;
    std::map<std::string, std::string> owner;  // control id -> source name
    CW_RETURN_IF_ERROR(p.each("imports", [&](const JsonReader& imp) -> Status {
      CW_RETURN_IF_ERROR(
          only_keys(imp, {"href", "include-all", "include-controls", "exclude-controls"}));
      std::string href;
      CW_RETURN_IF_ERROR(imp.string("href", href));
      auto loaded = load_import(p, href, name, imp);
      if (!loaded.ok()) return loaded.status();
      Source src;
      src.name = loaded->name;
      auto kind = root_of(loaded->doc);
      if (!kind.ok()) return imp.error("href", loaded->name + ": " + kind.status().message());
      if (kind.value() == "profile") {
        auto resolved = resolve(loaded->doc, loaded->name);
        if (!resolved.ok()) return resolved.status();
        src.doc = std::move(resolved).value();
      } else if (kind.value() == "catalog") {
        src.doc = std::move(loaded->doc);
      } else {
        return imp.error("href", loaded->name + " is an OSCAL " + kind.value() +
                                     "; a profile imports catalogs and profiles");
      }
      const json& cat = src.catalog();
      if (cat.contains("controls")) src.index(cat["controls"], "");
      if (cat.contains("groups")) src.index_groups(cat["groups"]);
      std::set<std::string> selected;
      if (imp.has("include-all") == imp.has("include-controls"))
        return imp.error("include-all", "an import has include-all or include-controls");
      if (imp.has("include-all")) {
        for (const auto& [id, c] : src.controls) selected.insert(id);
      } else {
        CW_RETURN_IF_ERROR(apply_selectors(imp, "include-controls", src, selected));
      }
      std::set<std::string> excluded;
      CW_RETURN_IF_ERROR(apply_selectors(imp, "exclude-controls", src, excluded));
      for (const auto& id : excluded) selected.erase(id);
      // A selected enhancement keeps its base control, so the tree stays whole.
      for (std::set<std::string> pending = selected; !pending.empty();) {
        std::set<std::string> next;
        for (const auto& id : pending) {
          const std::string& parent = src.controls.at(id).parent;
          if (!parent.empty() && selected.insert(parent).second) next.insert(parent);
        }
        pending = std::move(next);
      }
      for (const auto& id : selected) {
        auto [it, fresh] = owner.emplace(id, src.name);
        if (!fresh && it->second != src.name)
          return imp.error("href", "control '" + id + "' is selected from both " + it->second +
                                       " and " + src.name);
      }
      sources.push_back(std::move(src));
      selections.push_back(std::move(selected));
      return Status::Ok();
    }));

    json resolved = {{"uuid", uuid_v5("resolved-profile:" + uuid)}};
    json meta = p.node()["metadata"];
    meta["props"].push_back({{"name", "resolution-tool"}, {"value", "Crosswalk"}});
    resolved["metadata"] = std::move(meta);

    std::string merge_kind = "flat";
    if (p.has("merge")) {
      const JsonReader merge = p.member("merge");
      CW_RETURN_IF_ERROR(only_keys(merge, {"combine", "flat", "as-is", "custom"}));
      if (merge.has("as-is") && merge.node()["as-is"] == true) merge_kind = "as-is";
      if (merge.has("custom")) merge_kind = "custom";
    }
    json groups = json::array(), controls = json::array();
    std::set<std::string> placed;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const Source& src = sources[i];
      const std::set<std::string>& sel = selections[i];
      if (merge_kind == "as-is") {
        const json& cat = src.catalog();
        for (const json& c : items(cat, "controls"))
          if (sel.count(text_of(c, "id"))) controls.push_back(copy_control(c, sel, true));
        for (const json& g : items(cat, "groups")) {
          json kept = copy_group(g, sel);
          if (!kept.is_null()) groups.push_back(std::move(kept));
        }
      } else {
        std::vector<std::pair<std::size_t, std::string>> ordered;
        for (const auto& id : sel) ordered.emplace_back(src.controls.at(id).order, id);
        std::sort(ordered.begin(), ordered.end());
        for (const auto& [order, id] : ordered)
          if (placed.insert(id).second)
            controls.push_back(copy_control(*src.controls.at(id).control, sel, false));
      }
    }
    if (merge_kind == "custom") {
      json flat = std::move(controls);
      controls = json::array();
      CW_RETURN_IF_ERROR(custom_groups(p.member("merge").member("custom"), flat, groups, controls));
    }
    if (!groups.empty()) resolved["groups"] = std::move(groups);
    if (!controls.empty()) resolved["controls"] = std::move(controls);
    if (!resolved.contains("groups") && !resolved.contains("controls"))
      return p.error("imports", "the profile selects no controls");

    json back = json::array();
    std::set<std::string> seen;
    auto add_resources = [&](const json& bm) {
      for (const json& r : items(bm, "resources"))
        if (seen.insert(text_of(r, "uuid")).second) back.push_back(r);
    };
    if (p.has("back-matter")) add_resources(p.node()["back-matter"]);
    for (const Source& src : sources)
      if (src.catalog().contains("back-matter")) add_resources(src.catalog()["back-matter"]);
    if (!back.empty()) resolved["back-matter"] = {{"resources", std::move(back)}};

    if (p.has("modify")) {
      const JsonReader modify = p.member("modify");
      CW_RETURN_IF_ERROR(only_keys(modify, {"set-parameters", "alters"}));
      std::map<std::string, json*> params, by_id;
      find_params(resolved, params);
      CW_RETURN_IF_ERROR(modify.each(
          "set-parameters", [&](const JsonReader& sp) { return set_parameter(sp, params); },
          false));
      if (resolved.contains("controls")) find_controls(resolved["controls"], by_id);
      if (resolved.contains("groups")) find_group_controls(resolved["groups"], by_id);
      CW_RETURN_IF_ERROR(modify.each(
          "alters", [&](const JsonReader& a) { return apply_alter(a, by_id); }, false));
    }
    return json{{"catalog", std::move(resolved)}};
  }

  // merge.custom: groups that take controls by insert-controls; controls not inserted are left out.
  Status custom_groups(const JsonReader& custom, const json& flat, json& groups, json& loose) {
    CW_RETURN_IF_ERROR(only_keys(custom, {"groups", "insert-controls"}));
    auto insert = [&](const JsonReader& owner, json& into) {
      return owner.each(
          "insert-controls",
          [&](const JsonReader& ins) -> Status {
            CW_RETURN_IF_ERROR(
                only_keys(ins, {"order", "include-all", "include-controls", "exclude-controls"}));
            std::set<std::string> pick, drop;
            Source all;
            all.name = "the selected controls";
            all.index(flat, "");
            if (ins.has("include-all")) {
              for (const auto& [id, c] : all.controls) pick.insert(id);
            } else {
              CW_RETURN_IF_ERROR(apply_selectors(ins, "include-controls", all, pick));
            }
            CW_RETURN_IF_ERROR(apply_selectors(ins, "exclude-controls", all, drop));
            for (const json& c : flat) {
              const std::string id = text_of(c, "id");
              if (pick.count(id) && !drop.count(id)) into.push_back(c);
            }
            return Status::Ok();
          },
          false);
    };
    std::function<Status(const JsonReader&, json&)> group = [&](const JsonReader& g,
                                                                json& into) -> Status {
      CW_RETURN_IF_ERROR(only_keys(g, {"id", "class", "title", "params", "props", "links", "parts",
                                       "groups", "insert-controls"}));
      json out = g.node();
      out.erase("groups");
      out.erase("insert-controls");
      json controls = json::array(), subgroups = json::array();
      CW_RETURN_IF_ERROR(insert(g, controls));
      CW_RETURN_IF_ERROR(g.each(
          "groups", [&](const JsonReader& sub) { return group(sub, subgroups); }, false));
      if (!controls.empty()) out["controls"] = std::move(controls);
      if (!subgroups.empty()) out["groups"] = std::move(subgroups);
      into.push_back(std::move(out));
      return Status::Ok();
    };
    CW_RETURN_IF_ERROR(insert(custom, loose));
    return custom.each(
        "groups", [&](const JsonReader& g) { return group(g, groups); }, false);
  }

  const DocumentLoader& load_;
  std::vector<std::string> stack_;
};

}  // namespace

Result<json> resolve_profile(const json& profile, const std::string& name,
                             const DocumentLoader& load) {
  Resolver resolver(load);
  return resolver.resolve(profile, name);
}

}  // namespace crosswalk::oscal
