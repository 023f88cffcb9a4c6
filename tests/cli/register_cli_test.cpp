// The registers through `crosswalk risk|asset|supplier|ai system|ai assess|ai event|ai card`:
// a small organization from tests/fixtures/registers (its risks' ratings and statuses expected
// beside it), the rules refusing bad entries without changing anything, concurrent edits,
// links that keep entries from being removed, history, and the model card; on SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

const std::string kFixtures = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/registers/";
const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";

class RegisterCli : public CliFixture {
 protected:
  void load_small_org() { run_commands(kFixtures + "small_org.commands", kNow); }
  Outcome refused(const std::string& args) { return CliFixture::refused(args, kNow); }
};

TEST_F(RegisterCli, ASmallOrganizationsRisksAreRatedOnItsMatrix) {
  load_small_org();
  std::ifstream expected_file(kFixtures + "small_org.expected.json");
  const json expected = json::parse(expected_file);
  const json risks = ok("--json risk list", kNow).js();
  ASSERT_EQ(risks.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json& r = risks[i];
    const json& e = expected[i];
    SCOPED_TRACE(e["id"].get<std::string>());
    EXPECT_EQ(r["id"], e["id"]);
    EXPECT_EQ(r["matrix"], e["matrix"]);
    EXPECT_EQ(std::to_string(r["inherent"]["score"].get<int>()) + " " +
                  r["inherent"]["level"].get<std::string>(),
              e["inherent"]);
    const json& current = r["residual"].is_null() ? r["inherent"] : r["residual"];
    EXPECT_EQ(
        std::to_string(current["score"].get<int>()) + " " + current["level"].get<std::string>(),
        e["current"]);
    EXPECT_EQ(r["status"], e["status"]);
    EXPECT_EQ(r["within_appetite"], e["within_appetite"]);
    EXPECT_EQ(r["review_overdue"], e["review_overdue"]);
  }
  // The matrix was filled in because the organization has one.
  EXPECT_EQ(risks[0]["fields"]["matrix"], "MATRIX-1");

  // The heat map places each risk in its cell.
  const json maps = ok("--json risk heatmap", kNow).js();
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0]["matrix"]["name"], "4x4 board matrix");
  ASSERT_EQ(maps[0]["rows"].size(), 4u);
  // Likelihood 4 (top row), impact 4 (last column): RISK-4.
  EXPECT_EQ(maps[0]["rows"][0][3]["risks"], json::array({"RISK-4"}));
  EXPECT_EQ(maps[0]["rows"][1][3]["risks"], json::array({"RISK-1", "RISK-3"}));
  const json residual = ok("--json risk heatmap --residual", kNow).js();
  EXPECT_EQ(residual[0]["rows"][1][2]["risks"], json::array({"RISK-4"}));
  const Outcome text = ok("risk heatmap", kNow);
  EXPECT_NE(text.out.find("Almost certain"), std::string::npos) << text.out;

  // The risk→control links are what the SoA will give as inclusion reasons.
  EXPECT_EQ(query("SELECT id || ':' || target_id FROM register_links WHERE target_kind = "
                  "'control' ORDER BY id, target_id"),
            "RISK-1:TEC-08\nRISK-1:TEC-13\nRISK-3:AI-17");
  EXPECT_EQ(ok("journal verify").code, 0);
}

TEST_F(RegisterCli, ARiskKeepsTheMatrixItWasRatedOnWhenTheOrganizationAddsOne) {
  const std::string risk =
      "risk add --title T --category security --threat x --cia integrity "
      "--inherent-likelihood 5 --inherent-impact 5 --owner o";
  ok(risk, kNow);
  ok("risk matrix add --name 3x3 --likelihood L --likelihood M --likelihood H --impact L "
     "--impact M --impact H --bands Low:3 --bands High:9 --acceptance-threshold 3",
     kNow);
  ok("risk edit RISK-1 --owner someone", kNow);  // stays on the default 5×5, where 5 fits
  ok(risk.substr(0, risk.find("--inherent")) +
         "--inherent-likelihood 2 --inherent-impact 2 --owner o",
     kNow);
  const json risks = ok("--json risk list", kNow).js();
  EXPECT_EQ(risks[0]["matrix"], "default");
  EXPECT_EQ(risks[0]["inherent"]["level"], "Critical");
  EXPECT_EQ(risks[1]["matrix"], "MATRIX-1");
  EXPECT_EQ(risks[1]["inherent"]["level"], "High");
}

