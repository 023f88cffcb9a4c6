#include "domain/cron.h"

#include <array>
#include <bit>
#include <cctype>
#include <chrono>
#include <vector>

namespace crosswalk::domain {
namespace {

using namespace std::chrono;

struct Field {
  const char* name;
  int lo, hi;
  const std::array<std::string_view, 12>* names;  // names[i] stands for lo + i
  int name_count;
};

constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 12> kDayNames = {"sun", "mon", "tue", "wed",
                                                        "thu", "fri", "sat"};
const std::array<Field, 5> kFields = {{{"minute", 0, 59, nullptr, 0},
                                       {"hour", 0, 23, nullptr, 0},
                                       {"day-of-month", 1, 31, nullptr, 0},
                                       {"month", 1, 12, &kMonthNames, 12},
                                       {"day-of-week", 0, 7, &kDayNames, 7}}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kMacros = {{
    {"@hourly", "0 * * * *"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"},
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status field_error(std::size_t index, const std::string& message) {
  return Status::InvalidInput("field " + std::to_string(index + 1) + " (" + kFields[index].name +
                              "): " + message);
}

// One value: a number or, where the field has names, a name.
Result<int> parse_value(std::size_t index, std::string_view token) {
  const Field& f = kFields[index];
  if (token.empty()) return field_error(index, "a value is missing");
  if (std::isdigit(static_cast<unsigned char>(token[0]))) {
    int v = 0;
    for (char c : token) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || v > 1000)
        return field_error(index, "\"" + std::string(token) + "\" is not a number");
      v = v * 10 + (c - '0');
    }
    if (v < f.lo || v > f.hi)
      return field_error(index, std::string(token) + " is out of range " + std::to_string(f.lo) +
                                    "-" + std::to_string(f.hi));
    return v;
  }
  for (int i = 0; f.names && i < f.name_count; ++i)
    if ((*f.names)[i] == token) return f.lo + i;
  return field_error(
      index, "\"" + std::string(token) + "\" is not a " +
                 (f.names ? std::string("number or ") + f.name + " name" : std::string("number")));
}

// A comma-separated list of items; sets the bits of the allowed values.
Result<std::uint64_t> parse_field(std::size_t index, std::string_view text) {
  const Field& f = kFields[index];
  std::uint64_t bits = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) return field_error(index, "empty list item in \"" + std::string(text) + "\"");
    const std::size_t slash = item.find('/');
    const std::string_view range = item.substr(0, slash);
    int lo = f.lo, hi = f.hi, step = 1;
    if (range != "*") {
      const std::size_t dash = range.find('-');
      auto a = parse_value(index, range.substr(0, dash));
      if (!a.ok()) return a.status();
      lo = *a;
      hi = slash == std::string_view::npos ? lo : f.hi;
      if (dash != std::string_view::npos) {
        auto b = parse_value(index, range.substr(dash + 1));
        if (!b.ok()) return b.status();
        hi = *b;
        if (index == 4 && lo > 0 && range.substr(dash + 1) == "sun") hi = 7;  // "fri-sun"
        if (hi < lo)
          return field_error(index, "range \"" + std::string(range) + "\" runs backwards");
      }
    }
    if (slash != std::string_view::npos) {
      const std::string_view s = item.substr(slash + 1);
      step = 0;
      for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)) || step > 1000) {
          step = -1;
          break;
        }
        step = step * 10 + (c - '0');
      }
      if (s.empty() || step < 1)
        return field_error(index, "step \"" + std::string(s) + "\" is not a number from 1");
    }
    for (int v = lo; v <= hi; v += step) bits |= std::uint64_t{1} << v;
  }
  return bits;
}

// Whether any date has an allowed day of month in an allowed month (29 February counts: leap
// years). Only needed when the weekday does not widen the choice (Vixie: a '*' day field).
bool some_date_exists(const CronSchedule& s) {
  constexpr std::array<int, 13> kMaxDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) {
    if (!(s.months >> m & 1)) continue;
    const std::uint32_t valid = std::uint32_t((std::uint64_t{1} << (kMaxDays[m] + 1)) - 2);
    if (s.days_of_month & valid) return true;
  }
  return false;
}

