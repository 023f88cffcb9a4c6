// What to renew and when, on small organizations built here.
#include "domain/renewals.h"

#include <gtest/gtest.h>

#include <map>

#include "domain/control_status.h"

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNow = 1'800'000'000;
constexpr Timestamp kDay = kSecondsPerDay;
constexpr Timestamp kHorizon = 30 * kDay;

// Controls C0 … C3, all implemented unless told otherwise.
Organization org_of(int controls) {
  Organization org;
  for (int i = 0; i < controls; ++i)
    org.controls.push_back({"C" + std::to_string(i),
                            "",
                            "Control " + std::to_string(i),
                            "",
                            Implementation::kImplemented,
                            {}});
  return org;
}

struct Builder {
  Organization org = org_of(4);
  RenewalSources sources;

  void evidence(std::size_t control, std::optional<Timestamp> valid_until, const std::string& id,
                const std::string& name = "", const std::string& source = "manual",
                Review review = Review::kAccepted) {
    org.evidence.push_back({control, review, kNow - 100 * kDay, valid_until});
    sources.evidence.push_back({id, name, source});
  }
  // A check of `control` with one result at `at`; returns its index.
  std::size_t check(std::size_t control, const std::string& name, Timestamp freshness,
                    std::optional<Timestamp> at, const std::string& source = "api",
                    CheckOutcome outcome = CheckOutcome::kPass) {
    org.checks.push_back({"K" + std::to_string(org.checks.size()), name, control, freshness});
    sources.check_sources.push_back(source);
    if (at) org.check_results.push_back({org.checks.size() - 1, outcome, *at});
    return org.checks.size() - 1;
  }
  std::vector<RenewalItem> items(Timestamp horizon = kHorizon) const {
    return renewals(org, sources, kNow, horizon);
  }
};

TEST(Renewals, NothingDueGivesAnEmptyList) {
  Builder b;
  b.evidence(0, std::nullopt, "EV-1", "policy.pdf");     // never expires
  b.evidence(1, kNow + 90 * kDay, "EV-2", "scan.json");  // beyond the horizon
  b.check(2, "backup test", 60 * kDay, kNow - kDay);     // fresh for two months
  b.check(3, "no window", 0, kNow - 400 * kDay);         // never stale
  b.check(3, "never ran", 7 * kDay, std::nullopt);       // unevidenced, not a renewal
  EXPECT_TRUE(b.items().empty());
  EXPECT_TRUE(renewals(Organization{}, {}, kNow, kHorizon).empty());
}

TEST(Renewals, ExpiredEvidenceIsOverdueWithWhatToUpload) {
  Builder b;
  b.evidence(0, kNow - 5 * kDay, "EV-1", "policy.pdf");
  auto items = b.items();
  ASSERT_EQ(items.size(), 1u);
  const RenewalItem& r = items[0];
  EXPECT_EQ(r.kind, RenewalKind::kEvidence);
  EXPECT_EQ(r.action, RenewalAction::kUploadNewVersion);
  EXPECT_EQ(r.due, kNow - 5 * kDay);
  EXPECT_TRUE(r.overdue);
  EXPECT_EQ(r.controls, std::vector<std::size_t>{0});
  EXPECT_EQ(r.evidence_id, "EV-1");
  EXPECT_EQ(r.subject, "evidence 'policy.pdf' (EV-1)");
  EXPECT_EQ(r.todo, "Upload a new version of evidence 'policy.pdf' (EV-1)");
  // The control is stale for this reason.
  EXPECT_EQ(evaluate_controls(b.org, kNow)[0].state, ControlState::kStale);
}

TEST(Renewals, EvidenceExpiringAtThisVerySecondIsOverdue) {
  Builder b;
  b.evidence(0, kNow, "EV-1");
  auto items = b.items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].overdue);
  EXPECT_EQ(evaluate_controls(b.org, kNow)[0].state, ControlState::kStale);
}

TEST(Renewals, ReplacedOrNonAcceptedEvidenceIsNotListed) {
  Builder b;
  b.evidence(0, kNow - 30 * kDay, "EV-old", "policy v1");
  b.evidence(0, kNow + 300 * kDay, "EV-new", "policy v2");  // replaced it
  b.evidence(1, kNow - kDay, "EV-pending", "", "manual", Review::kPending);
  b.evidence(1, kNow - kDay, "EV-rejected", "", "manual", Review::kRejected);
  EXPECT_TRUE(b.items().empty());
}

