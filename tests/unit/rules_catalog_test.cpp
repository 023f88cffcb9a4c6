// The shipped mapping rules (catalog/rules/) and their loader: the data loads against the shipped
// catalog, matches its public sources (Prowler, SCAP Security Guide, ISO/IEC 27002:2022 Annex B),
// and bad rule files are refused naming the file and the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/catalog.h"
#include "catalog/rules_reader.h"
#include "golden.h"

namespace crosswalk::catalog {
namespace {

using domain::ReferenceTable;
using domain::RuleSet;
using domain::TagTranslation;
using nlohmann::json;
using Tags = std::set<std::string>;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Case-insensitive glob with '*' and '?', as documented in docs/rules.md.
bool glob(const std::string& p, const std::string& t, std::size_t i = 0, std::size_t j = 0) {
  if (i == p.size()) return j == t.size();
  if (p[i] == '*') return glob(p, t, i + 1, j) || (j < t.size() && glob(p, t, i, j + 1));
  if (j == t.size()) return false;
  if (p[i] != '?' && std::tolower(static_cast<unsigned char>(p[i])) !=
                         std::tolower(static_cast<unsigned char>(t[j])))
    return false;
  return glob(p, t, i + 1, j + 1);
}

const Catalog& shipped_catalog() {
  static const Catalog* cat = [] {
    auto r = load_catalog(embedded_catalog_files());
    EXPECT_TRUE(r.ok()) << r.status().message();
    return new Catalog(std::move(r).value());
  }();
  return *cat;
}

const RuleSet& shipped_rules() {
  static const RuleSet* rules = [] {
    auto r = read_rules(embedded_rule_files(), shipped_catalog());
    EXPECT_TRUE(r.ok()) << r.status().message();
    return new RuleSet(r.ok() ? std::move(r).value() : RuleSet{});
  }();
  return *rules;
}

const ReferenceTable* table(const std::string& id) {
  for (const auto& t : shipped_rules().tables)
    if (t.id == id) return &t;
  ADD_FAILURE() << "no table " << id;
  return nullptr;
}

const TagTranslation& translation_2013() {
  const auto& ts = shipped_rules().translations;
  EXPECT_EQ(ts.size(), 1u);
  return ts.at(0);
}

// Stages 1 and 2 of a lookup, for a finding given by tool, format and rule id.
Tags lookup(const std::string& tool, const std::string& format, const std::string& rule_id) {
  Tags tags;
  for (const auto& t : shipped_rules().tables) {
    if (!t.match.tool.empty() && !glob(t.match.tool, tool)) continue;
    if (!t.match.format.empty() && !glob(t.match.format, format)) continue;
    auto it = t.tags_by_rule_id.find(lower(rule_id));
    if (it != t.tags_by_rule_id.end()) tags.insert(it->second.begin(), it->second.end());
  }
  Tags out = tags;
  for (const auto& tr : shipped_rules().translations)
    for (const auto& tag : tags)
      if (auto it = tr.to.find(tag); it != tr.to.end())
        out.insert(it->second.begin(), it->second.end());
  return out;
}

Tags with_scheme(const Tags& tags, const std::string& scheme) {
  Tags out;
  for (const auto& t : tags)
    if (t.rfind(scheme + ":", 0) == 0) out.insert(t);
  return out;
}

Tags iso2022(std::initializer_list<const char*> refs) {
  Tags out;
  for (const char* r : refs) out.insert("iso27001-2022:a." + std::string(r));
  return out;
}

// ---------------------------------------------------------------- the shipped data

TEST(ShippedRules, LoadAgainstTheShippedCatalog) {
  auto r = read_rules(embedded_rule_files(), shipped_catalog());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->tables.size(), 7u);  // 6 Prowler providers + SSG
  EXPECT_EQ(r->translations.size(), 1u);
  EXPECT_EQ(r->rules.size(), 22u);
}

TEST(ShippedRules, EmbeddedFilesAreTheRepositoryFiles) {
  std::map<std::string, std::string> on_disk;
  const std::string dir = std::string(CROSSWALK_SOURCE_DIR) + "/catalog/rules";
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json")
      on_disk["rules/" + e.path().filename().string()] = read_text(e.path().string());
  std::map<std::string, std::string> embedded;
  for (const auto& [name, text] : embedded_rule_files()) embedded[name] = text;
  EXPECT_EQ(embedded, on_disk) << "rebuild: the embedded rule files are stale";
  for (const auto& f : embedded_catalog_files()) EXPECT_NE(f.path.rfind("rules/", 0), 0u) << f.path;
}

TEST(ShippedRules, CatalogLoaderSkipsRuleFilesAndTheirBytes) {
  auto files = embedded_catalog_files();
  auto without = load_catalog(files);
  for (const auto& [name, text] : embedded_rule_files()) files.push_back({name, text});
  auto with = load_catalog(files);
  ASSERT_TRUE(with.ok()) << with.status().message();
  EXPECT_EQ(with->sha256, without->sha256);
}

TEST(ShippedRules, EveryRuleTableTranslationAndRowHasARationale) {
  for (const auto& t : shipped_rules().tables) EXPECT_FALSE(t.rationale.empty()) << t.id;
  for (const auto& t : shipped_rules().translations) EXPECT_FALSE(t.rationale.empty()) << t.id;
  for (const auto& r : shipped_rules().rules) {
    EXPECT_FALSE(r.rationale.empty()) << r.id;
    EXPECT_FALSE(r.title.empty()) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
  }
  // Per-row rationales of translations live in the files only.
  for (const auto& [name, text] : embedded_rule_files()) {
    const json doc = json::parse(text);
    for (const auto& t : doc.value("translations", json::array()))
      for (const auto& e : t.at("entries"))
        EXPECT_GT(e.value("rationale", "").size(), 20u) << name << ": " << e.dump();
  }
}

TEST(ShippedRules, DerivedFilesAreAttributed) {
  const std::string notice =
      read_text(std::string(CROSSWALK_SOURCE_DIR) + "/catalog/rules/NOTICE.md");
  for (const char* needle :
       {"prowler-iso27001-2022.json", "prowler-cloud/prowler", "3e000faa3109", "Apache-2.0",
        "ssg-iso27001-2013.json", "ComplianceAsCode/content", "b3a2cca9", "BSD-3-Clause",
        "iso27001-2013-to-2022.json", "27002:2022"})
    EXPECT_NE(notice.find(needle), std::string::npos) << needle;
}

// ---------------------------------------------------------------- ISO/IEC 27001:2013 -> 2022

std::vector<std::string> annex_a_2013() {
  // Controls per objective, A.5.1 … A.18.2: the 114 of ISO/IEC 27001:2013 Annex A.
  const std::vector<std::pair<std::string, int>> objectives = {
      {"5.1", 2},  {"6.1", 5},  {"6.2", 2},  {"7.1", 2},  {"7.2", 3},  {"7.3", 1},  {"8.1", 4},
      {"8.2", 3},  {"8.3", 3},  {"9.1", 2},  {"9.2", 6},  {"9.3", 1},  {"9.4", 5},  {"10.1", 2},
      {"11.1", 6}, {"11.2", 9}, {"12.1", 4}, {"12.2", 1}, {"12.3", 1}, {"12.4", 4}, {"12.5", 1},
      {"12.6", 2}, {"12.7", 1}, {"13.1", 3}, {"13.2", 4}, {"14.1", 3}, {"14.2", 9}, {"14.3", 1},
      {"15.1", 3}, {"15.2", 2}, {"16.1", 7}, {"17.1", 3}, {"17.2", 1}, {"18.1", 5}, {"18.2", 3}};
  std::vector<std::string> ids;
  for (const auto& [objective, n] : objectives)
    for (int i = 1; i <= n; ++i) ids.push_back("a." + objective + "." + std::to_string(i));
  return ids;
}

TEST(Translation2013, CoversAllOneHundredFourteenAnnexAControls) {
  const auto ids = annex_a_2013();
  ASSERT_EQ(ids.size(), 114u);
  const auto& to = translation_2013().to;
  const auto* fw = shipped_catalog().find_framework("iso27001-2022");
  ASSERT_NE(fw, nullptr);
  for (const auto& id : ids) {
    auto it = to.find("iso27001-2013:" + id);
    ASSERT_NE(it, to.end()) << id;
    EXPECT_FALSE(it->second.empty()) << id;
    for (const auto& target : it->second) {
      ASSERT_EQ(target.rfind("iso27001-2022:a.", 0), 0u) << target;
      EXPECT_NE(fw->find("A." + target.substr(16)), nullptr) << target;
    }
  }
  EXPECT_EQ(to.size(), 116u);  // + the two SSG anomalies
}

// ISO/IEC 27002:2022 Table B.1 (2022 control <- 2013 controls), typed independently of the rule
// file: inverting the translation must give it back exactly.
TEST(Translation2013, InvertedItIsIso27002AnnexBTableB1) {
  const std::map<std::string, Tags> b1 = {{"5.1", {"5.1.1", "5.1.2"}},
                                          {"5.2", {"6.1.1"}},
                                          {"5.3", {"6.1.2"}},
                                          {"5.4", {"7.2.1"}},
                                          {"5.5", {"6.1.3"}},
                                          {"5.6", {"6.1.4"}},
                                          {"5.8", {"6.1.5", "14.1.1"}},
                                          {"5.9", {"8.1.1", "8.1.2"}},
                                          {"5.10", {"8.1.3", "8.2.3"}},
                                          {"5.11", {"8.1.4"}},
                                          {"5.12", {"8.2.1"}},
                                          {"5.13", {"8.2.2"}},
                                          {"5.14", {"13.2.1", "13.2.2", "13.2.3"}},
                                          {"5.15", {"9.1.1", "9.1.2"}},
                                          {"5.16", {"9.2.1"}},
                                          {"5.17", {"9.2.4", "9.3.1", "9.4.3"}},
                                          {"5.18", {"9.2.2", "9.2.5", "9.2.6"}},
                                          {"5.19", {"15.1.1"}},
                                          {"5.20", {"15.1.2"}},
                                          {"5.21", {"15.1.3"}},
                                          {"5.22", {"15.2.1", "15.2.2"}},
                                          {"5.24", {"16.1.1"}},
                                          {"5.25", {"16.1.4"}},
                                          {"5.26", {"16.1.5"}},
                                          {"5.27", {"16.1.6"}},
                                          {"5.28", {"16.1.7"}},
                                          {"5.29", {"17.1.1", "17.1.2", "17.1.3"}},
                                          {"5.31", {"18.1.1", "18.1.5"}},
                                          {"5.32", {"18.1.2"}},
                                          {"5.33", {"18.1.3"}},
                                          {"5.34", {"18.1.4"}},
                                          {"5.35", {"18.2.1"}},
                                          {"5.36", {"18.2.2", "18.2.3"}},
                                          {"5.37", {"12.1.1"}},
                                          {"6.1", {"7.1.1"}},
                                          {"6.2", {"7.1.2"}},
                                          {"6.3", {"7.2.2"}},
                                          {"6.4", {"7.2.3"}},
                                          {"6.5", {"7.3.1"}},
                                          {"6.6", {"13.2.4"}},
                                          {"6.7", {"6.2.2"}},
                                          {"6.8", {"16.1.2", "16.1.3"}},
                                          {"7.1", {"11.1.1"}},
                                          {"7.2", {"11.1.2", "11.1.6"}},
                                          {"7.3", {"11.1.3"}},
                                          {"7.5", {"11.1.4"}},
                                          {"7.6", {"11.1.5"}},
                                          {"7.7", {"11.2.9"}},
                                          {"7.8", {"11.2.1"}},
                                          {"7.9", {"11.2.6"}},
                                          {"7.10", {"8.3.1", "8.3.2", "8.3.3", "11.2.5"}},
                                          {"7.11", {"11.2.2"}},
                                          {"7.12", {"11.2.3"}},
                                          {"7.13", {"11.2.4"}},
                                          {"7.14", {"11.2.7"}},
                                          {"8.1", {"6.2.1", "11.2.8"}},
                                          {"8.2", {"9.2.3"}},
                                          {"8.3", {"9.4.1"}},
                                          {"8.4", {"9.4.5"}},
                                          {"8.5", {"9.4.2"}},
                                          {"8.6", {"12.1.3"}},
                                          {"8.7", {"12.2.1"}},
                                          {"8.8", {"12.6.1", "18.2.3"}},
                                          {"8.13", {"12.3.1"}},
                                          {"8.14", {"17.2.1"}},
                                          {"8.15", {"12.4.1", "12.4.2", "12.4.3"}},
                                          {"8.17", {"12.4.4"}},
                                          {"8.18", {"9.4.4"}},
                                          {"8.19", {"12.5.1", "12.6.2"}},
                                          {"8.20", {"13.1.1"}},
                                          {"8.21", {"13.1.2"}},
                                          {"8.22", {"13.1.3"}},
                                          {"8.24", {"10.1.1", "10.1.2"}},
                                          {"8.25", {"14.2.1"}},
                                          {"8.26", {"14.1.2", "14.1.3"}},
                                          {"8.27", {"14.2.5"}},
                                          {"8.29", {"14.2.8", "14.2.9"}},
                                          {"8.30", {"14.2.7"}},
                                          {"8.31", {"12.1.4", "14.2.6"}},
                                          {"8.32", {"12.1.2", "14.2.2", "14.2.3", "14.2.4"}},
                                          {"8.33", {"14.3.1"}},
                                          {"8.34", {"12.7.1"}}};
  std::map<std::string, Tags> inverted;
  for (const auto& [from, targets] : translation_2013().to) {
    if (from.rfind("iso27001-2013:a.", 0) != 0) continue;
    for (const auto& t : targets) inverted[t.substr(16)].insert(from.substr(16));
  }
  EXPECT_EQ(inverted, b1);
  // The eleven 2022 controls with no 2013 predecessor.
  Tags fresh;
  for (const auto& r : shipped_catalog().find_framework("iso27001-2022")->requirements())
    if (r.kind == domain::RequirementKind::kAnnexA && !b1.count(r.ref.substr(2)))
      fresh.insert(r.ref);
  EXPECT_EQ(fresh, (Tags{"A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11",
                         "A.8.12", "A.8.16", "A.8.23", "A.8.28"}));
}

TEST(Translation2013, KnownRowsAndTheTwoSsgAnomalies) {
  const auto& to = translation_2013().to;
  auto targets = [&](const std::string& from) {
    auto it = to.find(from);
    return it == to.end() ? std::vector<std::string>{"<missing>"} : it->second;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(targets("iso27001-2013:a.12.6.1"), V{"iso27001-2022:a.8.8"});
  EXPECT_EQ(targets("iso27001-2013:a.5.1.1"), V{"iso27001-2022:a.5.1"});
  EXPECT_EQ(targets("iso27001-2013:a.5.1.2"), V{"iso27001-2022:a.5.1"});
  EXPECT_EQ(targets("iso27001-2013:a.18.2.3"), (V{"iso27001-2022:a.5.36", "iso27001-2022:a.8.8"}));
  EXPECT_EQ(targets("iso27001-2013:16.1.2"), V{"iso27001-2022:a.6.8"});
  EXPECT_EQ(targets("iso27001-2013:7.4"), V{});
}

// ---------------------------------------------------------------- Prowler tables = Prowler's files

const std::vector<std::string> kProviders = {"aws", "azure", "gcp", "kubernetes", "m365", "nhn"};

// check id (lower case) -> tags, per provider, read from Prowler's own mapping files.
std::map<std::string, std::map<std::string, Tags>> prowler_oracle() {
  std::map<std::string, std::map<std::string, Tags>> out;
  for (const auto& p : kProviders) {
    const json doc =
        json::parse(read_text(testing::sample("mappings/prowler/iso27001_2022_" + p + ".json")));
    for (const auto& req : doc.at("Requirements"))
      for (const auto& check : req.value("Checks", json::array()))
        out[p][lower(check.get<std::string>())].insert("iso27001-2022:" +
                                                       lower(req.at("Id").get<std::string>()));
  }
  return out;
}

TEST(ProwlerTables, EqualProwlersOwnMappingFiles) {
  const auto oracle = prowler_oracle();
  std::map<std::string, Tags> merged;  // a check id listed for several providers: the union
  for (const auto& [p, checks] : oracle)
    for (const auto& [check, tags] : checks) merged[check].insert(tags.begin(), tags.end());
  for (const auto& p : kProviders) {
    const auto* t = table("prowler-" + p + "-iso27001-2022");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->match.tool, "Prowler");
    std::map<std::string, Tags> expected, actual;
    for (const auto& [check, tags] : oracle.at(p)) expected[check] = merged[check];
    for (const auto& [check, tags] : t->tags_by_rule_id)
      actual[check] = Tags(tags.begin(), tags.end());
    EXPECT_EQ(actual, expected) << p << ": rerun scripts/catalog/derive_prowler_rules.py";
  }
}

TEST(ProwlerTables, CheckIdsSharedByProvidersAreFew) {
  const auto oracle = prowler_oracle();
  std::map<std::string, int> providers;
  for (const auto& [p, checks] : oracle)
    for (const auto& [check, tags] : checks) ++providers[check];
  Tags shared;
  for (const auto& [check, n] : providers)
    if (n > 1) shared.insert(check);
  EXPECT_EQ(
      shared,
      (Tags{"compute_instance_public_ip", "entra_policy_ensure_default_user_cannot_create_tenants",
            "entra_policy_guest_invite_only_for_admin_roles",
            "entra_policy_guest_users_access_restrictions",
            "entra_policy_restricts_user_consent_for_apps", "kms_key_not_publicly_accessible"}));
}

// The worked oracle of ../shared/samples/SOURCES.md: Prowler findings -> ISO 27001:2022 controls.
TEST(ProwlerTables, WorkedOracleRowsHold) {
  const std::vector<std::pair<std::string, Tags>> rows = {
      {"accessanalyzer_enabled", iso2022({"8.3"})},
      {"account_maintain_current_contact_details", iso2022({"5.5"})},
      {"account_maintain_different_contact_details_to_security_billing_and_operations",
       iso2022({"5.6"})},
      {"account_security_contact_information_is_registered", iso2022({"5.5"})},
      {"account_security_questions_are_registered_in_the_aws_account", {}},
      {"appinsights_ensure_is_configured", {}},
      {"defender_additional_email_configured_with_a_security_contact", iso2022({"5.5"})},
      {"defender_auto_provisioning_log_analytics_agent_vms_on", iso2022({"8.15"})},
      {"defender_container_images_scan_enabled",
       iso2022({"5.19", "5.21", "5.25", "5.28", "5.29", "8.7", "8.9"})},
      {"defender_ensure_defender_for_app_services_is_on",
       iso2022({"5.19", "5.21", "5.25", "5.28", "5.29", "8.7", "8.9"})},
      {"apikeys_key_exists", {}},
      {"artifacts_container_analysis_enabled", {}},
      {"compute_firewall_rdp_access_from_the_internet_allowed", iso2022({"8.20"})},
      {"apiserver_always_pull_images_plugin", {}},
      {"apiserver_anonymous_requests",
       iso2022({"5.1", "5.15", "5.18", "8.2", "8.12", "8.20", "8.21", "8.22"})},
      {"apiserver_audit_log_maxage_set", iso2022({"8.10", "8.13", "8.15"})},
      {"apiserver_audit_log_maxbackup_set", iso2022({"8.10", "8.13", "8.15"})},
      {"apiserver_audit_log_maxsize_set", iso2022({"8.10", "8.13", "8.15"})},
      {"apiserver_audit_log_path_set",
       iso2022({"5.1", "8.10", "8.12", "8.13", "8.15", "8.20", "8.21", "8.22"})}};
  for (const auto& [check, expected] : rows)
    EXPECT_EQ(lookup("Prowler", "ocsf", check), expected) << check;
  // The table applies to Prowler only.
  EXPECT_EQ(lookup("Trivy", "ocsf", "accessanalyzer_enabled"), Tags{});
}

TEST(ProwlerTables, WorkedOracleUsesTheEventCodesOfTheExampleOutputs) {
  // Every event_code of Prowler's example outputs is either mapped or one of the unmapped rows.
  const Tags unmapped = {"account_security_questions_are_registered_in_the_aws_account",
                         "appinsights_ensure_is_configured", "apikeys_key_exists",
                         "artifacts_container_analysis_enabled",
                         "apiserver_always_pull_images_plugin"};
  for (const char* p : {"aws", "azure", "gcp", "kubernetes"}) {
    const json doc = json::parse(
        read_text(testing::sample(std::string("ocsf/prowler-example_output_") + p + ".ocsf.json")));
    for (const auto& f : doc) {
      const std::string code = f.at("metadata").at("event_code").get<std::string>();
      EXPECT_EQ(f.at("metadata").at("product").at("name"), "Prowler");
      EXPECT_EQ(lookup("Prowler", "ocsf", code).empty(), unmapped.count(code) == 1) << code;
    }
  }
}

// ---------------------------------------------------------------- SSG table = the TSV

std::map<std::string, Tags> ssg_oracle() {
  std::map<std::string, Tags> out;
  std::istringstream in(read_text(testing::sample("mappings/ssg/ssg_rules_iso27001-2013.tsv")));
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream cells(line);
    for (std::string c; std::getline(cells, c, '\t');) cols.push_back(c);
    std::stringstream refs(cols.at(2));
    Tags tags;
    for (std::string ref; std::getline(refs, ref, ',');) {
      ref = lower(ref);
      if (ref.rfind("clause ", 0) == 0) ref = ref.substr(7);  // as the XCCDF importer reads it
      tags.insert("iso27001-2013:" + ref);
    }
    out[lower(cols.at(1))] = tags;
  }
  return out;
}

