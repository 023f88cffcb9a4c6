// From findings to check results (domain/evidence_mapping.h): globs, the template index, the three
// stages of map_finding, and the aggregation of one import's findings into one verdict per
// (rule, template, tool). First on a small rule set written here, then on the shipped rules.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/rules_reader.h"
#include "domain/evidence_mapping.h"

namespace crosswalk::domain {
namespace {

// ---------------------------------------------------------------- glob_match

struct GlobCase {
  const char* pattern;
  const char* text;
  bool matches;
};

TEST(GlobMatch, StarsQuestionMarksAndCase) {
  const std::vector<GlobCase> cases = {
      {"", "", true},
      {"", "a", false},
      {"*", "", true},
      {"*", "anything at all", true},
      {"?", "", false},
      {"?", "x", true},
      {"?", "xy", false},
      {"Trivy", "trivy", true},  // case-insensitive both ways
      {"trivy", "TRIVY", true},
      {"trivy", "trivy2", false},
      {"trivy*", "Trivy", true},
      {"CodeQL*", "CodeQL command-line toolchain", true},
      {"CodeQL*", "The CodeQL", false},
      {"*Fortify*", "Micro Focus Fortify Static Code Analyzer", true},
      {"*Kubescape*", "Kubescape Scanning", true},
      {"cve:*", "cve:cve-2019-1549", true},
      {"cve:*", "cwe:79", false},
      {"a*b*c", "axxbyyc", true},
      {"a*b*c", "axxbyy", false},
      {"*a", "banana", true},
      {"*ab", "aab", true},  // needs a backtrack
      {"a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
      // JUnit rule ids of Trivy's template: the severity bracket, then the id.
      {"*] DS?0*", "dockerfile.[HIGH] DS-0002", true},
      {"*] DS?0*", "dockerfile.[HIGH] DS002", true},
      {"*] DS?0*", "libssl.[HIGH] DSA-1234", false},
      {"*] AVD-*", "helm.[LOW] AVD-KSV-0001", true},
      {"*security*test*", "tests.security.test_csrf.test_token_required", true},
      {"*security*test*", "com.acme.TestSecurity", false},
      // A '*' in the pattern is a wildcard even where the text holds a '*' too.
      {"*", "*", true},
      {"*", "*.tf", true},
      {"a*c", "a*bc", true},
      {"*.tf", "modules/*/main.tf", true},
      {"?b", "*b", true},
  };
  for (const GlobCase& c : cases)
    EXPECT_EQ(glob_match(c.pattern, c.text), c.matches)
        << "pattern '" << c.pattern << "' text '" << c.text << "'";
}

// ---------------------------------------------------------------- a small rule set

ControlTemplate tmpl(const std::string& id, const std::vector<RequirementLink>& links) {
  ControlTemplate t;
  t.id = id;
  t.title = id;
  t.links = links;
  return t;
}

RequirementLink full(const std::string& ref) {
  return {"iso27001-2022", ref, Coverage::kFull};
}
RequirementLink partial(const std::string& ref) {
  return {"iso27001-2022", ref, Coverage::kPartial};
}

// T-NET covers A.8.20 fully; T-VULN covers A.8.8 fully; T-PART only partly covers A.8.8 and
// A.8.20 (partial links prove nothing on their own).
const std::vector<ControlTemplate>& templates() {
  static const std::vector<ControlTemplate> t = {
      tmpl("T-NET", {full("A.8.20")}),
      tmpl("T-VULN", {full("A.8.8"), partial("A.8.9")}),
      tmpl("T-PART", {partial("A.8.8"), partial("A.8.20")}),
      tmpl("T-CODE", {full("A.8.28")}),
  };
  return t;
}

FindingMatch match(const std::string& format, const std::string& tool, const std::string& tag) {
  FindingMatch m;
  m.format = format;
  m.tool = tool;
  m.tag = tag;
  return m;
}

MappingRule rule(const std::string& id, FindingMatch match, std::vector<std::string> templates,
                 std::string from_tags = "", bool clean_run_passes = false) {
  MappingRule r;
  r.id = id;
  r.title = "Rule " + id;
  r.match = std::move(match);
  r.templates = std::move(templates);
  r.requirements_from_tags = std::move(from_tags);
  r.clean_run_passes = clean_run_passes;
  return r;
}

RuleSet small_rules() {
  RuleSet rs;
  ReferenceTable prowler;
  prowler.id = "prowler";
  prowler.match.tool = "Prowler";
  prowler.tags_by_rule_id = {
      {"rdp_open", {"iso27001-2022:a.8.20"}},
      {"old_patch_check", {"iso27001-2013:a.12.6.1"}},
      {"both_refs", {"iso27001-2022:a.8.8", "iso27001-2013:a.12.6.1", "iso27001-2022:a.8.20"}}};
  ReferenceTable ssg;
  ssg.id = "ssg";
  ssg.match.format = "xccdf";
  ssg.tags_by_rule_id = {
      {"xccdf_org.ssgproject.content_rule_sshd_disable_root_login", {"iso27001-2013:a.13.1.1"}}};
  rs.tables = {prowler, ssg};
  TagTranslation t2013;
  t2013.id = "2013-to-2022";
  t2013.to = {{"iso27001-2013:a.12.6.1", {"iso27001-2022:a.8.8"}},
              {"iso27001-2013:a.13.1.1", {"iso27001-2022:a.8.20"}}};
  rs.translations = {t2013};
  rs.rules = {
      rule("vuln", match("", "", "vulnerability"), {"T-VULN"}),
      rule("grype", match("", "Grype", ""), {"T-VULN"}, "", true),
      rule("refs-ocsf", match("ocsf", "", ""), {}, "iso27001-2022"),
      rule("refs-xccdf", match("xccdf", "", ""), {}, "iso27001-2022"),
      rule("semgrep", match("sarif", "Semgrep*", ""), {"T-CODE"}, "", true),
      rule("cwe", match("", "", "cwe:*"), {"T-CODE"}),
  };
  return rs;
}

Finding finding(const std::string& tool, const std::string& rule_id, FindingStatus status,
                std::vector<std::string> tags = {}) {
  Finding f;
  f.tool = tool;
  f.rule_id = rule_id;
  f.status = status;
  f.tags = std::move(tags);
  return f;
}

using Hits = std::set<std::tuple<std::string, std::string, std::string>>;  // rule, template, via

Hits hits_of(const std::vector<RuleHit>& hits) {
  Hits out;
  for (const RuleHit& h : hits) out.emplace(h.rule->id, h.template_id, h.via);
  return out;
}

// ---------------------------------------------------------------- TemplateIndex

TEST(TemplateIndex, OnlyFullCoverageLinksCountAndLookupIgnoresCase) {
  const TemplateIndex index(templates());
  EXPECT_EQ(index.templates_for("iso27001-2022:a.8.20"), std::vector<std::string>{"T-NET"});
  EXPECT_EQ(index.templates_for("ISO27001-2022:A.8.20"), std::vector<std::string>{"T-NET"});
  EXPECT_EQ(index.templates_for("iso27001-2022:a.8.8"), std::vector<std::string>{"T-VULN"});
  EXPECT_TRUE(index.templates_for("iso27001-2022:a.8.9").empty());  // partial only
  EXPECT_TRUE(index.templates_for("iso27001-2022:a.8.99").empty());
  EXPECT_TRUE(index.templates_for("iso27001-2013:a.12.6.1").empty());  // another framework
  EXPECT_TRUE(index.templates_for("").empty());
}

TEST(TemplateIndex, SeveralTemplatesForOneRequirementKeepCatalogOrder) {
  const TemplateIndex index({tmpl("B", {full("A.5.1")}), tmpl("A", {full("A.5.1")})});
  EXPECT_EQ(index.templates_for("iso27001-2022:a.5.1"), (std::vector<std::string>{"B", "A"}));
}

// ---------------------------------------------------------------- map_finding

TEST(MapFinding, ReferenceTableTagsLeadToTheTemplatesCoveringTheRequirement) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  Finding f = finding("Prowler", "RDP_Open", FindingStatus::kFail);  // table keys: any case
  EXPECT_EQ(hits_of(map_finding(rs, index, "ocsf", f)),
            (Hits{{"refs-ocsf", "T-NET", "iso27001-2022:a.8.20"}}));
  EXPECT_EQ(f.tags, std::vector<std::string>{"iso27001-2022:a.8.20"});
}

TEST(MapFinding, TablesApplyOnlyToTheToolAndFormatTheyName) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  Finding other_tool = finding("Steampipe", "rdp_open", FindingStatus::kFail);
  EXPECT_TRUE(map_finding(rs, index, "ocsf", other_tool).empty());
  EXPECT_TRUE(other_tool.tags.empty());
  // The same SSG rule id in a JUnit report is not an SCAP result.
  Finding junit = finding("OpenSCAP", "xccdf_org.ssgproject.content_rule_sshd_disable_root_login",
                          FindingStatus::kFail);
  EXPECT_TRUE(map_finding(rs, index, "junit", junit).empty());
  EXPECT_TRUE(junit.tags.empty());
}

TEST(MapFinding, OldReferencesAreTranslatedAndOnlyCurrentOnesProveControls) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  Finding f = finding("OpenSCAP", "xccdf_org.ssgproject.content_rule_sshd_disable_root_login",
                      FindingStatus::kFail, {"ssg:sshd_disable_root_login"});
  EXPECT_EQ(hits_of(map_finding(rs, index, "xccdf", f)),
            (Hits{{"refs-xccdf", "T-NET", "iso27001-2022:a.8.20"}}));
  EXPECT_EQ(f.tags, (std::vector<std::string>{"ssg:sshd_disable_root_login",
                                              "iso27001-2013:a.13.1.1", "iso27001-2022:a.8.20"}));
  // A 2013 reference the finding carries itself is translated too.
  Finding own = finding("OpenSCAP", "xccdf_org.example_rule", FindingStatus::kPass,
                        {"iso27001-2013:a.12.6.1"});
  EXPECT_EQ(hits_of(map_finding(rs, index, "xccdf", own)),
            (Hits{{"refs-xccdf", "T-VULN", "iso27001-2022:a.8.8"}}));
}

