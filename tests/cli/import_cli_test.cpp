// `crosswalk import`, `rules test`, `collector` and `collect` on real tool outputs from
// ../shared/samples (read in place, never copied), on a temporary data directory, or on a fresh
// PostgreSQL schema when the suite runs there (the pg. tests).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string sample(const std::string& relative) {
  return std::string(CROSSWALK_SOURCE_DIR) + "/../shared/samples/" + relative;
}

const std::string kGcp = sample("ocsf/prowler-example_output_gcp.ocsf.json");
const std::string kArf = sample("xccdf/openscap-test_xccdf_overrides.arf.xml");
const std::string kEmptyRuns = sample("sarif/gitleaks-baseline-empty-runs.sarif");

class ImportCli : public CliFixture {};

// SOURCES.md's worked oracle: three results of one Prowler check on three firewall rules, one
// failing, fail A.8.20; the two other checks cite no ISO control.
TEST_F(ImportCli, ProwlerGcpFailsTheControlCoveringA820) {
  ASSERT_TRUE(covers("TEC-19", "A.8.20"));
  const Outcome r = cw("--json import " + kGcp);
  EXPECT_EQ(r.code, 1) << r.err;  // a check failed
  const json j = r.js();
  EXPECT_EQ(j["status"], "imported");
  EXPECT_EQ(j["format"], "ocsf");
  EXPECT_EQ(j["findings"], 5);
  EXPECT_EQ(j["failed"], 2);
  EXPECT_EQ(j["passed"], 3);
  EXPECT_EQ(j["mapped"], 3);
  ASSERT_EQ(j["check_results"].size(), 1u) << j.dump(2);
  const json& check = j["check_results"][0];
  EXPECT_EQ(check["control"], "TEC-19");
  EXPECT_EQ(check["outcome"], "fail");
  EXPECT_EQ(check["rule"], "iso27001-2022-refs-ocsf");
  EXPECT_NE(check["message"].get<std::string>().find("1 failing, 2 passing"), std::string::npos);
  EXPECT_TRUE(j["unadopted_templates"].empty());

  // Findings, the check result and the file as evidence, all recorded.
  const std::string id = j["id"];
  EXPECT_EQ(count("findings", "import_id = '" + id + "'"), 5);
  EXPECT_EQ(count("findings", "import_id = '" + id + "' AND controls LIKE '% TEC-19 %'"), 3);
  EXPECT_EQ(query("SELECT outcome || ' ' || source FROM check_results"), "fail import:" + id);
  ASSERT_TRUE(j["evidence"].is_string());
  const json evidence = ok("--json evidence list --control TEC-19").js();
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0]["id"], j["evidence"]);
  EXPECT_EQ(evidence[0]["source"], "import");
  EXPECT_TRUE(blob_stored(evidence[0]["sha256"]));

  // Once implemented, the control is failing because of it.
  ok("control set-status TEC-19 implemented");
  const json shown = control("TEC-19");
  EXPECT_EQ(shown["status"], "failing");
  EXPECT_NE(shown["reason"].get<std::string>().find("Cloud posture checks"), std::string::npos)
      << shown["reason"];
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