TEST_F(RegisterCli, BadEntriesAreRefusedNamingTheFieldAndChangeNothing) {
  load_small_org();
  EXPECT_NE(refused("risk add --title T --category security --threat x --cia integrity "
                    "--inherent-likelihood 5 --inherent-impact 1 --owner o")
                .err.find("field inherent_likelihood: 5 is above the matrix's 4 levels"),
            std::string::npos);
  EXPECT_NE(refused("risk add --title T --category ai --ai-systems AIS-9 --risk-source bias "
                    "--inherent-likelihood 1 --inherent-impact 1 --owner o")
                .err.find("field ai_systems: no AI system 'AIS-9'"),
            std::string::npos);
  EXPECT_NE(refused("risk edit RISK-3 --accepted-by Dana --accepted-on 2026-12-02")
                .err.find("field accepted_on: assess the residual risk before accepting it"),
            std::string::npos);
  EXPECT_NE(refused("risk edit RISK-1 --accepted-by Dana --accepted-on 2027-01-01")
                .err.find("2027-01-01 is in the future"),
            std::string::npos);
  EXPECT_NE(refused("asset add --name X --type furniture --owner o")
                .err.find("field type: \"furniture\" is not one of"),
            std::string::npos);
  EXPECT_NE(refused("supplier add --name X --supplies cloud").err.find("field owner: required"),
            std::string::npos);
  // A matrix cannot shrink below the levels its risks use.
  EXPECT_NE(refused("risk matrix edit MATRIX-1 --likelihood Low --likelihood High "
                    "--bands Low:4 --bands High:8")
                .err.find("risk RISK-1 is rated on this matrix and would no longer fit"),
            std::string::npos);
}

TEST_F(RegisterCli, AConcurrentEditIsRefusedAndNothingIsLost) {
  load_small_org();
  ok("asset edit ASSET-2 --location Berlin --expect-version 1", kNow);
  const Outcome late = cw("asset edit ASSET-2 --location Paris --expect-version 1", kNow);
  EXPECT_EQ(late.code, 2);
  EXPECT_NE(late.err.find("was changed by"), std::string::npos) << late.err;
  EXPECT_EQ(ok("--json asset show ASSET-2").js()["fields"]["location"], "Berlin");

  // Every version is kept.
  const json history = ok("--json asset history ASSET-2").js();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["version"], 2);
  EXPECT_FALSE(history[1]["fields"].contains("location"));
  const Outcome text = ok("asset history ASSET-2");
  EXPECT_NE(text.out.find("location"), std::string::npos);
}

TEST_F(RegisterCli, EntriesOthersNameCannotBeRemovedAndEventsCannotChange) {
  load_small_org();
  const Outcome r = refused("supplier remove SUP-1");
  EXPECT_NE(r.err.find("still named by AI system AIS-1 (suppliers), risk RISK-4 (suppliers)"),
            std::string::npos)
      << r.err;
  ok("asset add --name Spare --type hardware --owner IT", kNow);
  ok("asset remove ASSET-3", kNow);
  EXPECT_EQ(cw("asset show ASSET-3").code, 2);
  // A removed entry's history stays, and its id is not given out again.
  EXPECT_EQ(ok("--json asset history ASSET-3").js().size(), 2u);
  EXPECT_EQ(ok("asset add --name Other --type hardware --owner IT", kNow).out, "added ASSET-4\n");

  ok("ai event add --ai-system AIS-1 --model-version v3.2 --event trained --actor Priya "
     "--date 2026-11-20 --rationale \"quarterly retrain\"",
     kNow);
  EXPECT_EQ(cw("ai event edit EVT-1 --actor Mallory").code, 2);  // events have no edit command
  EXPECT_NE(cw("ai event remove EVT-1").code, 0);
}

