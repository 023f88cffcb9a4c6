// Management reviews through `crosswalk review`: the inputs of clause 9.3.2 drafted from a small
// organization's data (the audit fixture of tests/fixtures/audits), a held review refused until
// every input is recorded (changing nothing), the sign-off and what voids it, the next review
// picking up the earlier one's actions, and the minutes read back as Markdown and through
// pdftotext; on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

const std::string kAudits = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/audits/";
const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";
const std::string kLater = "CROSSWALK_NOW=2027-03-10T12:00:00Z";

// The inputs people write (the data cannot speak to them), for a review of both standards.
const std::string kWritten =
    " --input-context 'EU AI Act obligations start in 2026' --input-interested-parties 'Two "
    "customers ask for certification' --input-feedback 'No complaints' --decisions 'Certify "
    "both standards next year'";

class ReviewCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    run_commands(kAudits + "small_org.commands", kNow);
  }
  Outcome refused(const std::string& args, const std::string& env = kNow) {
    return CliFixture::refused(args, env);
  }
  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  std::string input(const json& agenda, const std::string& field) {
    for (const json& item : agenda["agenda"])
      if (item["field"] == field) return item["text"];
    ADD_FAILURE() << "no input " << field;
    return "";
  }
};

TEST_F(ReviewCli, TheInputsAreDraftedFromTheData) {
  const json drafts = ok("--json review inputs", kNow).js();
  ASSERT_EQ(drafts.size(), 9u) << "both standards: every input of either";
  std::map<std::string, std::string> text;
  for (const json& d : drafts) text[d["field"]] = d["text"];
  EXPECT_EQ(text["input_previous_actions"], "No actions from earlier management reviews.");
  EXPECT_TRUE(has(text["input_performance"],
                  "Nonconformities so far (no earlier management review): 1 raised, 1 not "
                  "closed. Corrective actions: 1 open, 1 overdue"))
      << text["input_performance"];
  EXPECT_TRUE(has(text["input_performance"], "ISO/IEC 27001:2022 readiness: "));
  EXPECT_TRUE(has(text["input_audits"],
                  "AUDIT-1 Access, backup and AI monitoring audit (in-progress): 2 of 4 "
                  "requirements checked; 0 major and 1 minor nonconformities"))
      << text["input_audits"];
  EXPECT_TRUE(has(text["input_opportunities"], "FIND-2 Backup runbook names a team"));
  EXPECT_EQ(text["input_risks"], "The risk register is empty.");
  EXPECT_EQ(text["input_interested_parties"], "") << "people write it";
  // One standard only: only the inputs it asks for.
  const json security = ok("--json review inputs --frameworks iso27001-2022", kNow).js();
  EXPECT_EQ(security.size(), 8u) << "no AI impact assessments";
  EXPECT_EQ(ok("--json review inputs --frameworks iso42001-2023", kNow).js().size(), 7u)
      << "no feedback (e) or risk results (f) of ISO 27001";

  // A new review starts from the drafts.
  ok("review add --title 'Q4 review' --frameworks iso27001-2022 --frameworks iso42001-2023 "
     "--meeting-date 2026-12-03 --chair Dana --status planned",
     kNow);
  const json agenda = ok("--json review agenda MR-1", kNow).js();
  EXPECT_EQ(input(agenda, "input_audits"), text["input_audits"]);
  EXPECT_EQ(agenda["missing_inputs"],
            json({"Changes in external and internal issues",
                  "Changes in needs and expectations of interested parties",
                  "Feedback from interested parties"}));
}

TEST_F(ReviewCli, AHeldReviewRecordsEveryInputAndOnlyAHeldOneIsSignedOff) {
  const std::string add =
      "review add --title 'Q4 review' --frameworks iso27001-2022 --frameworks iso42001-2023 "
      "--meeting-date 2026-12-03 --chair Dana --attendees Dana --attendees Priya";
  EXPECT_TRUE(has(refused(add + " --status held").err,
                  "field input_context: a held review records every input of clause 9.3.2"));
  EXPECT_TRUE(has(refused(add + " --status held --input-context x --input-interested-parties y "
                                "--input-feedback z")
                      .err,
                  "field decisions: a held review records its decisions"));
  EXPECT_TRUE(
      has(refused(add + " --status planned --signed-off-by Dana --signed-off-on 2026-12-03").err,
          "only a held review is signed off"));
  EXPECT_TRUE(has(refused(add + kWritten + " --status held --since 2026-12-04").err,
                  "field since: 2026-12-04 is after the meeting"));
  EXPECT_TRUE(has(refused(add + kWritten +
                          " --status held --meeting-date 2026-12-24 --signed-off-by Dana "
                          "--signed-off-on 2026-12-24")
                      .err,
                  "meeting_date"));

  ok(add + kWritten + " --status held", kNow);
  EXPECT_TRUE(has(refused("review edit MR-1 --signed-off-by Dana --signed-off-on 2026-12-02").err,
                  "field signed_off_on: 2026-12-02 is before the meeting 2026-12-03"));
  ok("review edit MR-1 --signed-off-by Dana --signed-off-on 2026-12-03", kNow);
  // A change after the sign-off voids it: the minutes need signing again.
  const Outcome changed = ok("review edit MR-1 --decisions 'Certify both, ISO 27001 first'", kNow);
  EXPECT_TRUE(has(changed.err, "the minutes changed after their sign-off")) << changed.err;
  EXPECT_EQ(ok("--json review show MR-1", kNow).js()["fields"].value("signed_off_by", ""), "");

  ok("review action add --review MR-1 --title 'Budget the certification audit' --owner Dana "
     "--due-date 2027-01-31 --status open",
     kNow);
  EXPECT_TRUE(has(refused("review action edit MRA-1 --status done").err,
                  "field completed_on: a done action has a completion date"));
  EXPECT_TRUE(has(refused("review action edit MRA-1 --completed-on 2026-12-03").err,
                  "field status: an action with a completion date is done"));
  ok("journal verify");
}

