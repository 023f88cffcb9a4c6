// The shipped catalog: the exact requirement sets of both standards, a complete crosswalk, and a
// control library that, adopted and operating, makes both standards 100 % ready.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "catalog/catalog.h"
#include "domain/readiness.h"

namespace crosswalk::catalog {
namespace {

using domain::RequirementKind;

std::vector<std::string> clause_refs(bool ai) {
  std::vector<std::string> refs = {"4.1", "4.2", "4.3",   "4.4",   "5.1",
                                   "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3"};
  if (ai) refs.push_back("6.1.4");
  for (const char* r :
       {"6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3"})
    refs.push_back(r);
  if (ai) refs.push_back("8.4");
  for (const char* r : {"9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2"})
    refs.push_back(r);
  return refs;
}

std::vector<std::string> iso27001_annex() {
  std::vector<std::string> refs;
  for (auto [theme, n] : std::vector<std::pair<int, int>>{{5, 37}, {6, 8}, {7, 14}, {8, 34}})
    for (int i = 1; i <= n; ++i)
      refs.push_back("A." + std::to_string(theme) + "." + std::to_string(i));
  return refs;
}

std::vector<std::string> iso42001_annex() {
  return {"A.2.2",   "A.2.3",   "A.2.4",   "A.3.2",   "A.3.3",   "A.4.2",   "A.4.3",   "A.4.4",
          "A.4.5",   "A.4.6",   "A.5.2",   "A.5.3",   "A.5.4",   "A.5.5",   "A.6.1.2", "A.6.1.3",
          "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2",
          "A.7.3",   "A.7.4",   "A.7.5",   "A.7.6",   "A.8.2",   "A.8.3",   "A.8.4",   "A.8.5",
          "A.9.2",   "A.9.3",   "A.9.4",   "A.10.2",  "A.10.3",  "A.10.4"};
}

class ShippedCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = load_catalog(embedded_catalog_files());
    ASSERT_TRUE(r.ok()) << r.status().message();
    cat_ = new Catalog(std::move(r).value());
  }
  static void TearDownTestSuite() { delete cat_; }
  static const domain::Framework& fw(const std::string& id) {
    const auto* f = cat_->find_framework(id);
    EXPECT_NE(f, nullptr) << id;
    return *f;
  }
  static std::vector<std::string> refs(const domain::Framework& f, RequirementKind kind) {
    std::vector<std::string> out;
    for (const auto& r : f.requirements())
      if (r.kind == kind) out.push_back(r.ref);
    return out;
  }
  static Catalog* cat_;
};
Catalog* ShippedCatalog::cat_ = nullptr;

TEST_F(ShippedCatalog, Iso27001HasItsThirtyClausesAndNinetyThreeControls) {
  const auto& f = fw("iso27001-2022");
  EXPECT_EQ(refs(f, RequirementKind::kClause), clause_refs(false));
  EXPECT_EQ(refs(f, RequirementKind::kAnnexA), iso27001_annex());
  EXPECT_EQ(f.requirements().size(), 123u);
}

TEST_F(ShippedCatalog, Iso42001HasItsThirtyTwoClausesAndThirtyEightControls) {
  const auto& f = fw("iso42001-2023");
  EXPECT_EQ(refs(f, RequirementKind::kClause), clause_refs(true));
  EXPECT_EQ(refs(f, RequirementKind::kAnnexA), iso42001_annex());
  EXPECT_EQ(f.requirements().size(), 70u);
}

TEST_F(ShippedCatalog, EveryRequirementHasTitleGuidanceAndAGroupOfItsTheme) {
  for (const auto& f : cat_->frameworks)
    for (const auto& r : f.requirements()) {
      EXPECT_FALSE(r.title.empty()) << f.id << " " << r.ref;
      EXPECT_FALSE(r.guidance.empty()) << f.id << " " << r.ref;
      const std::string top =
          r.ref.substr(0, r.ref.find('.', r.kind == RequirementKind::kAnnexA ? 2 : 0));
      EXPECT_EQ(r.group, top) << f.id << " " << r.ref;
    }
}

