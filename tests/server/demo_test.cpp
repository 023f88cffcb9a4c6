// `serve --demo`: the example organization is realistic, repeatable, and never mixed into real
// data.
#include <gtest/gtest.h>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "service/accounts.h"
#include "service/audits.h"
#include "service/demo.h"
#include "service/duties.h"
#include "service/evidence.h"
#include "service/incidents.h"
#include "service/sessions.h"
#include "service/setup.h"
#include "service/snapshot.h"

namespace crosswalk::service {
namespace {

constexpr domain::Timestamp kNow = 1'800'000'000;

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    options.db_url = db.url();
    auto opened = Workspace::open(options, true);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ws = std::move(opened).value();
    auto cat = load_source_catalog(options);
    ASSERT_TRUE(cat.ok());
    ASSERT_TRUE(initialize(*ws, cat.value(), {"test", kNow}).ok());
  }
  testing::TempDir dir;
  testing::TestDatabase db;
  WorkspaceOptions options;
  std::unique_ptr<Workspace> ws;
};

TEST_F(DemoTest, SeedsALivingOrganizationWithHistory) {
  auto login = prepare_demo(*ws, kNow);
  ASSERT_TRUE(login.ok()) << login.status().message();
  EXPECT_TRUE(login->seeded);
  EXPECT_EQ(login->user, "demo");
  EXPECT_GE(login->password.size(), 20u);

  auto snap = take_snapshot(ws->store(), kNow);
  ASSERT_TRUE(snap.ok());
  const Snapshot& s = *snap.value();
  EXPECT_EQ(s.org.controls.size(), 152u);
  std::map<domain::ControlState, int> states;
  for (const auto& st : s.assessment.controls) ++states[st.state];
  EXPECT_GE(states[domain::ControlState::kOperating], 60);
  EXPECT_GE(states[domain::ControlState::kFailing], 1);
  EXPECT_GE(states[domain::ControlState::kStale], 2);
  EXPECT_GE(states[domain::ControlState::kUnevidenced], 2);
  EXPECT_GE(states[domain::ControlState::kNotImplemented], 10);
  const auto* sec = s.framework("iso27001-2022");
  const auto* ai = s.framework("iso42001-2023");
  EXPECT_GT(sec->total.percent(), ai->total.percent()) << "AI work lags security work";
  EXPECT_GT(sec->total.not_applicable, 0) << "physical controls excluded in the SoA";

  auto evidence = list_evidence(*ws, "");
  ASSERT_TRUE(evidence.ok());
  EXPECT_TRUE(std::any_of(evidence->begin(), evidence->end(),
                          [](const auto& e) { return e.review == domain::Review::kPending; }));
  EXPECT_TRUE(std::any_of(evidence->begin(), evidence->end(),
                          [](const auto& e) { return e.kind == "file"; }));

  // An internal audit under way, with a nonconformity whose corrective action is overdue.
  auto audit = audit_view(*ws, "AUDIT-1", kNow);
  ASSERT_TRUE(audit.ok()) << audit.status().message();
  EXPECT_GT(audit->summary.checked, 0);
  EXPECT_LT(audit->summary.checked, audit->summary.requirements) << "something left to check";
  EXPECT_EQ(audit->summary.minor, 1);
  ASSERT_EQ(audit->actions.size(), 1u);
  EXPECT_EQ(audit->actions.front().state, domain::ActionState::kOverdue);

  // People late for a policy and a course; incidents, one owing a notification nobody recorded;
  // the phishing incident's corrective action done and waiting for its effectiveness check.
  auto duties = duty_attention(*ws, kNow);
  ASSERT_TRUE(duties.ok()) << duties.status().message();
  EXPECT_TRUE(std::any_of(duties->overdue.begin(), duties->overdue.end(),
                          [](const auto& d) { return d.what_kind == "document"; }));
  EXPECT_TRUE(std::any_of(duties->overdue.begin(), duties->overdue.end(),
                          [](const auto& d) { return d.what_kind == "course"; }));
  auto incidents = incident_attention(*ws, kNow);
  ASSERT_TRUE(incidents.ok()) << incidents.status().message();
  EXPECT_EQ(incidents->open.size(), 2u);
  EXPECT_EQ(incidents->unrecorded, 1);
  auto phishing = incident_view(*ws, "INC-1", kNow);
  ASSERT_TRUE(phishing.ok());
  ASSERT_EQ(phishing->actions.size(), 1u);
  EXPECT_EQ(phishing->actions.front().state, domain::ActionState::kCompleted);

  auto history = ws->store().readiness_history("iso27001-2022", "2000-01-01");
  ASSERT_TRUE(history.ok());
  EXPECT_GE(history->size(), 70u);
  EXPECT_LT(history->front().met, history->back().met) << "readiness grew over the weeks";
  auto verdict = ws->store().verify_journal();
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->ok) << verdict->problem;
}

TEST_F(DemoTest, ASecondStartGivesANewPasswordAndKeepsTheData) {
  auto first = prepare_demo(*ws, kNow);
  ASSERT_TRUE(first.ok());
  const auto seq = ws->store().journal_seq();
  auto second = prepare_demo(*ws, kNow + 60);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(second->seeded);
  EXPECT_NE(second->password, first->password);
  EXPECT_EQ(ws->store().journal_seq().value(), seq.value() + 1) << "only the password changed";
  auto old_login = login(*ws, "demo", first->password, "127.0.0.1", kNow + 61);
  EXPECT_EQ(old_login->outcome, LoginOutcome::kBadCredentials);
  auto new_login = login(*ws, "demo", second->password, "127.0.0.1", kNow + 62);
  EXPECT_EQ(new_login->outcome, LoginOutcome::kOk);
}

TEST_F(DemoTest, RefusesADataDirectoryThatHoldsAnythingElse) {
  ASSERT_TRUE(add_user(*ws, "alice", "admin", "a long enough passphrase", {"test", kNow}).ok());
  const auto seq = ws->store().journal_seq();
  auto login = prepare_demo(*ws, kNow);
  ASSERT_FALSE(login.ok());
  EXPECT_NE(login.status().message().find("--demo needs an empty data directory"),
            std::string::npos);
  EXPECT_EQ(ws->store().journal_seq().value(), seq.value()) << "nothing was written";
}

}  // namespace
}  // namespace crosswalk::service
