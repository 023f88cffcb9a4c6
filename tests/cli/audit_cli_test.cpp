// Internal audits through `crosswalk audit`: a small organization's audit from
// tests/fixtures/audits (its checklist, findings and corrective actions expected beside it), the
// rules that refuse bad records without changing anything, the order of closing a corrective
// action (act, check its effect, close), and the audit report read back as Markdown and through
// poppler's pdftotext; on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

const std::string kFixtures = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/audits/";
const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";

class AuditCli : public CliFixture {
 protected:
  void load_small_org() { run_commands(kFixtures + "small_org.commands", kNow); }
  Outcome refused(const std::string& args) { return CliFixture::refused(args, kNow); }
  json audit() { return ok("--json audit checklist AUDIT-1", kNow).js(); }
  static json by_id(const json& list, const std::string& id) {
    for (const json& x : list)
      if (x["id"] == id) return x;
    ADD_FAILURE() << "no " << id;
    return json::object();
  }
  std::string action_state(const std::string& id) {
    return by_id(ok("--json audit action list", kNow).js(), id)["state"];
  }
  std::string finding_state(const std::string& id) {
    return by_id(ok("--json audit finding list", kNow).js(), id)["state"];
  }
  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
};

TEST_F(AuditCli, ASmallOrganizationsAuditSaysWhatWasFound) {
  load_small_org();
  std::ifstream expected_file(kFixtures + "small_org.expected.json");
  const json expected = json::parse(expected_file);
  const json got = audit();
  EXPECT_EQ(got["summary"], expected["summary"]);
  EXPECT_EQ(got["programme"], "Internal audits 2026-27");
  ASSERT_EQ(got["checklist"].size(), expected["checklist"].size());
  for (std::size_t i = 0; i < got["checklist"].size(); ++i) {
    const json& row = got["checklist"][i];
    const json& want = expected["checklist"][i];
    const std::string requirement =
        row["framework"].get<std::string>() + ":" + row["ref"].get<std::string>();
    EXPECT_EQ(requirement, want["requirement"]) << i;
    EXPECT_EQ(row["result"], want["result"]) << requirement;
    EXPECT_EQ(row["findings"], want["findings"]) << requirement;
    json controls = json::array();
    for (const json& c : row["controls"]) controls.push_back(c["id"]);
    EXPECT_EQ(controls, want["controls"]) << requirement;
  }
  for (const auto& [id, want] : expected["findings"].items()) {
    const json finding = by_id(got["findings"], id);
    EXPECT_EQ(finding["state"], want["state"]) << id;
    EXPECT_EQ(finding["corrective_actions"], want["corrective_actions"]) << id;
  }
  for (const auto& [id, state] : expected["corrective_actions"].items())
    EXPECT_EQ(action_state(id), state) << id;

  // The checklist offers the evidence of a requirement's controls to sample, newest first.
  ok("evidence add --control TEC-13 --note 'Restore test, November' --collected-at 2026-11-20",
     kNow);
  ok("evidence add --control TEC-13 --note 'Restore test, October' --collected-at 2026-10-20",
     kNow);
  const json backup = audit()["checklist"][2];
  ASSERT_EQ(backup["ref"], "A.8.13");
  ASSERT_EQ(backup["evidence"].size(), 2u);
  EXPECT_EQ(backup["evidence"][0]["collected_at"], "2026-11-20T00:00:00Z");
  const std::string sampled = backup["evidence"][0]["id"];

  // A check with the evidence sampled answers the requirement; the unchecked list shrinks.
  ok("audit check add --audit AUDIT-1 --requirement iso27001-2022:A.8.13 --result conforming "
     "--evidence " +
         sampled +
         " --controls TEC-13 --note 'Restore log matches the ticket' --checked-by Sam "
         "--checked-on 2026-12-03",
     kNow);
  const json after = audit();
  EXPECT_EQ(after["checklist"][2]["result"], "conforming");
  EXPECT_EQ(after["checklist"][2]["checks"][0]["evidence"], json({sampled}));
  EXPECT_EQ(after["summary"]["conforming"], 1);
  const std::string unchecked = ok("audit checklist AUDIT-1 --unchecked", kNow).out;
  EXPECT_TRUE(has(unchecked, "iso27001-2022:9.2.1")) << unchecked;
  EXPECT_FALSE(has(unchecked, "A.8.13")) << unchecked;
  EXPECT_TRUE(has(unchecked, "3 of 4 requirements checked, 1 conforming, 1 nonconforming"))
      << unchecked;
}