TEST(SsgTable, EqualsTheTsv) {
  const auto* t = table("ssg-iso27001-2013");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->match.format, "xccdf");
  std::map<std::string, Tags> actual;
  for (const auto& [rule, tags] : t->tags_by_rule_id) actual[rule] = Tags(tags.begin(), tags.end());
  const auto expected = ssg_oracle();
  EXPECT_EQ(expected.size(), 575u);
  EXPECT_EQ(actual, expected) << "rerun scripts/catalog/derive_ssg_rules.py";
}

TEST(SsgTable, SshdDisableRootLoginReaches2022ThroughTheTranslation) {
  const Tags tags =
      lookup("OpenSCAP", "xccdf", "xccdf_org.ssgproject.content_rule_sshd_disable_root_login");
  EXPECT_EQ(with_scheme(tags, "iso27001-2013").size(), 31u);
  EXPECT_EQ(with_scheme(tags, "iso27001-2022"),
            iso2022({"5.3", "5.10", "5.13", "5.14", "5.15", "5.16", "5.17", "5.18", "5.34",
                     "6.1", "6.2",  "6.5",  "6.6",  "7.5",  "7.6",  "7.8",  "8.2",  "8.3",
                     "8.4", "8.5",  "8.18", "8.20", "8.22", "8.24", "8.26"}));
  // Findings of other formats do not use the SSG table.
  EXPECT_EQ(
      lookup("OpenSCAP", "sarif", "xccdf_org.ssgproject.content_rule_sshd_disable_root_login"),
      Tags{});
}

