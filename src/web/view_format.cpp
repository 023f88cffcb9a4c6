#include "web/view_format.h"

namespace crosswalk::web {

std::string when(domain::Timestamp t) {
  std::string s = domain::format_datetime(t);  // 2026-11-23T09:35:41Z
  if (s.size() >= 16 && s[10] == 'T') return s.substr(0, 10) + " " + s.substr(11, 5) + " UTC";
  return s;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string duration(domain::Timestamp seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 60) return std::to_string(seconds) + " s";
  if (seconds < 3600)
    return std::to_string(seconds / 60) + " min" +
           (seconds % 60 ? " " + std::to_string(seconds % 60) + " s" : "");
  return std::to_string(seconds / 3600) + " h" +
         (seconds % 3600 / 60 ? " " + std::to_string(seconds % 3600 / 60) + " min" : "");
}

std::string clip(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

std::optional<std::int64_t> page_number(const http::Call& c) {
  const std::string p = query(c, "page");
  if (p.empty()) return 1;
  if (p.size() > 6 || p.find_first_not_of("0123456789") != std::string::npos || p == "0" ||
      p[0] == '0')
    return std::nullopt;
  return std::stoll(p);
}

std::string range_text(std::int64_t first, std::int64_t shown, std::int64_t total) {
  if (shown == 0) return "0 of " + std::to_string(total);
  return std::to_string(first + 1) + "–" + std::to_string(first + shown) + " of " +
         std::to_string(total);
}

json source_json(const std::string& source) {
  auto after = [&](const char* prefix) { return source.substr(std::string(prefix).size()); };
  if (source.rfind("import:", 0) == 0)
    return {{"kind", "import"},
            {"label", "import " + after("import:")},
            {"href", "/imports/" + http::percent_encode(after("import:"))}};
  if (source.rfind("collector:", 0) == 0)
    return {{"kind", "collector"},
            {"label", "collector " + after("collector:")},
            {"href", "/collectors/" + http::percent_encode(after("collector:"))}};
  if (source == "api") return {{"kind", "api"}, {"label", "API"}, {"href", ""}};
  if (source == "demo") return {{"kind", "demo"}, {"label", "demo data"}, {"href", ""}};
  return {{"kind", "earlier"}, {"label", source.empty() ? "not recorded" : source}, {"href", ""}};
}

}  // namespace crosswalk::web
