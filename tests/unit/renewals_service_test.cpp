// What to renew and what changed since yesterday, through the service on a real database (a
// SQLite file, or a fresh schema on the PostgreSQL test server: test_database.h).
#include <gtest/gtest.h>

#include <fstream>

#include "common/utf8.h"
#include "service/accounts.h"
#include "service/changes.h"
#include "service/collectors.h"
#include "service/controls.h"
#include "service/renewal_views.h"
#include "service/renewals.h"
#include "service/setup.h"
#include "temp_dir.h"
#include "test_database.h"

namespace crosswalk::service {
namespace {

namespace d = crosswalk::domain;

constexpr d::Timestamp kNow = 1'800'000'000;
constexpr d::Timestamp kDay = d::kSecondsPerDay;
constexpr d::Timestamp kHour = 3600;
constexpr d::Timestamp kSetup = kNow - 3 * kDay;

class RenewalsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    options.db_url = db.url();
    auto opened = Workspace::open(options, true);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ws = std::move(opened).value();
    auto cat = load_source_catalog(options);
    ASSERT_TRUE(cat.ok()) << cat.status().message();
    ASSERT_TRUE(initialize(*ws, cat.value(), at(kSetup)).ok());
    ASSERT_TRUE(
        adopt_templates(*ws, {"AI-01", "ORG-01", "ORG-02", "ORG-03"}, false, at(kSetup)).ok());
  }

  static store::Actor at(d::Timestamp t) { return {"alice", t}; }

