#include "service/journal_search.h"

#include "domain/time.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

Result<store::JournalFilter> journal_filter(const JournalQuery& q) {
  store::JournalFilter f;
  f.entity = q.entity;
  f.entity_id = q.entity_id;
  f.actor = q.actor;
  f.before_seq = q.before_seq;
  if (q.limit < 1 || q.limit > 1000)
    return Status::InvalidInput("limit: " + std::to_string(q.limit) + " is outside 1-1000");
  f.limit = q.limit;
  for (const auto& [name, day] : {std::pair{"since", q.since}, std::pair{"until", q.until}})
    if (!day.empty() && (day.size() != 10 || !d::parse_datetime(day)))
      return Status::InvalidInput(std::string(name) + ": \"" + day +
                                  "\" is not a date (YYYY-MM-DD)");
  if (!q.since.empty() && !q.until.empty() && q.until < q.since)
    return Status::InvalidInput("until: " + q.until + " is before since " + q.since);
  f.from = q.since;
  // The journal keeps "YYYY-MM-DDTHH:MM:SSZ": the last day counts whole.
  if (!q.until.empty()) f.until = d::format_date(*d::parse_datetime(q.until) + d::kSecondsPerDay);
  return f;
}

}  // namespace crosswalk::service
