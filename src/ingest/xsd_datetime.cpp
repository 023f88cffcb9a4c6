#include "ingest/xsd_datetime.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace crosswalk::ingest {
namespace {

// Reads exactly `n` digits at `s[*at]`.
bool digits(std::string_view s, std::size_t* at, int n, int* out) {
  if (*at + static_cast<std::size_t>(n) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[(*at)++];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool expect(std::string_view s, std::size_t* at, char c) {
  if (*at >= s.size() || s[*at] != c) return false;
  ++*at;
  return true;
}

}  // namespace

std::optional<XsdDateTime> parse_xsd_datetime(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  int y, mo, d, h = 0, mi = 0, se = 0;
  std::size_t at = 0;
  if (!digits(s, &at, 4, &y) || !expect(s, &at, '-') || !digits(s, &at, 2, &mo) ||
      !expect(s, &at, '-') || !digits(s, &at, 2, &d))
    return std::nullopt;
  if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    ++at;
    if (!digits(s, &at, 2, &h) || !expect(s, &at, ':') || !digits(s, &at, 2, &mi) ||
        !expect(s, &at, ':') || !digits(s, &at, 2, &se))
      return std::nullopt;
    if (at < s.size() && s[at] == '.') {
      ++at;
      const std::size_t start = at;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
      if (at == start) return std::nullopt;
    }
  }
  XsdDateTime out;
  int offset_minutes = 0;
  const std::string_view zone = s.substr(at);
  if (zone == "Z" || zone == " UTC" || zone == " GMT" || zone == "UTC") {
    out.has_zone = true;
  } else if (!zone.empty()) {
    const int sign = zone[0] == '+' ? 1 : zone[0] == '-' ? -1 : 0;
    int zh, zm;
    ++at;
    if (sign == 0 || !digits(s, &at, 2, &zh) || !expect(s, &at, ':') || !digits(s, &at, 2, &zm) ||
        at != s.size() || zh > 14 || zm > 59)
      return std::nullopt;
    out.has_zone = true;
    offset_minutes = sign * (zh * 60 + zm);
  }
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
  out.at = sys_days{ymd}.time_since_epoch() / seconds{1} + domain::Timestamp{h} * 3600 +
           domain::Timestamp{mi} * 60 + std::min(se, 59) - domain::Timestamp{offset_minutes} * 60;
  return out;
}

std::optional<domain::Timestamp> ImportTimes::read(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::optional<XsdDateTime> t = parse_xsd_datetime(text);
  if (!t && !warned_unreadable_) {
    warned_unreadable_ = true;
    warnings_->push_back("unreadable time \"" + std::string(text) + "\" ignored");
  }
  if (t && !t->has_zone && !warned_no_zone_) {
    warned_no_zone_ = true;
    warnings_->push_back("times without a time zone read as UTC");
  }
  if (!t) return std::nullopt;
  return t->at;
}

}  // namespace crosswalk::ingest
