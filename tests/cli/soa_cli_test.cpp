// The Statement of Applicability through `crosswalk soa` and `requirement decide`: a small
// organization from tests/fixtures/soa (its rows expected beside it), the rules that refuse bad
// decisions without changing anything, approval versions, and the CSV, XLSX and PDF exports read
// back (CSV by the CSV reader, XLSX unzipped with libzip, PDF through poppler's pdftotext); on
// SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <zip.h>

#include "cli_fixture.h"
#include "measure/csv_reader.h"

namespace crosswalk {
namespace {

const std::string kFixtures = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/soa/";
const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";

class SoaCli : public CliFixture {
 protected:
  void load_small_org() { run_commands(kFixtures + "small_org.commands", kNow); }
  Outcome refused(const std::string& args) { return CliFixture::refused(args, kNow); }
  json row(const json& soa, const std::string& ref) {
    for (const json& r : soa["rows"])
      if (r["ref"] == ref) return r;
    ADD_FAILURE() << "no row " << ref;
    return json::object();
  }
};

// The text of one entry of a zip archive (an XLSX workbook).
std::string zip_entry(const std::string& path, const std::string& name) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) return "<not a zip: " + std::to_string(err) + ">";
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name.c_str(), 0)) {
    char buf[8192];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
  } else {
    out = "<no entry " + name + ">";
  }
  zip_close(z);
  return out;
}

TEST_F(SoaCli, ASmallOrganizationsSoaSaysWhatItDecided) {
  load_small_org();
  std::ifstream expected_file(kFixtures + "small_org.expected.json");
  const json expected = json::parse(expected_file);
  const json soa = ok("--json soa show iso27001-2022", kNow).js();
  EXPECT_EQ(soa["summary"], expected["summary"]);
  EXPECT_EQ(soa["status"], "draft");
  EXPECT_EQ(soa["version"], 1);
  for (const auto& [ref, want] : expected["rows"].items()) {
    const json got = row(soa, ref);
    for (const auto& [field, value] : want.items()) {
      if (field == "risks" || field == "controls") {
        json ids = json::array();
        for (const json& x : got[field]) ids.push_back(x["id"]);
        EXPECT_EQ(ids, value) << ref << " " << field;
      } else {
        EXPECT_EQ(got[field], value) << ref << " " << field;
      }
    }
  }
  // The risk's treatment and the control treating it are named on the row.
  const json backup = row(soa, "A.8.13");
  EXPECT_EQ(backup["risks"][0]["treatment"], "modify");
  EXPECT_EQ(backup["risks"][0]["control"], "TEC-13");
  EXPECT_EQ(soa["without_reason"].size(), 88u);  // 91 applicable, 3 with a reason

  // Both standards in one statement: every Annex A control of each, framework by framework.
  const json combined = ok("--json soa show combined", kNow).js();
  EXPECT_EQ(combined["summary"]["rows"], 93 + 38);
  EXPECT_EQ(combined["frameworks"], json({"iso27001-2022", "iso42001-2023"}));
  EXPECT_EQ(combined["rows"][93]["framework"], "iso42001-2023");
  EXPECT_NE(cw("soa show iso9001", kNow)
                .err.find("there is one for: iso27001-2022, "
                          "iso42001-2023, combined"),
            std::string::npos);
}

TEST_F(SoaCli, BadDecisionsAreRefusedAndChangeNothing) {
  load_small_org();
  EXPECT_NE(refused("requirement decide iso27001-2022 6.1.3 --not-applicable --justification x")
                .err.find("clauses 4–10 can never be excluded"),
            std::string::npos);
  EXPECT_NE(refused("requirement decide iso27001-2022 A.5.3 --not-applicable")
                .err.find("needs a justification"),
            std::string::npos);
  EXPECT_NE(refused("requirement decide iso27001-2022 A.5.3 --reason risk-treatment")
                .err.find("risk treatment comes from the risk register"),
            std::string::npos);
  EXPECT_NE(refused("requirement decide iso27001-2022 A.5.3 --reason cheap")
                .err.find("'cheap' is not a reason"),
            std::string::npos);
  EXPECT_NE(refused("requirement decide iso27001-2022 A.5.3 --review-by 2027-13-45")
                .err.find("is not a date"),
            std::string::npos);
  EXPECT_NE(refused("requirement decide iso27001-2022 A.5.3").err.find("nothing to decide"),
            std::string::npos);
  // Free text goes to the journal, JSON and exported files: UTF-8 without control characters.
  EXPECT_NE(refused("requirement decide iso27001-2022 A.5.3 --reason-note \"$(printf 'caf\\351')\"")
                .err.find("--reason-note: not valid UTF-8 text"),
            std::string::npos);
  EXPECT_NE(refused("requirement decide iso27001-2022 A.7.2 --not-applicable --justification "
                    "\"$(printf 'a\\033[31m')\"")
                .err.find("--justification: contains a control character"),
            std::string::npos);
}

