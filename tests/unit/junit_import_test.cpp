// JUnit XML importer on real reports (pytest, jest, PHPUnit, unittest, swift, Trivy, Kubescape,
// gitleaks), and the XML reader's limits.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "common/utf8.h"
#include "domain/time.h"
#include "ingest/xml_stream.h"
#include "ingest/xsd_datetime.h"
#include "temp_dir.h"
#include "xml_import_helpers.h"

namespace crosswalk::testing {
namespace {

using domain::FindingStatus;
using ingest::Format;

Imported junit(const std::string& path, const ingest::ImportOptions& options = {}) {
  return run_import(Format::kJunit, path, options);
}

TEST(JunitImport, EverySampleMatchesItsGolden) {
  expect_samples_match_goldens(Format::kJunit, "junit", 11);
}

TEST(JunitImport, TinyReadsGiveTheSameOutput) {
  expect_chunked_reads_agree(Format::kJunit, "junit", {1, 3, 64});
}

TEST(JunitImport, EveryFindingPointsAtItsTestcase) {
  for (const std::string& name : sample_names("junit")) {
    const std::string bytes = read_file(sample("junit/" + name));
    for (const domain::Finding& f : junit(sample("junit/" + name)).findings)
      EXPECT_EQ(bytes.substr(f.offset, 10), "<testcase ") << name << " @" << f.offset;
  }
}

// ---- what the files say, read from the files themselves --------------------------------------

TEST(JunitImport, PytestHeaderThatDisagreesIsAWarning) {
  const Imported got = junit(sample("junit/dorny-python-xunit-pytest.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 10u);  // the header says tests="15"
  EXPECT_EQ(got.count(FindingStatus::kFail), 2);
  EXPECT_EQ(got.count(FindingStatus::kNotApplicable), 2);
  EXPECT_EQ(got.count(FindingStatus::kPass), 6);
  EXPECT_EQ(got.summary->warnings,
            (std::vector<std::string>{
                "testsuite \"pytest\": header says tests=\"15\" but the file has 10"}));
  const domain::Finding* f = got.find("tests.test_lib.test_always_fail");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->message, "assert False");
  EXPECT_EQ(f->tool, "pytest tests");
  EXPECT_EQ(f->resource, "tests.test_lib");
  EXPECT_EQ(at(*f->observed_at), "2025-11-15T16:51:49Z");  // -05:00 applied
  const domain::Finding* xfail = got.find("tests.test_lib.test_expected_failure");
  ASSERT_TRUE(xfail);
  EXPECT_EQ(xfail->status_detail, "skipped");
}

TEST(JunitImport, JestCasesFailuresAndSkips) {
  const Imported got = junit(sample("junit/dorny-jest-junit.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 6u);
  EXPECT_EQ(got.count(FindingStatus::kFail), 4);
  EXPECT_EQ(got.count(FindingStatus::kNotApplicable), 1);
  EXPECT_EQ(got.count(FindingStatus::kPass), 1);
  const domain::Finding* f = got.find("Test 1 › Test 1.1.Failing test");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->message, "Error: expect(received).toBeTruthy()");  // first line of the body
  EXPECT_EQ(f->rule_name, "Failing test");
  ASSERT_TRUE(got.find("Timeout test"));  // classname="" gives the name alone
  EXPECT_EQ(got.summary->runs[0].tool, "jest tests");
  EXPECT_EQ(got.summary->warnings,
            (std::vector<std::string>{"times without a time zone read as UTC"}));
}

TEST(JunitImport, UnittestErrorIsNotAFailure) {
  const Imported got = junit(sample("junit/dorny-python-xunit-unittest.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 8u);
  EXPECT_EQ(got.count(FindingStatus::kError), 1);
  EXPECT_EQ(got.count(FindingStatus::kFail), 1);
  EXPECT_EQ(got.count(FindingStatus::kNotApplicable), 2);
  const domain::Finding* f = got.find("TestAcme.test_error");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, FindingStatus::kError);
  EXPECT_EQ(f->resource, "tests/test_lib.py:30");
  EXPECT_EQ(f->tool, "TestAcme-20251114214921");  // a testsuite root names the tool
}

TEST(JunitImport, PhpunitNestedSuitesAddUp) {
  const Imported got = junit(sample("junit/dorny-phpunit.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 12u);  // == the outer suite's tests="12": no warning
  EXPECT_EQ(got.count(FindingStatus::kFail), 2);
  EXPECT_TRUE(got.summary->warnings.empty());
  EXPECT_EQ(got.summary->runs[0].tool, "CLI Arguments");  // <testsuites> without a name
  const domain::Finding* f =
      got.find("PHPUnit.Event.DirectDispatcherTest.testDispatchesEventToTracers");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->resource,
            "/home/matteo/OSS/phpunit/tests/unit/Event/Dispatcher/DirectDispatcherTest.php:43");
}

TEST(JunitImport, SmallReports) {
  Imported got = junit(sample("junit/dorny-swift-xunit.xml"));
  ASSERT_EQ(got.findings.size(), 3u);
  EXPECT_EQ(got.findings[2].message, "failed");
  EXPECT_EQ(got.findings[1].status, FindingStatus::kPass);  // "skip" in the name only

  got = junit(sample("junit/dorny-junit-with-message.xml"));
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].message, "error");
  EXPECT_EQ(got.findings[0].rule_id, "Fails.Test");
  EXPECT_TRUE(
      has(got.summary->warnings, "testsuite \"Test\": header says tests=\"6\" but the file has 1"));
}

TEST(JunitImport, EmptyReportsGiveNoFindingNeverAPass) {
  for (const char* name : {"junit/dorny-empty-java-junit.xml", "junit/gitleaks-junit_empty.xml"}) {
    const Imported got = junit(sample(name));
    ASSERT_TRUE(got.status().ok()) << got.status().message();
    EXPECT_TRUE(got.findings.empty());
    EXPECT_EQ(got.summary->findings, 0);
    ASSERT_EQ(got.summary->runs.size(), 1u);
    EXPECT_EQ(got.summary->runs[0].findings, 0);
    EXPECT_TRUE(has(got.summary->warnings, "no test cases in the report"));
  }
  EXPECT_EQ(at(*junit(sample("junit/dorny-empty-java-junit.xml")).summary->runs[0].started_at),
            "2021-03-07T10:36:56Z");  // "... UTC"
}

TEST(JunitImport, ScannerReportsCarryCveTags) {
  Imported got = junit(sample("junit/trivy-alpine-310.junit.xml"));
  ASSERT_EQ(got.findings.size(), 4u);
  EXPECT_EQ(got.count(FindingStatus::kFail), 4);
  EXPECT_EQ(got.findings[0].tags, (std::vector<std::string>{"cve:cve-2019-1549", "vulnerability"}));
  EXPECT_EQ(got.findings[0].severity, "medium");
  EXPECT_EQ(got.findings[0].tool, "trivy");

  got = junit(sample("junit/kubescape-junit_golden.xml"));
  ASSERT_EQ(got.findings.size(), 24u);
  EXPECT_EQ(got.count(FindingStatus::kFail), 16);
  EXPECT_EQ(got.count(FindingStatus::kNotApplicable), 3);
  const domain::Finding* cve =
      got.find("NSA/C-0059.CVE-2021-25742-nginx-ingress-snippet-annotation-vulnerability");
  ASSERT_TRUE(cve);
  EXPECT_EQ(cve->tags, (std::vector<std::string>{"cve:cve-2021-25742", "vulnerability"}));
  EXPECT_TRUE(got.find("NSA/C-0002.Exec into container")->tags.empty());
}

TEST(JunitImport, GitleaksEmptyTimeAndEntities) {
  const Imported got = junit(sample("junit/gitleaks-junit_simple.xml"));
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 2u);
  EXPECT_EQ(got.findings[0].resource, "auth.py");
  EXPECT_EQ(got.findings[0].message,
            "test-rule has detected a secret in file auth.py, line 1, at commit 0000000000000000.");
  EXPECT_FALSE(got.findings[0].observed_at);
}

// ---- made-up files -----------------------------------------------------------------------------

class JunitMadeUp : public ::testing::Test {
 protected:
  Imported import(const std::string& xml, const ingest::ImportOptions& options = {}) {
    write_file(dir_ / "r.xml", xml);
    return junit(dir_ / "r.xml", options);
  }
  TempDir dir_;
};

TEST_F(JunitMadeUp, BodyEntitiesDecodeAndLongTextIsCutOnACharacter) {
  std::string long_line;
  for (int i = 0; i < 3000; ++i) long_line += "\xC3\xA9";  // é, 6000 bytes
  const Imported got = import(
      "<testsuite name=\"s\"><testcase name=\"a\"><failure>&#xA;  &#34;Secret&#34;: "
      "&#34;a&amp;b&#34;"
      "&#xA;second</failure></testcase><testcase name=\"b\"><error message=\"" +
      long_line + "\"/></testcase><testcase name=\"c\"><failure><![CDATA[" + long_line +
      "]]></failure></testcase></testsuite>");
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 3u);
  EXPECT_EQ(got.findings[0].message, "\"Secret\": \"a&b\"");
  for (int i : {1, 2}) {
    EXPECT_EQ(got.findings[i].message.size(), 4096u);
    EXPECT_TRUE(is_valid_utf8(got.findings[i].message));
  }
}

TEST_F(JunitMadeUp, FailureOutranksErrorAndSkipped) {
  const Imported got = import(
      "<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\">"
      "<testcase classname=\"c\" name=\"n\" file=\"f.py\" line=\"7\"><skipped/><error "
      "message=\"e\"/>"
      "<failure message=\"f\"/><system-out>noise</system-out></testcase></testsuite></testsuites>");
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].status, FindingStatus::kFail);
  EXPECT_EQ(got.findings[0].message, "f");
  EXPECT_EQ(got.findings[0].resource, "f.py:7");
  EXPECT_EQ(got.findings[0].tool, "s");
  EXPECT_TRUE(got.summary->warnings.empty());
}

