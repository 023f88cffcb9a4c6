#include <gtest/gtest.h>

#include "domain/projection.h"
#include "test_frameworks.h"

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
using testing::make_framework;
constexpr auto kClause = RequirementKind::kClause;
constexpr auto kAnnex = RequirementKind::kAnnexA;

// Target "t" has one requirement per relation; source "s" has 4.1 (met) and 4.2 (not met).
class ProjectionTest : public ::testing::Test {
 protected:
  std::vector<Framework> frameworks{make_framework("t", {{"4.1", kClause},
                                                         {"4.2", kClause},
                                                         {"4.3", kClause},
                                                         {"4.4", kClause},
                                                         {"A.5.1", kAnnex},
                                                         {"A.5.2", kAnnex}}),
                                    make_framework("s", {{"4.1", kClause}, {"4.2", kClause}})};
  Crosswalk cw;
  std::vector<ControlTemplate> templates;
  Organization org;

  void SetUp() override {
    cw.target = "t";
    cw.source = "s";
    cw.add_entry({"4.1", {"4.1"}, Relation::kEqual, Strength::kFull, "same"});
    cw.add_entry({"4.2", {"4.1"}, Relation::kSubset, Strength::kFull, "source asks more"});
    cw.add_entry({"4.3", {"4.1"}, Relation::kSuperset, Strength::kStrong, "target adds AI scope"});
    cw.add_entry({"4.4", {"4.1", "4.2"}, Relation::kEqual, Strength::kFull, "two halves"});
    cw.add_entry({"A.5.1", {}, Relation::kNone, Strength::kNone, "impact assessment is new"});
    cw.add_entry({"A.5.2", {"4.2"}, Relation::kIntersect, Strength::kWeak, "overlap"});
    templates.push_back(
        {"T-1", "d", "Impact assessment", "", {}, {{"t", "A.5.1", Coverage::kPartial}}});
    templates.push_back({"T-2", "d", "Impact method", "", {}, {{"t", "A.5.1", Coverage::kFull}}});
    org.controls.push_back(
        {"S1", "", "S1", "", Implementation::kImplemented, {{"s", "4.1", Coverage::kFull}}});
    org.evidence.push_back({0, Review::kAccepted, kNow, std::nullopt});
  }

  Projection run(bool assume = false) {
    assessment = assess(frameworks, org, kNow);
    return project({&assessment.frameworks[0], &assessment.frameworks[1], &cw, &templates, assume});
  }
  Assessment assessment;
};

TEST_F(ProjectionTest, EachRelationGivesItsStatus) {
  const Projection p = run();
  ASSERT_EQ(p.items.size(), 6u);
  EXPECT_EQ(p.items[0].status, RequirementStatus::kMet);        // equal, source met
  EXPECT_EQ(p.items[1].status, RequirementStatus::kMet);        // subset, source met
  EXPECT_EQ(p.items[2].status, RequirementStatus::kPartlyMet);  // superset caps at partly
  EXPECT_EQ(p.items[3].status, RequirementStatus::kPartlyMet);  // equal to met + not met
  EXPECT_EQ(p.items[4].status, RequirementStatus::kNotMet);     // none: gap
  EXPECT_EQ(p.items[5].status, RequirementStatus::kNotMet);     // intersect with not met source
  EXPECT_EQ(p.tally.met, 2);
  EXPECT_EQ(p.tally.partly_met, 2);
  EXPECT_EQ(p.tally.not_met, 2);
  for (const auto& it : p.items) EXPECT_EQ(it.basis, Basis::kMapping);
}

TEST_F(ProjectionTest, ReasonsNameTheMappingAndRationale) {
  const Projection p = run();
  EXPECT_EQ(
      p.items[2].reason,
      "inferred from s 4.1 (met) via superset/strong: at most partly met; target adds AI scope");
  EXPECT_EQ(p.items[4].reason, "gap: no s counterpart; impact assessment is new");
  ASSERT_EQ(p.items[3].via.size(), 1u);
  ASSERT_EQ(p.items[3].via[0].sources.size(), 2u);
  EXPECT_EQ(p.items[3].via[0].sources[1].status, RequirementStatus::kNotMet);
  EXPECT_EQ(p.items[3].via[0].rationale, "two halves");
}

TEST_F(ProjectionTest, ClosingTemplatesListFullCoverageFirst) {
  const Projection p = run();
  EXPECT_EQ(p.items[4].closing_templates, (std::vector<std::string>{"T-2", "T-1"}));
  EXPECT_TRUE(p.items[0].closing_templates.empty());
}

TEST_F(ProjectionTest, AssumeSourceMetAnswersTheHypothetical) {
  const Projection p = run(true);
  EXPECT_EQ(p.items[3].status, RequirementStatus::kMet);
  EXPECT_EQ(p.items[5].status, RequirementStatus::kPartlyMet);
  EXPECT_EQ(p.items[4].status, RequirementStatus::kNotMet);
  EXPECT_EQ(p.tally.met, 3);
}

TEST_F(ProjectionTest, LinkedControlsOverrideTheMapping) {
  org.controls.push_back(
      {"T1", "", "T1", "", Implementation::kPlanned, {{"t", "4.1", Coverage::kFull}}});
  const Projection p = run();
  EXPECT_EQ(p.items[0].basis, Basis::kControls);
  EXPECT_EQ(p.items[0].status, RequirementStatus::kNotMet);
}

TEST_F(ProjectionTest, ExcludedSourceCountsAsNotDone) {
  org.decisions.push_back({"t", "A.5.2", true, "out of scope", false, {}, "", ""});
  const Projection p = run(true);
  EXPECT_EQ(p.items[5].status, RequirementStatus::kNotApplicable);
  EXPECT_EQ(p.items[5].basis, Basis::kExcluded);
  EXPECT_EQ(p.tally.not_applicable, 1);
}

}  // namespace
}  // namespace crosswalk::domain