TEST(SsgTable, ClauseAnomaliesTranslateAsDocumented) {
  const Tags tags =
      lookup("OpenSCAP", "xccdf", "xccdf_org.ssgproject.content_rule_install_mcafee_hbss_accm");
  EXPECT_TRUE(tags.count("iso27001-2013:16.1.2"));
  EXPECT_TRUE(tags.count("iso27001-2013:7.4"));
  EXPECT_TRUE(tags.count("iso27001-2022:a.6.8"));
  EXPECT_FALSE(tags.count("iso27001-2022:7.4"));
}

TEST(SsgTable, ResolvesTwentyFiveOfTheTwentyEightRulesOfTheArfSample) {
  const std::string arf = read_text(testing::sample("xccdf/openscap-test_xccdf_overrides.arf.xml"));
  const std::regex idref("rule-result idref=\"([^\"]+)\"");
  Tags rules, missing;
  for (auto it = std::sregex_iterator(arf.begin(), arf.end(), idref); it != std::sregex_iterator();
       ++it)
    rules.insert((*it)[1]);
  ASSERT_EQ(rules.size(), 28u);
  for (const auto& r : rules)
    if (with_scheme(lookup("OpenSCAP", "xccdf", r), "iso27001-2022").empty()) missing.insert(r);
  EXPECT_EQ(missing, (Tags{"xccdf_org.ssgproject.content_rule_no_hashes_outside_shadow",
                           "xccdf_org.ssgproject.content_rule_no_root_webbrowsing",
                           "xccdf_org.ssgproject.content_rule_no_uidzero_except_root"}));
}

