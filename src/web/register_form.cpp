#include "web/register_form.h"

#include <algorithm>
#include <sstream>

namespace crosswalk::web {

namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

namespace {

// Targets offered as a list to pick from; evidence and measurements are too many, so their ids
// are typed.
bool pickable(const std::string& target) {
  return target != "evidence" && target != "measurement";
}

Result<std::vector<std::pair<std::string, std::string>>> targets_of(service::Workspace& ws,
                                                                    const std::string& target) {
  std::vector<std::pair<std::string, std::string>> out;
  if (target == "control") {
    auto controls = ws.store().controls();
    if (!controls.ok()) return controls.status();
    for (const auto& c : controls.value()) out.emplace_back(c.control.id, c.control.title);
    return out;
  }
  if (target == "framework" || target == "requirement") {
    auto catalog = ws.store().load_catalog();
    if (!catalog.ok()) return catalog.status();
    for (const auto& fw : catalog->frameworks) {
      if (target == "framework") {
        out.emplace_back(fw.id, fw.name);
        continue;
      }
      for (const auto& r : fw.requirements())
        if (r.assessable) out.emplace_back(fw.id + ":" + r.ref, r.title);
    }
    return out;
  }
  const d::RegisterKind* kind = d::find_register_kind(target);
  if (!kind) return out;
  auto entries = ws.store().register_entries(target);
  if (!entries.ok()) return entries.status();
  for (const auto& e : entries.value())
    out.emplace_back(e.id, d::field_text(e.fields, kind->title_field));
  return out;
}

std::string lines_of(const std::vector<std::string>& values, const char* sep) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : sep) + v;
  return out;
}

}  // namespace

Result<json> register_form_fields(service::Workspace& ws, const d::RegisterKind& kind,
                                  const d::FieldValues& values, const std::string& invalid) {
  json fields = json::array();
  for (const d::FieldSpec& f : kind.fields) {
    const auto& v = d::field_list(values, f.name);
    json field = {{"name", f.name},
                  {"label", f.label},
                  {"help", f.help},
                  {"required", f.required},
                  {"invalid", f.name == invalid},
                  {"value", v.empty() ? "" : v.front()}};
    switch (f.type) {
      case d::FieldType::kText:
        field["is_text"] = true;
        break;
      case d::FieldType::kLongText:
        field["is_long"] = true;
        break;
      case d::FieldType::kDate:
        field["is_date"] = true;
        break;
      case d::FieldType::kInteger:
        field["is_integer"] = true;
        field["min"] = f.min;
        field["max"] = f.max;
        break;
      case d::FieldType::kList:
        field["is_list"] = true;
        field["value"] = lines_of(v, "\n");
        break;
      case d::FieldType::kChoice:
      case d::FieldType::kChoices: {
        json options = json::array();
        for (const auto& o : f.options)
          options.push_back(
              {{"value", o}, {"selected", std::find(v.begin(), v.end(), o) != v.end()}});
        field[f.type == d::FieldType::kChoice ? "is_choice" : "is_choices"] = true;
        field["options"] = options;
        break;
      }
      case d::FieldType::kLink:
      case d::FieldType::kLinks: {
        if (!pickable(f.target)) {
          field["is_ids"] = true;
          field["value"] = lines_of(v, " ");
          break;
        }
        auto targets = targets_of(ws, f.target);
        if (!targets.ok()) return targets.status();
        json options = json::array();
        for (const auto& [id, title] : targets.value())
          options.push_back({{"value", id},
                             {"label", id + " " + title},
                             {"selected", std::find(v.begin(), v.end(), id) != v.end()}});
        // A value that no longer exists stays visible (and is refused on save, naming it).
        for (const auto& id : v)
          if (std::none_of(targets->begin(), targets->end(),
                           [&](const auto& t) { return t.first == id; }))
            options.push_back({{"value", id}, {"label", id + " (missing)"}, {"selected", true}});
        field[f.type == d::FieldType::kLink ? "is_link" : "is_links"] = true;
        field["options"] = options;
        field["size"] = std::min<std::size_t>(8, std::max<std::size_t>(3, options.size()));
        break;
      }
    }
    fields.push_back(field);
  }
  return fields;
}

d::FieldValues register_form_values(const d::RegisterKind& kind, const http::Form& form) {
  d::FieldValues out;
  for (const d::FieldSpec& f : kind.fields) {
    std::vector<std::string>& values = out[f.name];
    switch (f.type) {
      case d::FieldType::kChoices:
        values = form.all(f.name);
        break;
      case d::FieldType::kLinks:
        if (pickable(f.target)) {
          values = form.all(f.name);
          break;
        }
        [[fallthrough]];
      case d::FieldType::kLink:
        if (f.type == d::FieldType::kLink && pickable(f.target)) {
          values = {form.get(f.name)};
          break;
        }
        {
          std::string ids = form.get(f.name);
          std::replace(ids.begin(), ids.end(), ',', ' ');
          std::istringstream words(ids);
          for (std::string id; words >> id;) values.push_back(id);
        }
        break;
      case d::FieldType::kList: {
        std::istringstream lines(form.get(f.name));
        for (std::string line; std::getline(lines, line);) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          values.push_back(line);
        }
        break;
      }
      default:
        values = {form.get(f.name)};
    }
  }
  return out;
}

std::string field_of_message(const std::string& message) {
  const std::string prefix = "field ";
  if (message.rfind(prefix, 0) != 0) return "";
  auto colon = message.find(':');
  return colon == std::string::npos ? "" : message.substr(prefix.size(), colon - prefix.size());
}

}  // namespace crosswalk::web