TEST_F(AuditCli, BadRecordsAreRefusedAndChangeNothing) {
  load_small_org();
  EXPECT_TRUE(has(refused("audit check add --audit AUDIT-1 --requirement iso27001-2022:A.5.1 "
                          "--result conforming --checked-by Sam --checked-on 2026-12-02")
                      .err,
                  "iso27001-2022:A.5.1 is not among the criteria of AUDIT-1"));
  EXPECT_TRUE(has(refused("audit check add --audit AUDIT-1 --requirement iso27001-2022:A.5.15 "
                          "--result nonconforming --checked-by Sam --checked-on 2026-12-02")
                      .err,
                  "field note: a nonconforming result says what was seen"));
  EXPECT_TRUE(has(refused("audit check add --audit AUDIT-1 --requirement iso27001-2022:A.5.15 "
                          "--result wrong")
                      .err,
                  "result"));
  EXPECT_TRUE(has(refused("audit check add --audit AUDIT-1 --requirement iso27001-2022:A.5.15 "
                          "--result conforming --checked-by Sam --checked-on 2026-12-24")
                      .err,
                  "checked_on"));
  EXPECT_TRUE(has(refused("audit finding add --title x --audit AUDIT-1 --type major-nonconformity "
                          "--statement y --raised-by Sam --raised-on 2026-12-02")
                      .err,
                  "field requirements: a nonconformity names the requirement it does not meet"));
  EXPECT_TRUE(has(
      refused(
          "audit finding add --title x --audit AUDIT-1 --type observation "
          "--statement y --raised-by Sam --raised-on 2026-12-02 --requirements iso9001-2015:8.1")
          .err,
      "requirements"));
  EXPECT_TRUE(has(refused("audit add --title x --frameworks iso27001-2022 --requirements "
                          "iso42001-2023:A.6.2.6 --scope s --lead-auditor l --planned-start "
                          "2026-12-01 --status planned")
                      .err,
                  "iso42001-2023:A.6.2.6 is not in a standard audited"));
  EXPECT_TRUE(
      has(refused("audit action add --title x --action y --owner o --due-date 2027-01-01").err,
          "findings"));
  // Closing follows clause 10.2: no closure and no effectiveness verdict before the work is done.
  EXPECT_TRUE(has(refused("audit action edit CA-1 --closed-on 2026-12-03").err,
                  "field closed_on: a corrective action is closed only after its effectiveness "
                  "check"));
  EXPECT_TRUE(has(refused("audit action edit CA-1 --effective yes").err,
                  "field completed_on: an action's effectiveness is checked once it is completed"));
  EXPECT_TRUE(has(refused("audit action edit CA-1 --completed-on 2026-12-02 --root-cause '' ").err,
                  "field root_cause"));

  // A completed audit takes no new checks or findings.
  ok("audit edit AUDIT-1 --status completed --report-date 2026-12-03 --conclusion 'Effective, "
     "one minor nonconformity'",
     kNow);
  EXPECT_TRUE(has(refused("audit check add --audit AUDIT-1 --requirement iso27001-2022:9.2.1 "
                          "--result conforming --checked-by Sam --checked-on 2026-12-02")
                      .err,
                  "field audit: AUDIT-1 is completed"));
  EXPECT_TRUE(has(
      refused(
          "audit finding add --title x --audit AUDIT-1 --type observation "
          "--statement y --raised-by Sam --raised-on 2026-12-02 --requirements iso27001-2022:9.2.1")
          .err,
      "AUDIT-1 is completed"));
}

