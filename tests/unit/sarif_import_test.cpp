// SARIF import on every SARIF sample in ../shared/samples: counts and fields read from the files,
// golden files of the whole normalized output, and hostile input (truncation, nesting, size,
// encoding: see json_stream_test.cpp for the reader itself). Reads with tiny chunks give the same
// output as one big read.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "golden.h"
#include "json_import_util.h"

namespace crosswalk {
namespace {

using domain::Finding;
using domain::FindingStatus;
using ingest::Format;
using ingest::ImportOptions;
using ingest::ImportSummary;
using testing::has_tag;
using testing::Imported;
using testing::read_file;
using testing::sample;
using testing::where;

Imported import(const std::string& path, const ImportOptions& options = {}) {
  return testing::import(path, Format::kSarif, options);
}

Imported import_text(const std::string& text, const ImportOptions& options = {}) {
  return testing::import_text(text, Format::kSarif, options);
}

const std::vector<std::string> kSamples = {
    "codeql-action-valid-sarif",
    "gitleaks-baseline-empty-runs",
    "gitleaks-sarif_simple",
    "sarif-sdk-fortify-ScanWithFailureLevelMatrices",
    "semgrep-include_nosemgrep",
    "semgrep-when_errors",
    "semgrep-with_dataflow_traces",
    "semgrep-with_source",
    "spec-appendix_k1",
    "spec-appendix_k2",
    "spec-appendix_k3",
    "spec-appendix_k4",
    "trivy-alpine-310",
};

std::string sarif_sample(const std::string& name) {
  return sample("sarif/" + name + ".sarif");
}

class SarifSample : public ::testing::TestWithParam<std::string> {};

TEST_P(SarifSample, MatchesGolden) {
  Imported got = import(sarif_sample(GetParam()));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  testing::expect_golden("ingest/" + GetParam() + ".jsonl", got.jsonl);
}

// Cross-check against the file read whole by another parser: runs, tools, result counts and
// the offsets where results start.
TEST_P(SarifSample, AgreesWithAWholeDocumentParser) {
  const std::string text = read_file(sarif_sample(GetParam()));
  const nlohmann::json log = nlohmann::json::parse(text);
  Imported got = import(sarif_sample(GetParam()));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.summary.runs.size(), log["runs"].size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < log["runs"].size(); ++i) {
    const nlohmann::json& run = log["runs"][i];
    EXPECT_EQ(got.summary.runs[i].tool, run["tool"]["driver"]["name"].get<std::string>());
    const std::size_t results = run.value("results", nlohmann::json::array()).size();
    EXPECT_EQ(got.summary.runs[i].findings, static_cast<std::int64_t>(results));
    total += results;
  }
  ASSERT_EQ(got.findings.size(), total);
  EXPECT_EQ(got.summary.findings, static_cast<std::int64_t>(total));
  EXPECT_EQ(got.summary.bytes, static_cast<std::int64_t>(text.size()));
  for (const Finding& f : got.findings) {
    ASSERT_LT(f.offset, static_cast<std::int64_t>(text.size()));
    EXPECT_EQ(text[static_cast<std::size_t>(f.offset)], '{');
  }
}

TEST_P(SarifSample, TinyReadsGiveTheSameOutput) {
  const std::string whole = import(sarif_sample(GetParam())).jsonl;
  const bool big = GetParam().find("fortify") != std::string::npos;
  for (std::size_t chunk : big ? std::vector<std::size_t>{4093, 65536}
                               : std::vector<std::size_t>{1, 2, 3, 7, 64, 1000}) {
    ImportOptions options;
    options.read_chunk_bytes = chunk;
    Imported got = import(sarif_sample(GetParam()), options);
    ASSERT_TRUE(got.status.ok()) << "chunk " << chunk << ": " << got.status.message();
    EXPECT_EQ(got.jsonl, whole) << "chunk " << chunk;
  }
}

TEST_P(SarifSample, ReportsProgressUpToTheFileSize) {
  std::int64_t last = 0;
  int calls = 0;
  ImportOptions options;
  options.read_chunk_bytes = 512;
  options.progress = [&](std::int64_t bytes) {
    EXPECT_GE(bytes, last);
    last = bytes;
    ++calls;
  };
  Imported got = import(sarif_sample(GetParam()), options);
  ASSERT_TRUE(got.status.ok());
  EXPECT_GE(calls, 1);
  EXPECT_EQ(last, got.summary.bytes);
}

INSTANTIATE_TEST_SUITE_P(AllSamples, SarifSample, ::testing::ValuesIn(kSamples));

TEST(SarifImport, TrivyVulnerabilities) {
  Imported got = import(sarif_sample("trivy-alpine-310"));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), 4u);
  const std::vector<std::string> ids = {"CVE-2019-1549", "CVE-2019-1551", "CVE-2019-1549",
                                        "CVE-2019-1551"};
  for (std::size_t i = 0; i < 4; ++i) {
    const Finding& f = got.findings[i];
    EXPECT_EQ(f.tool, "Trivy");
    EXPECT_EQ(f.tool_version, "dev");
    EXPECT_EQ(f.rule_id, ids[i]);
    EXPECT_EQ(f.status, FindingStatus::kFail);
    EXPECT_EQ(f.severity, "medium");  // security-severity 5.3
    EXPECT_EQ(f.resource, "testdata/fixtures/images/alpine-310.tar.gz:1");
    EXPECT_TRUE(has_tag(f, "vulnerability"));
    EXPECT_TRUE(has_tag(f, "security"));
    EXPECT_TRUE(has_tag(f, "cve:" + std::string(i % 2 ? "cve-2019-1551" : "cve-2019-1549")));
  }
  EXPECT_EQ(got.findings[0].rule_name, "openssl: information disclosure in fork()");
  EXPECT_NE(got.findings[0].message.find("Package: libcrypto1.1"), std::string::npos);
  EXPECT_NE(got.findings[2].message.find("Package: libssl1.1"), std::string::npos);
}