TEST(MapFinding, TagsAreNeverDuplicatedAndEachRuleTemplatePairComesOnce) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  // The finding already cites A.8.8; the table adds it again, and a 2013 id translating to it.
  Finding f = finding("Prowler", "both_refs", FindingStatus::kFail,
                      {"iso27001-2022:a.8.8", "vulnerability"});
  const auto hits = map_finding(rs, index, "ocsf", f);
  EXPECT_EQ(f.tags, (std::vector<std::string>{"iso27001-2022:a.8.8", "vulnerability",
                                              "iso27001-2013:a.12.6.1", "iso27001-2022:a.8.20"}));
  // In rule order; A.8.8 reached twice (directly and translated) still proves T-VULN once per rule.
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].rule->id, "vuln");
  EXPECT_EQ(hits[0].template_id, "T-VULN");
  EXPECT_EQ(hits[0].via, "rule");
  EXPECT_EQ(hits[1].rule->id, "refs-ocsf");
  EXPECT_EQ(hits[1].template_id, "T-VULN");
  EXPECT_EQ(hits[1].via, "iso27001-2022:a.8.8");
  EXPECT_EQ(hits[2].rule->id, "refs-ocsf");
  EXPECT_EQ(hits[2].template_id, "T-NET");
}

TEST(MapFinding, RulesMatchFormatToolAndTagGlobs) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  struct Case {
    const char* name;
    const char* format;
    Finding f;
    Hits expected;
  };
  const std::vector<Case> cases = {
      {"semgrep in sarif",
       "sarif",
       finding("Semgrep OSS", "python.flask.xss", FindingStatus::kFail),
       {{"semgrep", "T-CODE", "rule"}}},
      {"semgrep in junit is not the sarif rule",
       "junit",
       finding("Semgrep OSS", "python.flask.xss", FindingStatus::kFail),
       {}},
      {"a CWE tag from any tool",
       "sarif",
       finding("Acme", "X1", FindingStatus::kFail, {"cwe:79"}),
       {{"cwe", "T-CODE", "rule"}}},
      {"semgrep with a CWE: one template, two rules",
       "sarif",
       finding("semgrep", "r", FindingStatus::kFail, {"cwe:89"}),
       {{"semgrep", "T-CODE", "rule"}, {"cwe", "T-CODE", "rule"}}},
      {"tag globs are whole-tag matches",
       "sarif",
       finding("Acme", "X1", FindingStatus::kFail, {"not-a-vulnerability"}),
       {}},
      {"grype by tool name, any case",
       "sarif",
       finding("GRYPE", "CVE-1", FindingStatus::kFail),
       {{"grype", "T-VULN", "rule"}}},
      {"a requirement tag of another framework proves nothing",
       "ocsf",
       finding("Acme", "c", FindingStatus::kFail, {"iso42001-2023:a.6.2.6"}),
       {}},
      {"a 2022 reference in the wrong format proves nothing",
       "junit",
       finding("Acme", "c", FindingStatus::kFail, {"iso27001-2022:a.8.20"}),
       {}},
      {"a requirement only partly covered proves nothing",
       "ocsf",
       finding("Acme", "c", FindingStatus::kFail, {"iso27001-2022:a.8.9"}),
       {}},
  };
  for (Case c : cases)
    EXPECT_EQ(hits_of(map_finding(rs, index, c.format, c.f)), c.expected) << c.name;
}

