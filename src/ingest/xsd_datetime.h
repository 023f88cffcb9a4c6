// Date-times as XML results write them: xs:dateTime with or without a zone ("2012-12-10T13:47:29",
// "2021-12-09T11:36:09+01:00", "2025-11-15T11:51:49.548396-05:00"), and JUnit's "... UTC".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace crosswalk::ingest {

struct XsdDateTime {
  domain::Timestamp at = 0;  // UTC; fractions of a second dropped
  bool has_zone = false;     // false: the file gave local time without saying which (read as UTC)
};

std::optional<XsdDateTime> parse_xsd_datetime(std::string_view s);

// The times of one import: "" is no time; an unreadable time is dropped and a time without a
// zone read as UTC, each said once in `warnings`.
class ImportTimes {
 public:
  explicit ImportTimes(std::vector<std::string>* warnings) : warnings_(warnings) {}
  std::optional<domain::Timestamp> read(std::string_view text);

 private:
  std::vector<std::string>* warnings_;
  bool warned_unreadable_ = false, warned_no_zone_ = false;
};

}  // namespace crosswalk::ingest
