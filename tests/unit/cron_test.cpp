#include "domain/cron.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace crosswalk::domain {
namespace {

Timestamp T(std::string_view s) {
  auto t = parse_datetime(s);
  EXPECT_TRUE(t.has_value()) << s;
  return t.value_or(0);
}

CronSchedule parse(std::string_view s) {
  auto r = parse_cron(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().message();
  return r.ok() ? *r : CronSchedule{};
}

std::string next(std::string_view expr, std::string_view after) {
  auto t = next_after(parse(expr), T(after));
  return t ? format_datetime(*t) : "never";
}

std::string error_of(std::string_view s) {
  auto r = parse_cron(s);
  return r.ok() ? "ok" : r.status().message();
}

TEST(CronParse, FieldsAsBitSets) {
  const CronSchedule s = parse("0,30 9-17 1,15 */3 1-5");
  EXPECT_EQ(s.minutes, (1ull << 0) | (1ull << 30));
  EXPECT_EQ(s.hours, 0x3fe00u);
  EXPECT_EQ(s.days_of_month, (1u << 1) | (1u << 15));
  EXPECT_EQ(s.months, (1u << 1) | (1u << 4) | (1u << 7) | (1u << 10));
  EXPECT_EQ(s.days_of_week, 0x3eu);
  EXPECT_FALSE(s.dom_star);
  EXPECT_FALSE(s.dow_star);
}

TEST(CronParse, StepsRangesAndNames) {
  EXPECT_EQ(parse("*/15 * * * *").minutes, 1ull | 1ull << 15 | 1ull << 30 | 1ull << 45);
  EXPECT_EQ(parse("1-9/4 * * * *").minutes, 1ull << 1 | 1ull << 5 | 1ull << 9);
  EXPECT_EQ(parse("50/4 * * * *").minutes, 1ull << 50 | 1ull << 54 | 1ull << 58);  // N/S = N-59/S
  EXPECT_EQ(parse("* * * JAN,Mar-may *").months, 1u << 1 | 1u << 3 | 1u << 4 | 1u << 5);
  EXPECT_EQ(parse("* * * * Mon-FRI").days_of_week, 0x3eu);
  EXPECT_EQ(parse("* * * * sun").days_of_week, 1u);
  EXPECT_EQ(parse("* * * * 7").days_of_week, 1u);  // 7 is Sunday
  EXPECT_EQ(parse("* * * * 5-7").days_of_week, 1u | 1u << 5 | 1u << 6);
  EXPECT_EQ(parse("* * * * fri-sun").days_of_week, 1u | 1u << 5 | 1u << 6);
  EXPECT_EQ(parse("* * * * */2").days_of_week, 1u | 1u << 2 | 1u << 4 | 1u << 6);
  EXPECT_EQ(parse("  0\t0  *  * *  ").minutes, 1u);
}

TEST(CronParse, Macros) {
  EXPECT_EQ(next("@hourly", "2024-05-01T10:00:00Z"), "2024-05-01T11:00:00Z");
  EXPECT_EQ(next("@daily", "2024-05-01T10:00:00Z"), "2024-05-02T00:00:00Z");
  EXPECT_EQ(next("@midnight", "2024-05-01T10:00:00Z"), "2024-05-02T00:00:00Z");
  EXPECT_EQ(next("@weekly", "2024-05-01T10:00:00Z"), "2024-05-05T00:00:00Z");  // a Sunday
  EXPECT_EQ(next("@monthly", "2024-05-01T10:00:00Z"), "2024-06-01T00:00:00Z");
  EXPECT_EQ(next("@yearly", "2024-05-01T10:00:00Z"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(next("@ANNUALLY", "2024-05-01T10:00:00Z"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(to_string(parse("@Daily")), "@daily");
}

TEST(CronParse, ToStringNormalizes) {
  EXPECT_EQ(to_string(parse(" */15  9-17 * * MON-Fri ")), "*/15 9-17 * * mon-fri");
  CronSchedule built;
  built.minutes = 1ull << 5;
  built.hours = 0xffffff;
  built.days_of_month = 0xfffffffe;
  built.months = 0x1ffe;
  built.days_of_week = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5;
  EXPECT_EQ(to_string(built), "5 * * * 1-3,5");
}

TEST(CronParse, ErrorsNameFieldAndToken) {
  EXPECT_EQ(error_of("0 24 * * *"), "field 2 (hour): 24 is out of range 0-23");
  EXPECT_EQ(error_of("60 * * * *"), "field 1 (minute): 60 is out of range 0-59");
  EXPECT_EQ(error_of("* * 0 * *"), "field 3 (day-of-month): 0 is out of range 1-31");
  EXPECT_EQ(error_of("* * * 13 *"), "field 4 (month): 13 is out of range 1-12");
  EXPECT_EQ(error_of("* * * * 8"), "field 5 (day-of-week): 8 is out of range 0-7");
  EXPECT_EQ(error_of("* * * foo *"), "field 4 (month): \"foo\" is not a number or month name");
  EXPECT_EQ(error_of("* * * * monday"),
            "field 5 (day-of-week): \"monday\" is not a number or day-of-week name");
  EXPECT_EQ(error_of("jan * * * *"), "field 1 (minute): \"jan\" is not a number");
  EXPECT_EQ(error_of("1x * * * *"), "field 1 (minute): \"1x\" is not a number");
  EXPECT_EQ(error_of("*/0 * * * *"), "field 1 (minute): step \"0\" is not a number from 1");
  EXPECT_EQ(error_of("*/ * * * *"), "field 1 (minute): step \"\" is not a number from 1");
  EXPECT_EQ(error_of("* 5-1 * * *"), "field 2 (hour): range \"5-1\" runs backwards");
  EXPECT_EQ(error_of("1,,2 * * * *"), "field 1 (minute): empty list item in \"1,,2\"");
  EXPECT_EQ(error_of("* * * * 1-"), "field 5 (day-of-week): a value is missing");
  EXPECT_EQ(error_of("99999999999 * * * *"), "field 1 (minute): \"99999999999\" is not a number");
  EXPECT_EQ(error_of("* * * *"),
            "expected 5 fields (minute hour day-of-month month day-of-week), got 4");
  EXPECT_EQ(error_of("0 * * * * *"),
            "expected 5 fields (minute hour day-of-month month day-of-week), got 6");
  EXPECT_EQ(error_of(""), "expected 5 fields (minute hour day-of-month month day-of-week), got 0");
  EXPECT_EQ(error_of("@reboot"),
            "unknown schedule \"@reboot\" (known: @hourly, @daily, @midnight, @weekly, @monthly, "
            "@yearly, @annually)");
}

TEST(CronParse, ImpossibleDatesRejected) {
  EXPECT_EQ(error_of("0 0 30 2 *"),
            "field 3 (day-of-month): \"30\" never occurs in month(s) \"2\"");
  EXPECT_EQ(error_of("0 0 31 apr,jun,sep,nov *"),
            "field 3 (day-of-month): \"31\" never occurs in month(s) \"apr,jun,sep,nov\"");
  EXPECT_EQ(error_of("0 0 31 2 */2"),  // a '*' weekday field narrows, it does not widen
            "field 3 (day-of-month): \"31\" never occurs in month(s) \"2\"");
  EXPECT_EQ(error_of("0 0 29 2 *"), "ok");
  EXPECT_EQ(error_of("0 0 30 2 mon"), "ok");  // both restricted: any Monday in February
  EXPECT_EQ(next("0 0 30 2 mon", "2024-01-01T00:00:00Z"), "2024-02-05T00:00:00Z");
}

TEST(CronNext, StrictlyAfter) {
  EXPECT_EQ(next("30 9 * * *", "2024-05-01T09:30:00Z"), "2024-05-02T09:30:00Z");
  EXPECT_EQ(next("30 9 * * *", "2024-05-01T09:29:59Z"), "2024-05-01T09:30:00Z");
  EXPECT_EQ(next("* * * * *", "2024-05-01T09:30:00Z"), "2024-05-01T09:31:00Z");
  EXPECT_EQ(next("* * * * *", "2024-05-01T09:30:01Z"), "2024-05-01T09:31:00Z");
  EXPECT_EQ(next("0 0 * * *", "2024-12-31T23:59:59Z"), "2025-01-01T00:00:00Z");
  EXPECT_EQ(next("* * * * *", "1969-12-31T23:59:30Z"), "1970-01-01T00:00:00Z");
  EXPECT_EQ(next_after(parse("* * * * *"), -90), -60);  // before the epoch
}

TEST(CronNext, MonthEnds) {
  EXPECT_EQ(next("0 12 31 * *", "2024-04-01T00:00:00Z"), "2024-05-31T12:00:00Z");
  EXPECT_EQ(next("0 12 31 * *", "2024-07-31T12:00:00Z"), "2024-08-31T12:00:00Z");
  EXPECT_EQ(next("0 12 31 * *", "2024-08-31T12:00:00Z"), "2024-10-31T12:00:00Z");
  EXPECT_EQ(next("0 0 30 * *", "2023-01-30T00:00:00Z"), "2023-03-30T00:00:00Z");
  EXPECT_EQ(next("59 23 28-31 * *", "2023-02-28T23:59:00Z"), "2023-03-28T23:59:00Z");
}

TEST(CronNext, LeapYears) {
  EXPECT_EQ(next("0 0 29 2 *", "2024-01-01T00:00:00Z"), "2024-02-29T00:00:00Z");
  EXPECT_EQ(next("0 0 29 2 *", "2024-02-29T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(next("0 0 29 2 *", "2096-03-01T00:00:00Z"), "2104-02-29T00:00:00Z");  // 2100 is not
  EXPECT_EQ(next("0 0 29 2 *", "1999-03-01T00:00:00Z"), "2000-02-29T00:00:00Z");  // 2000 is
  EXPECT_EQ(next("0 0 * 3 *", "2023-02-28T00:00:00Z"), "2023-03-01T00:00:00Z");
  EXPECT_EQ(next("0 0 * 3 *", "2024-02-28T00:00:00Z"), "2024-03-01T00:00:00Z");
  // 29 February on a Monday (both fields restricted would be OR; '*/1' keeps it AND).
  EXPECT_EQ(next("0 0 29 2 */1", "2024-03-01T00:00:00Z"), "2028-02-29T00:00:00Z");
}

TEST(CronNext, DayOfMonthOrDayOfWeek) {
  // Both restricted: the 13th or any Friday.
  EXPECT_EQ(next("0 0 13 * fri", "2024-09-01T00:00:00Z"), "2024-09-06T00:00:00Z");
  EXPECT_EQ(next("0 0 13 * fri", "2024-09-06T00:00:00Z"), "2024-09-13T00:00:00Z");
  EXPECT_EQ(next("0 0 13 * fri", "2024-09-13T00:00:00Z"), "2024-09-20T00:00:00Z");
  EXPECT_EQ(next("0 0 13 * fri", "2024-10-11T00:00:00Z"), "2024-10-13T00:00:00Z");  // a Sunday
  // Only one restricted: that one decides.
  EXPECT_EQ(next("0 0 13 * *", "2024-09-01T00:00:00Z"), "2024-09-13T00:00:00Z");
  EXPECT_EQ(next("0 0 * * fri", "2024-09-01T00:00:00Z"), "2024-09-06T00:00:00Z");
  // A field starting with '*' counts as unrestricted (Vixie): odd days that are Mondays.
  EXPECT_EQ(next("0 0 */2 * mon", "2024-09-01T00:00:00Z"), "2024-09-09T00:00:00Z");
}

TEST(CronNext, NeverFiringHandBuiltScheduleEndsFast) {
  CronSchedule empty;
  EXPECT_EQ(next_after(empty, 0), std::nullopt);
  CronSchedule feb31 = parse("0 0 1 2 *");
  feb31.days_of_month = 1u << 31;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(next_after(feb31, T("2024-01-01T00:00:00Z")), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(next_after(parse("* * * * *"), std::int64_t{1} << 62), std::nullopt);
}

TEST(CronDue, NotYetDue) {
  const CronSchedule s = parse("0 * * * *");
  const Due d = schedule_due(s, T("2024-05-01T10:00:00Z"), T("2024-05-01T10:59:59Z"));
  EXPECT_FALSE(d.run_now);
  EXPECT_EQ(d.missed, 0);
  EXPECT_EQ(d.next, T("2024-05-01T11:00:00Z"));
}

TEST(CronDue, DueOnTime) {
  const CronSchedule s = parse("0 * * * *");
  const Due d = schedule_due(s, T("2024-05-01T10:00:00Z"), T("2024-05-01T11:00:05Z"));
  EXPECT_TRUE(d.run_now);
  EXPECT_EQ(d.missed, 0);
  EXPECT_EQ(d.scheduled, T("2024-05-01T11:00:00Z"));
  EXPECT_EQ(d.next, T("2024-05-01T12:00:00Z"));
}

TEST(CronDue, MissedRunsAcrossADayOfDowntime) {
  const CronSchedule s = parse("*/15 * * * *");
  const Due d = schedule_due(s, T("2024-01-01T00:00:00Z"), T("2024-01-02T00:07:00Z"));
  EXPECT_TRUE(d.run_now);
  EXPECT_EQ(d.missed, 95);  // 96 fire times from 00:15 to the next 00:00; one runs now
  EXPECT_EQ(d.scheduled, T("2024-01-02T00:00:00Z"));
  EXPECT_EQ(d.next, T("2024-01-02T00:15:00Z"));

  const Due weekdays =
      schedule_due(parse("0 9 * * mon-fri"), T("2024-09-06T09:00:00Z"), T("2024-09-16T08:00:00Z"));
  EXPECT_TRUE(weekdays.run_now);
  EXPECT_EQ(weekdays.missed, 4);  // Mon 9th to Fri 13th; the 13th runs now
  EXPECT_EQ(weekdays.scheduled, T("2024-09-13T09:00:00Z"));
  EXPECT_EQ(weekdays.next, T("2024-09-16T09:00:00Z"));
}

TEST(CronDue, NeverRunAndClockBack) {
  const CronSchedule s = parse("@daily");
  const Due created = schedule_due(s, T("2024-05-01T10:00:00Z"), T("2024-05-01T10:00:00Z"));
  EXPECT_FALSE(created.run_now);
  EXPECT_EQ(created.next, T("2024-05-02T00:00:00Z"));
  const Due back = schedule_due(s, T("2024-05-02T00:00:00Z"), T("2024-05-01T23:00:00Z"));
  EXPECT_FALSE(back.run_now);
  EXPECT_EQ(back.missed, 0);
  EXPECT_EQ(back.next, T("2024-05-03T00:00:00Z"));
}

// ---- fuzzing against a brute-force reference with its own calendar ----

struct FieldGen {
  int lo, hi;
  std::vector<std::string> names;
};
const std::array<FieldGen, 5> kGen = {{
    {0, 59, {}},
    {0, 23, {}},
    {1, 31, {}},
    {1, 12, {"jan", "FEB", "Mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
    {0, 7, {"sun", "Mon", "TUE", "wed", "thu", "fri", "sat", "sun"}},
}};

struct GenField {
  std::string text;
  std::vector<bool> allowed;  // by value
};

GenField generate_field(std::mt19937_64& rng, const FieldGen& g) {
  auto pick = [&](int lo, int hi) { return int(std::uniform_int_distribution<>(lo, hi)(rng)); };
  // "sun" is 0, or 7 when it ends a range that starts later ("fri-sun").
  auto value_text = [&](int v, int range_start = 0) {
    const bool named = !g.names.empty() && pick(0, 2) == 0 && (v != 7 || range_start > 0);
    return named ? g.names[v - g.lo] : std::to_string(v);
  };
  GenField f{"", std::vector<bool>(g.hi + 1, false)};
  const int kind = pick(0, 9);
  if (kind < 3) {
    f.text = "*";
    for (int v = g.lo; v <= g.hi; ++v) f.allowed[v] = true;
    return f;
  }
  if (kind == 3) {
    const int step = pick(1, g.hi - g.lo + 1);
    f.text = "*/" + std::to_string(step);
    for (int v = g.lo; v <= g.hi; v += step) f.allowed[v] = true;
    return f;
  }
  const int items = pick(1, 3);
  for (int i = 0; i < items; ++i) {
    if (i) f.text += ",";
    const int a = pick(g.lo, g.hi), b = pick(a, g.hi), step = pick(1, 12);
    switch (pick(0, 3)) {
      case 0:
        f.text += value_text(a, a);
        f.allowed[a] = true;
        break;
      case 1:
        f.text += value_text(a) + "-" + value_text(b, a);
        for (int v = a; v <= b; ++v) f.allowed[v] = true;
        break;
      case 2:
        f.text += value_text(a) + "-" + value_text(b, a) + "/" + std::to_string(step);
        for (int v = a; v <= b; v += step) f.allowed[v] = true;
        break;
      default:
        f.text += value_text(a) + "/" + std::to_string(step);
        for (int v = a; v <= g.hi; v += step) f.allowed[v] = true;
    }
  }
  return f;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int month_days(int y, int m) {
  static const int kDays[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m];
}

struct Clock {  // a civil minute, advanced by hand
  int y, mo, d, h, mi, dow;
};

Clock civil_from_minutes(std::int64_t minute) {
  std::int64_t z = (minute >= 0 ? minute : minute - 1439) / 1440;
  const int mod = int(minute - z * 1440);
  const int dow = int(((z % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  z += 719468;                              // days from civil, H. Hinnant
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = int(doy - (153 * mp + 2) / 5 + 1), m = int(mp < 10 ? mp + 3 : mp - 9);
  return {int(yoe + era * 400 + (m <= 2)), m, d, mod / 60, mod % 60, dow};
}

struct Reference {
  std::array<GenField, 5> f;
  bool dom_star, dow_star;
  bool day_ok(const Clock& c) const {
    if (!f[3].allowed[c.mo]) return false;
    const bool dom = f[2].allowed[c.d],
               dow = f[4].allowed[c.dow] || (c.dow == 0 && f[4].allowed[7]);
    return (dom_star || dow_star) ? dom && dow : dom || dow;
  }
  bool impossible() const {
    if (!dom_star && !dow_star) return false;
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= month_days(2024, m); ++d)
        if (f[3].allowed[m] && f[2].allowed[d]) return false;
    return true;
  }
  // Minute by minute, skipping a day or an hour only when it cannot match at all.
  std::optional<Timestamp> next(Timestamp t, int max_days) const {
    std::int64_t minute = (t >= 0 ? t / 60 : (t - 59) / 60) + 1;
    Clock c = civil_from_minutes(minute);
    for (int days = 0; days <= max_days;) {
      if (!day_ok(c)) {
        minute += 1440 - (c.h * 60 + c.mi);
        c.h = 24;
        c.mi = 0;
      } else if (!f[1].allowed[c.h]) {
        minute += 60 - c.mi;
        c.mi = 0;
        ++c.h;
      } else if (!f[0].allowed[c.mi]) {
        ++minute;
        ++c.mi;
        if (c.mi == 60) c.mi = 0, ++c.h;
      } else {
        return minute * 60;
      }
      if (c.h == 24) {
        c.h = 0;
        ++days;
        c.dow = (c.dow + 1) % 7;
        if (++c.d > month_days(c.y, c.mo)) c.d = 1, ++c.mo;
        if (c.mo == 13) c.mo = 1, ++c.y;
      }
    }
    return std::nullopt;
  }
};

TEST(CronFuzz, NextAfterMatchesBruteForce) {
  std::mt19937_64 rng(20240229);
  constexpr int kMaxDays = 366 * 60;
  int parsed = 0, rejected = 0;
  for (int i = 0; i < 10000; ++i) {
    Reference ref;
    for (int k = 0; k < 5; ++k) ref.f[k] = generate_field(rng, kGen[k]);
    ref.dom_star = ref.f[2].text[0] == '*';
    ref.dow_star = ref.f[4].text[0] == '*';
    const std::string expr = ref.f[0].text + " " + ref.f[1].text + " " + ref.f[2].text + " " +
                             ref.f[3].text + " " + ref.f[4].text;
    auto s = parse_cron(expr);
    ASSERT_EQ(s.ok(), !ref.impossible()) << expr << ": " << s.status().message();
    if (!s.ok()) {
      ++rejected;
      continue;
    }
    ++parsed;
    Timestamp t = std::uniform_int_distribution<Timestamp>(-86400 * 400, 4102444800)(rng);
    if (i % 3 == 0) t -= t % 60;  // exactly on a minute, often a fire time
    const auto want = ref.next(t, kMaxDays);
    const auto got = next_after(*s, t);
    ASSERT_TRUE(got.has_value()) << expr << " after " << t;
    if (want) {
      ASSERT_EQ(*got, *want) << expr << " after " << format_datetime(t);
    } else {
      ASSERT_GT(*got, t + Timestamp{kMaxDays} * 86400) << expr;
    }
  }
  EXPECT_GT(parsed, 9000);
  EXPECT_GT(rejected, 0);
}

TEST(CronFuzz, MissedCountMatchesStepping) {
  std::mt19937_64 rng(7);
  const std::array<std::string, 6> exprs = {"*/7 * * * *",  "0 */5 * * *",  "15 3 * * mon",
                                            "* 2 1,15 * *", "0 0 13 * fri", "30 */2 * * 1-5"};
  for (int i = 0; i < 600; ++i) {
    const CronSchedule s = parse(exprs[i % exprs.size()]);
    const Timestamp last = std::uniform_int_distribution<Timestamp>(0, 4102444800)(rng);
    const Timestamp now = last + std::uniform_int_distribution<Timestamp>(0, 3 * 86400)(rng);
    std::int64_t count = 0;
    Timestamp latest = 0;
    for (auto t = next_after(s, last); t && *t <= now; t = next_after(s, *t)) ++count, latest = *t;
    const Due d = schedule_due(s, last, now);
    ASSERT_EQ(d.run_now, count > 0);
    ASSERT_EQ(d.missed, count > 0 ? count - 1 : 0);
    if (count) {
      ASSERT_EQ(d.scheduled, latest);
    }
    ASSERT_EQ(d.next, next_after(s, now));
  }
}

}  // namespace
}  // namespace crosswalk::domain
