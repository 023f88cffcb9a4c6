#include "service/oscal_export.h"

#include "oscal/document.h"
#include "oscal/ids.h"
#include "oscal/ordered.h"
#include "service/oscal_common.h"

namespace crosswalk::service {

using nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

Result<const d::Framework*> framework(const Snapshot& s, const std::string& id) {
  const auto* f = s.catalog.find_framework(id);
  if (!f)
    return Status::NotFound("unknown framework '" + id + "' (see `crosswalk framework list`)");
  return f;
}

// Our relation says what the target is to the source; OSCAL's what the source is to the target.
const char* relationship(d::Relation r) {
  switch (r) {
    case d::Relation::kEqual:
      return "equal-to";
    case d::Relation::kSubset:
      return "superset-of";  // target within source
    case d::Relation::kSuperset:
      return "subset-of";  // target asks for more
    case d::Relation::kIntersect:
      return "intersects-with";
    case d::Relation::kNone:
      break;
  }
  return "no-relationship";
}

}  // namespace

Result<ordered_json> oscal_catalog(Workspace& ws, const Snapshot& s, const std::string& id) {
  auto fw = framework(s, id);
  if (!fw.ok()) return fw.status();
  auto kept = kept_oscal(ws, *fw.value());
  if (!kept.ok()) return kept.status();
  return oscal::write_catalog(*fw.value(), kept.value(), s.now);
}

Result<ordered_json> oscal_mapping(Workspace& ws, const Snapshot& s, const std::string& target,
                                   const std::string& source) {
  const d::Crosswalk* cw = s.catalog.find_crosswalk(target, source);
  if (!cw)
    return Status::NotFound("no crosswalk from '" + source + "' to '" + target +
                            "' (the catalog maps iso27001-2022 to iso42001-2023)");
  auto tfw = framework(s, target), sfw = framework(s, source);
  if (!tfw.ok()) return tfw.status();
  if (!sfw.ok()) return sfw.status();
  auto tkept = kept_oscal(ws, *tfw.value()), skept = kept_oscal(ws, *sfw.value());
  if (!tkept.ok()) return tkept.status();
  if (!skept.ok()) return skept.status();
  const ordered_json source_res = catalog_resource(*sfw.value(), skept.value());
  const ordered_json target_res = catalog_resource(*tfw.value(), tkept.value());

  ordered_json maps = ordered_json::array();
  ordered_json unmapped = ordered_json::array();
  for (const d::MappingEntry& e : cw->entries()) {
    if (e.relation == d::Relation::kNone || e.source_refs.empty()) {
      unmapped.push_back(oscal::encode_id(e.target_ref));
      continue;
    }
    ordered_json sources = ordered_json::array();
    for (const auto& ref : e.source_refs)
      sources.push_back({{"type", "control"}, {"id-ref", oscal::encode_id(ref)}});
    ordered_json map = {
        {"uuid", oscal::uuid_v5("map:" + cw->id + ":" + e.target_ref)},
        {"relationship", relationship(e.relation)},
        {"sources", std::move(sources)},
        {"targets",
         ordered_json::array({{{"type", "control"}, {"id-ref", oscal::encode_id(e.target_ref)}}})},
        {"props", ordered_json::array({{{"name", "strength"},
                                        {"ns", oscal::kNamespace},
                                        {"value", std::string(d::to_string(e.strength))}},
                                       {{"name", "relation"},
                                        {"ns", oscal::kNamespace},
                                        {"value", std::string(d::to_string(e.relation))}}})}};
    if (e.source_refs.size() > 1)
      map["props"].push_back(
          {{"name", "jointly-sufficient-sources"}, {"ns", oscal::kNamespace}, {"value", "true"}});
    if (!e.rationale.empty()) map["remarks"] = e.rationale;
    maps.push_back(std::move(map));
  }
  ordered_json mapping = {
      {"uuid", oscal::uuid_v5("mapping:" + cw->id)},
      {"source-resource",
       {{"type", "catalog"}, {"href", "#" + source_res["uuid"].get<std::string>()}}},
      {"target-resource",
       {{"type", "catalog"}, {"href", "#" + target_res["uuid"].get<std::string>()}}},
      {"maps", std::move(maps)}};
  if (!unmapped.empty())
    mapping["target-gap-summary"] = {
        {"uuid", oscal::uuid_v5("target-gap:" + cw->id)},
        {"unmapped-controls", ordered_json::array({{{"with-ids", std::move(unmapped)}}})}};

  ordered_json doc = {
      {"uuid", oscal::uuid_v5("mapping-collection:" + cw->id)},
      {"metadata", oscal_metadata(sfw.value()->name + " to " + tfw.value()->name + " crosswalk",
                                  s.catalog.sha256.substr(0, 12), s.now)},
      {"provenance",
       {{"method", "human"},
        {"matching-rationale", "semantic"},
        {"status", "complete"},
        {"mapping-description",
         "Crosswalk's reviewed mapping: for each requirement of the target, the source "
         "requirements that serve it, how (relationship) and how strongly (strength prop), with "
         "the rationale in remarks. Relationships read from source to target."}}},
      {"mappings", ordered_json::array({std::move(mapping)})},
      {"back-matter", {{"resources", ordered_json::array({source_res, target_res})}}}};
  return ordered_json{{"mapping-collection", std::move(doc)}};
}

Result<OscalFile> oscal_file(Workspace& ws, const Snapshot& s, const std::string& model,
                             const std::string& framework_id) {
  Result<ordered_json> doc =
      Status::NotFound("unknown OSCAL model '" + model +
                       "' (catalog, assessment-plan, assessment-results, poam, mapping-collection, "
                       "component-definition)");
  std::string name = framework_id + "." + model + ".json";
  if (model == "catalog") doc = oscal_catalog(ws, s, framework_id);
  if (model == "poam") doc = oscal_poam(ws, s, framework_id);
  if (model == "assessment-plan" || model == "assessment-results") {
    auto a = oscal_assessment(ws, s, framework_id, framework_id + ".assessment-plan.json");
    if (!a.ok()) return a.status();
    if (model == "assessment-results") return OscalFile{name, std::move(a->results)};
    doc = std::move(a->plan);
  }
  if (model == "mapping-collection") {
    if (s.catalog.crosswalks.empty()) return Status::NotFound("the catalog has no crosswalk");
    const auto& cw = s.catalog.crosswalks.front();
    doc = oscal_mapping(ws, s, cw.target, cw.source);
    name = cw.source + "__" + cw.target + ".mapping-collection.json";
  }
  if (model == "component-definition") {
    doc = oscal_component_definition(ws, s);
    name = "control-library.component-definition.json";
  }
  if (!doc.ok()) return doc.status();
  return OscalFile{name, doc->dump(2) + "\n"};
}

}  // namespace crosswalk::service
