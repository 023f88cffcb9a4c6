#include "service/oscal_common.h"

#include "oscal/document.h"
#include "oscal/ids.h"

namespace crosswalk::service {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json oscal_metadata(const std::string& title, const std::string& version,
                            domain::Timestamp now) {
  return {{"title", title},
          {"last-modified", domain::format_datetime(now)},
          {"version", version},
          {"oscal-version", oscal::kOscalVersion}};
}

Result<oscal::KeptOscal> kept_oscal(Workspace& ws, const domain::Framework& fw) {
  if (!fw.imported()) return oscal::KeptOscal{};
  auto kept = ws.store().framework_oscal(fw.id);
  if (!kept.ok()) return kept.status();
  return oscal::KeptOscal{kept->document_oscal, kept->group_oscal, kept->requirement_oscal};
}

ordered_json catalog_resource(const domain::Framework& fw, const oscal::KeptOscal& kept) {
  return {{"uuid", oscal::catalog_uuid(fw, kept)},
          {"title", fw.name},
          {"rlinks", ordered_json::array({{{"href", fw.id + ".catalog.json"},
                                           {"media-type", "application/oscal.catalog+json"}}})}};
}

std::string statement_id(const domain::Requirement& r, const oscal::KeptOscal& kept) {
  auto it = kept.requirements.find(r.ref);
  if (it != kept.requirements.end()) {
    json control = json::parse(it->second);
    for (const json& part : control.value("parts", json::array()))
      if (part.value("name", "") == "statement" && part.contains("id"))
        return part["id"].get<std::string>();
  }
  return oscal::encode_id(r.ref) + "_smt";
}

}  // namespace crosswalk::service