TEST_F(RegisterCli, AnImpactAssessmentRaisesRisksAndAnEditVoidsItsSignOff) {
  load_small_org();
  ok("ai assess add --title \"Credit scoring 2026\" --ai-system AIS-1 --scope \"consumer loans\" "
     "--affected applicants --affected \"co-signers\" "
     "--harms \"5/2 applicants over 60 refused more often\" "
     "--harms \"3/3 no explanation for a refusal\" --residual-impact moderate --decision proceed "
     "--signed-off-by \"Dana (COO)\" --signed-off-on 2026-12-02",
     kNow);
  const json raised = ok("--json ai assess risks AIIA-1", kNow).js();
  EXPECT_EQ(raised["created"], json::array({"RISK-5", "RISK-6"}));
  const json risk = ok("--json risk show RISK-5").js();
  // On the organization's 4×4 matrix: severity 5 of 5 is impact 4, likelihood 2 of 5 is 2.
  EXPECT_EQ(risk["fields"]["inherent_impact"], "4");
  EXPECT_EQ(risk["fields"]["inherent_likelihood"], "2");
  EXPECT_EQ(risk["fields"]["impact_assessment"], "AIIA-1");
  EXPECT_EQ(risk["fields"]["ai_systems"], json::array({"AIS-1"}));
  // Raising again adds nothing.
  EXPECT_EQ(ok("--json ai assess risks AIIA-1", kNow).js()["created"], json::array());

  const Outcome edited = ok("ai assess edit AIIA-1 --scope \"consumer and SME loans\"", kNow);
  EXPECT_NE(edited.err.find("needs a new sign-off"), std::string::npos) << edited.err;
  const json after = ok("--json ai assess show AIIA-1").js();
  EXPECT_FALSE(after["fields"].contains("signed_off_by"));
  EXPECT_EQ(after["version"], 2);
}

TEST_F(RegisterCli, TheModelCardDocumentsOneVersionFromTheRecords) {
  load_small_org();
  ok("ai event add --ai-system AIS-1 --model-version v3.2 --event trained --actor Priya "
     "--date 2026-11-20 --rationale \"retrain on 2024 data\"",
     kNow);
  ok("ai event add --ai-system AIS-1 --model-version v3.2 --event deployment-approved "
     "--actor \"Dana (COO)\" --date 2026-11-25 --rationale \"validation passed\"",
     kNow);
  EXPECT_NE(refused("ai event add --ai-system AIS-1 --model-version v3.2 --event validated "
                    "--actor Priya --date 2026-11-22 --rationale holdout")
                .err.find("field measurements: a validation names the measurements"),
            std::string::npos);
  const Outcome card = ok("ai card AIS-1 --model-version v3.2 --out card.md", kNow);
  std::ifstream in(dir / "card.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string md = text.str();
  EXPECT_NE(md.find("# Model card: Credit scoring, model version v3.2"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2026-11-25 | deployment-approved | Dana (COO) | validation passed |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Deployment of this version was approved"), std::string::npos);
  EXPECT_NE(md.find("RISK-3 Scores disadvantage older applicants | bias | 12 Critical"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("EU AI Act risk class: high-risk"), std::string::npos);
  // The same card as a PDF, its text read back.
  ok("ai card AIS-1 --model-version v3.2 --out card.pdf", kNow);
  const Outcome pdf = sh("pdftotext -layout card.pdf -");
  EXPECT_EQ(pdf.code, 0) << pdf.err;
  EXPECT_NE(pdf.out.find("Model card: Credit scoring, model version v3.2"), std::string::npos)
      << pdf.out;
  EXPECT_NE(pdf.out.find("deployment-approved"), std::string::npos);
  EXPECT_NE(pdf.out.find("RISK-3"), std::string::npos);  // cells wrap: look for short words
  EXPECT_NE(pdf.out.find("12 Critical"), std::string::npos);
  EXPECT_EQ(cw("ai card AIS-1 --model-version v3.2 --format pdf").code, 2);  // needs --out
  // Another version has no record, and the card says so.
  const Outcome other = ok("ai card AIS-1 --model-version v4", kNow);
  EXPECT_NE(other.out.find("No life-cycle event is recorded for this version"), std::string::npos);
  EXPECT_EQ(cw("ai card AIS-7 --model-version v1").code, 2);
}

}  // namespace
}  // namespace crosswalk
