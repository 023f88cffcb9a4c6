#include <gtest/gtest.h>

#include "domain/time.h"

namespace crosswalk::domain {
namespace {

TEST(Time, FormatsAndParsesUtc) {
  EXPECT_EQ(format_datetime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_date(1795434941), "2026-11-23");
  EXPECT_EQ(parse_datetime("2026-11-23T09:35:41Z"), 1795426541);
  EXPECT_EQ(parse_datetime("2026-11-23"), 1795392000);
  EXPECT_EQ(format_datetime(*parse_datetime("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
}

TEST(Time, RejectsMalformedDates) {
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-11-23T25:00:00Z", "23/11/2026",
                          "2026-11-23T09:35:41", "2026-11-23x"})
    EXPECT_FALSE(parse_datetime(bad).has_value()) << bad;
}

}  // namespace
}  // namespace crosswalk::domain