// ---------------------------------------------------------------- Crosswalk's own rules

struct Expected {
  std::vector<std::string> templates;
  std::string requirements_from_tags;
  bool clean_run_passes;
  int freshness_days;
};

TEST(ToolRules, ShippedRulesAreTheReviewedOnes) {
  const std::map<std::string, Expected> expected = {
      {"vulnerability-tagged", {{"TEC-08"}, "", false, 7}},
      {"vulnerability-cve", {{"TEC-08"}, "", false, 7}},
      {"grype-vulnerability-scan", {{"TEC-08"}, "", true, 7}},
      {"codeql-security-queries", {{"TEC-26", "TEC-27"}, "", true, 30}},
      {"semgrep-code-scanning", {{"TEC-26", "TEC-27"}, "", true, 30}},
      {"fortify-sca-code-scanning", {{"TEC-26", "TEC-27"}, "", true, 30}},
      {"code-weakness-cwe", {{"TEC-26"}, "", false, 30}},
      {"gitleaks-secret-scan", {{"ORG-16"}, "", true, 30}},
      {"secret-tagged", {{"ORG-16"}, "", false, 30}},
      {"checkov-secrets", {{"ORG-16"}, "", false, 30}},
      {"misconfiguration-tagged", {{"TEC-09"}, "", false, 7}},
      {"checkov-iac-scan", {{"TEC-09"}, "", false, 30}},
      {"trivy-junit-misconfig-avd", {{"TEC-09"}, "", false, 7}},
      {"trivy-junit-misconfig-ksv", {{"TEC-09"}, "", false, 7}},
      {"trivy-junit-misconfig-ds", {{"TEC-09"}, "", false, 7}},
      {"kubescape-posture", {{"TEC-09"}, "", false, 7}},
      {"iso27001-2022-refs-ocsf", {{}, "iso27001-2022", false, 2}},
      {"iso27001-2022-refs-xccdf", {{}, "iso27001-2022", false, 30}},
      {"iso27001-2022-refs-sarif", {{}, "iso27001-2022", false, 30}},
      {"iso27001-2022-refs-junit", {{}, "iso27001-2022", false, 30}},
      {"junit-security-tests-named", {{"TEC-27"}, "", false, 30}},
      {"junit-security-tests-tagged", {{"TEC-27"}, "", false, 30}}};
  std::set<std::string> seen;
  for (const auto& r : shipped_rules().rules) {
    seen.insert(r.id);
    auto it = expected.find(r.id);
    ASSERT_NE(it, expected.end()) << "unreviewed rule " << r.id;
    EXPECT_EQ(r.templates, it->second.templates) << r.id;
    EXPECT_EQ(r.requirements_from_tags, it->second.requirements_from_tags) << r.id;
    EXPECT_EQ(r.clean_run_passes, it->second.clean_run_passes) << r.id;
    EXPECT_EQ(r.freshness_seconds, it->second.freshness_days * domain::kSecondsPerDay) << r.id;
    if (r.clean_run_passes) {
      EXPECT_FALSE(r.match.tool.empty()) << r.id;
    }
  }
  EXPECT_EQ(seen.size(), expected.size());
}