TEST_F(AuditCli, AnActionClosesAfterItsEffectIsCheckedAndThenTheFindingCloses) {
  load_small_org();
  EXPECT_EQ(action_state("CA-2"), "overdue");
  ok("audit action edit CA-2 --completed-on 2026-12-01 --root-cause 'No periodic account review'",
     kNow);
  EXPECT_EQ(action_state("CA-2"), "awaiting effectiveness check");
  // Found not to work: the action cannot close and stays on the list as ineffective.
  ok("audit action edit CA-2 --effectiveness-check 'Resampled 10 leavers' --effective no "
     "--verified-by Sam --verified-on 2026-12-02",
     kNow);
  EXPECT_EQ(action_state("CA-2"), "not effective");
  EXPECT_TRUE(has(refused("audit action edit CA-2 --closed-on 2026-12-03").err,
                  "the action was not effective"));
  EXPECT_EQ(finding_state("FIND-1"), "in progress");

  ok("audit action edit CA-2 --effective yes --verified-on 2026-12-03 --closed-on 2026-12-03",
     kNow);
  ok("audit action edit CA-1 --completed-on 2026-12-02 --effectiveness-check 'Leaver on 2 Dec "
     "lost VPN the same day' --effective yes --verified-by Sam --verified-on 2026-12-03 "
     "--closed-on 2026-12-03",
     kNow);
  EXPECT_EQ(action_state("CA-1"), "closed");
  EXPECT_EQ(finding_state("FIND-1"), "closed");
  // An opportunity is answered by a response, not a corrective action.
  ok("audit finding edit FIND-2 --response 'Runbook now names the on-call DBA'", kNow);
  EXPECT_EQ(finding_state("FIND-2"), "answered");
  // Every change is journaled and the chain still verifies.
  EXPECT_GE(count("journal", "entity_id = 'CA-2'"), 4);
  ok("journal verify");
}

TEST_F(AuditCli, TheReportSaysWhatTheAuditFound) {
  load_small_org();
  ok("audit edit AUDIT-1 --status completed --report-date 2026-12-03 --conclusion 'The access "
     "process is not effective for leavers; backups are'",
     kNow);
  const std::string markdown = ok("audit report AUDIT-1", kNow).out;
  for (const char* want :
       {"# Internal audit report: Access, backup and AI monitoring audit",
        "AUDIT-1 · completed · generated 2026-12-03T12:00:00Z",
        "| Programme | PROG-1 Internal audits 2026-27 |",
        "The access process is not effective for leavers; backups are",
        "2 of 4 requirements checked: 0 conforming, 1 nonconforming, 1 not verified",
        "| FIND-1 | Minor nonconformity | Leavers keep VPN access: 2 of 10 sampled leavers",
        "CA-1 (open), CA-2 (overdue)", "The leaver ticket never reaches the network team",
        "Drift dashboard owner on leave; to revisit"})
    EXPECT_TRUE(has(markdown, want)) << want << "\n" << markdown;

  ok("audit report AUDIT-1 --out report.pdf", kNow);
  const Outcome text = sh("pdftotext report.pdf - | tr -s ' \\n' '  '");
  ASSERT_EQ(text.code, 0) << text.err;
  for (const char* want :
       {"Internal audit report", "Access, backup and AI monitoring audit",
        "Leavers keep VPN access", "Minor nonconformity", "CA-2", "iso42001-2023 A.6.2.6"})
    EXPECT_TRUE(has(text.out, want)) << want << "\n" << text.out;

  // Markdown to a file; a file that cannot be written: an error and nothing left behind.
  ok("audit report AUDIT-1 --out report.md", kNow);
  EXPECT_EQ(read(dir / "report.md"), markdown);
  const Outcome missing = cw("audit report AUDIT-1 --out no-such-dir/report.pdf", kNow);
  EXPECT_EQ(missing.code, 2) << missing.err;
  EXPECT_TRUE(has(missing.err, "no-such-dir/report.pdf")) << missing.err;
  EXPECT_EQ(cw("audit report AUDIT-1 --format pdf", kNow).code, 2);
  EXPECT_EQ(cw("audit report AUDIT-9", kNow).code, 2);
  EXPECT_EQ(sh("ls -A | grep -c tmp").out, "0\n");
}

}  // namespace
}  // namespace crosswalk
