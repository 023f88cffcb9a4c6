#include "oscal/prose.h"

#include <regex>

#include "oscal/document.h"

namespace crosswalk::oscal {

using nlohmann::json;

namespace {

std::string joined(const json& values, const char* sep) {
  std::string out;
  for (const json& v : values) {
    if (!v.is_string()) continue;
    if (!out.empty()) out += sep;
    out += v.get<std::string>();
  }
  return out;
}

std::string substituted(const std::string& prose,
                        const std::map<std::string, std::string>& params) {
  static const std::regex insert(R"(\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\})");
  std::string out;
  auto begin = std::sregex_iterator(prose.begin(), prose.end(), insert);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out.append(prose, last, static_cast<std::size_t>(it->position()) - last);
    auto p = params.find((*it)[1].str());
    out += p != params.end() ? p->second : "[" + (*it)[1].str() + "]";
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  out.append(prose, last);
  return out;
}

void render(const json& part, const std::map<std::string, std::string>& params, int depth,
            std::string& out) {
  std::string text = part.contains("prose") && part["prose"].is_string()
                         ? substituted(part["prose"].get<std::string>(), params)
                         : "";
  std::string label = prop(part, "label");
  if (!text.empty() || !label.empty()) {
    if (!out.empty()) out += '\n';
    out += std::string(static_cast<std::size_t>(depth) * 2, ' ');
    if (!label.empty()) out += label + " ";
    out += text;
  }
  if (part.contains("parts") && part["parts"].is_array())
    for (const json& sub : part["parts"])
      render(sub, params, depth + (text.empty() && label.empty() ? 0 : 1), out);
}

}  // namespace

std::map<std::string, std::string> param_texts(const json& params) {
  std::map<std::string, std::string> out;
  if (!params.is_array()) return out;
  for (const json& p : params) {
    if (!p.is_object() || !p.contains("id") || !p["id"].is_string()) continue;
    std::string text;
    if (p.contains("values") && p["values"].is_array() && !p["values"].empty()) {
      text = joined(p["values"], ", ");
    } else if (p.contains("select") && p["select"].is_object()) {
      const json& s = p["select"];
      bool many = text_of(s, "how-many") == "one-or-more";
      text = std::string("[Selection") + (many ? " (one or more)" : "") + ": " +
             (s.contains("choice") ? joined(s["choice"], "; ") : "") + "]";
    } else {
      const std::string label = text_of(p, "label");
      text = "[Assignment: " + (label.empty() ? p["id"].get<std::string>() : label) + "]";
    }
    out[p["id"].get<std::string>()] = text;
  }
  return out;
}

std::string render_part(const json& part, const std::map<std::string, std::string>& params) {
  std::string out;
  render(part, params, 0, out);
  return out;
}

}  // namespace crosswalk::oscal
