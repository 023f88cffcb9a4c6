// Register entries as JSON, for the API and `--json`: single-valued fields as strings, the
// others as arrays; a risk carries its ratings and status.
#pragma once

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "domain/register.h"
#include "service/registers.h"
#include "store/store.h"

namespace crosswalk::service {

nlohmann::ordered_json entry_json(const store::RegisterEntry& entry);
nlohmann::ordered_json risk_json(const RiskView& risk);
nlohmann::ordered_json rating_json(const domain::RiskRating& rating);
nlohmann::ordered_json matrix_json(const domain::RiskMatrix& matrix);
// Each map: {"matrix", "rows": [[{"likelihood", "impact", "score", "level", "risks"}]]}.
nlohmann::ordered_json heat_maps_json(const std::vector<MatrixHeatMap>& maps);
// An object of field name to a string, number or array of strings (InvalidInput naming the
// field otherwise).
Result<domain::FieldValues> fields_from_json(const nlohmann::json& fields);

}  // namespace crosswalk::service
