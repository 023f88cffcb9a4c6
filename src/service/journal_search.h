// Searching the journal by what changed (entity and id), who changed it and when (days,
// inclusive), for the journal page, `crosswalk journal list` and the API.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace crosswalk::service {

struct JournalQuery {
  std::string entity, entity_id, actor;
  std::string since, until;  // YYYY-MM-DD, both inclusive; "" for no bound
  std::int64_t before_seq = 0;
  int limit = 100;
};

// InvalidInput naming the field for a date that is not YYYY-MM-DD, a range that ends before it
// starts, or a limit outside 1-1000.
Result<store::JournalFilter> journal_filter(const JournalQuery& q);

}  // namespace crosswalk::service