std::string render_bits(std::uint64_t bits, int lo, int hi) {
  std::string out;
  for (int v = lo; v <= hi; ++v) {
    if (!(bits >> v & 1)) continue;
    int end = v;
    while (end < hi && (bits >> (end + 1) & 1)) ++end;
    if (v == lo && end == hi) return "*";
    if (!out.empty()) out += ',';
    out += std::to_string(v);
    if (end > v) out += "-" + std::to_string(end);
    v = end;
  }
  return out;
}

// ---- evaluation, in whole minutes since the epoch ----

constexpr std::int64_t kMinutesPerDay = 1440;
// Four hundred Gregorian years repeat the calendar: no fire time in them means none ever.
constexpr std::int64_t kCycleDays = 146097;
constexpr std::int64_t kMaxDay = 2932896;  // 9999-12-31

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool day_matches(const CronSchedule& s, const year_month_day& ymd, std::int64_t day) {
  if (!(s.months >> unsigned(ymd.month()) & 1)) return false;
  const bool dom = s.days_of_month >> unsigned(ymd.day()) & 1;
  const bool dow = s.days_of_week >> weekday(sys_days(days(day))).c_encoding() & 1;
  return (s.dom_star || s.dow_star) ? (dom && dow) : (dom || dow);
}

// The first fire minute of a day at or after minute `from` of it.
std::optional<int> first_in_day(const CronSchedule& s, int from) {
  for (int h = from / 60; h < 24; ++h) {
    if (!(s.hours >> h & 1)) continue;
    const int m0 = h == from / 60 ? from % 60 : 0;
    const std::uint64_t m = s.minutes & (~std::uint64_t{0} << m0);
    if (m) return h * 60 + std::countr_zero(m);
  }
  return std::nullopt;
}

// The last fire minute of a day at or before minute `to` of it.
std::optional<int> last_in_day(const CronSchedule& s, int to) {
  for (int h = to / 60; h >= 0; --h) {
    if (!(s.hours >> h & 1)) continue;
    const int m1 = h == to / 60 ? to % 60 : 59;
    const std::uint64_t m = s.minutes & (~std::uint64_t{0} >> (63 - m1));
    if (m) return h * 60 + 63 - std::countl_zero(m);
  }
  return std::nullopt;
}

// Fire minutes of one day within [from, to].
std::int64_t count_in_day(const CronSchedule& s, int from, int to) {
  std::int64_t n = 0;
  for (int h = from / 60; h <= to / 60; ++h) {
    if (!(s.hours >> h & 1)) continue;
    const int m0 = h == from / 60 ? from % 60 : 0, m1 = h == to / 60 ? to % 60 : 59;
    const std::uint64_t mask = (~std::uint64_t{0} << m0) & (~std::uint64_t{0} >> (63 - m1));
    n += std::popcount(s.minutes & mask);
  }
  return n;
}

// Fire times in (a, b], and the latest of them.
std::pair<std::int64_t, Timestamp> count_fires(const CronSchedule& s, Timestamp a, Timestamp b) {
  const std::int64_t first = floor_div(a, 60) + 1, last = floor_div(b, 60);
  std::int64_t n = 0, latest = 0;
  for (std::int64_t day = floor_div(first, kMinutesPerDay); day * kMinutesPerDay <= last; ++day) {
    if (!day_matches(s, year_month_day(sys_days(days(day))), day)) continue;
    const int from = int(std::max<std::int64_t>(first - day * kMinutesPerDay, 0));
    const int to = int(std::min<std::int64_t>(last - day * kMinutesPerDay, kMinutesPerDay - 1));
    if (const std::int64_t k = count_in_day(s, from, to)) {
      n += k;
      latest = (day * kMinutesPerDay + *last_in_day(s, to)) * 60;
    }
  }
  return {n, latest};
}

}  // namespace

