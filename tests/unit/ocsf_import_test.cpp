// OCSF (Prowler json-ocsf) import on every Prowler sample in ../shared/samples: outcomes, checks,
// resources and compliance tags read from the files, golden files of the whole output, events
// one per line, and hostile input.
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

Imported import(const std::string& path, const ImportOptions& options = {}) {
  return testing::import(path, Format::kOcsf, options);
}

Imported import_text(const std::string& text, const ImportOptions& options = {}) {
  return testing::import_text(text, Format::kOcsf, options);
}

std::string prowler(const std::string& provider) {
  return sample("ocsf/prowler-example_output_" + provider + ".ocsf.json");
}

std::map<FindingStatus, int> count_statuses(const std::vector<Finding>& findings) {
  std::map<FindingStatus, int> n;
  for (const Finding& f : findings) ++n[f.status];
  return n;
}

class ProwlerSample : public ::testing::TestWithParam<std::string> {};

TEST_P(ProwlerSample, MatchesGolden) {
  Imported got = import(prowler(GetParam()));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  testing::expect_golden("ingest/prowler-example_output_" + GetParam() + ".ocsf.jsonl", got.jsonl);
}

// Cross-check with the file read whole by another parser: one finding per event, in order, with
// its check id, outcome word, title and first resource.
TEST_P(ProwlerSample, AgreesWithAWholeDocumentParser) {
  const std::string text = read_file(prowler(GetParam()));
  const nlohmann::json events = nlohmann::json::parse(text);
  Imported got = import(prowler(GetParam()));
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const nlohmann::json& e = events[i];
    const Finding& f = got.findings[i];
    EXPECT_EQ(f.tool, "Prowler");
    EXPECT_EQ(f.tool_version, e["metadata"]["product"]["version"].get<std::string>());
    EXPECT_EQ(f.rule_id, e["metadata"]["event_code"].get<std::string>());
    EXPECT_EQ(f.rule_name, e["finding_info"]["title"].get<std::string>());
    EXPECT_EQ(f.resource, e["resources"][0]["uid"].get<std::string>());
    EXPECT_EQ(f.message, e["message"].get<std::string>());
    EXPECT_EQ(f.observed_at, e["time"].get<std::int64_t>());
    const std::string code = e["status_code"];
    EXPECT_EQ(f.status, code == "PASS"   ? FindingStatus::kPass
                        : code == "FAIL" ? FindingStatus::kFail
                                         : FindingStatus::kNotApplicable);
    EXPECT_EQ(text[static_cast<std::size_t>(f.offset)], '{');
    for (const auto& [framework, ids] : e["unmapped"]["compliance"].items()) {
      for (const auto& id : ids) {
        std::string tag = framework + ":" + id.get<std::string>();
        std::transform(tag.begin(), tag.end(), tag.begin(), ::tolower);
        EXPECT_TRUE(has_tag(f, tag)) << tag;
      }
    }
  }
  ASSERT_EQ(got.summary.runs.size(), 1u);
  EXPECT_EQ(got.summary.runs[0].findings, static_cast<std::int64_t>(events.size()));
  EXPECT_TRUE(got.summary.runs[0].completed);
  EXPECT_EQ(got.summary.bytes, static_cast<std::int64_t>(text.size()));
}

TEST_P(ProwlerSample, TinyReadsGiveTheSameOutput) {
  const std::string whole = import(prowler(GetParam())).jsonl;
  for (std::size_t chunk : {1, 2, 5, 333, 4096}) {
    ImportOptions options;
    options.read_chunk_bytes = chunk;
    Imported got = import(prowler(GetParam()), options);
    ASSERT_TRUE(got.status.ok()) << "chunk " << chunk << ": " << got.status.message();
    EXPECT_EQ(got.jsonl, whole) << "chunk " << chunk;
  }
}