TEST_F(JunitMadeUp, WrongRootIsNotAJunitDocument) {
  const Imported got = junit(sample("xccdf/openscap-xccdf11-results.xml"));
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_CONTAINS(got.status().message(),
                  "line 2: not a JUnit document: the root element is <Benchmark>");
}

TEST_F(JunitMadeUp, SinkErrorStopsTheImport) {
  write_file(dir_ / "r.xml", "<testsuite><testcase name=\"a\"/><testcase name=\"b\"/></testsuite>");
  int calls = 0;
  const auto got = ingest::import_junit(
      dir_ / "r.xml",
      [&](domain::Finding&&) { return ++calls == 1 ? Status::IoError("disk full") : Status::Ok(); },
      {});
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got.status().code(), Status::Code::kIoError);
}

// ---- hostile and broken files ------------------------------------------------------------------

TEST_F(JunitMadeUp, TruncatedSamplesFailWithLineAndColumn) {
  for (const std::string& name : sample_names("junit")) {
    const std::string bytes = read_file(sample("junit/" + name));
    for (double cut : {0.05, 0.3, 0.5, 0.77, 0.99}) {
      SCOPED_TRACE(name + " cut at " + std::to_string(cut));
      const Imported got = import(bytes.substr(0, static_cast<std::size_t>(bytes.size() * cut)));
      EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
      EXPECT_TRUE(
          std::regex_match(got.status().message(), std::regex("line [0-9]+, column [0-9]+: .+")))
          << got.status().message();
    }
  }
}

