// Small pieces of text the automated-evidence pages share: times, clipped messages, page
// numbers and where a check result came from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.h"
#include "http/router.h"
#include "web/site.h"

namespace crosswalk::web {

// "2026-11-23 09:35 UTC".
std::string when(domain::Timestamp t);
// "a, b, c".
std::string joined(const std::vector<std::string>& items);
// "4 s", "2 min 5 s", "1 h 3 min".
std::string duration(domain::Timestamp seconds);
// At most `max_bytes` of `s`, cut on a UTF-8 character boundary, with "…" when cut.
std::string clip(const std::string& s, std::size_t max_bytes);
// The ?page= number, 1 when absent; nullopt when it is not a number from 1.
std::optional<std::int64_t> page_number(const http::Call& c);
// "1–50 of 120" (or "0 of 0").
std::string range_text(std::int64_t first, std::int64_t shown, std::int64_t total);
// Where a check result came from, as a label and a link: "import:IMP-…" → the import,
// "collector:ID" → the collector, "api", "demo", "" → earlier results without a source.
json source_json(const std::string& source);

}  // namespace crosswalk::web
