#include <gtest/gtest.h>

#include "domain/readiness.h"
#include "test_frameworks.h"

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
using testing::make_framework;
constexpr auto kClause = RequirementKind::kClause;
constexpr auto kAnnex = RequirementKind::kAnnexA;

class Readiness : public ::testing::Test {
 protected:
  std::vector<Framework> frameworks{
      make_framework("fw", {{"4.1", kClause}, {"A.5.1", kAnnex}, {"A.5.2", kAnnex}})};
  Organization org;

  std::size_t add_control(const std::string& id, bool operating,
                          std::vector<RequirementLink> links) {
    org.controls.push_back({id, "", id, "", Implementation::kImplemented, std::move(links)});
    if (operating)
      org.evidence.push_back({org.controls.size() - 1, Review::kAccepted, kNow, std::nullopt});
    return org.controls.size() - 1;
  }
  const RequirementAssessment& req(const Assessment& a, std::size_t i) {
    return a.frameworks.at(0).requirements.at(i);
  }
};

TEST_F(Readiness, NothingLinkedIsNotMet) {
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 0).status, RequirementStatus::kNotMet);
  EXPECT_EQ(req(a, 0).reason, "no control is linked to it");
  EXPECT_EQ(a.frameworks[0].total.applicable(), 3);
  EXPECT_EQ(a.frameworks[0].total.percent(), 0.0);
}

TEST_F(Readiness, FullCoverageByOperatingControlIsMet) {
  add_control("C1", true, {{"fw", "4.1", Coverage::kFull}});
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 0).status, RequirementStatus::kMet);
  EXPECT_EQ(a.frameworks[0].total.met, 1);
  EXPECT_NEAR(a.frameworks[0].total.percent(), 100.0 / 3, 1e-9);
}

TEST_F(Readiness, OneControlNotOperatingMakesItPartlyMet) {
  add_control("C1", true, {{"fw", "4.1", Coverage::kFull}});
  add_control("C2", false, {{"fw", "4.1", Coverage::kPartial}});
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 0).status, RequirementStatus::kPartlyMet);
  EXPECT_EQ(req(a, 0).reason, "1 of 2 linked controls operating; not operating: C2 (unevidenced)");
}

TEST_F(Readiness, NoneOperatingIsNotMetWithNames) {
  add_control("C1", false, {{"fw", "A.5.1", Coverage::kFull}});
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 1).status, RequirementStatus::kNotMet);
  EXPECT_EQ(req(a, 1).reason, "no linked control is operating: C1 (unevidenced)");
}

TEST_F(Readiness, PartialLinksAloneAreOnlyPartlyMetUnlessJointlySufficient) {
  add_control("C1", true, {{"fw", "A.5.1", Coverage::kPartial}});
  add_control("C2", true, {{"fw", "A.5.1", Coverage::kPartial}});
  Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 1).status, RequirementStatus::kPartlyMet);
  EXPECT_NE(req(a, 1).reason.find("not marked jointly sufficient"), std::string::npos);

  org.decisions.push_back({"fw", "A.5.1", false, "", true, {}, "", ""});
  a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 1).status, RequirementStatus::kMet);
}

TEST_F(Readiness, AnnexExclusionIsNotApplicableAndLeavesTheDenominator) {
  org.decisions.push_back({"fw", "A.5.2", true, "no development in scope", false, {}, "", ""});
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 2).status, RequirementStatus::kNotApplicable);
  EXPECT_EQ(req(a, 2).reason,
            "excluded in the Statement of Applicability: no development in scope");
  EXPECT_EQ(a.frameworks[0].total.applicable(), 2);
  EXPECT_EQ(a.frameworks[0].total.not_applicable, 1);
}

TEST_F(Readiness, ClausesCanNeverBeExcluded) {
  org.decisions.push_back({"fw", "4.1", true, "we would rather not", false, {}, "", ""});
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(req(a, 0).status, RequirementStatus::kNotMet);
}

TEST_F(Readiness, PartlyMetIsNeverCountedAsMet) {
  add_control("C1", true, {{"fw", "4.1", Coverage::kPartial}});
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(a.frameworks[0].total.met, 0);
  EXPECT_EQ(a.frameworks[0].total.partly_met, 1);
  EXPECT_EQ(a.frameworks[0].total.percent(), 0.0);
}

TEST_F(Readiness, TalliesPerGroupAndIgnoresLinksToUnknownRequirements) {
  add_control("C1", true,
              {{"fw", "A.5.1", Coverage::kFull},
               {"fw", "A.9.9", Coverage::kFull},
               {"other", "1.1", Coverage::kFull}});
  const Assessment a = assess(frameworks, org, kNow);
  ASSERT_EQ(a.frameworks[0].by_group.size(), 2u);
  EXPECT_EQ(a.frameworks[0].by_group[0].tally.met, 0);
  EXPECT_EQ(a.frameworks[0].by_group[1].tally.met, 1);
  EXPECT_EQ(a.frameworks[0].by_group[1].tally.applicable(), 2);
}

TEST_F(Readiness, NonAssessableRequirementsAreNotCounted) {
  Requirement heading;
  heading.ref = "5";
  heading.title = "Leadership";
  heading.group = "4";
  heading.assessable = false;
  frameworks[0].add_requirement(heading);
  const Assessment a = assess(frameworks, org, kNow);
  EXPECT_EQ(a.frameworks[0].total.applicable(), 3);
}

}  // namespace
}  // namespace crosswalk::domain