TEST_F(JunitMadeUp, DeepNestingIsRefused) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<testsuite>";
  Imported got = import(deep);
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_CONTAINS(got.status().message(), "line 1, column 2838: elements nested deeper than 256");
  ingest::ImportOptions options;
  options.max_depth = 8;
  got = import(
      "<testsuites>\n<testsuite><testsuite><testsuite><testsuite><testsuite><testsuite>"
      "<testsuite><testsuite><testcase name=\"x\"/></testsuite></testsuite></testsuite>"
      "</testsuite></testsuite></testsuite></testsuite></testsuite></testsuites>",
      options);
  EXPECT_EQ(got.status().message(), "line 2: elements nested deeper than 8");
}

TEST_F(JunitMadeUp, InvalidUtf8IsRefusedWithItsLine) {
  const Imported got = import(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite>\n"
      "<testcase name=\"a\xFF\xFE\"/></testsuite>");
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_CONTAINS(got.status().message(), "line 3");
  EXPECT_CONTAINS(got.status().message(), "UTF-8");
  EXPECT_TRUE(got.findings.empty());
  // A declared encoding that does not match is just as clear.
  const Imported latin = import("<?xml version=\"1.0\" encoding=\"UTF-16\"?><testsuite/>");
  EXPECT_EQ(latin.status().code(), Status::Code::kInvalidInput);
}

TEST_F(JunitMadeUp, HugeTextNodes) {
  // Under libxml2's 10 MB text limit: read, and the message cut to 4096 bytes.
  const std::string big(5 << 20, 'x');
  Imported got = import("<testsuite><testcase name=\"a\"><failure>" + big +
                        "</failure><system-out>" + big + "</system-out></testcase></testsuite>");
  ASSERT_TRUE(got.status().ok()) << got.status().message();
  EXPECT_EQ(got.findings[0].message.size(), 4096u);
  // Over it: refused, never buffered whole.
  got = import("<testsuite><testcase name=\"a\"><system-out>" + std::string(12 << 20, 'y') +
               "</system-out></testcase></testsuite>");
  EXPECT_EQ(got.status().code(), Status::Code::kInvalidInput);
  EXPECT_CONTAINS(got.status().message(), "a text node larger than 10 MB");
  // A testcase larger than the element limit is refused.
  ingest::ImportOptions small;
  small.max_element_bytes = 1 << 20;
  got = import(
      "<testsuite><testcase name=\"a\"><failure>" + big + "</failure></testcase></testsuite>",
      small);
  EXPECT_CONTAINS(got.status().message(), "<testcase> larger than 1048576 bytes");
}