// The same events one per line (and, in a second file, back to back) give the same findings.
TEST_P(ProwlerSample, EventsOnePerLineOrConcatenated) {
  const nlohmann::json events = nlohmann::json::parse(read_file(prowler(GetParam())));
  Imported array = import(prowler(GetParam()));
  for (const std::string separator : {"\n", ""}) {
    std::string text;
    for (const auto& e : events) text += e.dump() + separator;
    Imported got = import_text(text);
    ASSERT_TRUE(got.status.ok()) << got.status.message();
    ASSERT_EQ(got.findings.size(), array.findings.size());
    for (std::size_t i = 0; i < got.findings.size(); ++i) {  // dump() sorted the keys
      Finding a = array.findings[i];
      Finding b = got.findings[i];
      a.offset = b.offset;
      std::sort(a.tags.begin(), a.tags.end());
      std::sort(b.tags.begin(), b.tags.end());
      EXPECT_EQ(ingest::finding_to_json(b), ingest::finding_to_json(a));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllProviders, ProwlerSample,
                         ::testing::Values("aws", "azure", "gcp", "kubernetes"));

TEST(OcsfImport, AwsFailAndManual) {
  Imported got = import(prowler("aws"));
  ASSERT_TRUE(got.status.ok());
  ASSERT_EQ(got.findings.size(), 5u);
  EXPECT_EQ(count_statuses(got.findings),
            (std::map<FindingStatus, int>{{FindingStatus::kFail, 2},
                                          {FindingStatus::kNotApplicable, 3}}));
  EXPECT_EQ(got.findings[0].rule_id, "accessanalyzer_enabled");
  EXPECT_EQ(got.findings[0].severity, "low");
  EXPECT_EQ(got.findings[1].rule_id, "account_maintain_current_contact_details");
  EXPECT_EQ(got.findings[1].status_detail, "MANUAL");
  EXPECT_EQ(got.findings[1].severity, "medium");
  EXPECT_EQ(got.findings[1].resource, "arn:aws:iam::<account_uid>:root");
  EXPECT_EQ(got.summary.runs[0].tool_version, "<prowler_version>");
  for (const Finding& f : got.findings) EXPECT_FALSE(f.suppressed);
}

TEST(OcsfImport, AzureAllFail) {
  Imported got = import(prowler("azure"));
  ASSERT_TRUE(got.status.ok());
  EXPECT_EQ(count_statuses(got.findings),
            (std::map<FindingStatus, int>{{FindingStatus::kFail, 5}}));
  EXPECT_EQ(got.findings[4].rule_id, "defender_ensure_defender_for_app_services_is_on");
  EXPECT_EQ(got.findings[4].severity, "high");
}

TEST(OcsfImport, GcpSameCheckOnThreeResources) {
  Imported got = import(prowler("gcp"));
  ASSERT_TRUE(got.status.ok());
  EXPECT_EQ(count_statuses(got.findings),
            (std::map<FindingStatus, int>{{FindingStatus::kPass, 3}, {FindingStatus::kFail, 2}}));
  std::vector<FindingStatus> rdp;
  for (const Finding& f : got.findings) {
    if (f.rule_id != "compute_firewall_rdp_access_from_the_internet_allowed") continue;
    rdp.push_back(f.status);
    EXPECT_EQ(f.severity, "critical");
    EXPECT_TRUE(has_tag(f, "cis-2.0:3.7"));
    EXPECT_TRUE(has_tag(f, "mitre-attack:t1190"));
    EXPECT_TRUE(has_tag(f, "ens-rd2022:mp.com.1.gcp.fw.1"));
    EXPECT_EQ(domain::format_datetime(*f.observed_at), "2025-02-14T13:27:20Z");
  }
  EXPECT_EQ(rdp, (std::vector<FindingStatus>{FindingStatus::kPass, FindingStatus::kPass,
                                             FindingStatus::kFail}));
  EXPECT_EQ(got.findings[1].resource, "containeranalysis.googleapis.com");
}

TEST(OcsfImport, KubernetesWithoutCloud) {
  Imported got = import(prowler("kubernetes"));
  ASSERT_TRUE(got.status.ok());
  EXPECT_EQ(count_statuses(got.findings),
            (std::map<FindingStatus, int>{{FindingStatus::kPass, 1}, {FindingStatus::kFail, 5}}));
  EXPECT_EQ(got.findings[1].rule_id, "apiserver_anonymous_requests");
  EXPECT_EQ(got.findings[1].status, FindingStatus::kPass);
}

// A time too large for any date (found by fuzz_detect: it overflowed the conversion) is no time:
// time_dt is used when there is one.
TEST(OcsfImport, ATimePastTheYear9999IsNoTime) {
  Imported got = import_text(R"([
    {"finding_info": {"uid": "a"}, "status_code": "PASS", "time": 1739539222222222222222222222222222640,
     "time_dt": "2025-02-14T13:27:20Z"},
    {"finding_info": {"uid": "b"}, "status_code": "PASS", "time": 1e300},
    {"finding_info": {"uid": "c"}, "status_code": "PASS", "time": 253402300799000}
  ])");
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), 3u);
  EXPECT_EQ(domain::format_datetime(*got.findings[0].observed_at), "2025-02-14T13:27:20Z");
  EXPECT_FALSE(got.findings[1].observed_at.has_value());
  EXPECT_EQ(domain::format_datetime(*got.findings[2].observed_at), "9999-12-31T23:59:59Z");
}

