#include "service/register_json.h"

#include "domain/time.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using nlohmann::ordered_json;

ordered_json entry_json(const store::RegisterEntry& e) {
  ordered_json fields = ordered_json::object();
  const d::RegisterKind* kind = d::find_register_kind(e.kind);
  for (const auto& [name, values] : e.fields) {
    const d::FieldSpec* f = kind ? kind->field(name) : nullptr;
    const bool many = f && (f->type == d::FieldType::kChoices || f->type == d::FieldType::kList ||
                            f->type == d::FieldType::kLinks);
    if (many)
      fields[name] = values;
    else if (!values.empty())
      fields[name] = values.front();
  }
  return {{"kind", e.kind},
          {"id", e.id},
          {"version", e.version},
          {"fields", fields},
          {"created_by", e.created_by},
          {"created_at", d::format_datetime(e.created_at)},
          {"updated_by", e.updated_by},
          {"updated_at", d::format_datetime(e.updated_at)}};
}

ordered_json rating_json(const d::RiskRating& r) {
  return {
      {"likelihood", r.likelihood}, {"impact", r.impact}, {"score", r.score}, {"level", r.level}};
}

ordered_json risk_json(const RiskView& r) {
  ordered_json j = entry_json(r.entry);
  j["matrix"] = r.matrix.id.empty() ? "default" : r.matrix.id;
  j["inherent"] = rating_json(r.evaluation.inherent);
  j["residual"] = r.evaluation.residual ? rating_json(*r.evaluation.residual) : ordered_json();
  j["within_appetite"] = r.evaluation.within_appetite;
  j["status"] = r.evaluation.status;
  j["review_overdue"] = r.evaluation.review_overdue;
  return j;
}

ordered_json matrix_json(const d::RiskMatrix& m) {
  ordered_json bands = ordered_json::array();
  for (const auto& b : m.bands) bands.push_back({{"name", b.name}, {"up_to", b.up_to}});
  return {{"id", m.id.empty() ? "default" : m.id},
          {"name", m.name},
          {"likelihood", m.likelihood},
          {"impact", m.impact},
          {"bands", bands},
          {"acceptance_threshold", m.acceptance_threshold}};
}

ordered_json heat_maps_json(const std::vector<MatrixHeatMap>& maps) {
  ordered_json out = ordered_json::array();
  for (const auto& m : maps) {
    ordered_json rows = ordered_json::array();
    for (const auto& row : m.map.rows) {
      ordered_json cells = ordered_json::array();
      for (const auto& cell : row)
        cells.push_back({{"likelihood", cell.likelihood},
                         {"impact", cell.impact},
                         {"score", cell.score},
                         {"level", cell.level},
                         {"risks", cell.risk_ids}});
      rows.push_back(cells);
    }
    out.push_back({{"matrix", matrix_json(m.matrix)}, {"rows", rows}});
  }
  return out;
}

Result<d::FieldValues> fields_from_json(const nlohmann::json& fields) {
  if (!fields.is_object()) return Status::InvalidInput("fields: expected an object");
  d::FieldValues out;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    auto bad = [&] {
      return Status::InvalidInput("field " + it.key() +
                                  ": expected a string, a number or an array of strings");
    };
    std::vector<std::string>& values = out[it.key()];
    if (it->is_string()) {
      values.push_back(it->get<std::string>());
    } else if (it->is_number_integer()) {
      values.push_back(std::to_string(it->get<std::int64_t>()));
    } else if (it->is_number()) {
      values.push_back(it->dump());
    } else if (it->is_array()) {
      for (const auto& v : *it) {
        if (!v.is_string()) return bad();
        values.push_back(v.get<std::string>());
      }
    } else if (!it->is_null()) {
      return bad();
    }
  }
  return out;
}

}  // namespace crosswalk::service
