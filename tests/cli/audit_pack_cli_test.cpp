// The audit pack through `crosswalk export audit-pack` and `crosswalk verify audit-pack`: what
// the zip holds for a small organization (the audit fixture of tests/fixtures/audits plus an
// evidence file), every file as the manifest says, and each way of tampering with it (one byte
// changed, a file removed or added, the manifest edited, the archive damaged) named by verify;
// an export that cannot be written leaves nothing; on SQLite and PostgreSQL. And the journal's
// filters (what, who, when).
#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "zip_files.h"

namespace crosswalk {
namespace {

using testing::read_zip;
using testing::write_zip;

const std::string kAudits = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/audits/";
const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";
const std::string kPolicy = "Backup policy: nightly, restored quarterly.\n";

class AuditPackCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    run_commands(kAudits + "small_org.commands", kNow);
    write("backup-policy.txt", kPolicy);
    ok("evidence add --control TEC-13 --file backup-policy.txt --valid-days 365", kNow);
  }
  std::string pack() { return dir / "pack.zip"; }
  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  Outcome verify(const std::string& path) { return cw("--json verify audit-pack " + path); }
  static json problems(const Outcome& o) { return o.js()["problems"]; }
};

TEST_F(AuditPackCli, HoldsWhatAnAuditorAsksForAndVerifies) {
  const json made =
      ok("--json export audit-pack --framework iso27001-2022 --out " + pack(), kNow).js();
  const auto files = read_zip(pack());
  const json manifest = json::parse(files.at("manifest.json"));
  EXPECT_EQ(manifest["format"], "crosswalk-audit-pack");
  EXPECT_EQ(manifest["frameworks"], json({"iso27001-2022"}));
  EXPECT_EQ(manifest["files"].size(), files.size() - 1) << "every file but the manifest listed";
  EXPECT_EQ(made["files"], manifest["files"].size());
  for (const char* name :
       {"readiness/iso27001-2022.json", "readiness/iso27001-2022.pdf", "gaps/iso27001-2022.json",
        "risks.json", "soa/soa-iso27001-2022-v1-draft.csv", "soa/soa-iso27001-2022-v1-draft.xlsx",
        "soa/soa-iso27001-2022-v1-draft.pdf", "audits/audit-report-AUDIT-1.pdf",
        "audits/AUDIT-1.json", "registers/corrective_action.json", "registers/incident.json",
        "evidence/index.json"})
    EXPECT_TRUE(files.count(name)) << name;
  EXPECT_FALSE(files.count("soa/soa-iso42001-2023-v1-draft.csv")) << "only the scope's SoA";
  // The readiness report names what is not met and why.
  write("readiness.pdf", files.at("readiness/iso27001-2022.pdf"));
  const std::string report = sh("pdftotext readiness.pdf -").out;
  EXPECT_TRUE(has(report, "Readiness: ISO/IEC 27001")) << report.substr(0, 300);
  EXPECT_TRUE(has(report, "Requirements not met")) << report.substr(0, 300);
  // The evidence file itself, byte for byte, under its id.
  const json index = json::parse(files.at("evidence/index.json"));
  std::string in_pack;
  for (const json& e : index)
    if (e.contains("file_in_pack")) in_pack = e["file_in_pack"];
  ASSERT_FALSE(in_pack.empty()) << index.dump(2);
  EXPECT_EQ(files.at(in_pack), kPolicy);
  EXPECT_EQ(json::parse(files.at("registers/corrective_action.json")).size(), 2u);
  // The gap list holds requirements not met, each with its reason.
  const json gaps = json::parse(files.at("gaps/iso27001-2022.json"));
  ASSERT_FALSE(gaps.empty());
  EXPECT_NE(gaps[0]["status"], "met");
  EXPECT_FALSE(gaps[0]["reason"].get<std::string>().empty());
  // The journal's head as it was when the pack was made.
  const json last =
      ok("--json journal list --after " + std::to_string(manifest["journal"]["seq"].get<int>() - 1))
          .js();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(manifest["journal"]["head_hash"], last[0]["hash"]);

  const Outcome checked = verify(pack());
  EXPECT_EQ(checked.code, 0) << checked.out;
  EXPECT_EQ(checked.js()["ok"], true);
  EXPECT_EQ(checked.js()["key_id"], made["key_id"]);
  EXPECT_EQ(checked.js()["key_id"],
            ok("--json export audit-pack --out " + (dir / "all.zip"), kNow).js()["key_id"])
      << "one organization key signs every pack";
}