// ---------------------------------------------------------------- CheckAggregator

struct Input {
  Input(std::string tool, std::string rule_id, FindingStatus status,
        std::vector<std::string> tags = {}, bool suppressed = false)
      : tool(std::move(tool)),
        rule_id(std::move(rule_id)),
        status(status),
        tags(std::move(tags)),
        suppressed(suppressed) {}
  std::string tool;
  std::string rule_id;
  FindingStatus status;
  std::vector<std::string> tags;
  bool suppressed;
};

struct Expected {
  std::string rule, template_id, tool;
  CheckOutcome outcome;
  bool operator==(const Expected&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Expected& e) {
  return os << e.rule << "/" << e.template_id << "/" << e.tool << "=" << to_string(e.outcome);
}

struct Scenario {
  std::string name;
  std::string format;
  std::vector<Input> findings;
  std::vector<RunFacts> runs;
  std::vector<Expected> expected;  // in order
};

std::vector<CheckVerdict> aggregate(const RuleSet& rs, const std::string& format,
                                    const std::vector<Input>& inputs,
                                    const std::vector<RunFacts>& runs) {
  const TemplateIndex index(templates());
  CheckAggregator agg(rs, format);
  for (const Input& in : inputs) {
    Finding f = finding(in.tool, in.rule_id, in.status, in.tags);
    f.suppressed = in.suppressed;
    for (const RuleHit& h : map_finding(rs, index, format, f)) agg.add(h, f);
  }
  for (const RunFacts& r : runs) agg.add_run(r);
  return agg.verdicts();
}

RunFacts completed(const std::string& tool) {
  return {tool, true, "", std::nullopt};
}
RunFacts incomplete(const std::string& tool, const std::string& error) {
  return {tool, false, error, std::nullopt};
}

constexpr auto kPass = FindingStatus::kPass;
constexpr auto kFail = FindingStatus::kFail;
constexpr auto kError = FindingStatus::kError;
constexpr auto kNa = FindingStatus::kNotApplicable;

TEST(CheckAggregator, VerdictsFollowTheDocumentedOrder) {
  const RuleSet rs = small_rules();
  const std::vector<Scenario> scenarios = {
      {"any failing finding fails, whatever passed on other resources",
       "ocsf",
       {{"Prowler", "rdp_open", kPass},
        {"Prowler", "rdp_open", kPass},
        {"Prowler", "rdp_open", kFail}},
       {completed("Prowler")},
       {{"refs-ocsf", "T-NET", "Prowler", CheckOutcome::kFail}}},
      {"a failure outweighs an error",
       "ocsf",
       {{"Prowler", "rdp_open", kError}, {"Prowler", "rdp_open", kFail}},
       {},
       {{"refs-ocsf", "T-NET", "Prowler", CheckOutcome::kFail}}},
      {"an error without failure is an error, not a pass",
       "ocsf",
       {{"Prowler", "rdp_open", kPass}, {"Prowler", "rdp_open", kError}},
       {completed("Prowler")},
       {{"refs-ocsf", "T-NET", "Prowler", CheckOutcome::kError}}},
      {"passing findings pass",
       "ocsf",
       {{"Prowler", "rdp_open", kPass}},
       {completed("Prowler")},
       {{"refs-ocsf", "T-NET", "Prowler", CheckOutcome::kPass}}},
      {"only not-applicable findings give no verdict",
       "ocsf",
       {{"Prowler", "rdp_open", kNa}, {"Prowler", "rdp_open", kNa}},
       {completed("Prowler")},
       {}},
      {"a suppressed failure gives no verdict",
       "sarif",
       {{"Acme", "X", kFail, {"cwe:79"}, true}},
       {completed("Acme")},
       {}},
      {"a suppressed failure beside a pass does not fail",
       "sarif",
       {{"Acme", "X", kFail, {"cwe:79"}, true}, {"Acme", "Y", kPass, {"cwe:89"}}},
       {completed("Acme")},
       {{"cwe", "T-CODE", "Acme", CheckOutcome::kPass}}},
      {"an empty result set is never a pass",
       "sarif",
       {},
       {completed("Acme"), completed("Trivy")},
       {}},
      {"nothing at all: no verdict", "sarif", {}, {}, {}},
      {"a completed clean run passes where the rule says a clean run passes",
       "sarif",
       {},
       {completed("Grype")},
       {{"grype", "T-VULN", "Grype", CheckOutcome::kPass}}},
      {"the clean-run rule's tool glob names the run's tool",
       "sarif",
       {},
       {completed("Semgrep OSS")},
       {{"semgrep", "T-CODE", "Semgrep OSS", CheckOutcome::kPass}}},
      {"a clean run in another format than the rule's proves nothing",
       "junit",
       {},
       {completed("Semgrep OSS")},
       {}},
      {"a clean run with only not-applicable findings still passes",
       "sarif",
       {{"Grype", "CVE-2020-1", kNa}},
       {completed("Grype")},
       {{"grype", "T-VULN", "Grype", CheckOutcome::kPass}}},
      {"a clean-run tool's failure fails",
       "sarif",
       {{"Grype", "CVE-2020-1", kFail}},
       {completed("Grype")},
       {{"grype", "T-VULN", "Grype", CheckOutcome::kFail}}},
      {"an incomplete run of a clean-run tool is an error",
       "sarif",
       {},
       {incomplete("Grype", "vulnerability database could not be downloaded")},
       {{"grype", "T-VULN", "Grype", CheckOutcome::kError}}},
      {"an incomplete run with failures still fails",
       "sarif",
       {{"Grype", "CVE-2020-1", kFail}},
       {incomplete("Grype", "stopped")},
       {{"grype", "T-VULN", "Grype", CheckOutcome::kFail}}},
      {"passes from an incomplete run are an error, not a pass",
       "sarif",
       {{"Acme", "Y", kPass, {"cwe:89"}}},
       {incomplete("Acme", "out of memory")},
       {{"cwe", "T-CODE", "Acme", CheckOutcome::kError}}},
      {"an incomplete run of another tool does not touch this tool's checks",
       "sarif",
       {{"Acme", "Y", kPass, {"cwe:89"}}},
       {completed("Acme"), incomplete("Other", "crashed")},
       {{"cwe", "T-CODE", "Acme", CheckOutcome::kPass}}},
      {"the tool is part of the check: two tools, two verdicts",
       "sarif",
       {{"Trivy", "CVE-2020-1", kFail, {"vulnerability"}},
        {"Grype", "CVE-2020-1", kPass, {"vulnerability"}}},
       {completed("Trivy"), completed("Grype")},
       {{"vuln", "T-VULN", "Trivy", CheckOutcome::kFail},
        {"vuln", "T-VULN", "Grype", CheckOutcome::kPass},
        {"grype", "T-VULN", "Grype", CheckOutcome::kPass}}},
      {"one finding, several templates through several references",
       "ocsf",
       {{"Prowler", "both_refs", kFail}},
       {completed("Prowler")},
       {{"refs-ocsf", "T-VULN", "Prowler", CheckOutcome::kFail},
        {"refs-ocsf", "T-NET", "Prowler", CheckOutcome::kFail}}},
  };
  for (const Scenario& s : scenarios) {
    std::vector<Expected> got;
    for (const CheckVerdict& v : aggregate(rs, s.format, s.findings, s.runs))
      got.push_back({v.rule->id, v.template_id, v.tool, v.outcome});
    EXPECT_EQ(got, s.expected) << s.name;
  }
}

TEST(CheckAggregator, CountsMessagesAndTheLatestObservation) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  CheckAggregator agg(rs, "ocsf");
  auto add = [&](FindingStatus st, const std::string& resource, Timestamp at, bool suppressed) {
    Finding f = finding("Prowler", "rdp_open", st);
    f.resource = resource;
    f.observed_at = at;
    f.suppressed = suppressed;
    for (const RuleHit& h : map_finding(rs, index, "ocsf", f)) agg.add(h, f);
  };
  add(kPass, "fw-a", 1000, false);
  add(kFail, "fw-b", 3000, false);
  add(kFail, "fw-c", 2000, false);
  add(kFail, "fw-d", 500, true);
  add(kPass, "fw-e", 1500, false);
  const auto v = agg.verdicts();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].outcome, CheckOutcome::kFail);
  EXPECT_EQ(v[0].passed, 2);
  EXPECT_EQ(v[0].failed, 2);
  EXPECT_EQ(v[0].suppressed, 1);
  EXPECT_EQ(v[0].errors, 0);
  EXPECT_EQ(v[0].observed_at, Timestamp{3000});
  EXPECT_EQ(v[0].message, "2 failing, 2 passing, 1 suppressed (first: rdp_open on fw-b)");
}

