// Cron schedules in Vixie cron syntax, evaluated in UTC. Pure: callers pass the time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/time.h"

namespace crosswalk::domain {

// The fire times of a schedule as bit sets: bit i set = value i allowed.
struct CronSchedule {
  std::uint64_t minutes = 0;        // 0-59
  std::uint32_t hours = 0;          // 0-23
  std::uint32_t days_of_month = 0;  // 1-31
  std::uint16_t months = 0;         // 1-12
  std::uint8_t days_of_week = 0;    // 0-6, 0 = Sunday
  // Whether the day-of-month / day-of-week field starts with '*'. As in Vixie cron, a day
  // matches both fields when either starts with '*', and either field when neither does.
  bool dom_star = true;
  bool dow_star = true;
  std::string text;  // the expression, normalized (lower case, single spaces)

  bool operator==(const CronSchedule&) const = default;
};

// Five fields "minute hour day-of-month month day-of-week" separated by blanks, each a
// comma-separated list of `*`, `N`, `N-M`, `*/S`, `N-M/S` or `N/S` (= N-max/S); names jan..dec and
// sun..sat (any case) in the month and day-of-week fields; 7 is Sunday too. Or one of @hourly,
// @daily, @midnight, @weekly, @monthly, @yearly, @annually. InvalidInput names the field and the
// bad token ("field 2 (hour): 24 is out of range 0-23"). A schedule that can never fire
// ("0 0 30 2 *") is rejected, so a parsed schedule always has a next fire time.
Result<CronSchedule> parse_cron(std::string_view expression);

// The normalized expression ("*/15 9-17 * * mon-fri", "@daily").
std::string to_string(const CronSchedule& schedule);

// The first fire time strictly after `t` (a whole minute, UTC). nullopt only for a schedule that
// never fires, which parse_cron does not produce (a hand-built one with an empty field, or
// 31 February), or for `t` beyond the year 9999.
std::optional<Timestamp> next_after(const CronSchedule& schedule, Timestamp t);

// Whether a scheduled job should run now, given the fire time its last run stood for.
struct Due {
  bool run_now = false;
  // Fire times in (last_fire, now] beyond the one run now: runs lost while the server was down
  // or the previous run was still busy. They are reported, not caught up.
  std::int64_t missed = 0;
  std::optional<Timestamp> next;  // the first fire time after `now`
  Timestamp scheduled = 0;  // when run_now: the latest fire time <= now; store it as last_fire
};

// `last_fire` is the fire time the previous run stood for; for a job that never ran, pass the
// time it was created (its first run is then the first fire time after that). A clock that went
// back (now < last_fire) gives no run.
Due schedule_due(const CronSchedule& schedule, Timestamp last_fire, Timestamp now);

}  // namespace crosswalk::domain
