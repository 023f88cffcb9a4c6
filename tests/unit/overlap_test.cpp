#include <gtest/gtest.h>

#include "domain/overlap.h"
#include "test_frameworks.h"

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
using testing::make_framework;
constexpr auto kClause = RequirementKind::kClause;

// Target "ai" has three requirements: 4.1 served by a control shared with "sec" (operating),
// 4.2 by a shared control that is not implemented, 4.3 only by an AI-only control (operating).
TEST(OverlapTest, CountsWorkSharedWithTheSourceStandard) {
  std::vector<Framework> frameworks{
      make_framework("ai", {{"4.1", kClause}, {"4.2", kClause}, {"4.3", kClause}}),
      make_framework("sec", {{"4.1", kClause}, {"4.2", kClause}})};
  Organization org;
  org.controls.push_back({"MS-1",
                          "",
                          "shared, operating",
                          "",
                          Implementation::kImplemented,
                          {{"ai", "4.1", Coverage::kFull}, {"sec", "4.1", Coverage::kFull}}});
  org.controls.push_back({"MS-2",
                          "",
                          "shared, not done",
                          "",
                          Implementation::kPlanned,
                          {{"ai", "4.2", Coverage::kFull}, {"sec", "4.2", Coverage::kFull}}});
  org.controls.push_back(
      {"AI-1", "", "AI only", "", Implementation::kImplemented, {{"ai", "4.3", Coverage::kFull}}});
  org.evidence.push_back({0, Review::kAccepted, kNow, std::nullopt});
  org.evidence.push_back({2, Review::kAccepted, kNow, std::nullopt});
  const Assessment a = assess(frameworks, org, kNow);

  const Overlap o = overlap(a.frameworks[0], "sec", org, a.controls);
  EXPECT_EQ(o.applicable, 3);
  EXPECT_EQ(o.met, 2);
  EXPECT_EQ(o.met_by_shared, 1);      // 4.1; 4.3 is met by AI-only work
  EXPECT_EQ(o.touched_by_shared, 2);  // 4.1 and 4.2
  EXPECT_EQ(o.own_work, std::vector<std::string>{"4.3"});
  EXPECT_NEAR(o.met_by_shared_percent(), 100.0 / 3, 1e-9);
}

TEST(OverlapTest, NothingAdoptedMeansEverythingIsOwnWork) {
  std::vector<Framework> frameworks{make_framework("ai", {{"4.1", kClause}})};
  Organization org;
  const Assessment a = assess(frameworks, org, kNow);
  const Overlap o = overlap(a.frameworks[0], "sec", org, a.controls);
  EXPECT_EQ(o.applicable, 1);
  EXPECT_EQ(o.met_by_shared, 0);
  EXPECT_EQ(o.own_work.size(), 1u);
  EXPECT_EQ(o.met_by_shared_percent(), 0.0);
}

}  // namespace
}  // namespace crosswalk::domain