TEST(ToolRules, TemplatesCoverTheControlsTheyClaim) {
  const std::map<std::string, std::string> control = {{"TEC-08", "A.8.8"},
                                                      {"TEC-09", "A.8.9"},
                                                      {"TEC-26", "A.8.28"},
                                                      {"TEC-27", "A.8.29"},
                                                      {"ORG-16", "A.5.17"}};
  for (const auto& [id, ref] : control) {
    const auto* t = shipped_catalog().find_template(id);
    ASSERT_NE(t, nullptr) << id;
    bool full = false;
    for (const auto& l : t->links)
      full = full || (l.framework == "iso27001-2022" && l.ref == ref &&
                      l.coverage == domain::Coverage::kFull);
    EXPECT_TRUE(full) << id << " should cover " << ref << " fully";
  }
}

// Rules whose match names a tool, applied to a tool name as it appears in a real sample.
std::set<std::string> rules_for(const std::string& tool, const std::string& format,
                                const std::string& rule_id, const Tags& tags) {
  std::set<std::string> out;
  for (const auto& r : shipped_rules().rules) {
    const auto& m = r.match;
    if (!m.tool.empty() && !glob(m.tool, tool)) continue;
    if (!m.format.empty() && m.format != format) continue;
    if (!m.rule_id.empty() && !glob(m.rule_id, rule_id)) continue;
    if (!m.tag.empty() &&
        std::none_of(tags.begin(), tags.end(), [&](const auto& t) { return glob(m.tag, t); }))
      continue;
    // A requirements_from_tags rule proves something only when the finding cites that framework.
    const std::string scheme = r.requirements_from_tags + ":";
    if (r.templates.empty() && std::none_of(tags.begin(), tags.end(),
                                            [&](const auto& t) { return t.rfind(scheme, 0) == 0; }))
      continue;
    out.insert(r.id);
  }
  return out;
}

