// OSCAL through the CLI, on SQLite and PostgreSQL: NIST's SP 800-53 catalog and MODERATE
// baseline imported as frameworks; a newer catalog re-imported keeping the links to ids that
// remain and saying what changed; malformed documents refused with their JSON path and nothing
// stored; every export valid against NIST's OSCAL 1.2.1 schemas (ajv, tests/oscal) and a
// framework's catalog imported back as the same framework.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

const std::string kShared = std::string(CROSSWALK_SOURCE_DIR) + "/../shared/oscal/";
const std::string kCatalog = kShared + "content/NIST_SP-800-53_rev5_catalog.json";
const std::string kModerate =
    kShared + "content/NIST_SP-800-53_rev5_MODERATE-baseline_profile.json";
const std::string kFixtures = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/oscal/";
const std::string kNow = "CROSSWALK_NOW=2026-12-04T12:00:00Z";

class OscalCli : public CliFixture {
 protected:
  json framework(const std::string& id) { return ok("--json framework show " + id, kNow).js(); }

  // ref -> the fields an import carries (status and links left out).
  std::map<std::string, json> requirements(const std::string& id) {
    std::map<std::string, json> out;
    const json shown = framework(id);
    for (json r : shown["requirements"]) {
      for (const char* k : {"status", "reason", "controls"}) r.erase(k);
      out[r["ref"].get<std::string>()] = r;
    }
    return out;
  }

  Outcome validate(const std::vector<std::string>& files) {
    std::string cmd =
        "node " CROSSWALK_SOURCE_DIR "/tests/oscal/validate.mjs " + kShared + "schema/v1.2.1";
    for (const auto& f : files) cmd += " " + f;
    return sh(cmd);
  }
};

TEST_F(OscalCli, Sp80053AndItsModerateBaselineBecomeFrameworks) {
  json cat =
      ok("--json framework import " + kCatalog + " --id sp800-53 --name 'SP 800-53'", kNow).js();
  EXPECT_EQ(cat["model"], "catalog");
  EXPECT_EQ(cat["requirements"], 1189);
  EXPECT_EQ(cat["withdrawn"], 182);
  EXPECT_TRUE(cat["created"]);
  json mod =
      ok("--json framework import " + kModerate + " --id moderate --catalog " + kCatalog, kNow)
          .js();
  EXPECT_EQ(mod["model"], "profile");
  EXPECT_EQ(mod["requirements"], 287);

  json list = ok("--json framework list", kNow).js();
  std::vector<std::string> ids;
  for (const json& f : list) ids.push_back(f["id"]);
  EXPECT_EQ(ids,
            (std::vector<std::string>{"iso27001-2022", "iso42001-2023", "sp800-53", "moderate"}));

  const json sp = framework("sp800-53");
  const json ac2 = [&] {
    for (const json& r : sp["requirements"])
      if (r["ref"] == "ac-2") return r;
    return json();
  }();
  EXPECT_EQ(ac2["title"], "Account Management");
  EXPECT_EQ(ac2["status"], "not_met");
  EXPECT_NE(
      ac2["statement"].get<std::string>().find("a. Define and document the types of accounts"),
      std::string::npos);

  // Its Statement of Applicability lists the controls in force, not the withdrawn ones.
  EXPECT_NE(ok("soa show sp800-53", kNow).out.find("1007 controls: 1007 applicable"),
            std::string::npos);

  // Exported and imported back, the catalog is the same framework.
  ok("export oscal catalog --framework sp800-53 --out sp.json", kNow);
  ok("framework import sp.json --id sp-copy --name 'SP 800-53'", kNow);
  EXPECT_EQ(requirements("sp-copy"), requirements("sp800-53"));

  // A profile's import is found among imported frameworks by the file it came from.
  json again = ok("--json framework import " + kModerate + " --id moderate-2", kNow).js();
  EXPECT_EQ(again["requirements"], 287);
  EXPECT_EQ(count("journal", "action = 'framework.import'"), 4);
}

