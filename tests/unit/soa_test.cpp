// The Statement of Applicability's rows and rules, from facts: Annex A only, reasons from risks
// and declarations, exclusions, implementation from readiness, what an approval fixes.
#include "domain/soa.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_frameworks.h"

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
constexpr auto kClause = RequirementKind::kClause;
constexpr auto kAnnex = RequirementKind::kAnnexA;

class Soa : public ::testing::Test {
 protected:
  std::vector<Framework> frameworks{testing::make_framework(
      "fw", {{"4.1", kClause}, {"A.5.1", kAnnex}, {"A.5.2", kAnnex}, {"A.5.3", kAnnex}})};
  Organization org;
  std::vector<SoaRisk> risks;

  void add_control(const std::string& id, const std::string& ref, bool operating,
                   Timestamp evidence_at = kNow) {
    org.controls.push_back({id,
                            "",
                            "Control " + id,
                            "Owner of " + id,
                            Implementation::kImplemented,
                            {{"fw", ref, Coverage::kFull}}});
    if (operating)
      org.evidence.push_back({org.controls.size() - 1, Review::kAccepted, evidence_at, {}});
  }
  std::vector<SoaRow> rows() {
    const Assessment a = assess(frameworks, org, kNow);
    return soa_rows(a.frameworks.at(0), org, a.controls, risks);
  }
};

TEST_F(Soa, OneRowPerAnnexAControlNeverAClause) {
  const auto r = rows();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].ref, "A.5.1");
  EXPECT_TRUE(r[0].applicable);
  EXPECT_EQ(implementation_label(r[0]), "not implemented");
  EXPECT_TRUE(r[0].reasons.empty());
  EXPECT_EQ(soa_rows_without_reason(r),
            (std::vector<std::string>{"fw A.5.1", "fw A.5.2", "fw A.5.3"}));
  EXPECT_TRUE(soa_blocking_problems(r).empty());
}

TEST_F(Soa, RisksTreatedByItsControlsComeFirstAmongTheReasons) {
  add_control("C1", "A.5.1", true, kNow - 86400);
  add_control("C2", "A.5.1", false);
  risks.push_back({"RISK-1", "Ransomware", "modify", "C1"});
  risks.push_back({"RISK-2", "Other", "modify", "C9"});  // treats a control of no row
  org.decisions.push_back({"fw", "A.5.1", false, "", false, {"legal"}, "GDPR", "2027-01-31"});
  const auto r = rows();
  ASSERT_EQ(r[0].risks.size(), 1u);
  EXPECT_EQ(r[0].risks[0].id, "RISK-1");
  EXPECT_EQ(r[0].reasons, (std::vector<InclusionReason>{InclusionReason::kRiskTreatment,
                                                        InclusionReason::kLegal}));
  EXPECT_EQ(r[0].reason_note, "GDPR");
  EXPECT_EQ(r[0].review_by, "2027-01-31");
  // One of two linked controls operates: partly implemented; its evidence is the latest.
  EXPECT_EQ(implementation_label(r[0]), "partly implemented");
  EXPECT_EQ(r[0].latest_evidence, kNow - 86400);
  ASSERT_EQ(r[0].controls.size(), 2u);
  EXPECT_EQ(r[0].controls[0].owner, "Owner of C1");
  EXPECT_EQ(r[0].controls[0].state, ControlState::kOperating);
}

TEST_F(Soa, RejectedEvidenceIsNotTheLatest) {
  add_control("C1", "A.5.2", true, kNow - 1000);
  org.evidence.push_back({0, Review::kRejected, kNow, {}});
  EXPECT_EQ(rows()[1].latest_evidence, kNow - 1000);
}

TEST_F(Soa, AnExclusionNeedsAJustificationToBeApproved) {
  org.decisions.push_back({"fw", "A.5.2", true, "No premises", false, {}, "", ""});
  auto r = rows();
  EXPECT_FALSE(r[1].applicable);
  EXPECT_EQ(implementation_label(r[1]), "excluded");
  EXPECT_EQ(r[1].justification, "No premises");
  EXPECT_TRUE(soa_blocking_problems(r).empty());
  // An excluded row needs no inclusion reason.
  EXPECT_EQ(soa_rows_without_reason(r).size(), 2u);
  org.decisions.back().justification = "";  // as an old database may hold it
  EXPECT_EQ(soa_blocking_problems(rows()),
            std::vector<std::string>{"fw A.5.2 is excluded without a justification"});
}

TEST_F(Soa, TheStatementChangesWithDecisionsNotWithEvidence) {
  add_control("C1", "A.5.1", true);
  const std::string before = soa_statement(rows());
  EXPECT_EQ(soa_statement(rows()), before);
  org.evidence.push_back({0, Review::kAccepted, kNow + 5, {}});  // live column only
  EXPECT_EQ(soa_statement(rows()), before);
  org.decisions.push_back({"fw", "A.5.3", false, "", false, {"good-practice"}, "", ""});
  const std::string with_reason = soa_statement(rows());
  EXPECT_NE(with_reason, before);
  risks.push_back({"RISK-1", "Ransomware", "modify", "C1"});
  EXPECT_NE(soa_statement(rows()), with_reason);
  // A tab or line break in a note cannot forge another row or field.
  org.decisions.back().reason_note = "a\tb\nfw\tA.5.9";
  const std::string statement = soa_statement(rows());
  EXPECT_EQ(std::count(statement.begin(), statement.end(), '\n'), 3);
}

TEST_F(Soa, OnlyTheDeclarableReasonsParse) {
  EXPECT_EQ(parse_declared_reason("interested-parties"), InclusionReason::kInterestedParties);
  EXPECT_EQ(parse_declared_reason("risk-treatment"), std::nullopt);
  EXPECT_EQ(parse_declared_reason("Legal"), std::nullopt);
  EXPECT_EQ(describe(InclusionReason::kContractual), "contractual obligation");
}

}  // namespace
}  // namespace crosswalk::domain