TEST_F(ReviewCli, TheNextReviewPicksUpTheLastOnesActionsAndPeriod) {
  ok("review add --title 'Q4 review' --frameworks iso27001-2022 --frameworks iso42001-2023 "
     "--meeting-date 2026-12-03 --chair Dana --attendees Dana --status held" +
         kWritten,
     kNow);
  ok("review action add --review MR-1 --title 'Budget the certification audit' --owner Dana "
     "--due-date 2027-01-31 --status open",
     kNow);
  ok("review action add --review MR-1 --title 'Hire a second auditor' --owner Dana "
     "--due-date 2027-02-28 --status open",
     kNow);
  ok("review action edit MRA-1 --status done --completed-on 2027-01-20", kLater);
  ok("risk add --title 'Ransomware' --category security --threat ransomware --cia availability "
     "--inherent-likelihood 3 --inherent-impact 4 --owner CISO",
     kLater);
  EXPECT_EQ(ok("--json review action list", kLater).js()[1]["state"], "overdue");

  ok("review add --title 'Q1 review' --frameworks iso27001-2022 --frameworks iso42001-2023 "
     "--meeting-date 2027-03-10 --chair Dana --status planned",
     kLater);
  const json agenda = ok("--json review agenda MR-2", kLater).js();
  const std::string actions = input(agenda, "input_previous_actions");
  EXPECT_TRUE(has(actions, "2 actions from earlier reviews: 1 done, 0 open, 1 overdue, 0 dropped."))
      << actions;
  EXPECT_TRUE(has(actions, "- MRA-2 (MR-1) Hire a second auditor: overdue, Dana, due 2027-02-28"))
      << actions;
  // The period starts at the last review held: its nonconformity is no longer new.
  const std::string performance = input(agenda, "input_performance");
  EXPECT_TRUE(has(performance, "Nonconformities since 2026-12-03: 0 raised, 1 not closed"))
      << performance;
  EXPECT_TRUE(has(input(agenda, "input_risks"),
                  "1 risks (1 High), 1 new since 2026-12-03; 1 "
                  "untreated"))
      << input(agenda, "input_risks");
}

TEST_F(ReviewCli, TheMinutesSayWhatWasReviewedAndDecided) {
  ok("review add --title 'Q4 review' --frameworks iso27001-2022 --frameworks iso42001-2023 "
     "--meeting-date 2026-12-03 --chair Dana --attendees Dana --attendees Priya --status held "
     "--signed-off-by Dana --signed-off-on 2026-12-03" +
         kWritten,
     kNow);
  ok("review action add --review MR-1 --title 'Budget the certification audit' --owner Dana "
     "--due-date 2027-01-31 --status open",
     kNow);
  const std::string md = ok("review minutes MR-1", kNow).out;
  for (const char* want :
       {"# Management review minutes: Q4 review", "| Attendees | Dana, Priya |",
        "### Changes in external and internal issues (ISO/IEC 27001 9.3.2 b; ISO/IEC 42001 "
        "9.3.2 b)",
        "EU AI Act obligations start in 2026", "## Decisions (clause 9.3.3)",
        "Certify both standards next year", "| MRA-1 | Budget the certification audit | Dana |",
        "Signed off by Dana on 2026-12-03."})
    EXPECT_TRUE(has(md, want)) << want << "\n" << md;

  ok("review minutes MR-1 --out minutes.pdf", kNow);
  const Outcome text = sh("pdftotext minutes.pdf - | tr -s ' \\n' '  '");
  ASSERT_EQ(text.code, 0) << text.err;
  for (const char* want : {"Management review minutes", "Feedback from interested parties",
                           "Results of AI system impact assessments", "AUDIT-1",
                           "Budget the certification audit", "Signed off by Dana"})
    EXPECT_TRUE(has(text.out, want)) << want << "\n" << text.out;
  EXPECT_EQ(cw("review minutes MR-1 --format pdf", kNow).code, 2);
  EXPECT_EQ(cw("review minutes MR-9", kNow).code, 2);
  EXPECT_EQ(cw("review minutes MR-1 --out no-such-dir/m.pdf", kNow).code, 2);
  EXPECT_EQ(sh("ls -A | grep -c tmp").out, "0\n");
}

}  // namespace
}  // namespace crosswalk
