// Reading journal rows, the same way wherever they are read.
#pragma once

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

}  // namespace crosswalk::store::sql
