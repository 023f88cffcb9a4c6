#include "http/check_results_body.h"

#include <algorithm>

#include "domain/enums.h"
#include "http/router.h"
#include "ingest/normalize.h"

namespace crosswalk::http {

namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kMaxCheckId = 200;
constexpr std::size_t kMaxName = 300;
constexpr std::size_t kMaxMessage = 4000;
// A result from the future would keep its control fresh for longer than it proves: a day of
// clock skew is tolerated, no more.
constexpr d::Timestamp kMaxSkew = d::kSecondsPerDay;

// RFC 3339 date-times carry their zone: "Z" or "+hh:mm".
bool has_zone(const std::string& s) {
  if (s.size() < 20 || s[10] != 'T') return false;
  if (s.back() == 'Z' || s.back() == 'z') return true;
  const std::size_t n = s.size();
  return (s[n - 6] == '+' || s[n - 6] == '-') && s[n - 3] == ':';
}

bool valid_check_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxCheckId &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) {
           return std::isalnum(c) ||
                  std::string_view("-_.:/@").find(static_cast<char>(c)) != std::string_view::npos;
         });
}

// One item into `r`; "" when it is valid, else what is wrong with which field.
std::string parse_item(const json& item, d::Timestamp now, store::CheckResultRecord& r) {
  if (!item.is_object()) return ": an object {check, control, name, outcome, …} is expected";
  static const std::vector<std::string> kKnown = {
      "check", "control", "name", "outcome", "observed_at", "message", "freshness_days"};
  for (const auto& [key, value] : item.items())
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end())
      return ingest::normalize::truncate_utf8(key, 64) +
             ": unknown field (check, control, name, outcome, observed_at, message, "
             "freshness_days)";
  auto text = [&](const char* field, bool required, std::size_t max, std::string& to) {
    if (!item.contains(field)) return required ? std::string(field) + ": required" : "";
    if (!item[field].is_string()) return std::string(field) + ": a string is expected";
    to = item[field].get<std::string>();
    if (required && to.empty()) return std::string(field) + ": must not be empty";
    if (to.size() > max)
      return std::string(field) + ": at most " + std::to_string(max) + " characters";
    return std::string();
  };
  std::string outcome, observed;
  for (const std::string& why :
       {text("check", true, kMaxCheckId, r.check_id), text("control", true, 64, r.control_id),
        text("outcome", true, 16, outcome), text("name", true, kMaxName, r.name),
        text("message", false, kMaxMessage, r.message), text("observed_at", false, 64, observed)})
    if (!why.empty()) return why;
  if (!valid_check_id(r.check_id))
    return "check: letters, digits and - _ . : / @ only, at most " + std::to_string(kMaxCheckId);
  if (r.check_id.rfind("rule:", 0) == 0 || r.check_id.rfind("collector:", 0) == 0)
    return "check: ids starting with rule: or collector: belong to imports and collectors";
  auto o = d::parse_check_outcome(outcome);
  if (!o) return "outcome: pass, fail or error";
  r.outcome = *o;
  r.observed_at = now;
  if (item.contains("observed_at")) {
    auto t = ingest::normalize::parse_timestamp(observed);
    if (!t || !has_zone(observed))
      return "observed_at: an RFC 3339 date-time such as 2026-01-31T09:30:00Z";
    if (*t > now + kMaxSkew) return "observed_at: in the future (" + observed + ")";
    r.observed_at = *t;
  }
  int days = kDefaultCheckFreshnessDays;
  if (item.contains("freshness_days")) {
    const json& f = item["freshness_days"];
    if (!f.is_number_integer() || f.get<std::int64_t>() < 0 || f.get<std::int64_t>() > 3660)
      return "freshness_days: a whole number of days, 0 (never stale) to 3660";
    days = f.get<int>();
  }
  r.freshness_seconds = d::Timestamp{days} * d::kSecondsPerDay;
  r.source = "api";
  return "";
}

}  // namespace

bool check_results_from_json(const json& body, d::Timestamp now,
                             std::vector<store::CheckResultRecord>& out, Response& error) {
  out.clear();
  auto fail = [&](const std::string& message) {
    error = error_response(400, "bad_request", message);
    return false;
  };
  if (!body.is_object() && !body.is_array())
    return fail("the request body must be a JSON object (one result) or an array of them");
  const bool list = body.is_array();
  if (list && body.empty()) return fail("the array holds no result");
  if (list && body.size() > kMaxCheckResults)
    return fail("at most " + std::to_string(kMaxCheckResults) + " results per request, not " +
                std::to_string(body.size()));
  const std::size_t n = list ? body.size() : 1;
  for (std::size_t i = 0; i < n; ++i) {
    store::CheckResultRecord r;
    const std::string why = parse_item(list ? body[i] : body, now, r);
    if (!why.empty())
      return fail(!list ? why
                        : "item[" + std::to_string(i) + "]" + (why[0] == ':' ? "" : ".") + why);
    out.push_back(std::move(r));
  }
  return true;
}

}  // namespace crosswalk::http