TEST(CheckAggregator, ErrorAndCleanRunMessagesSayWhy) {
  const RuleSet rs = small_rules();
  auto one = [&](const std::string& format, const std::vector<Input>& in,
                 const std::vector<RunFacts>& runs) {
    auto v = aggregate(rs, format, in, runs);
    EXPECT_EQ(v.size(), 1u);
    return v.empty() ? CheckVerdict{} : v[0];
  };
  EXPECT_EQ(one("sarif", {}, {incomplete("Grype", "database download failed")}).message,
            "scan incomplete: database download failed");
  EXPECT_EQ(one("sarif", {}, {incomplete("Grype", "")}).message,
            "scan incomplete: the tool reports it did not complete");
  EXPECT_EQ(one("sarif", {}, {completed("Grype")}).message, "completed scan with no finding");
  EXPECT_EQ(one("ocsf", {{"Prowler", "rdp_open", kError}}, {}).message,
            "1 errors (first: rdp_open)");
  // A run's start time is the observation when there is no finding.
  EXPECT_EQ(one("sarif", {}, {{"Grype", true, "", Timestamp{42}}}).observed_at, Timestamp{42});
}

TEST(CheckAggregator, AFirstFailureDescriptionIsCutAtACharacterBoundary) {
  const RuleSet rs = small_rules();
  const TemplateIndex index(templates());
  CheckAggregator agg(rs, "ocsf");
  Finding f = finding("Prowler", "rdp_open", kFail);
  for (int i = 0; i < 150; ++i) f.resource += "é";  // 2 bytes each: 300 bytes
  for (const RuleHit& h : map_finding(rs, index, "ocsf", f)) agg.add(h, f);
  const auto v = agg.verdicts();
  ASSERT_EQ(v.size(), 1u);
  const std::string& m = v[0].message;
  EXPECT_LT(m.size(), 260u);
  EXPECT_NE(m.find("…)"), std::string::npos) << m;
  // Valid UTF-8 throughout: no continuation byte follows an ASCII byte.
  for (std::size_t i = 1; i < m.size(); ++i) {
    if ((static_cast<unsigned char>(m[i]) & 0xC0) == 0x80) {
      EXPECT_GE(static_cast<unsigned char>(m[i - 1]), 0x80) << i;
    }
  }
}

