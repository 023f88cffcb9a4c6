// OSCAL catalogs and profiles read into frameworks: NIST's SP 800-53 rev5 catalog and MODERATE
// baseline from ../shared/oscal, id encoding, and malformed documents refused with their path.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "oscal/catalog_reader.h"
#include "oscal/ids.h"
#include "oscal/profile_resolver.h"

namespace crosswalk::oscal {
namespace {

using nlohmann::json;

std::string content(const std::string& name) {
  return std::string(CROSSWALK_SOURCE_DIR) + "/../shared/oscal/content/" + name;
}
const char* const kCatalog = "NIST_SP-800-53_rev5_catalog.json";
const char* const kProfile = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json";
const char* const kResolved = "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json";

json load(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  return json::parse(in);
}

// Every import resolves to the catalog beside the profile, by file name (never the network).
Result<LoadedDocument> local_loader(const std::string& href, const std::string&) {
  const std::string base = href.substr(href.find_last_of('/') + 1);
  if (base != kCatalog) return Status::NotFound("no local copy of " + href);
  return LoadedDocument{load(content(kCatalog)), base};
}

void collect_ids(const json& list, std::set<std::string>& out) {
  for (const json& c : list) {
    out.insert(c["id"].get<std::string>());
    if (c.contains("controls")) collect_ids(c["controls"], out);
  }
}
std::set<std::string> control_ids(const json& doc) {
  std::set<std::string> out;
  const json& cat = doc["catalog"];
  if (cat.contains("controls")) collect_ids(cat["controls"], out);
  for (const json& g : cat.value("groups", json::array()))
    if (g.contains("controls")) collect_ids(g["controls"], out);
  return out;
}

TEST(OscalIds, ReferencesOscalRefusesAreEncodedAndDecodedBack) {
  for (std::string ref :
       {"4.1", "6.1.2", "A.5.1", "ac-2.1", "_x", "A 5", "9", "é.1", "x_5F", "_4.1", "__5F4.1"}) {
    std::string id = encode_id(ref);
    EXPECT_TRUE(is_token(id)) << ref << " -> " << id;
    EXPECT_EQ(decode_id(id), ref) << id;
  }
  EXPECT_EQ(encode_id("4.1"), "_4.1");
  EXPECT_EQ(encode_id("A.5.1"), "A.5.1");
  EXPECT_EQ(decode_id("ac-2"), "ac-2");
  EXPECT_EQ(encode_id("_4.1"), "__5F4.1");
  EXPECT_EQ(decode_id("_foo"), "_foo");  // someone else's id: kept as it is
  EXPECT_EQ(encode_id(decode_id("_foo")), "_foo");
  EXPECT_FALSE(is_token("4.1"));
  EXPECT_FALSE(is_token("iso:a.5"));
}

TEST(OscalIds, NameBasedUuidsAreStableAndAcceptedByOscal) {
  EXPECT_EQ(uuid_v5("x"), uuid_v5("x"));
  EXPECT_NE(uuid_v5("x"), uuid_v5("y"));
  EXPECT_TRUE(is_uuid(uuid_v5("x")));
  EXPECT_FALSE(is_uuid("9a1b2c3d-4e5f-1a6b-8c7d-0e1f2a3b4c5d"));  // version 1
}

TEST(OscalCatalog, Sp80053Rev5BecomesAFrameworkWithEveryControlAndEnhancement) {
  auto fw = read_catalog(load(content(kCatalog)), {});
  ASSERT_TRUE(fw.ok()) << fw.status().message();
  const auto& f = fw->framework;
  EXPECT_EQ(f.groups.size(), 20u);
  EXPECT_EQ(f.requirements().size(), 1189u);
  EXPECT_EQ(fw->withdrawn, 182u);
  EXPECT_EQ(fw->controls, 1189u - 182u);
  const auto* ac2 = f.find("ac-2");
  ASSERT_NE(ac2, nullptr);
  EXPECT_EQ(ac2->title, "Account Management");
  EXPECT_EQ(ac2->group, "ac");
  EXPECT_NE(ac2->statement.find("a. Define and document the types of accounts allowed"),
            std::string::npos)
      << ac2->statement;
  EXPECT_NE(ac2->statement.find("[Assignment: "), std::string::npos);
  const auto* ac21 = f.find("ac-2.1");
  ASSERT_NE(ac21, nullptr);
  EXPECT_EQ(ac21->parent, "ac-2");
  const auto* withdrawn = f.find("ac-2.10");
  ASSERT_NE(withdrawn, nullptr);
  EXPECT_FALSE(withdrawn->assessable);
  EXPECT_NE(withdrawn->note.find("Withdrawn"), std::string::npos);
  EXPECT_EQ(fw->requirement_oscal.size(), 1189u);
}

TEST(OscalProfile, ModerateBaselineResolvesToTheControlsNistResolved) {
  auto resolved = resolve_profile(load(content(kProfile)), kProfile, local_loader);
  ASSERT_TRUE(resolved.ok()) << resolved.status().message();
  const json nist = load(content(kResolved));
  EXPECT_EQ(control_ids(resolved.value()), control_ids(nist));
  EXPECT_EQ(control_ids(nist).size(), 287u);
  auto fw = read_catalog(resolved.value(), {"sp800-53-moderate", ""});
  ASSERT_TRUE(fw.ok()) << fw.status().message();
  EXPECT_EQ(fw->framework.requirements().size(), 287u);
  EXPECT_EQ(fw->framework.id, "sp800-53-moderate");
}

json tiny_catalog() {
  return json::parse(R"({"catalog": {
    "uuid": "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
    "metadata": {"title": "Tiny", "last-modified": "2026-01-15T10:00:00Z", "version": "1",
                 "oscal-version": "1.1.2"},
    "groups": [{"id": "g", "title": "G", "controls": [
      {"id": "c-1", "title": "One", "params": [{"id": "c-1_prm_1", "label": "how often"}],
       "parts": [{"id": "c-1_smt", "name": "statement", "prose": "Do it {{ insert: param, c-1_prm_1 }}."}],
       "controls": [{"id": "c-1.1", "title": "One more", "parts": [{"name": "statement", "prose": "More."}]}]},
      {"id": "c-2", "title": "Two", "parts": [{"name": "statement", "prose": "Two."}]}]}]}})");
}