TEST(SarifImport, GitleaksKeepsNoPersonalData) {
  Imported got = import(sarif_sample("gitleaks-sarif_simple"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 1u);
  const Finding& f = got.findings[0];
  EXPECT_EQ(f.tool, "gitleaks");
  EXPECT_EQ(f.tool_version, "v8.0.0");
  EXPECT_EQ(f.rule_id, "test-rule");
  EXPECT_EQ(f.rule_name, "");  // not among the driver's rules
  EXPECT_EQ(f.resource, "auth.py:1");
  EXPECT_EQ(f.tags, (std::vector<std::string>{"tag1", "tag2", "tag3"}));
  EXPECT_EQ(got.jsonl.find("johndoe"), std::string::npos);
  EXPECT_EQ(got.jsonl.find("John Doe"), std::string::npos);
}

TEST(SarifImport, EmptyRunsIsNoRun) {
  Imported got = import(sarif_sample("gitleaks-baseline-empty-runs"));
  ASSERT_TRUE(got.status.ok());
  EXPECT_TRUE(got.findings.empty());
  EXPECT_TRUE(got.summary.runs.empty());
}

TEST(SarifImport, MinimalLogIsOneRunWithoutFindings) {
  Imported got = import(sarif_sample("spec-appendix_k1"));
  ASSERT_TRUE(got.status.ok());
  EXPECT_TRUE(got.findings.empty());
  ASSERT_EQ(got.summary.runs.size(), 1u);
  EXPECT_EQ(got.summary.runs[0].tool, "CodeScanner");
  EXPECT_EQ(got.summary.runs[0].findings, 0);
  EXPECT_TRUE(got.summary.runs[0].completed);
}

TEST(SarifImport, MessageFromRuleMessageStrings) {
  Imported got = import(sarif_sample("spec-appendix_k2"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 1u);
  const Finding& f = got.findings[0];
  EXPECT_EQ(f.message, "Variable \"count\" was used without being initialized.");
  EXPECT_EQ(f.severity, "medium");  // no level, no rule level: warning
  EXPECT_EQ(f.resource, "src/collections/list.cpp:15");
}

TEST(SarifImport, LogicalLocationWhenNoFile) {
  Imported got = import(sarif_sample("spec-appendix_k3"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].resource, "Example.Worker.DoWork");
  EXPECT_EQ(got.findings[0].rule_id, "B6412");
}

TEST(SarifImport, ComprehensiveExample) {
  Imported got = import(sarif_sample("spec-appendix_k4"));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), 1u);
  const Finding& f = got.findings[0];
  EXPECT_EQ(f.tool_version, "2.1.0");  // semanticVersion over version
  EXPECT_EQ(f.status, FindingStatus::kFail);
  EXPECT_TRUE(f.suppressed);  // an accepted external suppression
  EXPECT_EQ(f.severity, "high");
  EXPECT_EQ(f.rule_name, "A variable was used without being initialized.");
  EXPECT_EQ(f.message,
            "Variable \"ptr\" was used without being initialized.\nIt was declared "
            "[here](0).");
  EXPECT_EQ(f.resource, "collections/list.h:15");
  ASSERT_TRUE(f.observed_at.has_value());
  EXPECT_EQ(domain::format_datetime(*f.observed_at), "2016-07-16T14:19:01Z");
  ASSERT_EQ(got.summary.runs.size(), 1u);
  EXPECT_FALSE(got.summary.runs[0].completed);  // a rule failed with an error notification
  ASSERT_EQ(got.summary.runs[0].errors.size(), 1u);
  EXPECT_EQ(got.summary.runs[0].errors[0].rfind("Exception evaluating rule \"C2001\"", 0), 0u);
  EXPECT_EQ(domain::format_datetime(*got.summary.runs[0].started_at), "2016-07-16T14:18:25Z");
}

