#include "service/oscal_common.h"

#include <algorithm>
#include <tuple>

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

void JsonArrayText::add(const ordered_json& item) {
  text_ += text_.empty() ? "[" : ",";
  text_ += item.dump();
}

std::string JsonArrayText::take() {
  std::string out = text_.empty() ? "[]" : std::move(text_) + "]";
  text_.clear();
  return out;
}

std::string array_placeholder(const std::string& name) {
  return "@array:" + name;
}

std::string splice_arrays(const std::string& skeleton,
                          std::vector<std::pair<std::string, std::string>> arrays) {
  std::vector<std::tuple<std::size_t, std::size_t, std::string*>> at;  // position, length, text
  for (auto& [name, text] : arrays) {
    const std::string quoted = "\"" + array_placeholder(name) + "\"";
    const auto pos = skeleton.rfind(quoted);
    if (pos != std::string::npos) at.emplace_back(pos, quoted.size(), &text);
  }
  std::sort(at.begin(), at.end());
  std::string out;
  std::size_t last = 0;
  for (auto& [pos, len, text] : at) {
    out.append(skeleton, last, pos - last);
    out += *text;
    last = pos + len;
  }
  out.append(skeleton, last);
  return out;
}

}  // namespace crosswalk::service
