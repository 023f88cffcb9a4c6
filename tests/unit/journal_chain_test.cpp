#include <gtest/gtest.h>

#include "store/journal_chain.h"

namespace crosswalk::store {
namespace {

std::vector<JournalEntry> chain(int n) {
  std::vector<JournalEntry> out;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    JournalEntry e{i,          "2026-11-23T10:00:00Z",
                   "cli:test", "control.set_status",
                   "control",  "C" + std::to_string(i),
                   "null",     "{\"implementation\":\"implemented\"}",
                   prev,       ""};
    e.hash = journal_hash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

JournalVerdict verify(const std::vector<JournalEntry>& entries,
                      std::optional<JournalHead> head = {}) {
  JournalVerifier v(head);
  for (const auto& e : entries)
    if (!v.add(e)) break;
  return v.finish();
}

TEST(JournalChain, IntactChainVerifies) {
  const auto entries = chain(5);
  const JournalVerdict v = verify(entries, JournalHead{5, entries[4].hash});
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries, 5);
}

TEST(JournalChain, EditedEntryIsDetectedAtThatEntry) {
  auto entries = chain(5);
  entries[2].after = "{\"implementation\":\"planned\"}";
  const JournalVerdict v = verify(entries);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
  EXPECT_NE(v.problem.find("modified"), std::string::npos) << v.problem;
}

TEST(JournalChain, RehashedEditBreaksTheNextLink) {
  auto entries = chain(5);
  entries[2].actor = "mallory";
  entries[2].hash = journal_hash(entries[2]);
  const JournalVerdict v = verify(entries);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST(JournalChain, DeletedOrReorderedEntriesAreDetected) {
  auto deleted = chain(5);
  deleted.erase(deleted.begin() + 1);
  EXPECT_EQ(verify(deleted).first_bad_seq, 3);

  auto reordered = chain(5);
  std::swap(reordered[1], reordered[2]);
  EXPECT_FALSE(verify(reordered).ok);
}

TEST(JournalChain, TruncationIsDetectedThroughTheHead) {
  auto entries = chain(5);
  const JournalHead head{5, entries[4].hash};
  entries.pop_back();
  const JournalVerdict v = verify(entries, head);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 5);
  EXPECT_NE(v.problem.find("removed from the end"), std::string::npos);
}

TEST(JournalChain, ForgedEntryAtTheHeadIsDetected) {
  auto entries = chain(3);
  const JournalHead head{3, entries[2].hash};
  entries[2].actor = "mallory";
  entries[2].hash = journal_hash(entries[2]);
  EXPECT_FALSE(verify(entries, head).ok);
}

}  // namespace
}  // namespace crosswalk::store