std::string sarif_driver(const std::string& file, std::size_t run = 0) {
  const json doc = json::parse(read_text(testing::sample("sarif/" + file)));
  return doc.at("runs").at(run).at("tool").at("driver").at("name").get<std::string>();
}

TEST(ToolRules, ToolNamesMatchTheRealSamples) {
  EXPECT_EQ(rules_for(sarif_driver("trivy-alpine-310.sarif"), "sarif", "CVE-2019-1549",
                      {"vulnerability", "security", "medium", "cve:cve-2019-1549"}),
            (std::set<std::string>{"vulnerability-tagged", "vulnerability-cve"}));
  EXPECT_EQ(rules_for(sarif_driver("gitleaks-sarif_simple.sarif"), "sarif", "aws-access-key", {}),
            std::set<std::string>{"gitleaks-secret-scan"});
  EXPECT_EQ(rules_for(sarif_driver("semgrep-with_source.sarif"), "sarif", "rules.eqeq-is-bad", {}),
            std::set<std::string>{"semgrep-code-scanning"});
  EXPECT_EQ(rules_for(sarif_driver("codeql-action-valid-sarif.sarif", 1), "sarif",
                      "js/sql-injection", {"security", "cwe:89"}),
            (std::set<std::string>{"codeql-security-queries", "code-weakness-cwe"}));
  // A maintainability query proves nothing about secure coding.
  EXPECT_EQ(rules_for(sarif_driver("codeql-action-valid-sarif.sarif", 1), "sarif",
                      "js/unused-local-variable", {"maintainability"}),
            std::set<std::string>{});
  EXPECT_EQ(rules_for(sarif_driver("sarif-sdk-fortify-ScanWithFailureLevelMatrices.sarif"), "sarif",
                      "370A25A9-2F65-4B79-B267-FC0A87D79DAC", {}),
            std::set<std::string>{"fortify-sca-code-scanning"});
  // JUnit: the tool is the report's name; test cases are "classname.name".
  EXPECT_EQ(rules_for("trivy", "junit", "libcrypto1.1-1.1.1c-r0.[MEDIUM] CVE-2019-1549",
                      {"cve:cve-2019-1549", "vulnerability"}),
            (std::set<std::string>{"vulnerability-tagged", "vulnerability-cve"}));
  EXPECT_EQ(rules_for("trivy", "junit", "dockerfile.[HIGH] DS-0002", {}),
            std::set<std::string>{"trivy-junit-misconfig-ds"});
  EXPECT_EQ(rules_for("trivy", "junit", "pyds-0.1.[HIGH] GHSA-xxxx", {"vulnerability"}),
            std::set<std::string>{"vulnerability-tagged"});
  EXPECT_EQ(rules_for("Kubescape Scanning", "junit", "NSA/C-0002.Exec into container", {}),
            std::set<std::string>{"kubescape-posture"});
  EXPECT_EQ(rules_for("Kubescape Scanning", "junit",
                      "CIS/C-0211.Apply Security Context to Your Pods and Containers", {}),
            std::set<std::string>{"kubescape-posture"});
  EXPECT_EQ(rules_for("gitleaks", "junit", "Test Rule.test-rule has detected a secret", {}),
            std::set<std::string>{"gitleaks-secret-scan"});
  EXPECT_EQ(rules_for("Prowler", "ocsf", "accessanalyzer_enabled", {"iso27001-2022:a.8.3"}),
            std::set<std::string>{"iso27001-2022-refs-ocsf"});
  EXPECT_EQ(
      rules_for("OpenSCAP", "xccdf", "xccdf_org.ssgproject.content_rule_sshd_disable_root_login",
                {"iso27001-2013:a.9.2.3", "iso27001-2022:a.8.2"}),
      std::set<std::string>{"iso27001-2022-refs-xccdf"});
}

TEST(ToolRules, OnlyTestsNamedOrTaggedAsSecurityTestsCount) {
  EXPECT_EQ(rules_for("pytest", "junit", "tests.security.test_csrf.test_token_required", {}),
            std::set<std::string>{"junit-security-tests-named"});
  EXPECT_EQ(rules_for("jest tests", "junit", "com.acme.SecurityHeadersTest.hsts", {}),
            std::set<std::string>{"junit-security-tests-named"});
  EXPECT_EQ(rules_for("pytest", "junit", "tests.test_api.test_login", {"security"}),
            std::set<std::string>{"junit-security-tests-tagged"});
  EXPECT_EQ(rules_for("pytest", "junit", "tests.test_api.test_login", {}), std::set<std::string>{});
}