// ---------------------------------------------------------------- the shipped rules

struct Shipped {
  catalog::Catalog catalog;
  RuleSet rules;
  std::optional<TemplateIndex> index;
};

const Shipped& shipped() {
  static const Shipped* s = [] {
    auto* out = new Shipped;
    auto cat = catalog::load_catalog(catalog::embedded_catalog_files());
    EXPECT_TRUE(cat.ok()) << cat.status().message();
    if (cat.ok()) out->catalog = std::move(cat).value();
    auto rules = catalog::read_rules(catalog::embedded_rule_files(), out->catalog);
    EXPECT_TRUE(rules.ok()) << rules.status().message();
    if (rules.ok()) out->rules = std::move(rules).value();
    out->index.emplace(out->catalog.templates);
    return out;
  }();
  return *s;
}

std::set<std::string> templates_of(const std::vector<RuleHit>& hits) {
  std::set<std::string> out;
  for (const RuleHit& h : hits) out.insert(h.template_id);
  return out;
}

// The template the catalog says covers a 2022 Annex A control in full (the oracle's last column).
std::set<std::string> covering(const std::string& ref) {
  std::set<std::string> out;
  for (const ControlTemplate& t : shipped().catalog.templates)
    for (const RequirementLink& l : t.links)
      if (l.framework == "iso27001-2022" && l.ref == ref && l.coverage == Coverage::kFull)
        out.insert(t.id);
  return out;
}

