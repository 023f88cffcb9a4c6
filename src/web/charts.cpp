#include "web/charts.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace crosswalk::web {

using json = nlohmann::ordered_json;

namespace {

std::string fixed(double v, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Days since 1970-01-01 for "YYYY-MM-DD" (UTC), and back.
long day_number(const std::string& day) {
  std::tm tm{};
  if (std::sscanf(day.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long>(timegm(&tm) / 86400);
}

std::string day_label(long n) {
  const std::time_t t = static_cast<std::time_t>(n) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%b %d", &tm);
  return buf;
}

}  // namespace

json donut(double percent) {
  const double p = std::clamp(percent, 0.0, 100.0);
  return {{"percent", fixed(std::floor(p), 0)}, {"dash", fixed(p) + " " + fixed(100 - p)}};
}

json tally_bar(const domain::Tally& t) {
  json out = json::array();
  const int total = t.applicable();
  if (total == 0) return out;
  double x = 0;
  auto add = [&](int count, const char* cls, const char* label) {
    if (count == 0) return;
    const double w = 100.0 * count / total;
    out.push_back({{"cls", cls},
                   {"x", fixed(x, 2)},
                   {"width", fixed(w, 2)},
                   {"count", std::to_string(count)},
                   {"label", label}});
    x += w;
  };
  add(t.met, "met", "met");
  add(t.partly_met, "partly", "partly met");
  add(t.not_met, "notmet", "not met");
  return out;
}

json line_chart(const std::vector<Series>& series, const std::string& today, int days) {
  constexpr double kLeft = 40, kWidth = 560, kTop = 10, kHeight = 170;
  const long last = day_number(today), first = last - days + 1;
  auto x_of = [&](long n) { return kLeft + kWidth * static_cast<double>(n - first) / (days - 1); };
  auto y_of = [&](double pct) { return kTop + kHeight * (1 - pct / 100); };
  json out = {{"series", json::array()}, {"yticks", json::array()}, {"xticks", json::array()}};
  for (int pct = 0; pct <= 100; pct += 25)
    out["yticks"].push_back({{"y", fixed(y_of(pct))}, {"label", std::to_string(pct) + "%"}});
  for (int i = 0; i < 4; ++i) {
    const long n = first + (days - 1) * i / 3;
    out["xticks"].push_back({{"x", fixed(x_of(n))}, {"label", day_label(n)}});
  }
  for (const Series& s : series) {
    std::string points;
    std::optional<double> value;
    std::size_t next = 0;
    while (next < s.days.size() && day_number(s.days[next].first) < first)
      value = s.days[next++].second;
    for (long n = first; n <= last; ++n) {
      while (next < s.days.size() && day_number(s.days[next].first) <= n)
        value = s.days[next++].second;
      if (!value) continue;
      points += fixed(x_of(n)) + "," + fixed(y_of(*value)) + " ";
    }
    if (!points.empty()) points.pop_back();
    out["series"].push_back({{"name", s.name},
                             {"cls", s.cls},
                             {"points", points},
                             {"last", value ? fixed(*value, 0) + "%" : "–"}});
  }
  return out;
}

nlohmann::ordered_json heat_map_chart(const domain::RiskMatrix& matrix,
                                      const domain::HeatMap& map) {
  constexpr int kLeft = 120, kCellW = 64, kCellH = 44, kBottom = 50;
  const int rows = static_cast<int>(map.rows.size());
  const int columns = rows ? static_cast<int>(map.rows.front().size()) : 0;
  const int bands = static_cast<int>(matrix.bands.size());
  auto band_index = [&](const std::string& level) {
    for (int i = 0; i < bands; ++i)
      if (matrix.bands[static_cast<std::size_t>(i)].name == level) return i;
    return 0;
  };
  nlohmann::ordered_json cells = nlohmann::ordered_json::array();
  nlohmann::ordered_json row_labels = nlohmann::ordered_json::array();
  for (int r = 0; r < rows; ++r) {
    const auto& row = map.rows[static_cast<std::size_t>(r)];
    row_labels.push_back(
        {{"name", matrix.likelihood[static_cast<std::size_t>(row.front().likelihood - 1)]},
         {"y", r * kCellH + kCellH / 2 + 4}});
    for (int c = 0; c < columns; ++c) {
      const auto& cell = row[static_cast<std::size_t>(c)];
      // Hue 120 (green) for the lowest band down to 0 (red) for the highest.
      const int hue = bands > 1 ? 120 - 120 * band_index(cell.level) / (bands - 1) : 60;
      std::string risks;
      for (const auto& id : cell.risk_ids) risks += (risks.empty() ? "" : " ") + id;
      cells.push_back({{"x", kLeft + c * kCellW},
                       {"y", r * kCellH},
                       {"tx", kLeft + c * kCellW + kCellW / 2},
                       {"ty", r * kCellH + kCellH / 2 + 5},
                       {"fill", "hsl(" + std::to_string(hue) + ", 65%, " +
                                    (cell.risk_ids.empty() ? "90%" : "72%") + ")"},
                       {"count", cell.risk_ids.size()},
                       {"has_risks", !cell.risk_ids.empty()},
                       {"level", cell.level},
                       {"score", cell.score},
                       {"likelihood", cell.likelihood},
                       {"impact", cell.impact},
                       {"risks", risks}});
    }
  }
  nlohmann::ordered_json column_labels = nlohmann::ordered_json::array();
  for (int c = 0; c < columns; ++c)
    column_labels.push_back({{"name", matrix.impact[static_cast<std::size_t>(c)]},
                             {"x", kLeft + c * kCellW + kCellW / 2},
                             {"y", rows * kCellH + 16}});
  return {{"width", kLeft + columns * kCellW},
          {"height", rows * kCellH + kBottom},
          {"axis_y", rows * kCellH + 44},
          {"axis_x", kLeft + columns * kCellW / 2},
          {"cells", cells},
          {"rows", row_labels},
          {"columns", column_labels}};
}

}  // namespace crosswalk::web
