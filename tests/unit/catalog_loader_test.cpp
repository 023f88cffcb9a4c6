// Malformed catalog data is refused with an error naming the file, the field and the reason.
#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace crosswalk::catalog {
namespace {

const char* kFramework = R"({
  "id": "fw", "name": "FW", "title": "A framework", "version": "1",
  "groups": [{"id": "4", "title": "Context", "kind": "clause"},
             {"id": "A.5", "title": "Annex", "kind": "annex_a"}],
  "requirements": [
    {"ref": "4.1", "title": "Context", "kind": "clause", "group": "4"},
    {"ref": "A.5.1", "title": "Policies", "kind": "annex_a", "group": "A.5",
     "attributes": {"control_type": ["Preventive"]}}
  ]})";

const char* kMapping = R"({
  "id": "fw__fw", "target": "fw", "source": "fw",
  "entries": [
    {"target": "4.1", "sources": ["4.1"], "relation": "equal", "strength": "full", "rationale": "same"},
    {"target": "A.5.1", "sources": [], "relation": "none", "strength": "none", "rationale": "new"}
  ]})";

const char* kTemplates = R"({
  "domain": "d",
  "templates": [{"id": "T-01", "title": "T", "description": "D",
                 "satisfies": {"fw": {"full": ["4.1"], "partial": ["A.5.1"]}}}]})";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

Result<Catalog> load(std::string fw = kFramework, std::string map = kMapping,
                     std::string tpl = kTemplates) {
  return load_catalog(
      {{"frameworks/fw.json", fw}, {"mappings/fw__fw.json", map}, {"controls/d.json", tpl}});
}

void expect_error(const Result<Catalog>& r, const std::string& text) {
  ASSERT_FALSE(r.ok()) << "expected an error containing: " << text;
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(r.status().message().find(text), std::string::npos) << r.status().message();
}

TEST(CatalogLoader, LoadsAValidCatalog) {
  auto r = load();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->frameworks.at(0).requirements().size(), 2u);
  EXPECT_EQ(r->crosswalks.at(0).entries().size(), 2u);
  EXPECT_EQ(r->templates.at(0).links.size(), 2u);
  EXPECT_EQ(r->sha256.size(), 64u);
}

TEST(CatalogLoader, MalformedJsonNamesFileLineAndColumn) {
  expect_error(load(replace(kFramework, "\"version\": \"1\",", "\"version\": \"1\"")),
               "frameworks/fw.json: malformed JSON");
  expect_error(load(replace(kFramework, "\"version\": \"1\",", "\"version\": \"1\"")),
               "line 3, column 10");
}

TEST(CatalogLoader, RejectsBadRequirements) {
  expect_error(
      load(replace(kFramework,
                   R"("ref": "A.5.1", "title": "Policies", "kind": "annex_a", "group": "A.5")",
                   R"("ref": "4.1", "title": "Policies", "kind": "clause", "group": "4")")),
      "frameworks/fw.json: requirements[1].ref: duplicate ref '4.1'");
  expect_error(load(replace(kFramework, R"("group": "4"})", R"("group": "9"})")),
               "requirements[0].group: unknown group '9'");
  expect_error(load(replace(kFramework, R"("kind": "clause", "group": "4")",
                            R"("kind": "clauses", "group": "4")")),
               "requirements[0].kind: 'clauses' is not one of clause, annex_a");
  expect_error(load(replace(kFramework, R"("ref": "4.1")", R"("ref": "A.4.1")")),
               "'A.4.1' is not a well-formed clause ref");
  expect_error(load(replace(kFramework, R"(["Preventive"])", R"(["Preventative"])")),
               "requirements[1].attributes.control_type: 'Preventative' is not an allowed value");
  expect_error(load(replace(kFramework, R"("ref": "4.1", "title": "Context", )",
                            R"("ref": "4.1", "titel": "Context", )")),
               "requirements[0].titel: unknown field (expected one of: ref, title,");
  expect_error(
      load(replace(kFramework, R"("ref": "4.1", "title": "Context", )", R"("ref": "4.1", )")),
      "requirements[0].title: required field is missing");
}

TEST(CatalogLoader, RejectsBadMappings) {
  expect_error(
      load(kFramework, replace(kMapping, R"("strength": "full")", R"("strength": "weak")")),
      "mappings/fw__fw.json: entries[0].strength: 'weak' does not fit relation 'equal'");
  expect_error(
      load(kFramework, replace(kMapping, R"("sources": ["4.1"])", R"("sources": ["4.9"])")),
      "entries[0].sources: '4.9' is not a requirement of fw");
  expect_error(load(kFramework, replace(kMapping, R"("sources": [], )", R"("sources": ["4.1"], )")),
               "entries[1].sources: must be empty for relation 'none'");
  const std::string only_first = replace(kMapping, R"(,
    {"target": "A.5.1", "sources": [], "relation": "none", "strength": "none", "rationale": "new"})",
                                         "");
  expect_error(load(kFramework, only_first), "no entry for fw requirement A.5.1");
}

TEST(CatalogLoader, RejectsBadTemplates) {
  expect_error(
      load(kFramework, kMapping, replace(kTemplates, R"("full": ["4.1"])", R"("full": ["4.7"])")),
      "controls/d.json: templates[0].satisfies.fw.full: '4.7' is not a requirement of fw");
  expect_error(load(kFramework, kMapping,
                    replace(kTemplates, R"("partial": ["A.5.1"])", R"("partial": ["4.1"])")),
               "'4.1' is linked twice");
  expect_error(load(kFramework, kMapping,
                    replace(kTemplates, R"("satisfies": {"fw")", R"("satisfies": {"nist")")),
               "templates[0].satisfies.nist: unknown framework");
}

TEST(CatalogLoader, RejectsFilesOutsideTheKnownFolders) {
  auto r = load_catalog({{"frameworks/fw.json", kFramework}, {"misc/x.json", "{}"}});
  expect_error(r, "misc/x.json: not under frameworks/, mappings/ or controls/");
}

}  // namespace
}  // namespace crosswalk::catalog
