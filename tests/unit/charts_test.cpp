#include <gtest/gtest.h>

#include "web/charts.h"

namespace crosswalk::web {
namespace {

TEST(ChartsTest, DonutClampsAndRoundsDown) {
  EXPECT_EQ(donut(42.9)["percent"], "42");
  EXPECT_EQ(donut(42.9)["dash"], "42.9 57.1");
  EXPECT_EQ(donut(-3)["dash"], "0.0 100.0");
  EXPECT_EQ(donut(140)["percent"], "100");
}

TEST(ChartsTest, TallyBarSplitsTheApplicableRequirementsOnly) {
  const auto bar = tally_bar({2, 1, 1, 5});  // met, partly, not met, not applicable
  ASSERT_EQ(bar.size(), 3u);
  EXPECT_EQ(bar[0]["width"], "50.00");
  EXPECT_EQ(bar[1]["x"], "50.00");
  EXPECT_EQ(bar[2]["x"], "75.00");
  EXPECT_EQ(bar[2]["width"], "25.00");
  EXPECT_TRUE(tally_bar({0, 0, 0, 4}).empty());
  EXPECT_EQ(tally_bar({0, 0, 3, 0}).size(), 1u);  // empty segments are left out
}

TEST(ChartsTest, LineChartCarriesTheLastValueOverDaysWithoutAPoint) {
  // 5 days ending 2026-11-05: a value from before the window, a change on the 3rd.
  const Series s{"ISO 27001", "s27001", {{"2026-10-20", 10}, {"2026-11-03", 60}}};
  const auto chart = line_chart({s}, "2026-11-05", 5);
  const std::string points = chart["series"][0]["points"];
  // x from 40 to 600 in 4 steps of 140; y = 10 + 170 * (1 - pct/100).
  EXPECT_EQ(points, "40.0,163.0 180.0,163.0 320.0,78.0 460.0,78.0 600.0,78.0");
  EXPECT_EQ(chart["series"][0]["last"], "60%");
  EXPECT_EQ(chart["yticks"].size(), 5u);
  EXPECT_EQ(chart["xticks"][0]["label"], "Nov 01");
}

TEST(ChartsTest, ALineStartsOnItsFirstDayAndAnEmptySeriesHasNoPoints) {
  const Series late{"ISO 42001", "s42001", {{"2026-11-04", 25}}};
  const Series none{"other", "x", {}};
  const auto chart = line_chart({late, none}, "2026-11-05", 5);
  EXPECT_EQ(chart["series"][0]["points"], "460.0,137.5 600.0,137.5");
  EXPECT_EQ(chart["series"][1]["points"], "");
  EXPECT_EQ(chart["series"][1]["last"], "–");
}

}  // namespace
}  // namespace crosswalk::web
