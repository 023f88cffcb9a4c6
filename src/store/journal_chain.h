// The hash chain of the journal: each entry's hash covers its fields and the previous hash,
// so editing, deleting or reordering an entry breaks every later link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crosswalk::store {

struct JournalEntry {
  std::int64_t seq = 0;  // 1, 2, 3 … without gaps
  std::string at;        // ISO 8601 UTC
  std::string actor;
  std::string action;  // "control.adopt", "evidence.add" …
  std::string entity;  // "control", "evidence" …
  std::string entity_id;
  std::string before;  // JSON, "null" when created
  std::string after;   // JSON, "null" when deleted
  std::string prev_hash;
  std::string hash;
};

// The hash of the first entry's predecessor.
extern const char* const kGenesisHash;

std::string journal_hash(const JournalEntry& e);

// Where the chain was last seen to end, kept outside the database so that cutting entries off
// the end is noticed too.
struct JournalHead {
  std::int64_t seq = 0;
  std::string hash;
};

// The head file's content: {"seq":N,"hash":"…"}.
std::string journal_head_text(const JournalHead& head);

struct JournalVerdict {
  bool ok = true;
  std::int64_t entries = 0;
  std::int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;
};

// Checks entries given in seq order, and that the recorded head (if any) lies on the chain.
class JournalVerifier {
 public:
  explicit JournalVerifier(std::optional<JournalHead> head) : head_(std::move(head)) {}
  // Returns false at the first bad entry; finish() then says why.
  bool add(const JournalEntry& e);
  JournalVerdict finish();

 private:
  std::optional<JournalHead> head_;
  JournalVerdict verdict_;
  std::string prev_hash_ = kGenesisHash;
};

}  // namespace crosswalk::store
