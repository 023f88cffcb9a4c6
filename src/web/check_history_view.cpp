#include "web/check_history_view.h"

#include <map>

#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

std::string freshness(const store::CheckHistoryRow& r, d::Timestamp now) {
  if (r.freshness_seconds <= 0) return "never goes stale";
  const d::Timestamp until = r.observed_at + r.freshness_seconds;
  return (until <= now ? "stale since " : "fresh until ") + when(until);
}

}  // namespace

json check_history_view(const std::vector<store::CheckHistoryRow>& rows, d::Timestamp now) {
  json checks = json::array(), history = json::array();
  std::map<std::string, std::size_t> index;  // check id → position in `checks`
  for (const store::CheckHistoryRow& r : rows) {
    const std::string outcome(d::to_string(r.outcome));
    auto [it, first] = index.emplace(r.check_id, checks.size());
    if (first) {
      const bool stale = r.freshness_seconds > 0 && r.observed_at + r.freshness_seconds <= now;
      checks.push_back({{"check", r.check_id},
                        {"name", r.check_name},
                        {"outcome", outcome},
                        {"source", source_json(r.source)},
                        {"when", when(r.observed_at)},
                        {"message", clip(r.message, 600)},
                        {"stale", stale},
                        {"freshness", freshness(r, now)},
                        {"results", 1}});
    } else {
      auto& n = checks[it->second]["results"];
      n = n.get<int>() + 1;
    }
    history.push_back({{"name", r.check_name},
                       {"outcome", outcome},
                       {"source", source_json(r.source)},
                       {"when", when(r.observed_at)},
                       {"message", clip(r.message, 300)}});
  }
  const bool any = !checks.empty();
  return {{"checks", std::move(checks)}, {"history", std::move(history)}, {"any", any}};
}

}  // namespace crosswalk::web
