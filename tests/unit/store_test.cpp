// The store against a real database: a SQLite file, or a fresh schema on the PostgreSQL test
// server when the suite runs there (test_database.h).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "catalog/catalog.h"
#include "common/sha256.h"
#include "store/store.h"
#include "store/vault.h"
#include "temp_dir.h"
#include "test_database.h"

namespace crosswalk::store {
namespace {

const Actor kActor{"test", 1'800'000'000};

class StoreTest : public ::testing::Test {
 protected:
  // A connection to the test's database; a second one is what another server would have.
  std::unique_ptr<Store> connect() {
    auto s = db.postgres() ? open_postgres_store(db.url(), "")
                           : open_sqlite_store(dir / "cw.db", dir / "journal.head", true);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  void SetUp() override {
    store = connect();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->migrate().ok());
    auto c = catalog::load_catalog(catalog::embedded_catalog_files());
    ASSERT_TRUE(c.ok()) << c.status().message();
    cat = std::move(c).value();
    ASSERT_TRUE(store->seed_catalog(cat, kActor).ok());
  }
  std::int64_t journal_size() { return store->verify_journal().value().entries; }

  testing::TempDir dir;
  testing::TestDatabase db;
  std::unique_ptr<Store> store;
  catalog::Catalog cat;
};

TEST_F(StoreTest, CatalogRoundTripsThroughTheDatabase) {
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

TEST_F(StoreTest, SeedingTheSameCatalogAgainChangesNothing) {
  const auto before = journal_size();
  ASSERT_TRUE(store->seed_catalog(cat, kActor).ok());
  ASSERT_TRUE(store->migrate().ok());
  EXPECT_EQ(journal_size(), before);
}

TEST_F(StoreTest, AdoptIsIdempotentAndJournaled) {
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

TEST_F(StoreTest, StaleVersionGetsAConflictAndChangesNothing) {
  ASSERT_TRUE(store->adopt({&cat.templates[0]}, kActor).ok());
  const std::string id = cat.templates[0].id;
  ASSERT_TRUE(store->set_implementation(id, domain::Implementation::kPlanned, 1, kActor).ok());
  const Status s = store->set_implementation(id, domain::Implementation::kImplemented, 1, kActor);
  EXPECT_EQ(s.code(), Status::Code::kConflict);
  EXPECT_EQ((*store->controls())[0].control.implementation, domain::Implementation::kPlanned);
  EXPECT_EQ((*store->controls())[0].version, 2);
}

TEST_F(StoreTest, EvidenceForAnUnknownControlIsRefusedWithoutAnyChange) {
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

TEST_F(StoreTest, EvidenceLinksFeedTheOrganizationFacts) {
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
  ASSERT_TRUE(org.ok()) << org.status().message();
  ASSERT_EQ(org->evidence.size(), 2u);
  EXPECT_EQ(org->evidence[0].valid_until, kActor.now + 86400);
  EXPECT_TRUE(store->verify_journal()->ok);
}

TEST_F(StoreTest, ACatalogThatDropsAUsedRequirementIsRefused) {
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

TEST_F(StoreTest, EvidenceIsPagedAndFoundByIdInTheDatabase) {
  ASSERT_TRUE(store->adopt({&cat.templates[0], &cat.templates[1]}, kActor).ok());
  const std::string a = cat.templates[0].id, b = cat.templates[1].id;
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    EvidenceRecord e;
    e.kind = "note";
    e.note = "note " + std::to_string(i);
    e.controls = i % 2 ? std::vector<std::string>{a, b} : std::vector<std::string>{b};
    auto id = store->add_evidence(e, Actor{"test", kActor.now + i});
    ASSERT_TRUE(id.ok()) << id.status().message();
    ids.push_back(id.value());
  }
  auto page = store->evidence_page("", 3, 2);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->second, 7);
  ASSERT_EQ(page->first.size(), 3u);
  EXPECT_EQ(page->first[0].note, "note 2");  // oldest first, as evidence() lists them
  EXPECT_EQ(page->first[1].controls, (std::vector<std::string>{a, b}));
  EXPECT_EQ(page->first[2].controls, (std::vector<std::string>{b}));

  auto of_a = store->evidence_page(a, 10, 0);
  ASSERT_TRUE(of_a.ok());
  EXPECT_EQ(of_a->second, 3);
  ASSERT_EQ(of_a->first.size(), 3u);
  EXPECT_EQ(of_a->first[2].note, "note 5");
  EXPECT_TRUE(store->evidence_page(a, 10, 3)->first.empty());
  EXPECT_EQ(store->evidence_page("NO-SUCH", 10, 0)->second, 0);

  auto one = store->evidence_item(ids[3]);
  ASSERT_TRUE(one.ok() && one.value());
  EXPECT_EQ(one.value()->note, "note 3");
  EXPECT_EQ(one.value()->controls, (std::vector<std::string>{a, b}));
  EXPECT_FALSE(store->evidence_item("EV-000000000000").value());
}

TEST_F(StoreTest, ConcurrentWritersKeepOneValidJournalChain) {
  ASSERT_TRUE(store->adopt({&cat.templates[0]}, kActor).ok());
  const std::string id = cat.templates[0].id;
  const auto before = journal_size();
  constexpr int kWriters = 4, kEach = 15;
  std::vector<std::thread> writers;
  std::atomic<int> failed{0};
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      auto mine = connect();
      if (!mine) return void(++failed);
      for (int i = 0; i < kEach; ++i) {
        EvidenceRecord e;
        e.kind = "note";
        e.note = "writer " + std::to_string(w) + " note " + std::to_string(i);
        e.collected_at = kActor.now;
        e.controls = {id};
        if (!mine->add_evidence(e, Actor{"w" + std::to_string(w), kActor.now}).ok()) ++failed;
      }
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failed, 0);
  auto verdict = store->verify_journal();
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->ok) << verdict->problem;
  EXPECT_EQ(verdict->entries, before + kWriters * kEach);
  EXPECT_EQ(store->evidence()->size(), std::size_t(kWriters * kEach));
}

TEST_F(StoreTest, TheSecondOfTwoConflictingEditsFromAnotherConnectionGetsAConflict) {
  ASSERT_TRUE(store->adopt({&cat.templates[0]}, kActor).ok());
  const std::string id = cat.templates[0].id;
  auto other = connect();
  ASSERT_TRUE(other);
  ASSERT_TRUE(store->set_owner(id, "alice", 1, kActor).ok());
  const Status s = other->set_owner(id, "bob", 1, kActor);
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
  EXPECT_EQ((*other->controls())[0].control.owner, "alice");
}

TEST_F(StoreTest, BlobsRoundTripInChunksAndAreStoredOnce) {
  // Three chunks and a bit, with every byte value.
  std::string content;
  for (int i = 0; i < (3 << 20) + 12345; ++i) content += char(i * 7 % 256);
  const std::string path = dir / "big.bin";
  std::ofstream(path, std::ios::binary) << content;
  const std::string sha = sha256_hex(content);
  EXPECT_FALSE(store->has_blob(sha).value());
  ASSERT_TRUE(store->put_blob(sha, path).ok());
  ASSERT_TRUE(store->put_blob(sha, path).ok());  // idempotent
  EXPECT_TRUE(store->has_blob(sha).value());
  std::string back;
  int chunks = 0;
  ASSERT_TRUE(store
                  ->read_blob(sha,
                              [&](std::string_view c) {
                                back += c;
                                ++chunks;
                                return Status::Ok();
                              })
                  .ok());
  EXPECT_EQ(chunks, 4);
  EXPECT_TRUE(back == content);

  // An empty file is a blob too; bytes that do not match the name are refused.
  std::ofstream(dir / "empty.bin").close();
  ASSERT_TRUE(store->put_blob(sha256_hex(""), dir / "empty.bin").ok());
  EXPECT_EQ(store->put_blob(std::string(64, 'a'), path).code(), Status::Code::kCorruption);
  EXPECT_FALSE(store->has_blob(std::string(64, 'a')).value());
  EXPECT_EQ(store->read_blob("nope", [](std::string_view) { return Status::Ok(); }).code(),
            Status::Code::kNotFound);
}

TEST_F(StoreTest, ADatabaseVaultServesFromAnyServerAndChecksWhatItReads) {
  auto other = connect();
  ASSERT_TRUE(other);
  DatabaseVault here(*store, dir / "cache-a");
  DatabaseVault there(*other, dir / "cache-b");  // another server: its own local cache
  std::ofstream(dir / "policy.pdf") << "signed policy";
  auto blob = here.put_file(dir / "policy.pdf");
  ASSERT_TRUE(blob.ok()) << blob.status().message();
  auto file = there.local_file(blob->sha256);
  ASSERT_TRUE(file.ok()) << file.status().message();
  std::ifstream in(file.value());
  std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(got, "signed policy");
  EXPECT_TRUE(there.verify(blob->sha256).ok());
  EXPECT_EQ(there.verify(std::string(64, 'b')).code(), Status::Code::kCorruption);
  EXPECT_EQ(there.local_file(std::string(64, 'b')).status().code(), Status::Code::kNotFound);
}

TEST_F(StoreTest, ALeaseHasOneHolderAtATimeUntilItExpires) {
  auto other = connect();
  ASSERT_TRUE(other);
  const domain::Timestamp t = kActor.now;
  EXPECT_TRUE(store->acquire_lease("collector:scan", "server-a", t, 60).value());
  EXPECT_FALSE(other->acquire_lease("collector:scan", "server-b", t + 30, 60).value());
  EXPECT_TRUE(store->acquire_lease("collector:scan", "server-a", t + 30, 60).value());  // renew
  EXPECT_FALSE(other->acquire_lease("collector:scan", "server-b", t + 89, 60).value());
  EXPECT_TRUE(other->acquire_lease("collector:scan", "server-b", t + 90, 60).value());  // expired
  EXPECT_TRUE(other->release_lease("collector:scan", "server-b").ok());
  EXPECT_TRUE(store->acquire_lease("collector:scan", "server-a", t + 91, 60).value());
}

}  // namespace
}  // namespace crosswalk::store