Result<CronSchedule> parse_cron(std::string_view expression) {
  std::vector<std::string> fields;
  std::string text = lower(expression);
  for (std::size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    fields.push_back(text.substr(i, j - i));
    i = j;
  }
  if (fields.size() == 1 && fields[0].starts_with('@')) {
    for (const auto& [name, expansion] : kMacros) {
      if (fields[0] != name) continue;
      auto s = parse_cron(expansion);
      if (s.ok()) s->text = std::string(name);
      return s;
    }
    return Status::InvalidInput("unknown schedule \"" + fields[0] +
                                "\" (known: @hourly, @daily, @midnight, @weekly, @monthly, "
                                "@yearly, @annually)");
  }
  if (fields.size() != 5)
    return Status::InvalidInput(
        "expected 5 fields (minute hour day-of-month month day-of-week), got " +
        std::to_string(fields.size()));
  std::array<std::uint64_t, 5> bits{};
  for (std::size_t i = 0; i < 5; ++i) {
    auto b = parse_field(i, fields[i]);
    if (!b.ok()) return b.status();
    bits[i] = *b;
  }
  CronSchedule s;
  s.minutes = bits[0];
  s.hours = std::uint32_t(bits[1]);
  s.days_of_month = std::uint32_t(bits[2]);
  s.months = std::uint16_t(bits[3]);
  s.days_of_week = std::uint8_t((bits[4] | bits[4] >> 7) & 0x7f);  // 7 is Sunday
  s.dom_star = fields[2].starts_with('*');
  s.dow_star = fields[4].starts_with('*');
  s.text = fields[0] + " " + fields[1] + " " + fields[2] + " " + fields[3] + " " + fields[4];
  if ((s.dom_star || s.dow_star) && !some_date_exists(s))
    return field_error(2, "\"" + fields[2] + "\" never occurs in month(s) \"" + fields[3] + "\"");
  return s;
}

std::string to_string(const CronSchedule& s) {
  if (!s.text.empty()) return s.text;
  return render_bits(s.minutes, 0, 59) + " " + render_bits(s.hours, 0, 23) + " " +
         render_bits(s.days_of_month, 1, 31) + " " + render_bits(s.months, 1, 12) + " " +
         render_bits(s.days_of_week, 0, 6);
}

std::optional<Timestamp> next_after(const CronSchedule& s, Timestamp t) {
  if (t < -kMaxDay * kSecondsPerDay || t > kMaxDay * kSecondsPerDay) return std::nullopt;
  const std::int64_t start = floor_div(t, 60) + 1;
  std::int64_t day = floor_div(start, kMinutesPerDay);
  int from = int(start - day * kMinutesPerDay);
  for (const std::int64_t end = day + kCycleDays; day <= end;) {
    const year_month_day ymd{sys_days(days(day))};
    if (!(s.months >> unsigned(ymd.month()) & 1)) {
      const year_month_day next_month =
          year_month_day(ymd.year(), ymd.month(), std::chrono::day(1)) + months(1);
      day = sys_days(next_month).time_since_epoch().count();
      from = 0;
      continue;
    }
    if (day_matches(s, ymd, day))
      if (auto m = first_in_day(s, from)) return (day * kMinutesPerDay + *m) * 60;
    ++day;
    from = 0;
  }
  return std::nullopt;
}

Due schedule_due(const CronSchedule& s, Timestamp last_fire, Timestamp now) {
  Due due;
  if (now < last_fire) {
    due.next = next_after(s, last_fire);
    return due;
  }
  due.next = next_after(s, now);
  const auto first = next_after(s, last_fire);
  if (!first || *first > now) return due;
  const auto [n, latest] = count_fires(s, last_fire, now);
  due.run_now = true;
  due.missed = n - 1;
  due.scheduled = latest;
  return due;
}

}  // namespace crosswalk::domain