TEST_F(OscalCli, ReimportKeepsLinksToWhatRemainsAndSaysWhatChanged) {
  ok("framework import " + kFixtures + "tiny-v1.json --id tiny", kNow);
  ok("control link MS-01 tiny:op-1 tiny:op-2 tiny:op-1.1", kNow);
  ok("requirement decide tiny op-3 --not-applicable --justification 'No clocks here'", kNow);
  ok("requirement decide tiny op-2 --not-applicable --justification 'Logs are elsewhere'", kNow);

  json dry =
      ok("--json framework import " + kFixtures + "tiny-v2.json --id tiny --dry-run", kNow).js();
  EXPECT_EQ(dry["removed"], json::array({"op-2"}));
  EXPECT_EQ(count("requirements", "framework_id = 'tiny'"), 4);  // nothing stored

  json r = ok("--json framework import " + kFixtures + "tiny-v2.json --id tiny", kNow).js();
  EXPECT_FALSE(r["created"]);
  EXPECT_EQ(r["added"], json::array({"op-4"}));
  EXPECT_EQ(r["removed"], json::array({"op-2"}));
  EXPECT_EQ(r["changed"], json::array({"op-1"}));
  EXPECT_EQ(r["dropped_links"],
            json::array({"control MS-01 -> op-2", "applicability decision on op-2"}));

  std::set<std::string> linked;
  const json ms01 = control("MS-01");
  for (const json& l : ms01["requirements"])
    if (l["framework"] == "tiny") linked.insert(l["ref"]);
  EXPECT_EQ(linked, (std::set<std::string>{"op-1", "op-1.1"}));
  EXPECT_EQ(query("SELECT justification FROM requirement_decisions WHERE framework_id = 'tiny'"),
            "No clocks here");
  const auto reqs = requirements("tiny");
  EXPECT_EQ(reqs.at("op-1")["title"], "Backups and restores");
  EXPECT_EQ(reqs.at("op-1.1")["parent"], "op-1");
  EXPECT_EQ(count("journal", "action = 'framework.reimport'"), 1);

  // A built-in framework cannot be replaced or removed; an imported one can.
  refused("framework import " + kFixtures + "tiny-v2.json --id iso27001-2022", kNow);
  refused("framework remove iso42001-2023", kNow);
  ok("framework remove tiny", kNow);
  EXPECT_EQ(count("control_requirements", "framework_id = 'tiny'"), 0);
  EXPECT_EQ(count("frameworks", "id = 'tiny'"), 0);
}

TEST_F(OscalCli, AProfileResolvesBesideItAndSetsItsParameters) {
  json r =
      ok("--json framework import " + kFixtures + "tiny-profile.json --id tiny-base", kNow).js();
  EXPECT_EQ(r["requirements"], 2);
  const auto reqs = requirements("tiny-base");
  EXPECT_EQ(reqs.at("op-1")["statement"], "Back up every system every night.");
  EXPECT_TRUE(reqs.count("op-1.1"));
  EXPECT_FALSE(reqs.count("op-2"));
}