  void implement(const std::string& control, d::Timestamp t) {
    ASSERT_TRUE(
        ws->store()
            .set_implementation(control, d::Implementation::kImplemented, std::nullopt, at(t))
            .ok());
  }
  std::string note(const std::string& control, const std::string& text,
                   std::optional<d::Timestamp> valid_until, d::Timestamp t,
                   d::Review review = d::Review::kAccepted) {
    store::EvidenceRecord e;
    e.kind = "note";
    e.note = text;
    e.review = review;
    e.collected_at = t;
    e.valid_until = valid_until;
    e.controls = {control};
    auto id = ws->store().add_evidence(e, at(t));
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? id.value() : "";
  }
  void result(const std::string& control, const std::string& name, d::CheckOutcome outcome,
              d::Timestamp t, d::Timestamp freshness = 7 * kDay) {
    store::CheckResultRecord r;
    r.check_id = "ci:" + name + "@" + control;
    r.control_id = control;
    r.name = name;
    r.freshness_seconds = freshness;
    r.outcome = outcome;
    r.observed_at = t;
    r.source = "api";
    ASSERT_TRUE(ws->store().record_check_result(r, at(t)).ok());
  }
  void file_collector(const std::string& id, const std::string& control, d::Timestamp t) {
    std::ofstream(dir / (id + ".txt")) << "the document\n";
    CollectorInput in;
    in.id = id;
    in.name = "Document " + id;
    in.kind = "file";
    in.config_json = R"({"path": ")" + (dir / (id + ".txt")) + R"("})";
    in.controls = {control};
    in.freshness_days = 2;
    ASSERT_TRUE(save_collector(*ws, in, std::nullopt, at(t)).ok());
    auto run = run_collector(*ws, id, {"manual", std::nullopt, 0, "test"}, at(t));
    ASSERT_TRUE(run.ok()) << run.status().message();
    ASSERT_EQ(run->outcome, "pass") << run->message;
  }
  d::Organization org() {
    auto o = ws->store().organization();
    EXPECT_TRUE(o.ok());
    return o.ok() ? std::move(o).value() : d::Organization{};
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  WorkspaceOptions options;
  std::unique_ptr<Workspace> ws;
};

TEST_F(RenewalsServiceTest, ListsWhatToRenewWithNamesFromTheRecords) {
  for (const char* c : {"AI-01", "ORG-01", "ORG-02"}) implement(c, kSetup);
  const std::string policy = note("ORG-01", "Information security policy v3\nApproved by the board",
                                  kNow + 5 * kDay, kSetup);
  note("AI-01", "AI policy", std::nullopt, kSetup);
  file_collector("docs", "AI-01", kNow - kDay);  // fresh for 2 days: due tomorrow
  result("ORG-02", "pipeline test", d::CheckOutcome::kPass, kNow - 10 * kDay);  // stale

  auto list = list_renewals(*ws, org(), kNow);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(list->now, kNow);
  EXPECT_EQ(list->until, kNow + kDefaultRenewalHorizon);
  EXPECT_EQ(list->overdue, 1);
  ASSERT_EQ(list->items.size(), 3u);

  const RenewalView& stale = list->items[0];
  EXPECT_EQ(stale.kind, d::RenewalKind::kCheck);
  EXPECT_EQ(stale.action, d::RenewalAction::kRecordCheckResult);
  EXPECT_TRUE(stale.overdue);
  EXPECT_EQ(stale.controls, std::vector<std::string>{"ORG-02"});
  EXPECT_EQ(stale.checks, std::vector<std::string>{"ci:pipeline test@ORG-02"});
  EXPECT_EQ(stale.todo, "Record a new result of check 'pipeline test'");

  const RenewalView& collected = list->items[1];
  EXPECT_EQ(collected.action, d::RenewalAction::kRerunCollector);
  EXPECT_EQ(collected.collector_id, "docs");
  EXPECT_EQ(collected.due, kNow - kDay + 2 * kDay + 1);
  EXPECT_FALSE(collected.overdue);
  EXPECT_EQ(collected.controls, std::vector<std::string>{"AI-01"});
  EXPECT_EQ(collected.todo, "Re-run collector 'Document docs'");

  const RenewalView& evidence = list->items[2];
  EXPECT_EQ(evidence.kind, d::RenewalKind::kEvidence);
  EXPECT_EQ(evidence.action, d::RenewalAction::kUploadNewVersion);
  EXPECT_EQ(evidence.evidence_id, policy);
  EXPECT_EQ(evidence.due, kNow + 5 * kDay);
  EXPECT_EQ(evidence.subject,
            "evidence 'Information security policy v3' (" + policy + ")");  // the first line

  const auto j = renewals_json(list.value());
  EXPECT_EQ(j["overdue"], 1);
  ASSERT_EQ(j["items"].size(), 3u);
  EXPECT_EQ(j["items"][0]["action"], "record_result");
  EXPECT_EQ(j["items"][1]["collector"], "docs");
  EXPECT_TRUE(j["items"][1]["import"].is_null());
  EXPECT_EQ(j["items"][2]["kind"], "evidence");
  EXPECT_EQ(j["items"][2]["due"], d::format_datetime(kNow + 5 * kDay));

  // Four days ahead, the evidence is not due yet.
  auto week = list_renewals(*ws, org(), kNow, 4 * kDay);
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(week->items.size(), 2u);
}

TEST_F(RenewalsServiceTest, WhatChangedSinceYesterdayAndWhy) {
  for (const char* c : {"AI-01", "ORG-01", "ORG-02"}) implement(c, kSetup);
  note("ORG-01", "policy", kNow - 12 * kHour, kSetup);  // expires in the window
  note("AI-01", "model card", std::nullopt, kSetup);
  result("AI-01", "bias scan", d::CheckOutcome::kPass, kSetup);
  const std::string pending =
      note("ORG-02", "asset inventory", std::nullopt, kSetup, d::Review::kPending);
  note("ORG-03", "screening procedure", std::nullopt, kSetup);
  const d::Timestamp since = kNow - kDay;

  // Within the last day:
  result("AI-01", "bias scan", d::CheckOutcome::kFail, kNow - kHour);
  ASSERT_TRUE(
      ws->store().review_evidence(pending, d::Review::kAccepted, "ok", at(kNow - 2 * kHour)).ok());
  implement("ORG-03", kNow - 3 * kHour);
  ASSERT_TRUE(adopt_templates(*ws, {"ORG-04"}, false, at(kNow - 30 * 60)).ok());
  file_collector("docs", "ORG-04", kNow - 20 * 60);

  auto changes = changes_since(*ws, org(), since, kNow);
  ASSERT_TRUE(changes.ok()) << changes.status().message();
  EXPECT_TRUE(changes->complete);
  EXPECT_EQ(changes->since, since);
  std::map<std::string, ControlChangeView> by_id;
  for (const auto& c : changes->changes) by_id[c.control_id] = c;
  ASSERT_EQ(by_id.size(), 5u);

  const ControlChangeView& ai = by_id["AI-01"];
  EXPECT_EQ(ai.from, d::ControlState::kOperating);
  EXPECT_EQ(ai.to, d::ControlState::kFailing);
  EXPECT_EQ(ai.cause, d::ChangeCause::kFacts);
  ASSERT_FALSE(ai.events.empty());
  EXPECT_EQ(ai.events[0].action, "check.result");
  EXPECT_EQ(ai.events[0].summary, "check 'bias scan' fail from api");
  EXPECT_EQ(ai.events[0].at, kNow - kHour);

  const ControlChangeView& expired = by_id["ORG-01"];
  EXPECT_EQ(expired.from, d::ControlState::kOperating);
  EXPECT_EQ(expired.to, d::ControlState::kStale);
  EXPECT_EQ(expired.cause, d::ChangeCause::kTime);
  EXPECT_TRUE(expired.events.empty());

  const ControlChangeView& reviewed = by_id["ORG-02"];
  EXPECT_EQ(reviewed.from, d::ControlState::kUnevidenced);
  EXPECT_EQ(reviewed.to, d::ControlState::kOperating);
  EXPECT_EQ(reviewed.cause, d::ChangeCause::kFacts);
  ASSERT_EQ(reviewed.events.size(), 1u);
  EXPECT_EQ(reviewed.events[0].summary, "evidence " + pending + " accepted: ok");

  const ControlChangeView& implemented = by_id["ORG-03"];
  EXPECT_EQ(implemented.from, d::ControlState::kNotImplemented);
  EXPECT_EQ(implemented.to, d::ControlState::kOperating);
  ASSERT_EQ(implemented.events.size(), 1u);
  EXPECT_EQ(implemented.events[0].summary, "implementation not-implemented → implemented");
  EXPECT_EQ(implemented.events[0].actor, "alice");

  const ControlChangeView& adopted = by_id["ORG-04"];
  EXPECT_FALSE(adopted.from.has_value());
  EXPECT_EQ(adopted.to, d::ControlState::kNotImplemented);
  EXPECT_GE(adopted.events.size(), 2u);  // adopted, its evidence and check result

  const Activity& a = changes->activity;
  EXPECT_EQ(a.check_results, 2);
  EXPECT_EQ(a.check_results_not_passing, 1);
  EXPECT_EQ(a.collector_runs, 1);
  EXPECT_EQ(a.collector_runs_not_passing, 0);
  EXPECT_EQ(a.evidence_added, 1);
  EXPECT_EQ(a.evidence_reviewed, 1);
  EXPECT_EQ(a.imports, 0);
  EXPECT_GE(a.journal_entries, 7);

  const auto j = changes_since_json(changes.value());
  EXPECT_EQ(j["activity"]["collector_runs"], 1);
  ASSERT_EQ(j["changes"].size(), 5u);
  EXPECT_EQ(j["changes"][0]["control"], "AI-01");  // the organization's order
  EXPECT_EQ(j["changes"][0]["from"], "operating");
  EXPECT_EQ(j["changes"][0]["to"], "failing");
  EXPECT_EQ(j["changes"][0]["cause"], "facts");
  EXPECT_TRUE(j["changes"][4]["from"].is_null());

  // Over an empty window nothing changed.
  auto none = changes_since(*ws, org(), kNow, kNow);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->changes.empty());
  EXPECT_EQ(none->activity.journal_entries, 0);
}

