#include "domain/control_status.h"

#include <limits>
#include <string>

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNever = std::numeric_limits<Timestamp>::min();

struct EvidenceTally {
  int valid = 0;
  int expired = 0;
  int pending = 0;
  Timestamp last_expiry = kNever;
};

struct LatestResult {
  CheckOutcome outcome = CheckOutcome::kPass;
  Timestamp at = kNever;
};

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Appends `name` to a short list, eliding after three names.
void add_name(std::string& list, int& count, const std::string& name) {
  ++count;
  if (count <= 3) {
    if (!list.empty()) list += ", ";
    list += "'" + name + "'";
  } else if (count == 4) {
    list += ", …";
  }
}

ControlStatus evaluate_one(const Control& control, const EvidenceTally& ev,
                           const std::vector<const Check*>& checks,
                           const std::vector<LatestResult>& latest_of_check,
                           const std::vector<std::size_t>& check_indexes, Timestamp now) {
  if (control.implementation != Implementation::kImplemented)
    return {ControlState::kNotImplemented,
            "implementation status is '" + std::string(to_string(control.implementation)) + "'"};

  std::string failed, never_run, too_old;
  int n_failed = 0, n_never = 0, n_old = 0;
  for (std::size_t k = 0; k < checks.size(); ++k) {
    const Check& check = *checks[k];
    const LatestResult& r = latest_of_check[check_indexes[k]];
    if (r.at == kNever) {
      add_name(never_run, n_never, check.name);
    } else if (r.outcome != CheckOutcome::kPass) {
      add_name(failed, n_failed,
               check.name + " " + std::string(to_string(r.outcome)) + " on " + format_date(r.at));
    } else if (check.freshness_seconds > 0 && now - r.at > check.freshness_seconds) {
      add_name(too_old, n_old, check.name + " last passed on " + format_date(r.at));
    }
  }
  if (n_failed > 0)
    return {ControlState::kFailing,
            plural(n_failed, "check") + " not passing on the latest run: " + failed};
  if (n_old > 0)
    return {ControlState::kStale,
            plural(n_old, "check") + " older than the freshness window: " + too_old};
  if (ev.valid == 0 && ev.expired > 0)
    return {ControlState::kStale,
            ev.expired == 1
                ? "its only accepted evidence item expired on " + format_date(ev.last_expiry)
                : "all " + plural(ev.expired, "accepted evidence item") + " expired (latest on " +
                      format_date(ev.last_expiry) + ")"};
  if (ev.valid == 0) {
    std::string reason = "no accepted evidence";
    if (ev.pending > 0) reason += " (" + std::to_string(ev.pending) + " awaiting review)";
    return {ControlState::kUnevidenced, reason};
  }
  if (n_never > 0)
    return {ControlState::kUnevidenced, plural(n_never, "check") + " never ran: " + never_run};
  std::string reason = "implemented; " + plural(ev.valid, "valid accepted evidence item");
  if (!checks.empty()) reason += "; " + plural(int(checks.size()), "check") + " passing";
  return {ControlState::kOperating, reason};
}

}  // namespace

std::vector<ControlStatus> evaluate_controls(const Organization& org, Timestamp now) {
  const std::size_t n = org.controls.size();
  std::vector<EvidenceTally> evidence(n);
  for (const EvidenceFact& e : org.evidence) {
    if (e.control >= n || e.review == Review::kRejected) continue;
    EvidenceTally& t = evidence[e.control];
    if (e.review == Review::kPending) {
      ++t.pending;
    } else if (e.valid_until && *e.valid_until <= now) {
      ++t.expired;
      if (*e.valid_until > t.last_expiry) t.last_expiry = *e.valid_until;
    } else {
      ++t.valid;
    }
  }

  std::vector<LatestResult> latest(org.checks.size());
  for (const CheckResult& r : org.check_results) {
    if (r.check >= latest.size()) continue;
    if (r.observed_at >= latest[r.check].at) latest[r.check] = {r.outcome, r.observed_at};
  }

  std::vector<std::vector<const Check*>> checks_of(n);
  std::vector<std::vector<std::size_t>> check_indexes_of(n);
  for (std::size_t i = 0; i < org.checks.size(); ++i) {
    const Check& c = org.checks[i];
    if (c.control >= n) continue;
    checks_of[c.control].push_back(&c);
    check_indexes_of[c.control].push_back(i);
  }

  std::vector<ControlStatus> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(
        evaluate_one(org.controls[i], evidence[i], checks_of[i], latest, check_indexes_of[i], now));
  return out;
}

std::optional<Timestamp> next_time_based_change(const Organization& org, Timestamp now) {
  std::optional<Timestamp> next;
  auto consider = [&](Timestamp t) {
    if (t > now && (!next || t < *next)) next = t;
  };
  for (const EvidenceFact& e : org.evidence)
    if (e.review == Review::kAccepted && e.valid_until) consider(*e.valid_until);
  std::vector<Timestamp> latest(org.checks.size(), kNever);
  for (const CheckResult& r : org.check_results)
    if (r.check < latest.size() && r.observed_at > latest[r.check]) latest[r.check] = r.observed_at;
  for (std::size_t i = 0; i < org.checks.size(); ++i)
    if (latest[i] != kNever && org.checks[i].freshness_seconds > 0)
      consider(latest[i] + org.checks[i].freshness_seconds + 1);
  return next;
}

}  // namespace crosswalk::domain