TEST(Renewals, OnlyTheItemExpiringLastIsToRenew) {
  Builder b;
  b.evidence(0, kNow + 3 * kDay, "EV-1", "v1");
  b.evidence(0, kNow + 10 * kDay, "EV-2", "v2");
  auto items = b.items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].evidence_id, "EV-2");
  EXPECT_EQ(items[0].due, kNow + 10 * kDay);
  EXPECT_FALSE(items[0].overdue);
}

TEST(Renewals, ControlsNotImplementedHaveNothingToRenew) {
  Builder b;
  b.org.controls[0].implementation = Implementation::kPartial;
  b.evidence(0, kNow - 5 * kDay, "EV-1");
  b.check(0, "scan", 7 * kDay, kNow - 30 * kDay);
  EXPECT_TRUE(b.items().empty());
}

TEST(Renewals, AStaleCheckIsOverdueFromTheSecondAfterItsWindow) {
  Builder b;
  const Timestamp at = kNow - 10 * kDay;
  b.check(0, "vulnerability scan", 7 * kDay, at);
  auto items = b.items();
  ASSERT_EQ(items.size(), 1u);
  const RenewalItem& r = items[0];
  EXPECT_EQ(r.kind, RenewalKind::kCheck);
  EXPECT_EQ(r.action, RenewalAction::kRecordCheckResult);
  EXPECT_EQ(r.due, at + 7 * kDay + 1);
  EXPECT_TRUE(r.overdue);
  EXPECT_EQ(r.facts, std::vector<std::size_t>{0});
  EXPECT_EQ(r.subject, "check 'vulnerability scan'");
  EXPECT_EQ(r.todo, "Record a new result of check 'vulnerability scan'");
  // Exactly when the control turns stale.
  EXPECT_EQ(evaluate_controls(b.org, r.due - 1)[0].state, ControlState::kUnevidenced);
  EXPECT_NE(evaluate_controls(b.org, r.due)[0].reason.find("freshness"), std::string::npos);
}

TEST(Renewals, ACheckDueInThreeDaysIsListedWithinTheHorizonOnly) {
  Builder b;
  b.evidence(0, std::nullopt, "EV-1");
  const Timestamp at = kNow - 4 * kDay;
  b.check(0, "backup restore test", 7 * kDay, at);
  auto items = b.items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].due, kNow + 3 * kDay + 1);
  EXPECT_FALSE(items[0].overdue);
  EXPECT_EQ(evaluate_controls(b.org, kNow)[0].state, ControlState::kOperating);
  EXPECT_EQ(evaluate_controls(b.org, items[0].due)[0].state, ControlState::kStale);
  EXPECT_TRUE(b.items(2 * kDay).empty());
  EXPECT_EQ(b.items(3 * kDay + 1).size(), 1u);
}

TEST(Renewals, SortedByDueTime) {
  Builder b;
  b.evidence(0, kNow + 20 * kDay, "EV-20", "in twenty days");
  b.evidence(1, kNow - 2 * kDay, "EV-past", "expired two days ago");
  b.check(2, "in three days", 7 * kDay, kNow - 4 * kDay);
  b.check(3, "stale for a week", 7 * kDay, kNow - 14 * kDay);
  auto items = b.items();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].subject, "check 'stale for a week'");
  EXPECT_EQ(items[1].subject, "evidence 'expired two days ago' (EV-past)");
  EXPECT_EQ(items[2].subject, "check 'in three days'");
  EXPECT_EQ(items[3].subject, "evidence 'in twenty days' (EV-20)");
  for (std::size_t i = 1; i < items.size(); ++i) EXPECT_LE(items[i - 1].due, items[i].due);
  EXPECT_TRUE(items[0].overdue && items[1].overdue);
  EXPECT_FALSE(items[2].overdue || items[3].overdue);
}

TEST(Renewals, OneEvidenceItemOfSeveralControlsIsOneItem) {
  Builder b;
  b.evidence(2, kNow + 5 * kDay, "EV-9", "risk register.xlsx");
  b.evidence(0, kNow + 5 * kDay, "EV-9", "risk register.xlsx");
  auto items = b.items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].controls, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(items[0].facts, (std::vector<std::size_t>{0, 1}));
}