TEST_F(RenewalsServiceTest, ANoteNamingEvidenceIsCutBetweenCharacters) {
  implement("ORG-01", kSetup);
  // 59 ASCII bytes, then a two-byte character across the 60-byte cut.
  const std::string text = std::string(59, 'a') + "\u00e9 and the rest";
  const std::string id = note("ORG-01", text, std::nullopt, kNow - kHour);
  auto changes = changes_since(*ws, org(), kNow - kDay, kNow);
  ASSERT_TRUE(changes.ok()) << changes.status().message();
  ASSERT_EQ(changes->changes.size(), 1u);
  ASSERT_EQ(changes->changes[0].events.size(), 1u);
  EXPECT_EQ(changes->changes[0].events[0].summary,
            "evidence " + id + " '" + std::string(59, 'a') + "\u2026' added");
}

TEST_F(RenewalsServiceTest, RefusalsQuoteLongInputWithoutSplittingACharacter) {
  const std::string long_text = std::string(39, 'x') + "\u00e9\u00e9\u00e9";
  auto token = create_token(*ws, "nobody", "t", std::nullopt, at(kNow), long_text);
  ASSERT_FALSE(token.ok());
  EXPECT_TRUE(is_valid_utf8(token.status().message())) << token.status().message();
  EXPECT_NE(token.status().message().find(std::string(39, 'x') + "\u2026"), std::string::npos);

  CollectorInput in;
  in.id = std::string(63, 'c') + "\u00e9";
  in.name = "n";
  in.kind = "file";
  const Status saved = save_collector(*ws, in, std::nullopt, at(kNow));
  ASSERT_FALSE(saved.ok());
  EXPECT_TRUE(is_valid_utf8(saved.message())) << saved.message();
}

}  // namespace
}  // namespace crosswalk::service