TEST_F(OscalCli, MalformedDocumentsAreRefusedWithTheirPathAndStoreNothing) {
  json doc = json::parse(read(kFixtures + "tiny-v1.json"));
  auto bad = [&](const std::string& name, const json& d) {
    write(name, d.dump());
    return name;
  };
  json dup = doc;
  dup["catalog"]["groups"][0]["controls"][2]["id"] = "op-2";
  json version = doc;
  version["catalog"]["metadata"]["oscal-version"] = "3.0.0";
  json unknown = doc;
  unknown["catalog"]["groups"][0]["controls"][1]["parts"][0]["colour"] = "red";
  json no_title = doc;
  no_title["catalog"]["groups"][0]["controls"][1].erase("title");
  write("broken.json", "{\"catalog\": {\n  \"uuid\": 12,\n}");
  write("results.json",
        R"({"assessment-results": {"uuid": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d"}})");
  json missing = json::parse(read(kFixtures + "tiny-profile.json"));
  missing["profile"]["back-matter"]["resources"][0]["rlinks"][1]["href"] = "nowhere.json";
  json no_control = json::parse(read(kFixtures + "tiny-profile.json"));
  no_control["profile"]["imports"][0]["include-controls"][0]["with-ids"][0] = "op-9";
  write("tiny-v1.json", read(kFixtures + "tiny-v1.json"));

  const std::vector<std::pair<std::string, std::string>> cases = {
      {bad("dup.json", dup),
       "catalog.groups[0].controls[2].id: duplicate id 'op-2', first used at "
       "catalog.groups[0].controls[1].id"},
      {bad("version.json", version),
       "catalog.metadata.oscal-version: OSCAL version '3.0.0' is not one Crosswalk reads"},
      {bad("unknown.json", unknown),
       "catalog.groups[0].controls[1].parts[0].colour: not a field of this OSCAL object"},
      {bad("no-title.json", no_title),
       "catalog.groups[0].controls[1].title: required field is missing"},
      {"broken.json", "broken.json: line 3, column 1: not valid JSON"},
      {"results.json",
       "$.assessment-results: this is an OSCAL assessment-results; `framework import` takes a "
       "catalog or a profile"},
      {bad("missing.json", missing),
       "profile.imports[0].href: cannot resolve 'nowhere.json': no local copy of nowhere.json"},
      {bad("no-control.json", no_control),
       "profile.imports[0].include-controls[0].with-ids[0]: no control 'op-9' in"},
      {kFixtures + "cycle-a.json", "profile imports form a cycle"},
  };
  for (const auto& [file, why] : cases) {
    const Outcome r = refused("framework import " + file + " --id bad", kNow);
    EXPECT_NE(r.err.find(why), std::string::npos) << file << ": " << r.err;
  }
  EXPECT_NE(refused("framework import " + kFixtures + "tiny-v1.json --id 'Bad Id'", kNow)
                .err.find("--id 'Bad Id': use lower-case letters"),
            std::string::npos);
}

TEST_F(OscalCli, ExportsAreValidOscalAndACatalogImportsBackAsTheSameFramework) {
  ok("framework import " + kFixtures + "tiny-v1.json --id tiny", kNow);
  ok("control link MS-01 tiny:op-1", kNow);
  ok("control set-status MS-01 implemented", kNow);
  write("policy.txt", "Backups run nightly.\n");
  ok("evidence add --file policy.txt --control MS-01", kNow);
  std::vector<std::string> files;
  for (const std::string fw : {"iso27001-2022", "iso42001-2023", "tiny"}) {
    ok("export oscal catalog --framework " + fw + " --out " + fw + ".catalog.json", kNow);
    ok("export oscal assessment-results --framework " + fw + " --out " + fw + ".ar.json", kNow);
    ok("export oscal poam --framework " + fw + " --out " + fw + ".poam.json", kNow);
    for (const char* suffix : {".catalog.json", ".ar.json", ".ar.plan.json", ".poam.json"})
      files.push_back(fw + suffix);
  }
  ok("export oscal mapping-collection --out mapping.json", kNow);
  ok("export oscal component-definition --out components.json", kNow);
  files.push_back("mapping.json");
  files.push_back("components.json");
  const Outcome v = validate(files);
  EXPECT_EQ(v.code, 0) << v.out << v.err;

  // Built-in and imported frameworks come back as they went out.
  ok("framework import iso27001-2022.catalog.json --id iso-copy", kNow);
  EXPECT_EQ(requirements("iso-copy"), requirements("iso27001-2022"));
  ok("framework import tiny.catalog.json --id tiny-copy", kNow);
  EXPECT_EQ(requirements("tiny-copy"), requirements("tiny"));

  // Requirement ids OSCAL refuses ("4.1") are encoded, and the evidence is named with its hash.
  const json cat = json::parse(read(dir / "iso27001-2022.catalog.json"));
  EXPECT_EQ(cat["catalog"]["groups"][0]["controls"][0]["id"], "_4.1");
  const json ar = json::parse(read(dir / "tiny.ar.json"));
  const json& result = ar["assessment-results"]["results"][0];
  bool met = false;
  for (const json& f : result["findings"])
    if (f["target"]["target-id"] == "op-1_smt") met = f["target"]["status"]["state"] == "satisfied";
  EXPECT_TRUE(met) << result.dump(1);
  const std::string sha = query("SELECT sha256 FROM evidence");
  EXPECT_NE(ar.dump().find(sha), std::string::npos);
}

}  // namespace
}  // namespace crosswalk