TEST(SarifImport, CodeqlTwoRuns) {
  Imported got = import(sarif_sample("codeql-action-valid-sarif"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.summary.runs.size(), 2u);
  EXPECT_EQ(got.summary.runs[0].tool, "LGTM.com");
  EXPECT_EQ(got.summary.runs[0].tool_version, "1.24.0-SNAPSHOT");
  EXPECT_EQ(got.summary.runs[0].findings, 1);
  EXPECT_EQ(got.summary.runs[1].tool, "CodeQL command-line toolchain");
  EXPECT_EQ(got.summary.runs[1].tool_version, "2.0.0");
  EXPECT_EQ(got.summary.runs[1].findings, 2);
  ASSERT_EQ(got.findings.size(), 3u);
  EXPECT_EQ(got.findings[2].rule_id, "js/inconsistent-use-of-new");
  EXPECT_EQ(got.findings[2].rule_name, "Inconsistent use of 'new'");
  EXPECT_EQ(got.findings[2].severity, "low");  // the rule's level "note"
  EXPECT_EQ(got.findings[2].resource, "src/promiseUtils.js:2");
  EXPECT_EQ(got.findings[2].tags,
            (std::vector<std::string>{"reliability", "correctness", "language-features"}));
  EXPECT_EQ(got.findings[0].tags, std::vector<std::string>{"maintainability"});
}

TEST(SarifImport, SemgrepResultsBeforeToolTakeTheRuleLevel) {
  Imported got = import(sarif_sample("semgrep-with_source"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 2u);
  for (const Finding& f : got.findings) {
    EXPECT_EQ(f.tool, "Semgrep OSS");
    EXPECT_EQ(f.severity, "high");  // defaultConfiguration.level "error", read after the results
    EXPECT_EQ(f.rule_name.rfind("Semgrep Finding: ", 0), 0u);
  }
  EXPECT_EQ(got.findings[1].rule_id, "rules.eqeq-is-bad");
  EXPECT_EQ(got.findings[1].resource, "targets/basic/stupid.py:3");
}

TEST(SarifImport, SemgrepNosemgrepIsSuppressed) {
  Imported got = import(sarif_sample("semgrep-include_nosemgrep"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 2u);
  EXPECT_TRUE(got.findings[0].suppressed);
  EXPECT_EQ(got.findings[0].status, FindingStatus::kFail);
  EXPECT_FALSE(got.findings[1].suppressed);
}

TEST(SarifImport, SemgrepErrorsMakeTheRunIncomplete) {
  Imported got = import(sarif_sample("semgrep-when_errors"));
  ASSERT_TRUE(got.status.ok());
  EXPECT_TRUE(got.findings.empty());
  ASSERT_EQ(got.summary.runs.size(), 1u);
  EXPECT_FALSE(got.summary.runs[0].completed);
  EXPECT_EQ(got.summary.runs[0].errors,
            std::vector<std::string>{"File not found: targets/basic/inexistent.py"});
}

TEST(SarifImport, SemgrepDataflowTraces) {
  Imported got = import(sarif_sample("semgrep-with_dataflow_traces"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 1u);
  EXPECT_EQ(got.findings[0].rule_id, "rules.classic");
}

TEST(SarifImport, FortifyResultsBeforeToolResolveRulesArtifactsAndTaxa) {
  Imported got = import(sarif_sample("sarif-sdk-fortify-ScanWithFailureLevelMatrices"));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), 452u);
  std::map<std::string, int> severities;
  for (const Finding& f : got.findings) {
    ++severities[f.severity];
    EXPECT_FALSE(f.rule_id.empty());  // from rules[ruleIndex], which come after the results
    EXPECT_EQ(f.tool, "Micro Focus Fortify Static Code Analyzer");
    EXPECT_FALSE(f.resource.empty());
    EXPECT_NE(f.resource[0], ':');  // artifact uris found by index
  }
  // level: note 209, error 77, absent 166 (no rule level either: warning)
  EXPECT_EQ(severities, (std::map<std::string, int>{{"low", 209}, {"high", 77}, {"medium", 166}}));
  const Finding& first = got.findings[0];
  EXPECT_EQ(first.resource, "sw/vsts-agent/VSTSBuilds/2/s/src/Sarif/FileSystem.cs:60");
  EXPECT_EQ(domain::format_datetime(*first.observed_at), "2019-06-06T08:53:15Z");
  const auto with_cwe = std::count_if(got.findings.begin(), got.findings.end(), [](auto& f) {
    return std::any_of(f.tags.begin(), f.tags.end(),
                       [](const std::string& t) { return t.rfind("cwe:", 0) == 0; });
  });
  EXPECT_GT(with_cwe, 400);
  ASSERT_EQ(got.summary.runs.size(), 1u);
  EXPECT_FALSE(got.summary.runs[0].completed);
  EXPECT_EQ(got.summary.runs[0].errors.size(), 21u);
}

TEST(SarifImport, MalformedSampleNamesLineAndColumn) {
  Imported got = import(sample("sarif/malformed/sarif-sdk-JSON1001.SyntaxError.sarif"));
  ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(got.status.message(), "byte 60 (line 3, column 3): expected a string key, found ','");
  EXPECT_TRUE(got.findings.empty());
}

// A log whose one run has `results` (a JSON array's text) after its tool.
std::string log_with_results(const std::string& results, const std::string& rules = "[]") {
  return R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"T","rules":)" + rules +
         R"(}},"results":)" + results + "}]}";
}

TEST(SarifImportErrors, ResultsBeforeToolAreCheckedInTheFirstPass) {
  const std::string text = R"({"runs":[{"results":[{"ruleId":"a"},)"
                           "\n"
                           R"({"ruleId" "b"}],"tool":{"driver":{"name":"T"}}}]})";
  int calls = 0;
  Imported got;
  Result<ImportSummary> r = [&] {
    testing::TempDir dir;
    std::ofstream(dir / "log.sarif") << text;
    return ingest::import_file(dir / "log.sarif", Format::kSarif, [&](Finding&&) {
      ++calls;
      return Status::Ok();
    });
  }();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), where(text, text.find(R"("b")")) +
                                      "expected ':' after an object key, found '\"' (at "
                                      "runs[0].results)");
  EXPECT_EQ(calls, 0);  // nothing was handed over before the run was whole
}

