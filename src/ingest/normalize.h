// Turning a tool's words into the normalized fields of a Finding: tags, severities, times and
// bounded text. Shared by the importers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace crosswalk::ingest::normalize {

inline constexpr std::size_t kMaxMessageBytes = 4096;
inline constexpr std::size_t kMaxRuleNameBytes = 512;
inline constexpr std::size_t kMaxRunErrorBytes = 1024;
inline constexpr std::size_t kMaxRunErrors = 100;

std::string lower_ascii(std::string_view s);
std::string_view trim(std::string_view s);

// `s` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

// Appends `tag` unless it is empty or already there (tags keep their first-seen order).
void add_tag(std::vector<std::string>* tags, std::string tag);

// "external/cwe/cwe-079", "CWE-79", "CWE-79: Improper Neutralization…" → "cwe:79".
std::optional<std::string> cwe_tag(std::string_view s);
// "CVE-2019-1549" → "cve:cve-2019-1549" (the whole string must be the id).
std::optional<std::string> cve_tag(std::string_view s);
// A tool's own tag: trimmed and lower-cased; CWE and CVE references as above.
std::string normalize_tag(std::string_view tag);

// A CVSS score: critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0, info for 0; "" when out of
// range.
std::string severity_from_cvss(double score);
// "Informational", "LOW", "critical", … → info | low | medium | high | critical, or "".
std::string severity_from_word(std::string_view word);
// A number given as text ("5.3"), or nullopt.
std::optional<double> parse_double(std::string_view s);

// RFC 3339 / ISO 8601 date-times ("2016-07-16T14:18:43.119Z", "2025-02-14T14:27:20.697446",
// "2019-03-17", "…+02:00"), to whole seconds UTC; no zone means UTC.
std::optional<domain::Timestamp> parse_timestamp(std::string_view s);

}  // namespace crosswalk::ingest::normalize