Result<LoadedDocument> tiny_loader(const std::string& href, const std::string&) {
  if (href == "tiny.json") return LoadedDocument{tiny_catalog(), "tiny.json"};
  return Status::NotFound("cannot open " + href);
}

json profile_of(const std::string& body) {
  json p = json::parse(R"({"profile": {"uuid": "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
    "metadata": {"title": "P", "last-modified": "2026-01-15T10:00:00Z", "version": "1",
                 "oscal-version": "1.2.1"}}})");
  const json extra = json::parse(body);
  for (auto& [k, v] : extra.items()) p["profile"][k] = v;
  return p;
}

TEST(OscalProfile, SetParametersAndAltersChangeTheResolvedControls) {
  auto r = resolve_profile(profile_of(R"({
      "imports": [{"href": "tiny.json", "include-controls": [{"with-ids": ["c-1"]}]}],
      "merge": {"combine": {"method": "use-first"}, "as-is": true},
      "modify": {"set-parameters": [{"param-id": "c-1_prm_1", "values": ["every month"]}],
                 "alters": [{"control-id": "c-1", "adds": [{"position": "ending",
                    "parts": [{"name": "guidance", "prose": "Tailored."}]}]}]}})"),
                           "p.json", tiny_loader);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(control_ids(r.value()), (std::set<std::string>{"c-1"}));
  auto fw = read_catalog(r.value(), {"tiny", ""});
  ASSERT_TRUE(fw.ok()) << fw.status().message();
  EXPECT_EQ(fw->framework.find("c-1")->statement, "Do it every month.");
  EXPECT_EQ(fw->framework.find("c-1")->guidance, "Tailored.");

  auto children = resolve_profile(
      profile_of(R"({"imports": [{"href": "tiny.json", "include-controls": [{"with-ids": ["c-1"],
                     "with-child-controls": "yes"}]}]})"),
      "p.json", tiny_loader);
  ASSERT_TRUE(children.ok()) << children.status().message();
  EXPECT_EQ(control_ids(children.value()), (std::set<std::string>{"c-1", "c-1.1"}));
}

TEST(OscalProfile, MergeFlatCustomAndRemovesShapeTheResolvedCatalog) {
  // No merge: a flat list, enhancements lifted out of their base controls; patterns and
  // exclusions select.
  auto flat = resolve_profile(profile_of(R"({"imports": [{"href": "tiny.json",
                     "include-controls": [{"matching": [{"pattern": "c-1*"}]}],
                     "exclude-controls": [{"with-ids": ["c-2"]}]}]})"),
                              "p.json", tiny_loader);
  ASSERT_TRUE(flat.ok()) << flat.status().message();
  const json& cat = flat.value()["catalog"];
  EXPECT_FALSE(cat.contains("groups"));
  ASSERT_EQ(cat["controls"].size(), 2u);
  EXPECT_EQ(cat["controls"][1]["id"], "c-1.1");
  EXPECT_FALSE(cat["controls"][0].contains("controls"));

  // Custom groups take the controls they insert, and the others are left out.
  auto custom =
      resolve_profile(profile_of(R"({"imports": [{"href": "tiny.json", "include-all": {}}],
                     "merge": {"custom": {"groups": [{"id": "mine", "title": "Mine",
                       "insert-controls": [{"include-controls": [{"with-ids": ["c-2"]}]}]}]}}})"),
                      "p.json", tiny_loader);
  ASSERT_TRUE(custom.ok()) << custom.status().message();
  const json& g = custom.value()["catalog"]["groups"][0];
  EXPECT_EQ(g["id"], "mine");
  ASSERT_EQ(g["controls"].size(), 1u);
  EXPECT_EQ(g["controls"][0]["id"], "c-2");
  EXPECT_FALSE(custom.value()["catalog"].contains("controls"));

  // Removes drop parts and params by id or item name.
  auto removes = resolve_profile(
      profile_of(
          R"({"imports": [{"href": "tiny.json", "include-all": {}}], "merge": {"as-is": true},
                     "modify": {"alters": [{"control-id": "c-1",
                       "removes": [{"by-id": "c-1_smt"}, {"by-item-name": "param"}]}]}})"),
      "p.json", tiny_loader);
  ASSERT_TRUE(removes.ok()) << removes.status().message();
  const json& c1 = removes.value()["catalog"]["groups"][0]["controls"][0];
  EXPECT_EQ(c1["id"], "c-1");
  EXPECT_FALSE(c1.contains("parts"));
  EXPECT_FALSE(c1.contains("params"));
  EXPECT_EQ(c1["controls"][0]["id"], "c-1.1");  // child controls are not the alter's business
}

