// Chart geometry for SVG drawn by the templates: numbers in, coordinates out. No markup here, so
// every value still goes through the templates' escaping.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/readiness.h"
#include "domain/risk.h"

namespace crosswalk::web {

// A donut's arc: {"percent": "42", "dash": "42.0 100"} for a circle whose circumference is 100.
nlohmann::ordered_json donut(double percent);

// Segments of a horizontal bar 0..100 wide: met, partly met, not met (not applicable left out),
// each {"cls", "x", "width", "count", "label"}; zero-width segments are dropped.
nlohmann::ordered_json tally_bar(const domain::Tally& t);

struct Series {
  std::string name;
  std::string cls;                                   // CSS class of the line
  std::vector<std::pair<std::string, double>> days;  // (YYYY-MM-DD, percent), ascending
};

// A line chart over the last `days` days ending at `today`, in a 600×200 view box with a
// 40 px left margin for the axis: {"series": [{"name", "cls", "points", "last"}], "yticks",
// "xticks"}. A day without a point carries the previous value (readiness changes only with events).
nlohmann::ordered_json line_chart(const std::vector<Series>& series, const std::string& today,
                                  int days);

// A risk heat map's geometry: cells 64×44 after a 120 px column of likelihood names, impact
// names below; each cell {"x", "y", "fill", "count", "level", "risks", "tx", "ty"}, its fill
// from green (lowest band) to red (highest); {"width", "height", "cells", "rows", "columns"}.
nlohmann::ordered_json heat_map_chart(const domain::RiskMatrix& matrix, const domain::HeatMap& map);

}  // namespace crosswalk::web
