#include "store/journal_chain.h"

#include "common/sha256.h"

namespace crosswalk::store {

const char* const kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

std::string journal_head_text(const JournalHead& head) {
  return "{\"seq\":" + std::to_string(head.seq) + ",\"hash\":\"" + head.hash + "\"}\n";
}

std::string journal_hash(const JournalEntry& e) {
  // Fields joined by the ASCII unit separator, which none of them may contain unescaped:
  // JSON escapes control characters, and the other fields are identifiers.
  Sha256 h;
  const std::string seq = std::to_string(e.seq);
  for (const std::string* f : {&seq, &e.at, &e.actor, &e.action, &e.entity, &e.entity_id, &e.before,
                               &e.after, &e.prev_hash}) {
    h.update(*f);
    h.update("\x1f");
  }
  return h.hex_digest();
}

bool JournalVerifier::add(const JournalEntry& e) {
  if (!verdict_.ok) return false;
  const std::int64_t expected = verdict_.entries + 1;
  auto fail = [&](std::string why) {
    verdict_.ok = false;
    verdict_.first_bad_seq = e.seq;
    verdict_.problem = std::move(why);
    return false;
  };
  if (e.seq != expected)
    return fail("entry " + std::to_string(expected) + " is missing or out of order (found seq " +
                std::to_string(e.seq) + ")");
  if (e.prev_hash != prev_hash_)
    return fail("entry " + std::to_string(e.seq) +
                " does not link to the previous entry (an entry before it was changed or removed)");
  if (journal_hash(e) != e.hash)
    return fail("entry " + std::to_string(e.seq) + " (" + e.action + " " + e.entity_id +
                ") was modified after it was written: its hash does not match its content");
  if (head_ && head_->seq == e.seq && head_->hash != e.hash)
    return fail("entry " + std::to_string(e.seq) + " differs from the recorded journal head");
  prev_hash_ = e.hash;
  ++verdict_.entries;
  return true;
}

JournalVerdict JournalVerifier::finish() {
  if (verdict_.ok && head_ && head_->seq > verdict_.entries) {
    verdict_.ok = false;
    verdict_.first_bad_seq = verdict_.entries + 1;
    verdict_.problem = "the journal ends at entry " + std::to_string(verdict_.entries) +
                       " but entry " + std::to_string(head_->seq) +
                       " was recorded: entries were removed from the end";
  }
  return verdict_;
}

}  // namespace crosswalk::store
