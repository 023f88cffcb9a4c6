// `crosswalk ai measure …`, `ai measurements` and `ai verify` on the fixtures of
// tests/fixtures/measure (see its README for the numbers built into them): from a CSV file to a
// signed evidence item and failing checks on the controls it proves, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

std::string fixture(const std::string& name) {
  return std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/measure/" + name;
}

const std::string kHiring = fixture("hiring_validation.csv");
const std::string kFairness =
    "ai measure fairness " + kHiring + " --label hired --prediction predicted --sensitive sex";

class AiCli : public CliFixture {
 protected:
  // The control adopted from a template (the catalog's AI controls keep the template's id).
  std::string control_of(const std::string& template_id) {
    for (const json& c : ok("--json control list").js())
      if (c.value("template", "") == template_id) return c["id"];
    ADD_FAILURE() << "no control from template " << template_id;
    return "";
  }
  static const json& disparity(const json& view, const std::string& metric) {
    for (const json& d : view["disparities"])
      if (d["metric"] == metric) return d;
    throw std::runtime_error("no " + metric);
  }
};

TEST_F(AiCli, FairnessOfAPredictionLogIsMeasuredWithoutRecordingAnything) {
  const Outcome r = cw("--json " + kFairness);
  EXPECT_EQ(r.code, 1) << r.err;  // the default limits fail
  const json j = r.js();
  EXPECT_EQ(j["kind"], "fairness");
  EXPECT_EQ(j["inputs"][0]["rows"], 400);
  EXPECT_EQ(j["inputs"][0]["sha256"].get<std::string>().size(), 64u);
  const json& view = j["fairness"]["views"][0];
  EXPECT_NEAR(disparity(view, "demographic_parity_difference")["value"].get<double>(), 0.12, 1e-12);
  EXPECT_NEAR(disparity(view, "disparate_impact_ratio")["value"].get<double>(), 0.76, 1e-12);
  EXPECT_NEAR(disparity(view, "equalized_odds_difference")["value"].get<double>(), 0.24, 1e-12);
  EXPECT_EQ(disparity(view, "disparate_impact_ratio")["verdict"], "fail");
  EXPECT_EQ(view["groups"][0]["counts"]["tp"], 56);
  EXPECT_EQ(view["groups"][0]["rates"]["tpr"]["denominator"], 100);
  EXPECT_EQ(j["fairness"]["verdict"], "fail");
  EXPECT_EQ(j["quality"]["verdict"], "pass");
  EXPECT_FALSE(j.contains("recorded"));
  EXPECT_EQ(count("measurements"), 0);

  // Limits are policy: looser ones pass.
  const Outcome loose = cw(kFairness +
                           " --max-dp-difference 0.15 --max-eo-difference none "
                           "--min-disparate-impact 0.75");
  EXPECT_EQ(loose.code, 0) << loose.out << loose.err;
  EXPECT_NE(loose.out.find("Fairness: pass"), std::string::npos) << loose.out;
}

TEST_F(AiCli, ARecordedMeasurementIsSignedEvidenceAndFailsTheControlsItProves) {
  const std::string vv = control_of("AI-17");
  const std::string quality = control_of("AI-23");
  const Outcome r = cw("--json " + kFairness + " --record --subject 'hiring-model v2'");
  EXPECT_EQ(r.code, 1) << r.err;
  const json j = r.js();
  ASSERT_TRUE(j.contains("recorded")) << j.dump(2);
  const std::string id = j["recorded"]["measurement"];
  const std::string evidence = j["recorded"]["evidence"];
  std::map<std::string, std::string> outcome_of;
  for (const json& c : j["recorded"]["checks"]) outcome_of[c["control"]] = c["outcome"];
  EXPECT_EQ(outcome_of[vv], "fail");
  EXPECT_EQ(outcome_of[control_of("AI-11")], "fail");
  EXPECT_EQ(outcome_of[quality], "pass");
  EXPECT_EQ(count("check_results", "source = 'measurement:" + id + "'"), 3);
  EXPECT_EQ(query("SELECT kind || ' ' || subject || ' ' || verdict FROM measurements"),
            "fairness hiring-model v2 fail");

  // Implemented, the verification-and-validation control now fails because of it.
  ok("control set-status " + vv + " implemented");
  const json shown = ok("--json control show " + vv).js();
  EXPECT_EQ(shown["status"], "failing");
  EXPECT_NE(shown["reason"].get<std::string>().find("hiring-model v2"), std::string::npos)
      << shown["reason"];

  const json list = ok("--json ai measurements").js();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], id);
  EXPECT_EQ(list[0]["evidence"], evidence);
  EXPECT_EQ(list[0]["inputs"][0]["rows"], 400);

  // The evidence file is the signed document; anyone can check it, and a changed number shows.
  const std::string doc = dir / "measurement.json";
  ok("evidence export " + evidence + " --out " + doc);
  const json signed_doc = json::parse(read(doc));
  EXPECT_EQ(signed_doc["measurement"]["id"], id);
  EXPECT_EQ(signed_doc["signature"]["algorithm"], "ed25519");
  EXPECT_NE(ok("ai verify " + doc).out.find("signature valid"), std::string::npos);
  json tampered = signed_doc;
  tampered["fairness"]["views"][0]["disparities"][0]["value"] = 0.01;
  write("tampered.json", tampered.dump(2));
  const Outcome bad = cw("ai verify " + (dir / "tampered.json"));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("the document was altered"), std::string::npos) << bad.err;

  // A second run reuses the signing key and adds to the same checks' history.
  cw(kFairness + " --record --subject 'hiring-model v2'");
  EXPECT_EQ(count("signing_keys"), 1);
  EXPECT_EQ(count("checks", "id LIKE 'measurement:fairness:hiring-model v2:%'"), 3);
  EXPECT_EQ(count("check_results", "source LIKE 'measurement:%'"), 6);
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