TEST(ShippedMapping, A820IsCoveredByTheNetworkSecurityTemplate) {
  EXPECT_EQ(covering("A.8.20"), std::set<std::string>{"TEC-19"});
  EXPECT_EQ(covering("A.8.8"), std::set<std::string>{"TEC-08"});
  EXPECT_EQ(covering("A.8.2"), std::set<std::string>{"TEC-02"});
}

// SOURCES.md's worked oracle for Prowler's GCP example: three results of one check on three
// firewall rules (two pass, one fails) fail A.8.20; the two other checks map to nothing.
TEST(ShippedMapping, ProwlerGcpExampleFailsTheA820Template) {
  const Shipped& s = shipped();
  CheckAggregator agg(s.rules, "ocsf");
  const std::vector<std::pair<std::string, FindingStatus>> gcp = {
      {"apikeys_key_exists", kPass},
      {"artifacts_container_analysis_enabled", kFail},
      {"compute_firewall_rdp_access_from_the_internet_allowed", kPass},
      {"compute_firewall_rdp_access_from_the_internet_allowed", kPass},
      {"compute_firewall_rdp_access_from_the_internet_allowed", kFail}};
  std::vector<std::set<std::string>> mapped;
  for (const auto& [check, status] : gcp) {
    Finding f = finding("Prowler", check, status);
    const auto hits = map_finding(s.rules, *s.index, "ocsf", f);
    mapped.push_back(templates_of(hits));
    for (const RuleHit& h : hits) agg.add(h, f);
  }
  agg.add_run(completed("Prowler"));
  EXPECT_EQ(mapped, (std::vector<std::set<std::string>>{
                        {}, {}, covering("A.8.20"), covering("A.8.20"), covering("A.8.20")}));
  const auto v = agg.verdicts();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule->id, "iso27001-2022-refs-ocsf");
  EXPECT_EQ(v[0].template_id, "TEC-19");
  EXPECT_EQ(v[0].tool, "Prowler");
  EXPECT_EQ(v[0].outcome, CheckOutcome::kFail);
  EXPECT_EQ(v[0].passed, 2);
  EXPECT_EQ(v[0].failed, 1);
  EXPECT_EQ(v[0].rule->freshness_seconds, 2 * kSecondsPerDay);
}

