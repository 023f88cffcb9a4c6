// Finds the first output line a regex matches, in bounded stack and time. Patterns are compiled
// in libstdc++'s polynomial mode (a Thompson NFA run breadth-first: no exponential backtracking,
// no back-references); long lines are matched in 1 KiB windows overlapping by 256 bytes (a match
// must fit in one), and the search gives up, between windows, when a time budget runs out.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>

#include "common/status.h"

namespace crosswalk::ingest {

// ECMAScript syntax without back-references.
inline std::regex compile_pattern(const std::string& pattern) {
  return std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
}

struct LineMatch {
  std::int64_t line = 0;  // from 1
  std::string text;       // the line, or the window of a long line, that matched
};

// Reads the first `limit` bytes of the file at `path`. A trailing '\r' is not part of a line.
// kBusy when `budget` runs out.
Result<std::optional<LineMatch>> find_line(const std::string& path, std::int64_t limit,
                                           const std::regex& re, std::chrono::milliseconds budget);

}  // namespace crosswalk::ingest