TEST_F(ShippedCatalog, Iso27001ControlsCarryAllFiveAttributes) {
  for (const auto& r : fw("iso27001-2022").requirements()) {
    if (r.kind != RequirementKind::kAnnexA) continue;
    for (const char* a : {"control_type", "security_properties", "cybersecurity_concepts",
                          "operational_capabilities", "security_domains"})
      EXPECT_TRUE(r.attributes.count(a) && !r.attributes.at(a).empty()) << r.ref << " lacks " << a;
  }
}

TEST_F(ShippedCatalog, ClimateAmendmentIsNotedIn27001ContextClauses) {
  for (const char* ref : {"4.1", "4.2"}) {
    const auto* r = fw("iso27001-2022").find(ref);
    ASSERT_NE(r, nullptr);
    EXPECT_NE(r->note.find("limate"), std::string::npos) << ref << ": " << r->note;
  }
}

TEST_F(ShippedCatalog, CrosswalkCoversEvery42001RequirementWithARationale) {
  const auto* cw = cat_->find_crosswalk("iso42001-2023", "iso27001-2022");
  ASSERT_NE(cw, nullptr);
  EXPECT_EQ(cw->entries().size(), 70u);
  std::map<domain::Relation, int> by_relation;
  for (const auto& e : cw->entries()) {
    EXPECT_GT(e.rationale.size(), 20u) << e.target_ref;
    ++by_relation[e.relation];
  }
  // An honest crosswalk: some requirements have no counterpart (impact assessment, data for AI).
  EXPECT_GT(by_relation[domain::Relation::kNone], 0);
  EXPECT_GT(by_relation[domain::Relation::kSuperset] + by_relation[domain::Relation::kIntersect],
            0);
}

TEST_F(ShippedCatalog, TemplateLibraryIsOfTheExpectedSizeWithUniqueWellFormedIds) {
  EXPECT_GE(cat_->templates.size(), 100u);
  EXPECT_LE(cat_->templates.size(), 160u);
  std::set<std::string> ids;
  for (const auto& t : cat_->templates) {
    EXPECT_TRUE(ids.insert(t.id).second) << t.id;
    EXPECT_FALSE(t.evidence.empty()) << t.id << " says nothing about evidence";
  }
}

TEST_F(ShippedCatalog, EveryAssessableRequirementHasAFullCoverageTemplate) {
  std::set<std::pair<std::string, std::string>> full;
  for (const auto& t : cat_->templates)
    for (const auto& l : t.links)
      if (l.coverage == domain::Coverage::kFull) full.insert({l.framework, l.ref});
  for (const auto& f : cat_->frameworks)
    for (const auto& r : f.requirements())
      EXPECT_TRUE(!r.assessable || full.count({f.id, r.ref}))
          << f.id << " " << r.ref << " has no full template";
}

TEST_F(ShippedCatalog, AdoptingTheWholeLibraryOperatingMakesBothStandardsFullyReady) {
  constexpr domain::Timestamp kNow = 1'800'000'000;
  domain::Organization org;
  for (const auto& t : cat_->templates) {
    org.controls.push_back(
        {t.id, t.id, t.title, "", domain::Implementation::kImplemented, t.links});
    org.evidence.push_back(
        {org.controls.size() - 1, domain::Review::kAccepted, kNow, std::nullopt});
  }
  const auto a = domain::assess(cat_->frameworks, org, kNow);
  for (const auto& f : a.frameworks) {
    EXPECT_EQ(f.total.met, f.total.applicable()) << f.framework->id;
    EXPECT_EQ(f.total.percent(), 100.0) << f.framework->id;
  }
}

}  // namespace
}  // namespace crosswalk::catalog
