#include "domain/time.h"

#include <chrono>
#include <cstdio>

namespace crosswalk::domain {
namespace {

using namespace std::chrono;

struct Civil {
  int year;
  unsigned month, day, hour, minute, second;
};

Civil to_civil(Timestamp t) {
  const sys_seconds tp{seconds{t}};
  const auto day_point = floor<days>(tp);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{tp - day_point};
  return {int(ymd.year()),
          unsigned(ymd.month()),
          unsigned(ymd.day()),
          unsigned(hms.hours().count()),
          unsigned(hms.minutes().count()),
          unsigned(hms.seconds().count())};
}

}  // namespace

std::string format_date(Timestamp t) {
  const Civil c = to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::string format_datetime(Timestamp t) {
  const Civil c = to_civil(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", c.year, c.month, c.day, c.hour,
                c.minute, c.second);
  return buf;
}

std::optional<Timestamp> parse_datetime(std::string_view s) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, se = 0;
  const std::string str(s);
  int consumed = 0;
  if (s.size() == 10) {
    if (std::sscanf(str.c_str(), "%4d-%2u-%2u%n", &y, &mo, &d, &consumed) != 3 || consumed != 10)
      return std::nullopt;
  } else if (s.size() == 20) {
    if (std::sscanf(str.c_str(), "%4d-%2u-%2uT%2u:%2u:%2uZ%n", &y, &mo, &d, &h, &mi, &se,
                    &consumed) != 6 ||
        consumed != 20)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
  return sys_days{ymd}.time_since_epoch() / seconds{1} + Timestamp{h} * 3600 + Timestamp{mi} * 60 +
         se;
}

}  // namespace crosswalk::domain