// SCAP Security Guide rules cite ISO/IEC 27001:2013 only (through the SSG table): the import
// reaches 2022 controls through the 2013-to-2022 translation.
TEST_F(ImportCli, SsgArfResultsReach2022ControlsThroughThe2013Table) {
  ASSERT_TRUE(covers("TEC-02", "A.8.2"));
  ASSERT_TRUE(covers("TEC-17", "A.8.17"));
  const Outcome r = cw("--json import " + kArf);
  EXPECT_EQ(r.code, 1) << r.err;
  const json j = r.js();
  // 28 rule results: 4 not selected (no finding), 12 fail, 11 pass, 1 not checked.
  EXPECT_EQ(j["format"], "xccdf");
  EXPECT_EQ(j["findings"], 24);
  EXPECT_EQ(j["failed"], 12);
  EXPECT_EQ(j["passed"], 11);
  EXPECT_EQ(j["not_applicable"], 1);
  EXPECT_EQ(j["mapped"], 22);  // no_uidzero_except_root and no_hashes_outside_shadow: no ISO ref
  std::map<std::string, json> by_control;
  for (const json& c : j["check_results"]) {
    EXPECT_EQ(c["rule"], "iso27001-2022-refs-xccdf") << c.dump();
    by_control[c["control"]] = c;
  }
  ASSERT_TRUE(by_control.count("TEC-02"));
  EXPECT_EQ(by_control["TEC-02"]["outcome"], "fail");
  // Clock synchronisation: SSG's ntpd rules cite 2013's A.12.4.4 only, which is 2022's A.8.17.
  ASSERT_TRUE(by_control.count("TEC-17"));
  EXPECT_EQ(by_control["TEC-17"]["outcome"], "fail");
  EXPECT_NE(by_control["TEC-17"]["message"].get<std::string>().find("ntpd"), std::string::npos);

  // The stored findings keep the 2013 references and their 2022 translations.
  const json tags = json::parse(
      query("SELECT tags FROM findings WHERE rule_id LIKE '%content_rule_service_ntpd_enabled'"));
  const std::set<std::string> t(tags.begin(), tags.end());
  EXPECT_TRUE(t.count("iso27001-2013:a.12.4.4")) << tags;
  EXPECT_TRUE(t.count("iso27001-2022:a.8.17")) << tags;

  // Every mapping goes through a 2022 reference, and `rules test` predicts exactly this import.
  const json test = ok("--json rules test --limit 100 " + kArf).js();
  std::set<std::string> predicted;
  for (const json& v : test["verdicts"]) predicted.insert(v["template"].get<std::string>());
  std::set<std::string> recorded;
  for (const auto& [control, c] : by_control) recorded.insert(control);
  EXPECT_EQ(predicted, recorded);
  ASSERT_EQ(test["findings"].size(), 24u);
  for (const json& f : test["findings"])
    for (const json& hit : f["maps_to"])
      EXPECT_EQ(hit["via"].get<std::string>().rfind("iso27001-2022:a.", 0), 0u) << hit;
}

// A SARIF log whose run list is empty: no tool ran, so nothing is proven and nothing passes.
TEST_F(ImportCli, AnEmptyRunListProvesNothing) {
  const Outcome r = cw("--json import " + kEmptyRuns);
  EXPECT_EQ(r.code, 0) << r.err;
  const json j = r.js();
  EXPECT_EQ(j["status"], "imported");
  EXPECT_EQ(j["findings"], 0);
  EXPECT_TRUE(j["check_results"].empty());
  EXPECT_TRUE(j["evidence"].is_null());
  EXPECT_NE(j["warnings"].dump().find("no tool run"), std::string::npos) << j["warnings"];
  EXPECT_EQ(count("check_results"), 0);
  EXPECT_EQ(count("findings"), 0);
  EXPECT_EQ(count("evidence"), 0);
  EXPECT_EQ(count("imports"), 1);  // in the history, as an import that proved nothing
  const Outcome text = cw("import " + kEmptyRuns);
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("No check result"), std::string::npos) << text.out;
}