// ---------------------------------------------------------------- loader errors

using Files = std::vector<std::pair<std::string, std::string>>;

void expect_error(const Files& files, const std::string& text) {
  auto r = read_rules(files, shipped_catalog());
  ASSERT_FALSE(r.ok()) << "expected an error containing: " << text;
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(r.status().message().find(text), std::string::npos) << r.status().message();
}

void expect_error(const std::string& doc, const std::string& text) {
  expect_error(Files{{"rules/x.json", doc}}, text);
}

std::string one_rule(const std::string& fields) {
  return R"({"rules": [{"id": "r1", "title": "T", "rationale": "why", )" + fields + "}]}";
}

std::string one_table(const std::string& tags, const std::string& match = R"({"tool": "T"})") {
  return R"({"tables": [{"id": "t1", "rationale": "why", "match": )" + match +
         R"(, "tags_by_rule_id": )" + tags + "}]}";
}

std::string one_translation(const std::string& entries) {
  return R"({"translations": [{"id": "x1", "rationale": "why", "entries": )" + entries + "}]}";
}

TEST(RulesReader, ReadsAMinimalFileAndLowerCasesKeysAndTags) {
  auto r =
      read_rules({{"rules/a.json", one_table(R"({"Check_A": ["ISO27001-2022:A.8.8", "cwe:79"]})")},
                  {"rules/b.json", one_rule(R"("match": {"format": "SARIF", "tool": "Trivy"},
                                    "templates": ["tec-08"], "freshness_days": 3)")}},
                 shipped_catalog());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->tables.size(), 1u);
  EXPECT_EQ(r->tables[0].source, "rules/a.json");
  EXPECT_EQ(r->tables[0].tags_by_rule_id.at("check_a"),
            (std::vector<std::string>{"iso27001-2022:a.8.8", "cwe:79"}));
  ASSERT_EQ(r->rules.size(), 1u);
  EXPECT_EQ(r->rules[0].templates, std::vector<std::string>{"TEC-08"});
  EXPECT_EQ(r->rules[0].match.format, "sarif");
  EXPECT_EQ(r->rules[0].freshness_seconds, 3 * domain::kSecondsPerDay);
  EXPECT_FALSE(r->rules[0].clean_run_passes);
}

TEST(RulesReader, DefaultsAndAMatchLessRequirementsRule) {
  auto r = read_rules({{"rules/a.json", one_rule(R"("requirements_from_tags": "ISO27001-2022")")}},
                      shipped_catalog());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rules[0].requirements_from_tags, "iso27001-2022");
  EXPECT_EQ(r->rules[0].freshness_seconds, 7 * domain::kSecondsPerDay);
  EXPECT_TRUE(r->rules[0].match.tool.empty());
}

TEST(RulesReader, MalformedJsonAndDuplicateKeys) {
  expect_error(R"({"rules": [)", "rules/x.json: malformed JSON");
  expect_error(one_table(R"({"a": ["cwe:1"], "a": ["cwe:2"]})"), "rules/x.json: duplicate key 'a'");
}

TEST(RulesReader, UnknownFieldsAndEmptyFiles) {
  expect_error(R"({"rule": []})", "rules/x.json: rule: unknown field");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tool": "T"}, "freshness": 3)"),
               "rules/x.json: rules[0].freshness: unknown field");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tools": "T"})"),
               "rules[0].match.tools: unknown field");
  expect_error(R"({"about": "nothing"})", "rules/x.json: document: defines nothing");
  expect_error(R"([])", "rules/x.json: document: expected an object");
}

TEST(RulesReader, DuplicateIdsAcrossFiles) {
  const std::string rule = one_rule(R"("templates": ["TEC-08"], "match": {"tool": "T"})");
  expect_error(Files{{"rules/a.json", rule}, {"rules/b.json", rule}},
               "rules/b.json: rules[0].id: duplicate id 'r1' (already used by rules/a.json: "
               "rules[0])");
  expect_error(R"({"rules": [{"id": "R1", "title": "T", "rationale": "w", "templates": ["TEC-08"],
                  "match": {"tool": "T"}}]})",
               "rules[0].id: 'R1' must be");
}

TEST(RulesReader, UnknownTemplatesAndFrameworks) {
  expect_error(one_rule(R"("templates": ["TEC-08", "TEC-99"], "match": {"tool": "T"})"),
               "rules/x.json: rules[0].templates[1]: unknown control template 'TEC-99'");
  expect_error(one_rule(R"("templates": ["TEC-08", "tec-08"], "match": {"tool": "T"})"),
               "rules[0].templates[1]: 'TEC-08' is listed twice");
  expect_error(one_rule(R"("requirements_from_tags": "iso27001-2017")"),
               "rules/x.json: rules[0].requirements_from_tags: unknown framework 'iso27001-2017'");
  expect_error(one_rule(R"("match": {"tool": "T"})"),
               "rules[0].templates: the rule proves nothing");
}