TEST(SarifImportErrors, SinkErrorStopsTheImport) {
  for (const std::string name : {"trivy-alpine-310", "semgrep-with_source"}) {
    int calls = 0;
    Result<ImportSummary> r =
        ingest::import_file(sarif_sample(name), Format::kSarif, [&](Finding&&) {
          return ++calls == 1 ? Status::Ok() : Status::Conflict("the database said no");
        });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kConflict);
    EXPECT_EQ(r.status().message(), "the database said no");
    EXPECT_EQ(calls, 2) << name;
  }
}

// One result per line of the table below, in a run whose tool, taxonomies and invocations come
// after its results.
TEST(SarifImport, SemanticsOfKindsLevelsSuppressionsAndText) {
  const std::string results = R"([
    {"ruleId": "R1", "message": {"text": "plain"}},
    {"ruleId": "R1", "kind": "pass", "message": {"text": "passed"}},
    {"ruleId": "R1", "kind": "notApplicable"},
    {"ruleId": "R1", "kind": "open"},
    {"ruleId": "R1", "kind": "review"},
    {"ruleId": "R1", "kind": "informational"},
    {"ruleId": "R1", "level": "none"},
    {"ruleId": "R1", "kind": "guess"},
    {"ruleId": "R1", "suppressions": [{"kind": "inSource"}]},
    {"ruleId": "R1", "suppressions": [{"status": "accepted"}, {"status": "underReview"}]},
    {"ruleId": "R1", "suppressions": [{"status": "rejected"}]},
    {"ruleId": "R1", "properties": {"security-severity": "9.1"}},
    {"ruleId": "R1", "properties": {"security-severity": 0}},
    {"ruleId": "R1", "properties": {"security-severity": "n/a"}, "level": "note"},
    {"ruleIndex": 1, "message": {"id": "m", "arguments": ["x", "y"]}},
    {"rule": {"id": "S1", "index": 0, "toolComponent": {"index": 0}}, "message": {"id": "g"}},
    {"ruleId": "R1/sub", "message": {"markdown": "**md**"},
     "taxa": [{"id": "89", "toolComponent": {"index": 0}}],
     "properties": {"tags": ["external/cwe/cwe-079", " Security "]},
     "provenance": {"firstDetectionTimeUtc": "2020-01-02T03:04:05+01:00"}},
    {"ruleId": "R1", "locations": [{"physicalLocation": {"artifactLocation": {"index": 1}}}]},
    {"ruleId": "CVE-2021-44228", "locations": [{"logicalLocations": [{"name": "Main"}]}]},
    7
  ])";
  const std::string text = R"({"version": "2.0.0", "runs": [{"results": )" + results + R"(,
    "tool": {"driver": {"name": "D", "version": "1", "rules": [
        {"id": "R1", "name": "RuleOne", "defaultConfiguration": {"level": "error"},
         "properties": {"security-severity": "7.5", "tags": ["CWE-22"]}},
        {"id": "R2", "shortDescription": {"text": "Rule two\nsecond line"},
         "messageStrings": {"m": {"text": "{0} and {1}, {{literal}} {2}"}}}],
      "globalMessageStrings": {"g": {"text": "global text"}}},
      "extensions": [{"name": "E", "rules": [{"id": "S1", "name": "Ext rule"}]}]},
    "taxonomies": [{"name": "CWE"}],
    "artifacts": [{"location": {"uri": "a.c"}}, {"location": {"uri": "b.c"}}],
    "invocations": [{"executionSuccessful": false, "exitCode": 2}]},
   {"tool": {"driver": {"name": "second"}}, "results": null}]})";
  Imported got = import_text(text);
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), 19u);
  struct Expected {
    FindingStatus status;
    std::string detail, severity;
    bool suppressed;
  };
  const std::vector<Expected> expected = {
      {FindingStatus::kFail, "", "high", false},  // rule's security-severity 7.5
      {FindingStatus::kPass, "", "high", false},
      {FindingStatus::kNotApplicable, "", "high", false},
      {FindingStatus::kError, "open", "high", false},
      {FindingStatus::kNotApplicable, "review", "high", false},
      {FindingStatus::kNotApplicable, "informational", "high", false},
      {FindingStatus::kNotApplicable, "level none", "high", false},
      {FindingStatus::kError, "guess", "high", false},
      {FindingStatus::kFail, "", "high", true},
      {FindingStatus::kFail, "", "high", false},  // one suppression is under review
      {FindingStatus::kFail, "", "high", false},
      {FindingStatus::kFail, "", "critical", false},
      {FindingStatus::kFail, "", "info", false},
      {FindingStatus::kFail, "", "high", false},    // unreadable score: the rule's
      {FindingStatus::kFail, "", "medium", false},  // R2: no level anywhere
      {FindingStatus::kFail, "", "medium", false},
      {FindingStatus::kFail, "", "high", false},
      {FindingStatus::kFail, "", "high", false},
      {FindingStatus::kFail, "", "medium", false},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Finding& f = got.findings[i];
    EXPECT_EQ(f.status, expected[i].status) << i;
    EXPECT_EQ(f.status_detail, expected[i].detail) << i;
    EXPECT_EQ(f.severity, expected[i].severity) << i;
    EXPECT_EQ(f.suppressed, expected[i].suppressed) << i;
    EXPECT_EQ(f.tool, "D");
    EXPECT_EQ(f.tool_version, "1");
    EXPECT_FALSE(f.observed_at.has_value() && i != 16) << i;
  }
  EXPECT_EQ(got.findings[0].rule_name, "RuleOne");
  EXPECT_EQ(got.findings[0].tags, std::vector<std::string>{"cwe:22"});
  EXPECT_EQ(got.findings[14].rule_id, "R2");
  EXPECT_EQ(got.findings[14].rule_name, "Rule two");
  EXPECT_EQ(got.findings[14].message, "x and y, {literal} {2}");
  EXPECT_EQ(got.findings[15].rule_id, "S1");
  EXPECT_EQ(got.findings[15].rule_name, "Ext rule");
  EXPECT_EQ(got.findings[15].message, "global text");
  const Finding& sub = got.findings[16];
  EXPECT_EQ(sub.rule_name, "RuleOne");  // "R1/sub" falls back to R1
  EXPECT_EQ(sub.message, "**md**");
  EXPECT_EQ(sub.tags, (std::vector<std::string>{"cwe:22", "cwe:79", "security", "cwe:89"}));
  EXPECT_EQ(domain::format_datetime(*sub.observed_at), "2020-01-02T02:04:05Z");
  EXPECT_EQ(got.findings[17].resource, "b.c");
  EXPECT_EQ(got.findings[18].resource, "Main");
  EXPECT_EQ(got.findings[18].tags, std::vector<std::string>{"cve:cve-2021-44228"});
  ASSERT_EQ(got.summary.runs.size(), 2u);
  EXPECT_FALSE(got.summary.runs[0].completed);
  EXPECT_EQ(got.summary.runs[0].errors,
            std::vector<std::string>{"the tool reports that it did not run successfully (exit "
                                     "code 2)"});
  EXPECT_EQ(got.summary.runs[1].tool, "second");
  EXPECT_EQ(got.summary.runs[1].findings, 0);
  EXPECT_EQ(got.summary.warnings,
            (std::vector<std::string>{"SARIF version 2.0.0, read as 2.1.0",
                                      "runs[0]: 1 results that are not objects were skipped"}));
}

TEST(SarifImport, MessagesAreCutAt4096BytesOnACharacterBoundary) {
  std::string long_text;
  while (long_text.size() < 5000) long_text += "é";  // 2 bytes each
  const std::string text = log_with_results(R"([{"message":{"text":")" + long_text + R"("}},)" +
                                            R"({"message":{"text":"caf\u00e9 \ud83d\ude00 \n"}}])");
  for (std::size_t chunk : {1, 3, 4096}) {
    ImportOptions options;
    options.read_chunk_bytes = chunk;
    Imported got = import_text(text, options);
    ASSERT_TRUE(got.status.ok()) << got.status.message();
    ASSERT_EQ(got.findings.size(), 2u);
    EXPECT_EQ(got.findings[0].message.size(), 4096u);
    EXPECT_EQ(got.findings[0].message, long_text.substr(0, 4096));
    EXPECT_EQ(got.findings[1].message, "café \xF0\x9F\x98\x80 \n");
  }
}

}  // namespace
}  // namespace crosswalk
