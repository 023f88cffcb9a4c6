// What changed between two moments, and whether time or new facts changed it.
#include "domain/control_changes.h"

#include <gtest/gtest.h>

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
constexpr Timestamp kDay = kSecondsPerDay;
constexpr Timestamp kThen = kNow - kDay;

Organization org_of(std::initializer_list<const char*> ids) {
  Organization org;
  for (const char* id : ids)
    org.controls.push_back(
        {id, "", std::string("Control ") + id, "", Implementation::kImplemented, {}});
  return org;
}

TEST(ControlChanges, NothingChangedGivesNothing) {
  Organization org = org_of({"A", "B"});
  org.evidence.push_back({0, Review::kAccepted, kThen - kDay, std::nullopt});
  EXPECT_TRUE(control_changes(org, kThen, org, kNow).empty());
}

TEST(ControlChanges, EvidenceExpiringInBetweenIsAChangeCausedByTime) {
  Organization org = org_of({"A"});
  org.evidence.push_back({0, Review::kAccepted, kThen - 300 * kDay, kNow - 3600});
  auto changes = control_changes(org, kThen, org, kNow);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].control, 0u);
  EXPECT_EQ(changes[0].from, ControlState::kOperating);
  EXPECT_EQ(changes[0].to, ControlState::kStale);
  EXPECT_EQ(changes[0].cause, ChangeCause::kTime);
  EXPECT_NE(changes[0].to_reason.find("expired"), std::string::npos) << changes[0].to_reason;
  EXPECT_NE(changes[0].from_reason.find("valid accepted evidence"), std::string::npos);
}

TEST(ControlChanges, ACheckGoingStaleInBetweenIsCausedByTime) {
  Organization org = org_of({"A"});
  org.evidence.push_back({0, Review::kAccepted, kThen, std::nullopt});
  org.checks.push_back({"K", "scan", 0, 7 * kDay});
  org.check_results.push_back({0, CheckOutcome::kPass, kNow - 7 * kDay - 100});
  auto changes = control_changes(org, kThen, org, kNow);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].to, ControlState::kStale);
  EXPECT_EQ(changes[0].cause, ChangeCause::kTime);
}

TEST(ControlChanges, ANewFailingResultIsCausedByFacts) {
  Organization before = org_of({"A", "B"});
  before.evidence.push_back({0, Review::kAccepted, kThen, std::nullopt});
  before.evidence.push_back({1, Review::kAccepted, kThen, std::nullopt});
  before.checks.push_back({"K", "scan", 1, 7 * kDay});
  before.check_results.push_back({0, CheckOutcome::kPass, kThen - kDay});
  Organization after = before;
  after.check_results = {{0, CheckOutcome::kFail, kNow - 3600}};
  auto changes = control_changes(before, kThen, after, kNow);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].control, 1u);
  EXPECT_EQ(changes[0].from, ControlState::kOperating);
  EXPECT_EQ(changes[0].to, ControlState::kFailing);
  EXPECT_EQ(changes[0].cause, ChangeCause::kFacts);
}

TEST(ControlChanges, NewEvidenceBeforeTheOldExpiredChangesNothing) {
  Organization before = org_of({"A"});
  before.evidence.push_back({0, Review::kAccepted, kThen - 300 * kDay, kNow - 3600});
  Organization after = before;
  after.evidence.push_back({0, Review::kAccepted, kNow - 7200, kNow + 365 * kDay});
  EXPECT_TRUE(control_changes(before, kThen, after, kNow).empty());
}

TEST(ControlChanges, ControlsMatchByIdAndNewOnesHaveNoPastState) {
  Organization before = org_of({"A", "C"});
  Organization after = org_of({"A", "B", "C"});
  after.controls[1].implementation = Implementation::kPlanned;
  after.controls[2].implementation = Implementation::kPlanned;  // C: unevidenced → not impl.
  auto changes = control_changes(before, kThen, after, kNow);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].control, 1u);
  EXPECT_FALSE(changes[0].from.has_value());
  EXPECT_EQ(changes[0].to, ControlState::kNotImplemented);
  EXPECT_EQ(changes[0].cause, ChangeCause::kFacts);
  EXPECT_EQ(changes[1].control, 2u);
  EXPECT_EQ(changes[1].from, ControlState::kUnevidenced);
  EXPECT_EQ(changes[1].to, ControlState::kNotImplemented);
  EXPECT_EQ(changes[1].cause, ChangeCause::kFacts);
  EXPECT_EQ(to_string(ChangeCause::kTime), "time");
  EXPECT_EQ(to_string(ChangeCause::kFacts), "facts");
}

}  // namespace
}  // namespace crosswalk::domain