TEST(Renewals, ChecksOfOneCollectorAreOneItemDueWithTheFirst) {
  Builder b;
  b.sources.labels["collector:host"] = "Host posture";
  b.check(0, "ssh root login", 2 * kDay, kNow - kDay, "collector:host");
  b.check(1, "firewall", 2 * kDay, kNow - 3 * kDay, "collector:host");
  b.check(1, "pipeline", 2 * kDay, kNow - 3 * kDay, "api");
  auto items = b.items();
  ASSERT_EQ(items.size(), 2u);
  const RenewalItem& host = items[0].action == RenewalAction::kRerunCollector ? items[0] : items[1];
  EXPECT_EQ(host.kind, RenewalKind::kCheck);
  EXPECT_EQ(host.source, "collector:host");
  EXPECT_EQ(host.due, kNow - 3 * kDay + 2 * kDay + 1);
  EXPECT_TRUE(host.overdue);
  EXPECT_EQ(host.controls, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(host.facts, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(host.subject, "2 checks: 'ssh root login', 'firewall'");
  EXPECT_EQ(host.todo, "Re-run collector 'Host posture'");
}

TEST(Renewals, WhatImportsAndCollectorsMadeIsRenewedByThem) {
  Builder b;
  b.sources.labels["import:IMP-3"] = "Trivy (sarif file 'trivy.sarif')";
  b.evidence(0, kNow + 2 * kDay, "EV-1", "trivy.sarif", "import:IMP-3");
  b.evidence(1, kNow + 2 * kDay, "EV-2", "report.json", "collector:docs");  // no label
  b.evidence(2, kNow + 2 * kDay, "EV-3", "old.sarif", "import");            // import unknown
  b.check(3, "CVE scan", 7 * kDay, kNow - 6 * kDay, "import:IMP-3");
  auto items = b.items();
  ASSERT_EQ(items.size(), 4u);
  std::map<std::string, const RenewalItem*> by_subject;
  for (const auto& r : items) by_subject[r.subject] = &r;
  const RenewalItem* imported = by_subject.at("evidence 'trivy.sarif' (EV-1)");
  EXPECT_EQ(imported->action, RenewalAction::kReimport);
  EXPECT_EQ(imported->source, "import:IMP-3");
  EXPECT_EQ(imported->todo, "Re-import from Trivy (sarif file 'trivy.sarif')");
  const RenewalItem* collected = by_subject.at("evidence 'report.json' (EV-2)");
  EXPECT_EQ(collected->action, RenewalAction::kRerunCollector);
  EXPECT_EQ(collected->todo, "Re-run collector 'docs'");
  const RenewalItem* unknown = by_subject.at("evidence 'old.sarif' (EV-3)");
  EXPECT_EQ(unknown->action, RenewalAction::kReimport);
  EXPECT_EQ(unknown->todo, "Import a new result file to replace evidence 'old.sarif' (EV-3)");
  const RenewalItem* check = by_subject.at("check 'CVE scan'");
  EXPECT_EQ(check->action, RenewalAction::kReimport);
  EXPECT_EQ(check->todo, "Re-import from Trivy (sarif file 'trivy.sarif')");
}

TEST(Renewals, WithoutSourcesTheAdviceIsGeneric) {
  Builder b;
  b.evidence(1, kNow - kDay, "EV-1");
  b.check(2, "scan", kDay, kNow - 2 * kDay);
  auto items = renewals(b.org, {}, kNow, kHorizon);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].todo, "Upload a new version of an evidence item of C1");
  EXPECT_EQ(items[0].evidence_id, "");
  EXPECT_EQ(items[1].todo, "Record a new result of check 'scan'");
}

TEST(Renewals, FailingChecksAreListedToo) {
  Builder b;
  b.check(0, "scan", 7 * kDay, kNow - 8 * kDay, "api", CheckOutcome::kFail);
  EXPECT_EQ(b.items().size(), 1u);
}

TEST(Renewals, VocabularyHasOneSpelling) {
  EXPECT_EQ(to_string(RenewalKind::kEvidence), "evidence");
  EXPECT_EQ(to_string(RenewalKind::kCheck), "check");
  EXPECT_EQ(to_string(RenewalAction::kUploadNewVersion), "upload");
  EXPECT_EQ(to_string(RenewalAction::kRerunCollector), "rerun_collector");
  EXPECT_EQ(to_string(RenewalAction::kReimport), "reimport");
  EXPECT_EQ(to_string(RenewalAction::kRecordCheckResult), "record_result");
}

}  // namespace
}  // namespace crosswalk::domain