// Outcomes from compliance status, suppression, severity_id, times, vulnerabilities, and tools
// other than Prowler.
TEST(OcsfImport, SemanticsOfSyntheticEvents) {
  const std::string text = R"([
    {"metadata": {"product": {"vendor_name": "V", "version": "2"}}, "finding_info": {"uid": "u1"},
     "status_id": 1, "severity_id": 4, "time": 1700000000123},
    {"compliance": {"status_id": 1, "standards": ["CIS AWS 1.4"], "requirements": ["1.20", "2.1"]},
     "status_id": 3, "severity": "Informational", "time_dt": "2024-01-02T03:04:05.5Z"},
    {"compliance": {"status_id": 2}, "muted": true, "severity": "Fatal"},
    {"compliance": {"status": "Fail", "standards": ["A", "B"]}, "severity_id": 99},
    {"status_code": "ERROR", "status_detail": "detail text",
     "resources": [{"name": "only-name"}, {"uid": "second"}]},
    {"finding_info": {"types": ["Software and Configuration Checks"]},
     "vulnerabilities": [{"cve": {"uid": "CVE-2024-3094"}}, {"cve": {"uid": "GHSA-xxxx"}}]},
    {"status_code": "PASS", "compliance": {"status_id": 3}}
  ])";
  Imported got = import_text(text);
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  ASSERT_EQ(got.findings.size(), 7u);
  const auto& f = got.findings;
  EXPECT_EQ(f[0].status, FindingStatus::kNotApplicable);  // workflow status_id is no outcome
  EXPECT_NE(f[0].status_detail.find("no outcome"), std::string::npos);
  EXPECT_EQ(f[0].tool, "V");
  EXPECT_EQ(f[0].rule_id, "u1");
  EXPECT_EQ(f[0].severity, "high");
  EXPECT_EQ(f[0].observed_at, 1700000000);  // milliseconds
  EXPECT_FALSE(f[0].suppressed);
  EXPECT_EQ(f[1].status, FindingStatus::kPass);
  EXPECT_TRUE(f[1].suppressed);  // status_id 3 Suppressed
  EXPECT_EQ(f[1].severity, "info");
  EXPECT_EQ(domain::format_datetime(*f[1].observed_at), "2024-01-02T03:04:05Z");
  EXPECT_EQ(f[1].tags, (std::vector<std::string>{"cis aws 1.4:1.20", "cis aws 1.4:2.1"}));
  EXPECT_EQ(f[2].status, FindingStatus::kError);
  EXPECT_EQ(f[2].status_detail, "Warning");
  EXPECT_TRUE(f[2].suppressed);  // muted
  EXPECT_EQ(f[2].severity, "critical");
  EXPECT_EQ(f[3].status, FindingStatus::kFail);
  EXPECT_EQ(f[3].severity, "");
  EXPECT_EQ(f[3].tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f[4].status, FindingStatus::kError);
  EXPECT_EQ(f[4].status_detail, "ERROR");
  EXPECT_EQ(f[4].message, "detail text");
  EXPECT_EQ(f[4].resource, "only-name");
  EXPECT_EQ(f[5].tags,
            (std::vector<std::string>{"software and configuration checks", "vulnerability",
                                      "cve:cve-2024-3094", "cve:ghsa-xxxx"}));
  EXPECT_EQ(f[6].status, FindingStatus::kPass);  // status_code first
  ASSERT_EQ(got.summary.runs.size(), 2u);
  EXPECT_EQ(got.summary.runs[0].tool, "V");
  EXPECT_EQ(got.summary.runs[0].findings, 1);
  EXPECT_EQ(got.summary.runs[1].tool, "");
  EXPECT_EQ(got.summary.runs[1].findings, 6);
  EXPECT_EQ(domain::format_datetime(*got.summary.runs[1].started_at), "2024-01-02T03:04:05Z");
}