TEST(RulesReader, TagsMustReferenceRealRequirements) {
  expect_error(one_table(R"({"c": ["iso27001-2022:a.9.9"]})"),
               "rules/x.json: tables[0].tags_by_rule_id[\"c\"][0]: 'iso27001-2022:a.9.9': a.9.9 is "
               "not a requirement of iso27001-2022");
  expect_error(one_table(R"({"c": ["iso27001-2017:a.9.9"]})"),
               "tables[0].tags_by_rule_id[\"c\"][0]: 'iso27001-2017:a.9.9': unknown framework "
               "'iso27001-2017'");
  expect_error(one_table(R"({"c": ["vulnerability"]})"), "is not a reference tag");
  expect_error(one_table(R"({"c": ["cwe:79", "CWE:79"]})"), "[1]: 'cwe:79' is listed twice");
  expect_error(one_table(R"({"c": []})"), "tables[0].tags_by_rule_id[\"c\"]: lists no tag");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tag": "iso27001-2022:a.8.99"})"),
               "rules[0].match.tag: 'iso27001-2022:a.8.99': a.8.99 is not a requirement");
  // A 2013 id in a table must be one the translation knows.
  const std::string translation =
      one_translation(R"([{"from": "iso27001-2013:a.12.6.1", "to": ["iso27001-2022:a.8.8"],
                           "rationale": "r"}])");
  expect_error(Files{{"rules/a.json", translation},
                     {"rules/b.json", one_table(R"({"c": ["iso27001-2013:a.12.6.9"]})")}},
               "rules/b.json: tables[0].tags_by_rule_id[\"c\"][0]: 'iso27001-2013:a.12.6.9': no "
               "translation rewrites this");
  auto ok = read_rules({{"rules/a.json", translation},
                        {"rules/b.json", one_table(R"({"c": ["iso27001-2013:A.12.6.1"]})")}},
                       shipped_catalog());
  EXPECT_TRUE(ok.ok()) << ok.status().message();
}

TEST(RulesReader, TableKeysAreLowerCasedAndMustStayDistinct) {
  expect_error(one_table(R"({"Check_A": ["cwe:1"], "check_a": ["cwe:2"]})"),
               "same rule id as \"Check_A\" once lower-cased");
  expect_error(one_table(R"({"c": ["cwe:1"]})", "{}"), "tables[0].match: is empty");
  expect_error(
      R"({"tables": [{"id": "t1", "rationale": "w", "tags_by_rule_id": {"c": ["cwe:1"]}}]})",
      "tables[0].match: required field is missing");
  expect_error(one_table("{}"), "tables[0].tags_by_rule_id: expected a non-empty object");
}

TEST(RulesReader, BadGlobsAndEmptyMatches) {
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tool": "[Tt]rivy"})"),
               "rules/x.json: rules[0].match.tool: '[Tt]rivy': only '*' and '?' are wildcards");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"rule_id": "*"})"),
               "rules[0].match.rule_id: '*' matches everything");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tool": ""})"),
               "rules[0].match.tool: must not be empty");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tool": " trivy"})"),
               "starts or ends with white space");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"format": "csv"})"),
               "rules[0].match.format: 'csv' is not one of sarif, ocsf, xccdf, junit");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {})"), "rules[0].match: is empty");
  expect_error(one_rule(R"("templates": ["TEC-08"])"),
               "rules[0].match: required field is missing (only a requirements_from_tags rule");
}

TEST(RulesReader, CleanRunsFreshnessAndRationales) {
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"format": "sarif"},
                          "clean_run_passes": true)"),
               "rules[0].clean_run_passes: needs match.tool");
  expect_error(one_rule(R"("requirements_from_tags": "iso27001-2022", "match": {"tool": "T"},
                          "clean_run_passes": true)"),
               "rules[0].clean_run_passes: needs templates");
  expect_error(one_rule(R"("templates": ["TEC-08"], "match": {"tool": "T"}, "freshness_days": 0)"),
               "rules[0].freshness_days: expected a whole number of days from 1 to 3650");
  expect_error(
      one_rule(R"("templates": ["TEC-08"], "match": {"tool": "T"}, "freshness_days": 1.5)"),
      "rules[0].freshness_days: expected a whole number");
  expect_error(
      R"({"rules": [{"id": "r1", "title": "T", "templates": ["TEC-08"], "match": {"tool": "T"}}]})",
      "rules/x.json: rules[0].rationale: required field is missing");
  expect_error(R"({"rules": [{"id": "r1", "title": "T", "rationale": "", "templates": ["TEC-08"],
                  "match": {"tool": "T"}}]})",
               "rules[0].rationale: must not be empty");
}

TEST(RulesReader, TranslationErrors) {
  expect_error(
      one_translation(R"([{"from": "iso27001-2013:a.12.6.1", "to": ["iso27001-2022:a.8.99"],
                                   "rationale": "r"}])"),
      "rules/x.json: translations[0].entries[0].to[0]: 'iso27001-2022:a.8.99': a.8.99 is "
      "not a requirement of iso27001-2022");
  expect_error(one_translation(R"([{"from": "iso27001-2013:a.12.6.1", "to": ["iso27001-2025:a.8.8"],
                                   "rationale": "r"}])"),
               "translations[0].entries[0].to[0]: 'iso27001-2025:a.8.8': unknown framework");
  expect_error(
      one_translation(R"([{"from": "iso27001-2013:a.12.6.1", "to": ["iso27001-2022:a.8.8"]}])"),
      "translations[0].entries[0].rationale: required field is missing");
  expect_error(one_translation(R"([{"from": "old:1", "to": ["old:2"], "rationale": "r"},
                                   {"from": "old:2", "to": ["cwe:2"], "rationale": "r"}])"),
               "translations[0].entries[0].to[0]: 'old:2' is itself translated");
  expect_error(one_translation("[]"), "translations[0].entries: expected a non-empty array");
  const std::string t = one_translation(R"([{"from": "old:1", "to": [], "rationale": "r"}])");
  expect_error(Files{{"rules/a.json", t},
                     {"rules/b.json", R"({"translations": [{"id": "x2", "rationale": "w",
                        "entries": [{"from": "OLD:1", "to": [], "rationale": "r"}]}]})"}},
               "rules/b.json: translations[0].entries[0].from: 'old:1' is already translated by "
               "rules/a.json: translations[0].entries[0]");
}

}  // namespace
}  // namespace crosswalk::catalog