TEST_F(JunitMadeUp, NothingIsPrintedOnStderr) {
  ::testing::internal::CaptureStderr();
  import("<testsuite><testcase name=\"a\xFF\"/></testsuite>");
  import("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><testsuite name=\"\x1B$B\xFF\xFF\"/>");
  import("<testsuite><testcase name=\"a\" name=\"b\"/>");
  import("<testsuite xmlns:a=\"not a uri\"><a:b:c/><x:y/></testsuite>");
  import("<!DOCTYPE x [<!ENTITY a \"b\">]><testsuite/>");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(JunitMadeUp, ConcurrentImportsAgreeAndStaySilent) {
  const std::string path = sample("junit/dorny-jest-junit.xml");
  const std::string expected = junit(path).jsonl();
  std::vector<std::string> got(4);
  ::testing::internal::CaptureStderr();
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 20; ++i) {
          got[t] = junit(path).jsonl();
          junit(dir_ / "missing.xml");
          run_import(Format::kXccdf, sample("xccdf/openscap-test_xccdf_overrides.arf.xml"));
        }
      });
    for (std::thread& t : threads) t.join();
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  for (const std::string& g : got) EXPECT_EQ(g, expected);
}

// ---- the XML reader itself ---------------------------------------------------------------------

TEST_F(JunitMadeUp, XmlReaderGivesNamesOffsetsAttributesAndText) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<!-- <no> -->\n<a xmlns=\"urn:a\" x=\"1 &amp; 2\" y='>'><b/>"
      "<![CDATA[<e>]]><c>t\xC3\xA9<!--x-->xt<d>skip</d>!</c></a>";
  write_file(dir_ / "r.xml", xml);
  auto opened = ingest::XmlReader::open(dir_ / "r.xml");
  ASSERT_TRUE(opened.ok());
  ingest::XmlReader& r = **opened;
  std::vector<std::string> names;
  std::string text;
  while (r.next()) {
    if (!r.is_element()) continue;
    const std::string name(r.local_name());
    names.push_back(name);
    EXPECT_EQ(xml.substr(r.element_offset(), name.size() + 1), "<" + name);
    if (name == "a") {
      EXPECT_EQ(r.namespace_uri(), "urn:a");
      EXPECT_EQ(r.attribute("x"), "1 & 2");
      EXPECT_EQ(r.attribute_or("y"), ">");
      EXPECT_FALSE(r.attribute("z"));
    } else if (name == "b") {
      EXPECT_FALSE(r.next_within(r.depth()));  // empty: nothing inside, and no move
      EXPECT_EQ(r.local_name(), "b");
    } else if (name == "c") {
      ASSERT_TRUE(r.read_text(3, &text));  // "té" + "xt" + "!", cut to 3 bytes on a character
      EXPECT_EQ(text, "t\xC3\xA9");
      EXPECT_EQ(r.type(), ingest::XmlReader::NodeType::kEndElement);
    }
  }
  EXPECT_TRUE(r.status().ok()) << r.status().message();
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));  // read_text went past <d>
  EXPECT_EQ(r.bytes_consumed(), static_cast<std::int64_t>(xml.size()));
}

TEST(XsdDateTime, ZonesFractionsAndNaiveTimes) {
  auto t = ingest::parse_xsd_datetime("2025-11-15T11:51:49.548396-05:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(at(t->at), "2025-11-15T16:51:49Z");
  EXPECT_TRUE(t->has_zone);
  t = ingest::parse_xsd_datetime("2012-12-10T13:47:29");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->has_zone);
  EXPECT_EQ(at(t->at), "2012-12-10T13:47:29Z");
  t = ingest::parse_xsd_datetime("2021-03-07T10:36:56 UTC");
  ASSERT_TRUE(t && t->has_zone);
  for (const char* bad : {"", "2021-13-01T00:00:00Z", "2021-02-30", "yesterday",
                          "2021-01-01T00:00:00+5", "2021-01-01T25:00:00Z"})
    EXPECT_FALSE(ingest::parse_xsd_datetime(bad)) << bad;
}

}  // namespace
}  // namespace crosswalk::testing