TEST(OcsfImport, EmptyArrayIsNoRun) {
  Imported got = import_text(" [ ] ");
  ASSERT_TRUE(got.status.ok());
  EXPECT_TRUE(got.findings.empty());
  EXPECT_TRUE(got.summary.runs.empty());
}

TEST(OcsfImportErrors, BadInputIsRefusedWithItsPlace) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "byte 0 (line 1, column 1): unexpected end of file where a value was expected"},
      {"42", "byte 0 (line 1, column 1): expected OCSF events: a JSON array or objects"},
      {"[{}, 3]", "byte 5 (line 1, column 6): expected an OCSF event (a JSON object)"},
      {"{}\n[]", "byte 3 (line 2, column 1): expected an OCSF event (a JSON object)"},
      {"[{}] {}", "byte 5 (line 1, column 6): expected the end of the file after the JSON value"},
      {"[{\"a\":" + std::string(100000, '['),
       "byte 260 (line 1, column 261): nesting deeper than 256 levels (at [0])"},
      {"[{\"message\": \"\xFF\"}]", "byte 14 (line 1, column 15): invalid UTF-8 (byte 0xFF)"},
      {"\xFF\xFE[\0]\0", "byte 0 (line 1, column 1): the file is UTF-16"},
  };
  for (const auto& [text, expected] : cases) {
    Imported got = import_text(text);
    ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput) << text.substr(0, 40);
    EXPECT_EQ(got.status.message().find(expected), 0u)
        << text.substr(0, 40) << "\n  gave: " << got.status.message();
  }
}

TEST(OcsfImportErrors, TruncatedSamplesNameTheEndOfTheFile) {
  const std::string text = read_file(prowler("gcp"));
  for (std::size_t cut = 0; cut < text.rfind(']'); cut += 37) {
    Imported got = import_text(text.substr(0, cut));
    ASSERT_EQ(got.status.code(), Status::Code::kInvalidInput) << cut;
    EXPECT_NE(got.status.message().find("unexpected end of file"), std::string::npos)
        << got.status.message();
    EXPECT_NE(got.status.message().find("the file ends at byte " + std::to_string(cut)),
              std::string::npos)
        << got.status.message();
  }
}

TEST(OcsfImportErrors, SinkErrorStopsTheImport) {
  int calls = 0;
  Result<ImportSummary> r = ingest::import_file(
      prowler("kubernetes"), Format::kOcsf,
      [&](Finding&&) { return ++calls < 3 ? Status::Ok() : Status::IoError("disk full"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIoError);
  EXPECT_EQ(r.status().message(), "disk full");
  EXPECT_EQ(calls, 3);
}

TEST(OcsfImportErrors, EventOverTheSizeLimit) {
  ImportOptions options;
  options.max_element_bytes = 100;
  Imported got = import_text(R"([{"message": ")" + std::string(200, 'x') + R"("}])", options);
  EXPECT_EQ(got.status.message(),
            "byte 1 (line 1, column 2): the value starting here is larger than the limit of 100 "
            "bytes (at [0])");
}

}  // namespace
}  // namespace crosswalk
