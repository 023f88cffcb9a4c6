// Incidents through `crosswalk incident`: security and AI incidents recorded as they move from
// reported to closed, the rules that keep the record complete (refused with the field and the
// reason, changing nothing), the notifications the facts suggest, their states over time, and
// corrective actions opened from an incident; on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";
const std::string kLater = "CROSSWALK_NOW=2026-12-20T12:00:00Z";

const std::string kLeak =
    "incident add --title 'Customer list mailed to the wrong partner' --category security "
    "--type data-breach --severity high --status triaged --description 'Export of 200 "
    "customers sent to a partner not party to them' --detected-on 2026-12-02 --reported-by Ana "
    "--handler Sam --personal-data yes";

class IncidentCli : public CliFixture {
 protected:
  Outcome refused(const std::string& args) { return CliFixture::refused(args, kNow); }
  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  static std::vector<std::string> bases(const json& list) {
    std::vector<std::string> out;
    for (const json& n : list) out.push_back(n["basis"]);
    return out;
  }
};

TEST_F(IncidentCli, TheRecordStaysCompleteAsTheIncidentMoves) {
  ok("ai system add --name Scoring --purpose 'Credit scoring' --role provider "
     "--lifecycle-stage deployed --owner ML",
     kNow);
  const std::string ai =
      "incident add --title 'Scores drop for one postcode' --category ai --type biased-output "
      "--severity medium --status reported --description 'Applicants of one postcode scored "
      "lower' --detected-on 2026-12-01 --reported-by Lee --handler Priya";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {ai, "field ai_systems: an AI incident names the AI systems involved"},
      {ai + " --ai-systems AIS-1 --timeline 'yesterday the model failed'",
       "field timeline: \"yesterday the model failed\" does not start with its date"},
      {ai + " --ai-systems AIS-1 --timeline '2026-12-01 25:10 alert'",
       "field timeline: \"2026-12-01 25:10 alert\" does not start with its date"},
      {ai + " --ai-systems AIS-1 --occurred-on 2026-12-02",
       "field detected_on: 2026-12-01 is before it occurred on 2026-12-02"},
      {"incident add --title Later --category security --type malware --severity low --status "
       "reported --description x --detected-on 2026-12-04 --reported-by Lee --handler Sam",
       "field detected_on: 2026-12-04 is in the future"},
      {ai + " --ai-systems AIS-9", "field ai_systems: no AI system 'AIS-9'"},
  };
  for (const auto& [args, message] : cases) EXPECT_TRUE(has(refused(args).err, message)) << args;

  ok(ai + " --ai-systems AIS-1 --timeline '2026-12-01 09:30 handler reports the pattern' "
          "--timeline '2026-12-01 score suppressed for the postcode'",
     kNow);
  EXPECT_TRUE(has(refused("incident edit INC-1 --status resolved").err,
                  "field resolved_on: a resolved incident has the date it was resolved"));
  EXPECT_TRUE(has(refused("incident edit INC-1 --status contained --closed-on 2026-12-03").err,
                  "field closed_on: only a closed incident has a closing date"));
  EXPECT_TRUE(has(refused("incident edit INC-1 --status closed --resolved-on 2026-12-02 "
                          "--closed-on 2026-12-03")
                      .err,
                  "field root_cause: a closed incident states its root cause"));
  EXPECT_TRUE(has(refused("incident edit INC-1 --status closed --resolved-on 2026-12-02 "
                          "--closed-on 2026-12-03 --root-cause 'Postcode leaked into a feature'")
                      .err,
                  "field lessons_learned: a closed incident records the lessons learned"));
  EXPECT_TRUE(has(refused("incident edit INC-1 --status resolved --resolved-on 2026-11-30").err,
                  "field resolved_on: 2026-11-30 is before its detection on 2026-12-01"));

  // The lesson opens a corrective action, which names the incident instead of a finding.
  EXPECT_TRUE(has(refused("audit action add --title 'Drop the feature' --action 'Retrain without "
                          "postcode' --owner Priya --due-date 2026-12-31")
                      .err,
                  "field findings: a corrective action names the findings or incidents it "
                  "corrects"));
  ok("audit action add --title 'Drop the feature' --incidents INC-1 --action 'Retrain without "
     "postcode' --owner Priya --due-date 2026-12-31",
     kNow);
  ok("incident edit INC-1 --status closed --resolved-on 2026-12-02 --closed-on 2026-12-03 "
     "--root-cause 'Postcode leaked into a feature' --lessons-learned 'Review features for "
     "proxies of protected attributes'",
     kNow);
  const json status = ok("--json incident status INC-1", kNow).js();
  EXPECT_EQ(status["open"], false);
  ASSERT_EQ(status["corrective_actions"].size(), 1u);
  EXPECT_EQ(status["corrective_actions"][0]["id"], "CA-1");
  EXPECT_EQ(status["corrective_actions"][0]["state"], "open");
  EXPECT_EQ(status["notifications_not_recorded"].size(), 0u)
      << "a medium AI incident without personal data suggests none";
  ok("journal verify");
}