std::string catalog_error(const json& doc) {
  auto fw = read_catalog(doc, {});
  return fw.ok() ? "accepted" : fw.status().message();
}

TEST(OscalCatalog, MalformedCatalogsAreRefusedWithTheJsonPath) {
  json doc = tiny_catalog();
  doc["catalog"]["groups"][0]["controls"][1]["id"] = "c-1";
  EXPECT_EQ(catalog_error(doc),
            "catalog.groups[0].controls[1].id: duplicate id 'c-1', first used at "
            "catalog.groups[0].controls[0].id");
  doc = tiny_catalog();
  doc["catalog"]["metadata"]["oscal-version"] = "2.0.0";
  EXPECT_EQ(catalog_error(doc),
            "catalog.metadata.oscal-version: OSCAL version '2.0.0' is not one Crosswalk reads "
            "(1.0.0 to 1.2.x)");
  doc = tiny_catalog();
  doc["catalog"]["groups"][0]["controls"][0]["colour"] = "red";
  EXPECT_EQ(catalog_error(doc),
            "catalog.groups[0].controls[0].colour: not a field of this OSCAL object");
  doc = tiny_catalog();
  doc["catalog"]["groups"][0]["controls"][0]["id"] = "1 a";
  EXPECT_NE(
      catalog_error(doc).find("catalog.groups[0].controls[0].id: '1 a' is not an OSCAL token"),
      std::string::npos);
  doc = tiny_catalog();
  doc["catalog"]["groups"][0]["controls"][0].erase("title");
  EXPECT_EQ(catalog_error(doc), "catalog.groups[0].controls[0].title: required field is missing");
  EXPECT_EQ(catalog_error(json::parse(R"({"assessment-results": {}})")),
            "$.assessment-results: this is an OSCAL assessment-results, not a catalog");
  EXPECT_EQ(catalog_error(json::parse(R"({"catalogue": {}})")).substr(0, 37),
            "$.catalogue: not an OSCAL model (expe");
}

std::string profile_error(const std::string& body) {
  auto r = resolve_profile(profile_of(body), "p.json", tiny_loader);
  return r.ok() ? "accepted" : r.status().message();
}

TEST(OscalProfile, UnresolvableProfilesAreRefusedWithTheJsonPath) {
  EXPECT_EQ(profile_error(R"({"imports": [{"href": "missing.json", "include-all": {}}]})"),
            "p.json: profile.imports[0].href: cannot open missing.json");
  EXPECT_EQ(
      profile_error(
          R"({"imports": [{"href": "#0a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "include-all": {}}]})"),
      "p.json: profile.imports[0].href: no back-matter resource "
      "'0a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d' in this profile");
  EXPECT_EQ(
      profile_error(
          R"({"imports": [{"href": "tiny.json", "include-controls": [{"with-ids": ["c-9"]}]}]})"),
      "p.json: profile.imports[0].include-controls[0].with-ids[0]: no control 'c-9' in tiny.json");
  EXPECT_EQ(profile_error(R"({"imports": [{"href": "tiny.json", "include-all": {}}],
                              "modify": {"set-parameters": [{"param-id": "nope", "values": ["x"]}]}})"),
            "p.json: profile.modify.set-parameters[0].param-id: no parameter 'nope' in the "
            "selected controls");

  // A profile importing itself.
  auto self = [](const std::string& href, const std::string&) -> Result<LoadedDocument> {
    return LoadedDocument{profile_of(R"({"imports": [{"href": "p.json", "include-all": {}}]})"),
                          href};
  };
  auto r = resolve_profile(profile_of(R"({"imports": [{"href": "p.json", "include-all": {}}]})"),
                           "p.json", self);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("profile imports form a cycle"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace crosswalk::oscal