TEST_F(AiCli, DriftAndQualityAreMeasuredAndRecorded) {
  const Outcome drift = cw("--json ai measure drift " + fixture("scores_reference.csv") + " " +
                           fixture("scores_current.csv") + " --record --subject 'hiring inputs'");
  EXPECT_EQ(drift.code, 1) << drift.err;
  const json d = drift.js();
  EXPECT_EQ(d["drift"]["verdict"], "fail");
  ASSERT_EQ(d["drift"]["columns"].size(), 2u);
  EXPECT_EQ(d["drift"]["columns"][0]["type"], "numeric");
  EXPECT_NEAR(d["drift"]["columns"][0]["ks"]["statistic"].get<double>(), 0.24, 1e-12);
  // age_band goes from 1/2 to 1/4: PSI = 1/4·ln 2 + 1/4·ln(3/2).
  EXPECT_NEAR(d["drift"]["columns"][1]["psi"].get<double>(),
              0.25 * std::log(2.0) + 0.25 * std::log(1.5), 1e-12);
  EXPECT_EQ(d["recorded"]["checks"][0]["control"], control_of("AI-19"));

  const Outcome quality =
      cw("--json ai measure quality " + kHiring + " --range score=0.2:1 --record --subject hiring");
  EXPECT_EQ(quality.code, 1) << quality.err;
  const json q = quality.js();
  EXPECT_EQ(q["quality"]["columns"][5]["out_of_range"], 10);  // 0.18 … 0.196, five per group
  EXPECT_EQ(count("measurements"), 2);
}

TEST_F(AiCli, BadInputNamesColumnAndRowAndStoresNothing) {
  write("bad.csv", "hired,predicted,sex\n1,1,F\n0,maybe,M\n");
  const Outcome r = cw("ai measure fairness " + (dir / "bad.csv") +
                       " --label hired --prediction predicted --sensitive sex --record "
                       "--subject x");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("column 'predicted', row 3: 'maybe' is not a binary value"),
            std::string::npos)
      << r.err;
  const Outcome missing = cw(kFairness + " --weight w --record --subject x");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("the weight column 'w' is not in the header"), std::string::npos)
      << missing.err;
  const Outcome bad_subject = cw(kFairness + " --record --subject \"$(printf 'model\\377')\"");
  EXPECT_EQ(bad_subject.code, 2);
  EXPECT_NE(bad_subject.err.find("the subject must be UTF-8 text"), std::string::npos)
      << bad_subject.err;
  const Outcome no_subject = cw(kFairness + " --record");
  EXPECT_EQ(no_subject.code, 2);
  EXPECT_NE(no_subject.err.find("--record needs --subject"), std::string::npos);
  EXPECT_EQ(count("measurements"), 0);
  EXPECT_EQ(count("evidence"), 0);
}

}  // namespace
}  // namespace crosswalk

namespace crosswalk {
namespace {

// An AI system's own limits are the defaults of its measurements; an option given for one run
// still wins.
TEST_F(AiCli, AnAiSystemsLimitsJudgeItsMeasurements) {
  ok("ai system add --name Hiring --purpose \"rank applicants\" --role deployer "
     "--lifecycle-stage deployed --owner Priya --min-disparate-impact 0.75 "
     "--max-parity-difference 0.15");
  const std::string run = kFairness + " --max-eo-difference none";
  EXPECT_EQ(cw(run).code, 1);  // defaults: disparate impact 0.76 < 0.8, parity 0.12 > 0.1
  const Outcome judged = cw("--json " + run + " --subject AIS-1");
  EXPECT_EQ(judged.code, 0) << judged.out << judged.err;
  const json limit = judged.js()["parameters"]["policy"]["limits"]["min_disparate_impact_ratio"];
  EXPECT_EQ(limit["value"], 0.75);
  EXPECT_EQ(limit["source"], "AI system AIS-1");
  EXPECT_EQ(cw(run + " --subject AIS-1 --min-disparate-impact 0.8").code, 1);
  EXPECT_EQ(cw(run + " --subject some-other-model").code, 1);
}

}  // namespace
}  // namespace crosswalk