TEST_F(IncidentCli, NotificationsSuggestedByTheFactsAreTrackedUntilSent) {
  ok(kLeak, kNow);
  Outcome status = cw("--json incident status INC-1", kNow);
  EXPECT_EQ(status.code, 1) << "suggested notifications not recorded fail the check";
  EXPECT_EQ(bases(status.js()["notifications_not_recorded"]),
            (std::vector<std::string>{"gdpr-art-33", "gdpr-art-34"}));
  EXPECT_EQ(status.js()["notifications_not_recorded"][0]["due_on"], "2026-12-05")
      << "72 hours from detection";

  EXPECT_TRUE(has(refused("incident notification add --incident INC-1 --recipient 'Data "
                          "protection authority' --basis gdpr-art-33 --due-on 2026-12-05 "
                          "--sent-on 2026-12-03 --not-needed-because 'Low risk'")
                      .err,
                  "field not_needed_because: a notification that was sent was needed"));
  EXPECT_TRUE(has(refused("incident notification add --incident INC-1 --recipient X --basis "
                          "gdpr-art-33 --due-on 2026-12-05 --sent-on 2026-12-04")
                      .err,
                  "field sent_on: 2026-12-04 is in the future"));
  ok("incident notification add --incident INC-1 --recipient 'Data protection authority' "
     "--basis gdpr-art-33 --due-on 2026-12-05",
     kNow);
  ok("incident notification add --incident INC-1 --recipient 'The 200 customers' --basis "
     "gdpr-art-34 --due-on 2026-12-05 --not-needed-because 'The partner deleted the file within "
     "an hour (Art. 34(3)(b))'",
     kNow);
  status = cw("--json incident status INC-1", kNow);
  EXPECT_EQ(status.code, 0) << status.out;
  EXPECT_EQ(status.js()["notifications"][0]["state"], "due");
  EXPECT_EQ(status.js()["notifications"][1]["state"], "not-needed");

  // Unsent past its due date: overdue, and the check fails again.
  status = cw("--json incident status INC-1", kLater);
  EXPECT_EQ(status.code, 1);
  EXPECT_EQ(status.js()["notifications"][0]["state"], "overdue");
  ok("incident notification edit NOTIF-1 --sent-on 2026-12-04 --reference 'DPA case 2026-118'",
     kLater);
  EXPECT_EQ(cw("incident status INC-1", kLater).code, 0);
}

TEST_F(IncidentCli, ASeriousIncidentOfAHighRiskAISystemIsReportedUnderTheAIAct) {
  ok("ai system add --name Hiring --purpose 'CV screening' --role deployer --lifecycle-stage "
     "deployed --owner HR --eu-ai-act-class high-risk",
     kNow);
  ok("incident add --title 'Screening rejects all applicants over 50' --category ai --type "
     "biased-output --severity critical --status contained --description 'Age proxy in the "
     "model' --detected-on 2026-12-01 --reported-by Recruiter --handler 'ML lead' --ai-systems "
     "AIS-1 --personal-data no",
     kNow);
  const json status = cw("--json incident status INC-1", kNow).js();
  ASSERT_EQ(bases(status["notifications_not_recorded"]),
            std::vector<std::string>{"eu-ai-act-art-73"});
  EXPECT_EQ(status["notifications_not_recorded"][0]["due_on"], "2026-12-16")
      << "15 days from awareness";
  EXPECT_TRUE(has(cw("incident status INC-1", kNow).out, "not recorded"));
}

}  // namespace
}  // namespace crosswalk