// SCAP Security Guide rules of OpenSCAP's ARF sample cite ISO 27001:2013 (through the SSG table);
// only their 2022 translations reach templates.
TEST(ShippedMapping, SsgRuleIdsReachTemplatesThrough2013To2022) {
  const Shipped& s = shipped();
  struct Case {
    const char* rule;
    std::set<std::string> must_include;  // templates
    std::set<std::string> tags_2022;     // a few of the translated tags
  };
  const std::vector<Case> cases = {
      {"sshd_disable_root_login",
       {"TEC-02", "TEC-19"},
       {"iso27001-2022:a.8.2", "iso27001-2022:a.8.20"}},
      {"service_ntpd_enabled", {}, {"iso27001-2022:a.8.15", "iso27001-2022:a.8.17"}},
      {"no_root_webbrowsing", {}, {}},  // no ISO reference in SSG
  };
  for (const Case& c : cases) {
    Finding f = finding("OpenSCAP", std::string("xccdf_org.ssgproject.content_rule_") + c.rule,
                        kFail, {std::string("ssg:") + c.rule});
    const auto hits = map_finding(s.rules, *s.index, "xccdf", f);
    const std::set<std::string> tags(f.tags.begin(), f.tags.end());
    for (const auto& t : c.tags_2022) EXPECT_TRUE(tags.count(t)) << c.rule << " " << t;
    bool has_2013 = false;
    for (const auto& t : f.tags) has_2013 |= t.rfind("iso27001-2013:", 0) == 0;
    EXPECT_EQ(has_2013, !c.tags_2022.empty()) << c.rule;
    const auto got = templates_of(hits);
    for (const auto& t : c.must_include) EXPECT_TRUE(got.count(t)) << c.rule << " " << t;
    EXPECT_EQ(got.empty(), c.tags_2022.empty()) << c.rule;
    for (const RuleHit& h : hits) {
      EXPECT_EQ(h.rule->id, "iso27001-2022-refs-xccdf") << c.rule;
      EXPECT_EQ(h.via.rfind("iso27001-2022:a.", 0), 0u) << c.rule << " via " << h.via;
      EXPECT_TRUE(covering(std::string("A.") + h.via.substr(16)).count(h.template_id))
          << c.rule << " " << h.template_id << " via " << h.via;
    }
  }
}

