// The body of POST /api/v1/check-results: one result or a list of them, as pipelines send them.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/time.h"
#include "http/message.h"
#include "store/store.h"

namespace crosswalk::http {

// At most this many results per request.
constexpr std::size_t kMaxCheckResults = 1000;
// A result pushed without freshness_days goes stale after this many days.
constexpr int kDefaultCheckFreshnessDays = 7;

// Every item checked before any is kept: {"check", "control", "name", "outcome": pass|fail|error,
// "message"?, "observed_at"? (RFC 3339; default `now`), "freshness_days"? (0 = never
// stale)}. On success `out` holds the records (source "api"); otherwise false and a 400 in `error`
// naming the item and the field ("item[1].outcome: …").
bool check_results_from_json(const nlohmann::ordered_json& body, domain::Timestamp now,
                             std::vector<store::CheckResultRecord>& out, Response& error);

}  // namespace crosswalk::http