TEST_F(SoaCli, ApprovalFixesAVersionAndAChangeMakesTheNextADraft) {
  load_small_org();
  const json v1 = ok("--json soa approve iso27001-2022", "CROSSWALK_NOW=2026-12-04 USER=dana").js();
  EXPECT_EQ(v1["version"], 1);
  EXPECT_EQ(v1["status"], "approved");
  EXPECT_EQ(v1["approved"]["approved_by"], "cli:dana");
  EXPECT_EQ(v1["approved"]["approved_at"], "2026-12-04T00:00:00Z");
  // Approving it unchanged again is refused, naming the version.
  EXPECT_NE(refused("soa approve iso27001-2022")
                .err.find("version 1 (approved by cli:dana on "
                          "2026-12-04) already says this"),
            std::string::npos);
  // New evidence changes a live column, not the statement: still version 1, approved.
  ok("evidence add --control ORG-02 --note 'Roles assigned' --collected-at 2026-12-05", kNow);
  json soa = ok("--json soa show iso27001-2022", kNow).js();
  EXPECT_EQ(soa["status"], "approved");
  EXPECT_EQ(row(soa, "A.5.2")["latest_evidence"], "2026-12-05T00:00:00Z");
  // A decision changes the statement: a draft of version 2 until approved.
  ok("requirement decide iso27001-2022 A.5.2 --reason good-practice", kNow);
  soa = ok("--json soa show iso27001-2022", kNow).js();
  EXPECT_EQ(soa["status"], "draft");
  EXPECT_EQ(soa["version"], 2);
  EXPECT_EQ(soa["approved"]["version"], 1);
  EXPECT_NE(ok("soa show iso27001-2022", kNow)
                .out.find("version 2 (draft); changed since "
                          "version 1 approved on 2026-12-04"),
            std::string::npos);
  ok("soa approve iso27001-2022", "CROSSWALK_NOW=2026-12-06 USER=dana");
  const json history = ok("--json soa history iso27001-2022", kNow).js();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["version"], 2);
  EXPECT_EQ(history[0]["current"], true);
  EXPECT_EQ(history[1]["version"], 1);
  EXPECT_NE(history[0]["statement_sha256"], history[1]["statement_sha256"]);
  // Each approval is journaled, with the document as it was kept in the database.
  EXPECT_EQ(count("journal", "action = 'soa.approve'"), 2);
  EXPECT_EQ(count("soa_approvals", "scope = 'iso27001-2022'"), 2);
  ok("journal verify");
  // The combined statement has versions of its own.
  EXPECT_EQ(ok("--json soa show combined", kNow).js()["status"], "draft");
}

TEST_F(SoaCli, ExportsReadBackAsWhatTheSoaSays) {
  load_small_org();
  ok("soa approve iso27001-2022", "CROSSWALK_NOW=2026-12-04 USER=dana");

  ok("soa export iso27001-2022 --out soa.csv", kNow);
  std::vector<std::vector<std::string>> rows;
  auto read = measure::read_csv(
      dir / "soa.csv",
      [&](const std::vector<std::string>& header) {
        EXPECT_EQ(header.size(), 13u);
        EXPECT_EQ(header[1], "Control");
        EXPECT_EQ(header[6], "Exclusion justification");
        return Status::Ok();
      },
      [&](const measure::CsvRow& r) {
        rows.emplace_back(r.fields.begin(), r.fields.end());
        return Status::Ok();
      });
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(rows.size(), 93u);
  auto csv_row = [&](const std::string& ref) {
    for (const auto& r : rows)
      if (r[1] == ref) return r;
    ADD_FAILURE() << "no CSV row " << ref;
    return std::vector<std::string>(13);
  };
  EXPECT_EQ(csv_row("A.7.4")[4], "no");
  EXPECT_EQ(csv_row("A.7.4")[6], "Fully remote: no premises of our own to monitor");
  EXPECT_EQ(csv_row("A.8.13")[5],
            "risk treatment: RISK-1 Ransomware encrypts the customer database (modify, TEC-13)");
  EXPECT_EQ(csv_row("A.8.13")[7], "implemented");
  EXPECT_EQ(csv_row("A.8.13")[11], "2026-11-20");
  EXPECT_EQ(csv_row("A.5.31")[5],
            "legal or regulatory requirement; contractual obligation; GDPR; customer MSAs");
  EXPECT_EQ(csv_row("A.5.31")[12], "2027-06-30");

  ok("soa export iso27001-2022 --out soa.xlsx", kNow);
  const std::string strings = zip_entry(dir / "soa.xlsx", "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Statement of Applicability: ISO/IEC 27001:2022"), std::string::npos);
  EXPECT_NE(strings.find("Version 1, approved by cli:dana on 2026-12-04"), std::string::npos);
  EXPECT_NE(strings.find("Fully remote: no premises of our own to monitor"), std::string::npos);
  const std::string sheet = zip_entry(dir / "soa.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<autoFilter ref=\"A5:M98\""), std::string::npos) << sheet.substr(0, 600);

  ok("soa export iso27001-2022 --format pdf --out statement.pdf", kNow);
  // Table cells wrap: the text is compared with every run of spaces and line breaks as one space.
  const Outcome text = sh("pdftotext statement.pdf - | tr -s ' \\n' '  '");
  ASSERT_EQ(text.code, 0) << text.err;
  for (const char* want :
       {"Statement of Applicability", "Version 1, approved by cli:dana on 2026-12-04",
        "A.8 Technological controls", "A.7.4 Physical security", "no premises of our own",
        "RISK-1 Ransomware encrypts", "91 applicable, 2 excluded"})
    EXPECT_NE(text.out.find(want), std::string::npos) << want;

  // A file that cannot be written: an error, and nothing left behind; a bad format: refused.
  ok("soa export iso27001-2022 --out old.csv", kNow);
  const Outcome missing = cw("soa export iso27001-2022 --out no-such-dir/soa.pdf", kNow);
  EXPECT_EQ(missing.code, 2) << missing.err;
  EXPECT_NE(missing.err.find("no-such-dir/soa.pdf"), std::string::npos) << missing.err;
  EXPECT_EQ(cw("soa export iso27001-2022 --out soa.docx", kNow).code, 2);
  EXPECT_EQ(sh("ls -A | grep -c tmp").out, "0\n");
}

}  // namespace
}  // namespace crosswalk