TEST_F(ImportCli, ATruncatedFileIsRefusedWithItsPlaceAndOnlyTheRefusalIsKept) {
  const std::string gcp = read(kGcp);
  const std::string arf = read(kArf);
  write("cut.ocsf.json", gcp.substr(0, 3000));
  write("cut.arf.xml", arf.substr(0, 20000));
  const int journal_before = count("journal");

  const Outcome json_cut = cw("import cut.ocsf.json");
  EXPECT_EQ(json_cut.code, 2);
  EXPECT_NE(json_cut.err.find("cut.ocsf.json: byte 3000 (line "), std::string::npos)
      << json_cut.err;
  EXPECT_NE(json_cut.err.find("truncated"), std::string::npos) << json_cut.err;
  const Outcome xml_cut = cw("import cut.arf.xml");
  EXPECT_EQ(xml_cut.code, 2);
  EXPECT_NE(xml_cut.err.find("cut.arf.xml: line "), std::string::npos) << xml_cut.err;
  EXPECT_NE(xml_cut.err.find("truncated"), std::string::npos) << xml_cut.err;
  EXPECT_EQ(xml_cut.out, "");

  EXPECT_EQ(count("findings"), 0);
  EXPECT_EQ(count("check_results"), 0);
  EXPECT_EQ(count("checks"), 0);
  EXPECT_EQ(count("evidence"), 0);
  EXPECT_EQ(query("SELECT filename FROM imports WHERE error <> '' ORDER BY filename"),
            "cut.arf.xml\ncut.ocsf.json");
  EXPECT_EQ(count("imports", "error = ''"), 0);
  EXPECT_NE(query("SELECT error FROM imports WHERE filename = 'cut.ocsf.json'").find("byte 3000"),
            std::string::npos);
  EXPECT_EQ(count("journal"), journal_before + 2);
  EXPECT_EQ(
      query("SELECT DISTINCT action FROM journal WHERE seq > " + std::to_string(journal_before)),
      "import.refuse");
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

TEST_F(ImportCli, AFormatThatDoesNotMatchTheContentIsAClearError) {
  struct Case {
    std::string file, format, says;
  };
  const std::vector<Case> cases = {
      {kGcp, "sarif", "expected a SARIF log (a JSON object)"},
      {kGcp, "xccdf", "not an XML document: it starts with '[' (JSON?)"},
      {kGcp, "junit", "not an XML document: it starts with '['"},
      {sample("sarif/semgrep-with_source.sarif"), "ocsf", "not an OCSF event"},
      {sample("sarif/semgrep-with_source.sarif"), "xccdf", "not an XML document"},
      {sample("trivy/alpine-310.json"), "sarif", "not a SARIF log"},
      {sample("asff/securityhub-config_many_findings.json"), "ocsf", "not an OCSF event"},
      {kArf, "ocsf", "expected a JSON value, found '<'"},
      {kArf, "junit", "not a JUnit document: the root element is <asset-report-collection>"},
      {sample("junit/dorny-jest-junit.xml"), "xccdf",
       "not an XCCDF or ARF document: the root element is <testsuites>"},
  };
  for (const Case& c : cases) {
    const Outcome r = cw("import --format " + c.format + " " + c.file);
    EXPECT_EQ(r.code, 2) << c.format << " " << c.file << "\n" << r.out;
    EXPECT_NE(r.err.find(fs::path(c.file).filename().string() + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.format << " " << c.file << ": " << r.err;
    // `rules test` reads the file the same way.
    const Outcome t = cw("rules test --format " + c.format + " " + c.file);
    EXPECT_EQ(t.code, 2) << t.out;
    EXPECT_NE(t.err.find(c.says), std::string::npos) << t.err;
  }
  const Outcome unknown = cw("import --format csv " + kGcp);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("--format 'csv': sarif, ocsf, xccdf, junit or auto"),
            std::string::npos)
      << unknown.err;
  EXPECT_EQ(count("findings"), 0);
  EXPECT_EQ(count("check_results"), 0);
  EXPECT_EQ(count("evidence"), 0);
  EXPECT_EQ(count("imports", "error = ''"), 0);
  EXPECT_EQ(count("imports"), static_cast<int>(cases.size()));  // each refusal, in the history
}

TEST_F(ImportCli, RulesTestShowsTheMappingAndRecordsNothing) {
  const std::string before = dump_database();
  const Outcome text = ok("rules test " + kGcp);
  EXPECT_NE(text.out.find("5 findings in 1 run(s); 2 map to no control template"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("TEC-19 (iso27001-2022-refs-ocsf via iso27001-2022:a.8.20)"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("apikeys_key_exists"), std::string::npos);
  const json j = ok("--json rules test " + kGcp).js();
  EXPECT_EQ(j["summary"]["findings"], 5);
  EXPECT_EQ(j["unmapped"], 2);
  ASSERT_EQ(j["verdicts"].size(), 1u);
  EXPECT_EQ(j["verdicts"][0]["template"], "TEC-19");
  EXPECT_EQ(j["verdicts"][0]["outcome"], "fail");
  ASSERT_EQ(j["findings"].size(), 5u);
  EXPECT_TRUE(j["findings"][0]["maps_to"].empty());
  EXPECT_EQ(j["findings"][4]["maps_to"][0]["via"], "iso27001-2022:a.8.20");
  EXPECT_EQ(ok("--json rules test --limit 2 " + kGcp).js()["findings"].size(), 2u);
  write("cut.ocsf.json", read(kGcp).substr(0, 1000));
  EXPECT_EQ(cw("rules test cut.ocsf.json").code, 2);  // not even a refusal is recorded
  EXPECT_EQ(dump_database(), before);
}

TEST_F(ImportCli, ImportingTheSameFileAgainExtendsOneHistoryPerCheck) {
  const json first = cw("--json import " + kGcp).js();
  const Outcome again = cw("import " + kGcp);
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.out.find("TEC-19"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("fail"), std::string::npos) << again.out;
  const json third = cw("--json import " + kGcp).js();
  const std::string check = first["check_results"][0]["check"];
  EXPECT_EQ(check, "rule:iso27001-2022-refs-ocsf:prowler@TEC-19");
  EXPECT_EQ(third["check_results"][0]["check"], check);
  EXPECT_NE(third["id"], first["id"]);
  EXPECT_EQ(query("SELECT id FROM checks"), check);
  EXPECT_EQ(count("check_results", "check_id = '" + check + "'"), 3);
  EXPECT_EQ(count("imports"), 3);
  EXPECT_EQ(count("findings"), 15);

  // Another scope is another check, with its own history.
  const json scoped = cw("--json import --scope prod-gcp " + kGcp).js();
  EXPECT_EQ(scoped["check_results"][0]["check"],
            "rule:iso27001-2022-refs-ocsf:prowler:prod-gcp@TEC-19");
  EXPECT_EQ(count("checks"), 2);
  const Outcome bad = cw("import --scope 'prod gcp' " + kGcp);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("scope 'prod gcp'"), std::string::npos) << bad.err;
  EXPECT_EQ(count("imports"), 4);
}

TEST_F(ImportCli, AFileCollectorRecordsARunACheckResultAndEvidence) {
  const std::string policy = dir / "policy.txt";
  write("policy.txt", "Information security policy, approved by the board.\n");
  EXPECT_NE(ok("collector add policy --name 'Security policy' --kind file --control ORG-01 "
               "--config '{\"path\": \"" +
               policy + "\", \"review_every_days\": 365}'")
                .out.find("Added collector policy"),
            std::string::npos);
  const json runs = ok("--json collect policy").js();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["collector"], "policy");
  EXPECT_EQ(runs[0]["trigger"], "cli");
  EXPECT_EQ(runs[0]["outcome"], "pass");
  EXPECT_NE(runs[0]["message"].get<std::string>().find("sha256"), std::string::npos);
  ASSERT_TRUE(runs[0]["evidence"].is_string());

  const json listed = ok("--json collector runs policy").js();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], runs[0]["id"]);
  EXPECT_EQ(query("SELECT outcome || ' ' || source FROM check_results"), "pass collector:policy");
  const json evidence = ok("--json evidence list --control ORG-01").js();
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0]["id"], runs[0]["evidence"]);
  EXPECT_TRUE(blob_stored(evidence[0]["sha256"]));
  ok("control set-status ORG-01 implemented");
  EXPECT_EQ(control("ORG-01")["status"], "operating");

  // Past its review date the document fails its check, and `collect` says so.
  const Outcome late = cw("--json collect policy", "CROSSWALK_NOW=2099-01-01");
  EXPECT_EQ(late.code, 1) << late.err;
  EXPECT_EQ(late.js()[0]["outcome"], "fail");
  EXPECT_NE(late.js()[0]["message"].get<std::string>().find("past its review date"),
            std::string::npos);
  EXPECT_EQ(ok("--json collector runs policy").js().size(), 2u);
  EXPECT_EQ(cw("collect no-such-collector").code, 2);
  EXPECT_TRUE(ok("--json journal verify").js()["ok"]);
}

TEST_F(ImportCli, ACommandCollectorThatOverrunsItsTimeoutIsKilledAndReported) {
  ok("collector add slow --name 'Slow scan' --kind command --control TEC-08 "
     "--config '{\"argv\": [\"/bin/sleep\", \"4242\"], \"timeout_seconds\": 1}'");
  const auto start = std::chrono::steady_clock::now();
  const Outcome r = cw("--json collect slow");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(15));
  EXPECT_EQ(r.code, 1) << r.err;  // undecided is not a pass
  const json runs = r.js();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["outcome"], "error");
  EXPECT_NE(runs[0]["message"].get<std::string>().find("killed after 1 s timeout"),
            std::string::npos)
      << runs[0]["message"];
  EXPECT_EQ(sh("pgrep -f '^/bin/sleep 4242$'").out, "");  // nothing left running
  EXPECT_EQ(ok("--json collector runs slow").js()[0]["outcome"], "error");
  EXPECT_EQ(query("SELECT outcome || ' ' || source FROM check_results"), "error collector:slow");
  ok("control set-status TEC-08 implemented");
  EXPECT_EQ(control("TEC-08")["status"], "failing");
}

}  // namespace
}  // namespace crosswalk