TEST_F(AuditPackCli, VerifyNamesEveryFileThatWasTamperedWith) {
  ok("export audit-pack --out " + pack(), kNow);
  const auto files = read_zip(pack());
  const std::string altered = dir / "altered.zip";

  // One byte of one file changed, the archive rebuilt around it.
  auto changed = files;
  changed.at("risks.json")[1] ^= 0x01;
  write_zip(altered, changed);
  Outcome r = verify(altered);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(problems(r), json::parse(R"([{"file":"risks.json","problem":"altered"}])"));
  EXPECT_TRUE(has(cw("verify audit-pack " + altered).out, "risks.json: altered"));

  auto removed = files;
  removed.erase("audits/AUDIT-1.json");
  removed["notes.txt"] = "added later";
  write_zip(altered, removed);
  r = verify(altered);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(problems(r), json::parse(R"([{"file":"audits/AUDIT-1.json","problem":"missing"},
                            {"file":"notes.txt","problem":"not in the manifest"}])"));

  // The manifest edited to match an altered file: its signature no longer holds.
  auto forged = changed;
  json manifest = json::parse(forged.at("manifest.json"));
  for (json& f : manifest["files"])
    if (f["path"] == "risks.json") f["sha256"] = "0" + f["sha256"].get<std::string>().substr(1);
  forged["manifest.json"] = manifest.dump(2);
  write_zip(altered, forged);
  r = verify(altered);
  EXPECT_EQ(r.code, 1);
  ASSERT_EQ(problems(r).size(), 2u) << r.out;
  EXPECT_EQ(problems(r)[0]["file"], "manifest.json");
  EXPECT_TRUE(has(problems(r)[0]["problem"], "the signature does not match")) << r.out;
  EXPECT_EQ(problems(r)[1]["file"], "risks.json");

  // A byte of the archive itself damaged: the entry it falls in fails its check.
  std::string raw;
  {
    std::ifstream in(pack(), std::ios::binary);
    raw.assign(std::istreambuf_iterator<char>(in), {});
  }
  raw[raw.size() / 2] ^= 0x5a;
  write("damaged.zip", raw);
  r = verify(dir / "damaged.zip");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_FALSE(r.js()["problems"].empty());

  write("not-a-pack.zip", "PK not really");
  r = cw("verify audit-pack " + (dir / "not-a-pack.zip"));
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "not a readable zip archive")) << r.err;
}

TEST_F(AuditPackCli, AnExportThatCannotBeWrittenLeavesNothing) {
  Outcome r = cw("export audit-pack --out " + (dir / "no-such-dir/pack.zip"), kNow);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "no-such-dir/pack.zip")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "no-such-dir"));
  // A full disk, as a file size limit: the archive cannot be written, and nothing is left. (On
  // SQLite the limit already stops the database, whose file is larger than the limit.)
  ok("export audit-pack --out " + (dir / "first.zip"), kNow);  // the signing key exists now
  r = sh("trap '' XFSZ; ulimit -f 40; " + kNow + " " CROSSWALK_BINARY " --data " + data +
         " export audit-pack --out " + pack());
  EXPECT_EQ(r.code, 2);
  if (db.postgres()) {
    EXPECT_TRUE(has(r.err, "pack.zip: cannot write the archive")) << r.err;
  }
  std::filesystem::remove(dir / "first.zip");
  r = cw("export audit-pack --framework iso9001 --out " + pack(), kNow);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "unknown framework 'iso9001'")) << r.err;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find("pack.zip"), std::string::npos)
        << entry.path() << " left behind";
}

TEST_F(AuditPackCli, TheJournalIsFilteredByWhatWhoAndWhen) {
  ok("risk add --title Ransomware --category security --threat ransomware --cia availability "
     "--inherent-likelihood 3 "
     "--inherent-impact 4 --owner CISO",
     kNow);
  const json risks = ok("--json journal list --entity risk").js();
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0]["entity_id"], "RISK-1");
  const json findings = ok("--json journal list --entity audit_finding --entity-id FIND-1").js();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0]["action"], "audit_finding.create");
  const std::string me = findings[0]["actor"];
  EXPECT_GT(ok("--json journal list --actor " + me).js().size(), 5u);
  EXPECT_EQ(ok("--json journal list --actor nobody").js().size(), 0u);
  const std::string today = findings[0]["at"].get<std::string>().substr(0, 10);
  EXPECT_EQ(
      ok("--json journal list --entity risk --since " + today + " --until " + today).js().size(),
      1u)
      << "the last day counts whole";
  EXPECT_EQ(ok("--json journal list --entity risk --until 2000-01-01").js().size(), 0u);
  Outcome r = cw("journal list --since 2026-13-01");
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, "since: \"2026-13-01\" is not a date")) << r.err;
  r = cw("journal list --since 2026-12-03 --until 2026-12-01");
  EXPECT_TRUE(has(r.err, "until: 2026-12-01 is before since 2026-12-03")) << r.err;
}

}  // namespace
}  // namespace crosswalk
