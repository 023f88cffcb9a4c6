// Reading journal rows, the same way wherever they are read.
#pragma once

#include <optional>
#include <string>

#include "store/journal_chain.h"
#include "store/sql/database.h"

namespace crosswalk::store::sql {

// The columns, in the order journal_entry() reads them.
inline constexpr const char* kJournalColumns =
    "seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash";

inline JournalEntry journal_entry(const Statement& q) {
  return {q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4),
          q.text(5),  q.text(6), q.text(7), q.text(8), q.text(9)};
}

// Checks the whole chain as this connection sees it (inside its transaction, if any), and that
// `head` lies on it; `last_hash` (if given) receives the hash of the last entry read.
inline Result<JournalVerdict> verify_journal_rows(Database& db, std::optional<JournalHead> head,
                                                  std::string* last_hash = nullptr) {
  JournalVerifier verifier(std::move(head));
  auto q = db.prepare(std::string("SELECT ") + kJournalColumns + " FROM journal ORDER BY seq");
  if (!q.ok()) return q.status();
  while (q->step()) {
    JournalEntry e = journal_entry(*q);
    if (last_hash) *last_hash = e.hash;
    if (!verifier.add(e)) break;
  }
  CW_RETURN_IF_ERROR(q->status());
  return verifier.finish();
}

}  // namespace crosswalk::store::sql
