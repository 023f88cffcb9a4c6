#include "ingest/normalize.h"

#include <algorithm>
#include <cstdlib>

namespace crosswalk::ingest::normalize {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Days since 1970-01-01 of a proleptic Gregorian date (after H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads exactly `n` digits at s[*i].
std::optional<int> digits(std::string_view s, std::size_t* i, std::size_t n) {
  if (*i + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const char c = s[*i + k];
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  *i += n;
  return v;
}

bool expect(std::string_view s, std::size_t* i, char c) {
  if (*i >= s.size() || s[*i] != c) return false;
  ++*i;
  return true;
}

}  // namespace

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut));
}

void add_tag(std::vector<std::string>* tags, std::string tag) {
  if (tag.empty() || std::find(tags->begin(), tags->end(), tag) != tags->end()) return;
  tags->push_back(std::move(tag));
}

std::optional<std::string> cwe_tag(std::string_view s) {
  const std::string lower = lower_ascii(trim(s));
  for (std::size_t at = lower.find("cwe"); at != std::string::npos;
       at = lower.find("cwe", at + 3)) {
    if (at > 0 && lower[at - 1] != '/') continue;
    std::size_t i = at + 3;
    if (i < lower.size() && (lower[i] == '-' || lower[i] == ':' || lower[i] == ' ')) ++i;
    while (i < lower.size() && lower[i] == '0') ++i;
    const std::size_t from = i;
    while (i < lower.size() && is_digit(lower[i])) ++i;
    if (i == from || (i < lower.size() && lower[i] != ':' && lower[i] != ' ')) continue;
    return "cwe:" + lower.substr(from, i - from);
  }
  return std::nullopt;
}

std::optional<std::string> cve_tag(std::string_view s) {
  const std::string lower = lower_ascii(trim(s));
  if (lower.size() < 13 || lower.compare(0, 4, "cve-") != 0 || lower[8] != '-') return std::nullopt;
  for (std::size_t i = 4; i < lower.size(); ++i)
    if (i != 8 && !is_digit(lower[i])) return std::nullopt;
  return "cve:" + lower;
}

std::string normalize_tag(std::string_view tag) {
  if (auto cwe = cwe_tag(tag)) return *cwe;
  if (auto cve = cve_tag(tag)) return *cve;
  return lower_ascii(trim(tag));
}

std::string severity_from_cvss(double score) {
  if (!(score >= 0.0 && score <= 10.0)) return "";
  if (score >= 9.0) return "critical";
  if (score >= 7.0) return "high";
  if (score >= 4.0) return "medium";
  if (score > 0.0) return "low";
  return "info";
}

std::string severity_from_word(std::string_view word) {
  const std::string w = lower_ascii(trim(word));
  if (w == "informational" || w == "info") return "info";
  if (w == "low" || w == "medium" || w == "high" || w == "critical") return w;
  if (w == "fatal") return "critical";
  return "";
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  const std::string text(s);  // strtod needs a terminated string
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

std::optional<domain::Timestamp> parse_timestamp(std::string_view s) {
  s = trim(s);
  std::size_t i = 0;
  const auto year = digits(s, &i, 4);
  if (!year || !expect(s, &i, '-')) return std::nullopt;
  const auto month = digits(s, &i, 2);
  if (!month || !expect(s, &i, '-')) return std::nullopt;
  const auto day = digits(s, &i, 2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  int hour = 0, minute = 0, second = 0, zone_minutes = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    const auto h = digits(s, &i, 2);
    if (!h || !expect(s, &i, ':')) return std::nullopt;
    const auto m = digits(s, &i, 2);
    if (!m) return std::nullopt;
    hour = *h;
    minute = *m;
    if (expect(s, &i, ':')) {
      const auto sec = digits(s, &i, 2);
      if (!sec) return std::nullopt;
      second = *sec;
      if (expect(s, &i, '.') || expect(s, &i, ',')) {
        const std::size_t from = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == from) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
      ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      const int sign = s[i] == '-' ? -1 : 1;
      ++i;
      const auto zh = digits(s, &i, 2);
      if (!zh) return std::nullopt;
      expect(s, &i, ':');
      const auto zm = digits(s, &i, 2);
      zone_minutes = sign * (*zh * 60 + zm.value_or(0));
    }
    if (i != s.size()) return std::nullopt;
  }
  const std::int64_t days =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  return days * domain::kSecondsPerDay + hour * 3600 + minute * 60 + second - zone_minutes * 60;
}

}  // namespace crosswalk::ingest::normalize
