// Time as the domain sees it: Unix seconds, UTC. Formatting is pure; reading the clock is not
// the domain's business (callers pass `now`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crosswalk::domain {

using Timestamp = std::int64_t;
constexpr Timestamp kSecondsPerDay = 86400;

// "2026-11-23"
std::string format_date(Timestamp t);
// "2026-11-23T09:35:41Z"
std::string format_datetime(Timestamp t);
// Accepts "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SSZ".
std::optional<Timestamp> parse_datetime(std::string_view s);

}  // namespace crosswalk::domain
