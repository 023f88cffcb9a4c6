#include <gtest/gtest.h>

#include "domain/control_status.h"

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
constexpr Timestamp kDay = kSecondsPerDay;

Organization one_control(Implementation impl) {
  Organization org;
  org.controls.push_back({"C1", "", "Control one", "", impl, {}});
  return org;
}

ControlStatus status_of(const Organization& org) {
  return evaluate_controls(org, kNow).at(0);
}

TEST(ControlStatus, NotImplementedUnlessImplemented) {
  for (auto impl :
       {Implementation::kNotImplemented, Implementation::kPlanned, Implementation::kPartial}) {
    Organization org = one_control(impl);
    org.evidence.push_back({0, Review::kAccepted, kNow - kDay, std::nullopt});
    const ControlStatus s = status_of(org);
    EXPECT_EQ(s.state, ControlState::kNotImplemented);
    EXPECT_NE(s.reason.find(to_string(impl)), std::string::npos) << s.reason;
  }
}

TEST(ControlStatus, ImplementedWithoutEvidenceIsUnevidenced) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kPending, kNow - kDay, std::nullopt});
  org.evidence.push_back({0, Review::kRejected, kNow - kDay, std::nullopt});
  const ControlStatus s = status_of(org);
  EXPECT_EQ(s.state, ControlState::kUnevidenced);
  EXPECT_EQ(s.reason, "no accepted evidence (1 awaiting review)");
}

TEST(ControlStatus, AcceptedValidEvidenceMakesItOperating) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, kNow + kDay});
  EXPECT_EQ(status_of(org).state, ControlState::kOperating);
}

TEST(ControlStatus, OnlyExpiredEvidenceIsStale) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kAccepted, kNow - 400 * kDay, kNow - 35 * kDay});
  org.evidence.push_back({0, Review::kAccepted, kNow - 400 * kDay, kNow - 5 * kDay});
  const ControlStatus s = status_of(org);
  EXPECT_EQ(s.state, ControlState::kStale);
  EXPECT_NE(s.reason.find("all 2 accepted evidence items expired"), std::string::npos) << s.reason;
  EXPECT_NE(s.reason.find(format_date(kNow - 5 * kDay)), std::string::npos) << s.reason;
}

TEST(ControlStatus, EvidenceExpiringExactlyNowIsExpired) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, kNow});
  EXPECT_EQ(status_of(org).state, ControlState::kStale);
}

TEST(ControlStatus, LatestCheckResultDecides) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, std::nullopt});
  org.checks.push_back({"K1", "vulnerability scan", 0, 7 * kDay});
  org.check_results.push_back({0, CheckOutcome::kFail, kNow - 3 * kDay});
  org.check_results.push_back({0, CheckOutcome::kPass, kNow - 1 * kDay});
  EXPECT_EQ(status_of(org).state, ControlState::kOperating);
  org.check_results.push_back({0, CheckOutcome::kError, kNow - 3600});
  const ControlStatus s = status_of(org);
  EXPECT_EQ(s.state, ControlState::kFailing);
  EXPECT_NE(s.reason.find("'vulnerability scan error on"), std::string::npos) << s.reason;
}

TEST(ControlStatus, FailingWinsOverMissingEvidence) {
  Organization org = one_control(Implementation::kImplemented);
  org.checks.push_back({"K1", "scan", 0, 7 * kDay});
  org.check_results.push_back({0, CheckOutcome::kFail, kNow - 3600});
  EXPECT_EQ(status_of(org).state, ControlState::kFailing);
}

TEST(ControlStatus, CheckOlderThanFreshnessWindowIsStale) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, std::nullopt});
  org.checks.push_back({"K1", "backup restore test", 0, 30 * kDay});
  org.check_results.push_back({0, CheckOutcome::kPass, kNow - 31 * kDay});
  const ControlStatus s = status_of(org);
  EXPECT_EQ(s.state, ControlState::kStale);
  EXPECT_NE(s.reason.find("backup restore test last passed on"), std::string::npos) << s.reason;
}

TEST(ControlStatus, CheckThatNeverRanLeavesItUnevidenced) {
  Organization org = one_control(Implementation::kImplemented);
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, std::nullopt});
  org.checks.push_back({"K1", "mfa coverage", 0, 30 * kDay});
  const ControlStatus s = status_of(org);
  EXPECT_EQ(s.state, ControlState::kUnevidenced);
  EXPECT_NE(s.reason.find("never ran"), std::string::npos) << s.reason;
}

TEST(ControlStatus, EvidenceOfOneControlDoesNotLeakToAnother) {
  Organization org = one_control(Implementation::kImplemented);
  org.controls.push_back({"C2", "", "Control two", "", Implementation::kImplemented, {}});
  org.evidence.push_back({1, Review::kAccepted, kNow - kDay, std::nullopt});
  const auto all = evaluate_controls(org, kNow);
  EXPECT_EQ(all[0].state, ControlState::kUnevidenced);
  EXPECT_EQ(all[1].state, ControlState::kOperating);
}

TEST(ControlStatus, NextTimeBasedChangeIsTheEarliestExpiryOrStaleness) {
  Organization org = one_control(Implementation::kImplemented);
  EXPECT_FALSE(next_time_based_change(org, kNow));
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, kNow + 10 * kDay});
  org.evidence.push_back({0, Review::kAccepted, kNow - kDay, kNow - 1});     // already expired
  org.evidence.push_back({0, Review::kRejected, kNow - kDay, kNow + kDay});  // does not count
  EXPECT_EQ(next_time_based_change(org, kNow), kNow + 10 * kDay);
  org.checks.push_back({"K1", "scan", 0, 7 * kDay});
  org.check_results.push_back({0, CheckOutcome::kPass, kNow - 6 * kDay});
  org.check_results.push_back({0, CheckOutcome::kPass, kNow - 8 * kDay});
  EXPECT_EQ(next_time_based_change(org, kNow), kNow + kDay + 1);
  // Just after that moment the status really differs.
  EXPECT_EQ(status_of(org).state, ControlState::kOperating);
  EXPECT_EQ(evaluate_controls(org, kNow + kDay + 1)[0].state, ControlState::kStale);
}

}  // namespace
}  // namespace crosswalk::domain
