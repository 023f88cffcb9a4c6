// The SQLite store against a real database file.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "store/store.h"
#include "temp_dir.h"

namespace crosswalk::store {
namespace {

const Actor kActor{"test", 1'800'000'000};

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = open_sqlite_store(dir / "cw.db", dir / "journal.head", true);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store = std::move(s).value();
    ASSERT_TRUE(store->migrate().ok());
    auto c = catalog::load_catalog(catalog::embedded_catalog_files());
    ASSERT_TRUE(c.ok()) << c.status().message();
    cat = std::move(c).value();
    ASSERT_TRUE(store->seed_catalog(cat, kActor).ok());
  }
  std::int64_t journal_size() { return store->verify_journal().value().entries; }

  testing::TempDir dir;
  std::unique_ptr<Store> store;
  catalog::Catalog cat;
};

TEST_F(SqliteStoreTest, CatalogRoundTripsThroughTheDatabase) {
  auto loaded = store->load_catalog();
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->frameworks.size(), cat.frameworks.size());
  for (std::size_t i = 0; i < cat.frameworks.size(); ++i) {
    const auto& a = cat.frameworks[i];
    const auto& b = loaded->frameworks[i];
    ASSERT_EQ(a.requirements().size(), b.requirements().size());
    for (std::size_t r = 0; r < a.requirements().size(); ++r) {
      EXPECT_EQ(a.requirements()[r].ref, b.requirements()[r].ref);
      EXPECT_EQ(a.requirements()[r].attributes, b.requirements()[r].attributes);
      EXPECT_EQ(a.requirements()[r].subgroup_title, b.requirements()[r].subgroup_title);
      EXPECT_EQ(a.requirements()[r].guidance, b.requirements()[r].guidance);
    }
  }
  ASSERT_EQ(loaded->crosswalks.size(), cat.crosswalks.size());
  EXPECT_EQ(loaded->crosswalks[0].entries().size(), cat.crosswalks[0].entries().size());
  EXPECT_EQ(loaded->templates.size(), cat.templates.size());
  EXPECT_EQ(loaded->sha256, cat.sha256);
}

TEST_F(SqliteStoreTest, SeedingTheSameCatalogAgainChangesNothing) {
  const auto before = journal_size();
  ASSERT_TRUE(store->seed_catalog(cat, kActor).ok());
  ASSERT_TRUE(store->migrate().ok());
  EXPECT_EQ(journal_size(), before);
}

TEST_F(SqliteStoreTest, AdoptIsIdempotentAndJournaled) {
  std::vector<const domain::ControlTemplate*> two{&cat.templates[0], &cat.templates[1]};
  auto first = store->adopt(two, kActor);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 2u);
  auto again = store->adopt(two, kActor);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto controls = store->controls();
  ASSERT_EQ(controls->size(), 2u);
  EXPECT_EQ((*controls)[0].control.links.size(), cat.templates[0].links.size());
  EXPECT_EQ(journal_size(), 3);  // seed + 2 adoptions
}

TEST_F(SqliteStoreTest, StaleVersionGetsAConflictAndChangesNothing) {
  ASSERT_TRUE(store->adopt({&cat.templates[0]}, kActor).ok());
  const std::string id = cat.templates[0].id;
  ASSERT_TRUE(store->set_implementation(id, domain::Implementation::kPlanned, 1, kActor).ok());
  const Status s = store->set_implementation(id, domain::Implementation::kImplemented, 1, kActor);
  EXPECT_EQ(s.code(), Status::Code::kConflict);
  EXPECT_EQ((*store->controls())[0].control.implementation, domain::Implementation::kPlanned);
  EXPECT_EQ((*store->controls())[0].version, 2);
}

TEST_F(SqliteStoreTest, EvidenceForAnUnknownControlIsRefusedWithoutAnyChange) {
  const auto before = journal_size();
  EvidenceRecord e;
  e.kind = "note";
  e.note = "screenshot";
  e.controls = {"NO-SUCH"};
  auto r = store->add_evidence(e, kActor);
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(store->evidence()->empty());
  EXPECT_EQ(journal_size(), before);
}

TEST_F(SqliteStoreTest, EvidenceLinksFeedTheOrganizationFacts) {
  ASSERT_TRUE(store->adopt({&cat.templates[0], &cat.templates[1]}, kActor).ok());
  EvidenceRecord e;
  e.kind = "note";
  e.note = "one review covers both";
  e.collected_at = kActor.now;
  e.valid_until = kActor.now + 86400;
  e.controls = {cat.templates[0].id, cat.templates[1].id};
  auto id = store->add_evidence(e, kActor);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto org = store->organization();
  ASSERT_TRUE(org.ok());
  ASSERT_EQ(org->evidence.size(), 2u);
  EXPECT_EQ(org->evidence[0].valid_until, kActor.now + 86400);
  EXPECT_TRUE(store->verify_journal()->ok);
}

TEST_F(SqliteStoreTest, ACatalogThatDropsAUsedRequirementIsRefused) {
  ASSERT_TRUE(store->adopt({&cat.templates[0]}, kActor).ok());
  // Rebuild the catalog without the first requirement the adopted control links to.
  const auto& link = cat.templates[0].links[0];
  catalog::Catalog smaller = cat;
  for (auto& f : smaller.frameworks) {
    if (f.id != link.framework) continue;
    domain::Framework copy;
    copy.id = f.id;
    copy.name = f.name;
    copy.title = f.title;
    copy.version = f.version;
    copy.groups = f.groups;
    for (const auto& r : f.requirements())
      if (r.ref != link.ref) copy.add_requirement(r);
    f = copy;
  }
  smaller.crosswalks.clear();
  for (auto& t : smaller.templates)
    std::erase_if(
        t.links, [&](const auto& l) { return l.framework == link.framework && l.ref == link.ref; });
  smaller.sha256 = "different";
  const auto before = journal_size();
  const Status s = store->seed_catalog(smaller, kActor);
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
  EXPECT_NE(s.message().find(link.ref), std::string::npos) << s.message();
  EXPECT_EQ(journal_size(), before);
  EXPECT_EQ(store->catalog_sha256().value(), cat.sha256);
}

}  // namespace
}  // namespace crosswalk::store