// Gitleaks' rule says a completed run proves the secret-scanning control; a file whose run list
// is empty has no run at all, and proves nothing.
TEST(ShippedMapping, CleanRunsPassOnlyForToolsWhoseRuleSaysSo) {
  const Shipped& s = shipped();
  auto verdicts = [&](const std::string& format, const std::string& tool) {
    CheckAggregator agg(s.rules, format);
    agg.add_run(completed(tool));
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& v : agg.verdicts()) {
      EXPECT_EQ(v.outcome, CheckOutcome::kPass);
      out.emplace(v.rule->id, v.template_id);
    }
    return out;
  };
  using Pairs = std::set<std::pair<std::string, std::string>>;
  EXPECT_EQ(verdicts("sarif", "gitleaks"), (Pairs{{"gitleaks-secret-scan", "ORG-16"}}));
  EXPECT_EQ(verdicts("junit", "gitleaks"), (Pairs{{"gitleaks-secret-scan", "ORG-16"}}));
  EXPECT_EQ(verdicts("sarif", "Semgrep OSS"),
            (Pairs{{"semgrep-code-scanning", "TEC-26"}, {"semgrep-code-scanning", "TEC-27"}}));
  EXPECT_EQ(verdicts("sarif", "Grype"), (Pairs{{"grype-vulnerability-scan", "TEC-08"}}));
  // Trivy also runs scans that do not look for vulnerabilities; Prowler and OpenSCAP report
  // passes explicitly; Checkov may have scanned a directory without infrastructure code.
  for (const char* tool : {"Trivy", "Prowler", "OpenSCAP", "Checkov", "Kubescape Scanning"})
    EXPECT_EQ(verdicts("sarif", tool), Pairs{}) << tool;
  EXPECT_EQ(verdicts("junit", "Semgrep OSS"), Pairs{});  // the rule is for SARIF only
  CheckAggregator nothing(s.rules, "sarif");
  EXPECT_TRUE(nothing.verdicts().empty());
}

}  // namespace
}  // namespace crosswalk::domain
