// XCCDF 1.1/1.2 and ARF 1.1 importer, on OpenSCAP's own files, and the XML reader's defences.
#include <gtest/gtest.h>

#include <regex>

#include "domain/time.h"
#include "ingest/xccdf_tags.h"
#include "temp_dir.h"
#include "xml_import_helpers.h"

namespace crosswalk::testing {
namespace {

using domain::FindingStatus;
using ingest::Format;

Imported xccdf(const std::string& path, const ingest::ImportOptions& options = {}) {
  return run_import(Format::kXccdf, path, options);
}

// ---- every sample, whole output compared with its golden file --------------------------------

TEST(XccdfImport, EverySampleMatchesItsGolden) {
  expect_samples_match_goldens(Format::kXccdf, "xccdf", 6);
}

TEST(XccdfImport, TinyReadsGiveTheSameOutput) {
  expect_chunked_reads_agree(Format::kXccdf, "xccdf", {1, 7, 500});
}

TEST(XccdfImport, EveryFindingPointsAtItsRuleResult) {
  for (const std::string& name : sample_names("xccdf")) {
    const std::string bytes = read_file(sample("xccdf/" + name));
    for (const domain::Finding& f : xccdf(sample("xccdf/" + name)).findings) {
      ASSERT_LT(f.offset, static_cast<std::int64_t>(bytes.size()));
      const std::string tag = bytes.substr(f.offset, 40);
      EXPECT_TRUE(tag.starts_with("<rule-result ") || tag.starts_with("<xccdf:rule-result "))
          << name << " @" << f.offset << ": " << tag;
      EXPECT_NE(tag.find(f.rule_id.substr(0, 20)), std::string::npos) << tag;
    }
  }
}

// ---- what the files say, read from the files themselves --------------------------------------

TEST(XccdfImport, ArfWithOverridesSkipsNotSelectedRules) {
  // 28 rule-results: fail 12, pass 11, notchecked 1, notselected 4.
  const Imported got = xccdf(sample("xccdf/openscap-test_xccdf_overrides.arf.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 24u);
  EXPECT_EQ(got.count(FindingStatus::kFail), 12);
  EXPECT_EQ(got.count(FindingStatus::kPass), 11);
  EXPECT_EQ(got.count(FindingStatus::kNotApplicable), 1);
  EXPECT_FALSE(got.find("xccdf_org.ssgproject.content_rule_no_root_webbrowsing"));
  EXPECT_TRUE(
      has(got.summary->warnings, "4 rules not selected (not part of the profile): no finding"));
  EXPECT_TRUE(has(got.summary->warnings, "times without a time zone read as UTC"));

  const domain::Finding* f = got.find("xccdf_org.ssgproject.content_rule_sshd_disable_root_login");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, FindingStatus::kFail);
  EXPECT_EQ(f->rule_name, "SSH Root Login Disabled");
  EXPECT_EQ(f->severity, "medium");
  EXPECT_EQ(f->tool, "OpenSCAP");  // from target-facts: the TestResult has no test-system
  EXPECT_EQ(f->tool_version, "1.0.9");
  EXPECT_EQ(f->resource, "localhost.localdomain");
  EXPECT_EQ(at(*f->observed_at), "2014-10-17T09:07:55Z");
  EXPECT_EQ(f->tags, (std::vector<std::string>{"ssg:sshd_disable_root_login", "nist800-53:ac-6(2)",
                                               "nist800-53:ia-2(1)", "cci:cci-000770"}));
  const domain::Finding* nc = got.find("xccdf_org.ssgproject.content_rule_no_direct_root_logins");
  ASSERT_TRUE(nc);
  EXPECT_EQ(nc->status, FindingStatus::kNotApplicable);
  EXPECT_EQ(nc->status_detail, "notchecked");

  ASSERT_EQ(got.summary->runs.size(), 1u);
  EXPECT_EQ(got.summary->runs[0].findings, 24);
  EXPECT_TRUE(got.summary->runs[0].completed);
  EXPECT_EQ(at(*got.summary->runs[0].started_at), "2014-10-17T09:07:43Z");
  EXPECT_EQ(got.summary->bytes, 338127);
}

TEST(XccdfImport, TestResultRootWithOnlyNotSelectedGivesNoFinding) {
  const Imported got = xccdf(sample("xccdf/openscap-rds_testresult-results-xccdf.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  EXPECT_TRUE(got.findings.empty());
  EXPECT_TRUE(
      has(got.summary->warnings, "395 rules not selected (not part of the profile): no finding"));
  ASSERT_EQ(got.summary->runs.size(), 1u);  // the run happened; it proves nothing
  EXPECT_EQ(got.summary->runs[0].findings, 0);
  EXPECT_EQ(got.summary->runs[0].tool, "XCCDF");
}

TEST(XccdfImport, JoinsIdentsAndReferencesByIdref) {
  const Imported got = xccdf(sample("xccdf/openscap-results-idents-refs.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  const domain::Finding& f = got.findings[0];
  EXPECT_EQ(f.rule_id, "xccdf_moc.elpmaxe.www_rule_1");
  EXPECT_EQ(f.status, FindingStatus::kFail);
  EXPECT_EQ(f.tags,
            (std::vector<std::string>{"ref:referencereferencereference", "ident:identidentident"}));
  EXPECT_EQ(f.resource, "Test Target");
  EXPECT_EQ(f.tool, "XCCDF");
}

TEST(XccdfImport, AcceptsTheXccdf11Namespace) {
  const Imported got = xccdf(sample("xccdf/openscap-xccdf11-results.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].rule_id, "ssh_server_disabled");
  EXPECT_EQ(got.findings[0].rule_name, "Disable SSH Server If Possible (Unusual)");
  EXPECT_EQ(got.findings[0].severity, "low");
  EXPECT_EQ(got.findings[0].status, FindingStatus::kPass);
  EXPECT_EQ(got.findings[0].resource, "mars (192.168.1.116)");
}

TEST(XccdfImport, TestSystemNamesTheToolAndZonesAreApplied) {
  const Imported got = xccdf(sample("xccdf/openscap-report-xccdf_multi_check.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  const domain::Finding& f = got.findings[0];
  EXPECT_EQ(f.tool, "OpenSCAP");
  EXPECT_EQ(f.tool_version, "1.3.5");
  EXPECT_EQ(f.severity, "");  // "unknown"
  EXPECT_EQ(at(*f.observed_at), "2021-12-09T10:36:09Z");
  EXPECT_TRUE(got.summary->warnings.empty());
}

TEST(XccdfImport, ArfReportFindsTestResultInReports) {
  const Imported got = xccdf(sample("xccdf/openscap-report-arf_simple_rule_fail.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].status, FindingStatus::kFail);
  EXPECT_EQ(got.findings[0].rule_id, "xccdf_com.example.www_rule_test-fail");
  EXPECT_EQ(got.findings[0].resource, "rh-hony (10.43.12.70)");
}

// ---- semantics on small made-up files ----------------------------------------------------------

constexpr const char* kHead = R"(<?xml version="1.0"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b">
)";

std::string rule_result(const std::string& idref, const std::string& result,
                        const std::string& extra = "") {
  return "<rule-result idref=\"" + idref + "\" time=\"2024-05-01T10:00:00Z\"><result>" + result +
         "</result>" + extra + "</rule-result>\n";
}

class XccdfMadeUp : public ::testing::Test {
 protected:
  Imported import(const std::string& xml, const ingest::ImportOptions& options = {}) {
    write_file(dir_ / "r.xml", xml);
    return xccdf(dir_ / "r.xml", options);
  }
  TempDir dir_;
};

TEST_F(XccdfMadeUp, ResultWordsMapToStatuses) {
  std::string xml = std::string(kHead) + "<TestResult id=\"t\">";
  const char* words[] = {"pass",          "fixed",      "fail",          "error",      "unknown",
                         "notapplicable", "notchecked", "informational", "notselected"};
  for (const char* w : words) xml += rule_result(std::string("r_") + w, w);
  const Imported got = import(xml + "</TestResult></Benchmark>");
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 8u);
  const std::pair<FindingStatus, std::string> want[] = {
      {FindingStatus::kPass, ""},
      {FindingStatus::kPass, "fixed"},
      {FindingStatus::kFail, ""},
      {FindingStatus::kError, ""},
      {FindingStatus::kError, "unknown"},
      {FindingStatus::kNotApplicable, "notapplicable"},
      {FindingStatus::kNotApplicable, "notchecked"},
      {FindingStatus::kNotApplicable, "informational"}};
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(got.findings[i].status, want[i].first) << words[i];
    EXPECT_EQ(got.findings[i].status_detail, want[i].second) << words[i];
  }
  EXPECT_TRUE(
      has(got.summary->warnings, "1 rules not selected (not part of the profile): no finding"));
  EXPECT_TRUE(
      has(got.summary->warnings, "8 rule-results refer to rules missing from the Benchmark"));
}

TEST_F(XccdfMadeUp, LastOverrideWinsAndTheOriginalIsKept) {
  const std::string overrides =
      "<override time=\"2024-05-02T00:00:00Z\" authority=\"ciso\"><old-result>fail</old-result>"
      "<new-result>notapplicable</new-result><remark>waived</remark></override>"
      "<override time=\"2024-05-03T00:00:00Z\" authority=\"ciso\"><old-result>fail</old-result>"
      "<new-result>pass</new-result><remark>fixed by hand</remark></override>";
  const Imported got = import(std::string(kHead) + "<TestResult id=\"t\">" +
                              rule_result("r1", "fail", overrides) + "</TestResult></Benchmark>");
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].status, FindingStatus::kPass);
  EXPECT_EQ(got.findings[0].status_detail, "overridden from fail");
}

TEST_F(XccdfMadeUp, MultiCheckRuleResultsMakeOneFindingAndAnyFailFails) {
  const Imported got =
      import(std::string(kHead) +
             "<Rule id=\"r1\" severity=\"high\"><title>One</title></Rule>"
             "<TestResult id=\"t\">" +
             rule_result("r1", "pass") + rule_result("r1", "fail") + rule_result("r1", "pass") +
             rule_result("r2", "pass") + "</TestResult></Benchmark>");
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 2u);
  EXPECT_EQ(got.findings[0].rule_id, "r1");
  EXPECT_EQ(got.findings[0].status, FindingStatus::kFail);
  EXPECT_EQ(got.findings[0].severity, "high");
  EXPECT_EQ(got.summary->runs[0].findings, 2);
  // The finding points at the first of the rule's results.
  EXPECT_LT(got.findings[0].offset, got.findings[1].offset);
}

TEST_F(XccdfMadeUp, TestResultBeforeItsBenchmarkIsStillJoined) {
  const std::string xml = R"(<arf:asset-report-collection
      xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1"
      xmlns:x="http://checklists.nist.gov/xccdf/1.2">
    <arf:reports><arf:report id="r"><arf:content>
      <x:TestResult id="t" test-system="cpe:2.3:a:redhat:openscap:1.3.7:*:*:*:*:*:*:*">
        <x:rule-result idref="xccdf_org.ssgproject.content_rule_a" time="2024-05-01T10:00:00+02:00">
          <x:result>fail</x:result><x:ident system="http://cce.mitre.org">CCE-1-2</x:ident>
        </x:rule-result>
      </x:TestResult>
    </arf:content></arf:report></arf:reports>
    <arf:report-requests><arf:report-request id="q"><arf:content>
      <x:Benchmark id="b"><x:Group id="g"><x:Group id="g2">
        <x:Rule id="xccdf_org.ssgproject.content_rule_a" severity="low">
          <x:title>  A   rule </x:title>
          <x:reference href="https://www.iso.org/standard/54534.html">A.12.6.1, A.14.2.3 A.9.1</x:reference>
          <x:reference href="https://www.iso.org/standard/82875.html">A.8.8</x:reference>
          <x:reference href="http://example.org">ISO/IEC 27001:2022 A.5.1</x:reference>
          <x:reference href="https://public.cyber.mil/stigs/cci/">CCI-000366</x:reference>
          <x:reference href="https://www.cisecurity.org/">1.2.3</x:reference>
          <x:ident system="http://cce.mitre.org">CCE-27445-6</x:ident>
        </x:Rule></x:Group></x:Group>
      </x:Benchmark>
    </arf:content></arf:report-request></arf:report-requests>
  </arf:asset-report-collection>)";
  const Imported got = import(xml);
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  const domain::Finding& f = got.findings[0];
  EXPECT_EQ(f.rule_name, "A rule");
  EXPECT_EQ(f.severity, "low");
  EXPECT_EQ(f.tool, "OpenSCAP");
  EXPECT_EQ(f.tool_version, "1.3.7");
  EXPECT_EQ(at(*f.observed_at), "2024-05-01T08:00:00Z");
  EXPECT_EQ(f.tags, (std::vector<std::string>{
                        "ssg:a", "iso27001-2013:a.12.6.1", "iso27001-2013:a.14.2.3",
                        "iso27001-2013:a.9.1", "iso27001-2022:a.8.8", "iso27001-2022:a.5.1",
                        "cci:cci-000366", "ref:1.2.3", "cce:cce-27445-6", "cce:cce-1-2"}));
  EXPECT_TRUE(got.summary->warnings.empty());
}

TEST_F(XccdfMadeUp, MissingOrUnknownResultIsRefusedWithItsLine) {
  Imported got = import(std::string(kHead) + "<TestResult id=\"t\">\n<rule-result idref=\"a\"/>" +
                        "</TestResult></Benchmark>");
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_CONTAINS(got.status().message(), "line 4: rule-result a has no result");
  got = import(std::string(kHead) + "<TestResult id=\"t\">" + rule_result("a", "maybe") +
               "</TestResult></Benchmark>");
  EXPECT_CONTAINS(got.status().message(), "unknown result \"maybe\"");
}

TEST_F(XccdfMadeUp, SinkErrorStopsTheImport) {
  write_file(dir_ / "r.xml", std::string(kHead) + "<TestResult id=\"t\">" +
                                 rule_result("a", "pass") + rule_result("b", "fail") +
                                 rule_result("c", "fail") + "</TestResult></Benchmark>");
  int calls = 0;
  const auto got = ingest::import_xccdf(dir_ / "r.xml",
                                        [&](domain::Finding&&) {
                                          ++calls;
                                          return Status::Conflict("database says no");
                                        },
                                        {});
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got.status().code(), Status::Code::kConflict);
  EXPECT_EQ(got.status().message(), "database says no");
}

TEST_F(XccdfMadeUp, WrongRootIsNotAnXccdfDocument) {
  const Imported got = xccdf(sample("junit/dorny-jest-junit.xml"));
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_CONTAINS(got.status().message(),
                  "not an XCCDF or ARF document: the root element is <testsuites>");
  const Imported other = import("<Benchmark xmlns=\"urn:other\"/>");
  EXPECT_CONTAINS(other.status().message(), "in namespace urn:other");
}

TEST_F(XccdfMadeUp, ProgressReportsBytes) {
  std::vector<std::int64_t> seen;
  ingest::ImportOptions options;
  options.progress = [&](std::int64_t b) { seen.push_back(b); };
  const Imported got = xccdf(sample("xccdf/openscap-test_xccdf_overrides.arf.xml"), options);
  ASSERT_TRUE(got.status().ok());
  ASSERT_GE(seen.size(), 2u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 338127);
}

// ---- hostile and broken files ------------------------------------------------------------------

TEST_F(XccdfMadeUp, TruncatedSamplesFailWithLineAndColumn) {
  for (const std::string& name : sample_names("xccdf")) {
    const std::string bytes = read_file(sample("xccdf/" + name));
    for (double cut : {0.1, 0.37, 0.5, 0.81, 0.999}) {
      SCOPED_TRACE(name + " cut at " + std::to_string(cut));
      const Imported got = import(bytes.substr(0, static_cast<std::size_t>(bytes.size() * cut)));
      EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
      EXPECT_TRUE(
          std::regex_match(got.status().message(), std::regex("line [0-9]+, column [0-9]+: .+")))
          << got.status().message();
    }
  }
}

TEST_F(XccdfMadeUp, BillionLaughsIsRefusedBeforeExpansion) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
  for (int i = 1; i < 10; ++i)
    xml += " <!ENTITY lol" + std::to_string(i) + " \"" + [&] {
      std::string s;
      for (int j = 0; j < 10; ++j) s += "&lol" + (i > 1 ? std::to_string(i - 1) : "") + ";";
      return s;
    }() + "\">\n";
  xml += "]>\n<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\">&lol9;</Benchmark>\n";
  const Imported got = import(xml);
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(got.status().message(), "line 3: entity declarations are not accepted");
}

TEST_F(XccdfMadeUp, ExternalEntityIsNeverRead) {
  const Imported got = import(
      "<?xml version=\"1.0\"?><!DOCTYPE b [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\"><Rule id=\"r\"><title>&xxe;"
      "</title></Rule><TestResult><rule-result idref=\"r\"><result>pass</result></rule-result>"
      "</TestResult></Benchmark>");
  EXPECT_EQ(got.status().message(), "line 1: entity declarations are not accepted");
  EXPECT_TRUE(got.findings.empty());
  // A parameter entity and an external DTD are no way around it either.
  const Imported pe = import(
      "<!DOCTYPE b [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><TestResult "
      "xmlns=\"http://checklists.nist.gov/xccdf/1.2\"/>");
  EXPECT_EQ(pe.status().message(), "line 1: entity declarations are not accepted");
  const Imported dtd = import(
      "<!DOCTYPE TestResult SYSTEM \"file:///etc/passwd\"><TestResult "
      "xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"t\"/>");
  ASSERT_TRUE(dtd.status().ok()) << dtd.status().message();  // declared, never loaded
  EXPECT_EQ(dtd.jsonl().find("root:"), std::string::npos);
  // An undeclared entity stays an error.
  const Imported undeclared =
      import("<TestResult xmlns=\"http://checklists.nist.gov/xccdf/1.2\">&x;</TestResult>");
  EXPECT_EQ(undeclared.status().code(), Status::Code::kInvalidInput);
}

TEST_F(XccdfMadeUp, Utf16IsRefusedClearly) {
  const std::string utf16("\xFF\xFE<\0?\0x\0", 8);
  const Imported got = import(utf16);
  EXPECT_CONTAINS(got.status().message(), "line 1: UTF-16, UTF-32 and EBCDIC documents");
}

TEST_F(XccdfMadeUp, FilesThatCannotBeReadAreIoErrors) {
  EXPECT_EQ(xccdf(dir_ / "missing.xml").status().code(), Status::Code::kIoError);
  EXPECT_EQ(xccdf(dir_.path()).status().code(), Status::Code::kIoError);
  EXPECT_EQ(import("").status().code(), Status::Code::kInvalidInput);
}

// ---- helpers -----------------------------------------------------------------------------------

TEST(XccdfTags, ToolFromTestSystem) {
  EXPECT_EQ(ingest::tool_from_test_system("cpe:/a:redhat:openscap:1.0.8").name, "OpenSCAP");
  EXPECT_EQ(ingest::tool_from_test_system("cpe:/a:redhat:openscap:1.0.8").version, "1.0.8");
  EXPECT_EQ(ingest::tool_from_test_system("cpe:/a:acme:scanner").name, "scanner");
  EXPECT_EQ(ingest::tool_from_test_system("My Scanner 2").name, "My Scanner 2");
}

TEST(XccdfTags, IdentsAndReferences) {
  std::vector<std::string> tags;
  ingest::add_ident_tags("http://cce.mitre.org", " CCE-27445-6 ", &tags);
  ingest::add_ident_tags("http://iase.disa.mil/cci", "CCI-000366", &tags);
  ingest::add_ident_tags("https://public.cyber.mil/stigs/srg-stig-tools/", "SV-1234r1_rule", &tags);
  ingest::add_reference_tags(
      "http://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-53r4.pdf",
      "AC-2(1),AC-17(a)", &tags);
  ingest::add_reference_tags("http://iase.disa.mil/cci/index.html", "366", &tags);
  ingest::add_reference_tags("", "", &tags);
  EXPECT_EQ(tags,
            (std::vector<std::string>{"cce:cce-27445-6", "cci:cci-000366", "ident:sv-1234r1_rule",
                                      "nist800-53:ac-2(1)", "nist800-53:ac-17(a)"}));
}

}  // namespace
}  // namespace crosswalk::testing
