#include "domain/renewals.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <tuple>

namespace crosswalk::domain {
namespace {

constexpr Timestamp kNever = std::numeric_limits<Timestamp>::min();

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string label(const RenewalSources& sources, const std::string& source,
                  const std::string& fallback) {
  auto it = sources.labels.find(source);
  return it != sources.labels.end() && !it->second.empty() ? it->second : fallback;
}

// The action for a fact made by `source`, or `otherwise` when a person or a pipeline made it.
RenewalAction action_for(const std::string& source, RenewalAction otherwise) {
  if (starts_with(source, "collector:")) return RenewalAction::kRerunCollector;
  if (source == "import" || starts_with(source, "import:")) return RenewalAction::kReimport;
  return otherwise;
}

std::string collector_todo(const RenewalSources& sources, const std::string& source) {
  return "Re-run collector '" +
         label(sources, source, source.substr(std::string_view("collector:").size())) + "'";
}

std::string import_todo(const RenewalSources& sources, const std::string& source,
                        const std::string& what) {
  if (auto it = sources.labels.find(source); it != sources.labels.end() && !it->second.empty())
    return "Re-import from " + it->second;
  return "Import a new result file to replace " + what;
}

std::string names(const Organization& org, const std::vector<std::size_t>& checks) {
  std::string out;
  for (std::size_t i = 0; i < checks.size() && i < 3; ++i)
    out += (i ? ", '" : "'") + org.checks[checks[i]].name + "'";
  if (checks.size() > 3) out += ", …";
  return out;
}

void add_sorted(std::vector<std::size_t>& v, std::size_t x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) v.insert(it, x);
}

// Items by what renews them, in the order first seen.
struct Groups {
  std::vector<RenewalItem> items;
  std::map<std::string, std::size_t> index;

  RenewalItem& operator[](const std::string& key) {
    auto [it, fresh] = index.try_emplace(key, items.size());
    if (fresh) {
      items.emplace_back();
      items.back().due = std::numeric_limits<Timestamp>::max();
    }
    return items[it->second];
  }
};

std::string evidence_subject(const EvidenceOrigin* origin, const Control& control) {
  const std::string name = origin ? origin->name : "", id = origin ? origin->id : "";
  if (!name.empty() && !id.empty()) return "evidence '" + name + "' (" + id + ")";
  if (!name.empty()) return "evidence '" + name + "'";
  if (!id.empty()) return "evidence " + id;
  return "an evidence item of " + control.id;
}

bool implemented(const Organization& org, std::size_t control) {
  return control < org.controls.size() &&
         org.controls[control].implementation == Implementation::kImplemented;
}

void evidence_items(const Organization& org, const RenewalSources& sources, Timestamp until,
                    Groups& groups) {
  const std::size_t n = org.controls.size();
  std::vector<bool> forever(n, false);
  std::vector<Timestamp> end(n, kNever);
  std::vector<std::vector<std::size_t>> last(n);
  for (std::size_t i = 0; i < org.evidence.size(); ++i) {
    const EvidenceFact& e = org.evidence[i];
    if (e.control >= n || e.review != Review::kAccepted) continue;
    if (!e.valid_until) {
      forever[e.control] = true;
    } else if (*e.valid_until > end[e.control]) {
      end[e.control] = *e.valid_until;
      last[e.control] = {i};
    } else if (*e.valid_until == end[e.control]) {
      last[e.control].push_back(i);
    }
  }
  const bool known = sources.evidence.size() == org.evidence.size();
  for (std::size_t c = 0; c < n; ++c) {
    if (!implemented(org, c) || forever[c] || end[c] == kNever || end[c] > until) continue;
    for (std::size_t i : last[c]) {
      const EvidenceOrigin* origin = known ? &sources.evidence[i] : nullptr;
      const std::string key =
          origin && !origin->id.empty() ? "evidence:" + origin->id : "fact:" + std::to_string(i);
      RenewalItem& item = groups[key];
      add_sorted(item.controls, c);
      add_sorted(item.facts, i);
      if (item.facts.size() > 1) continue;  // described by its first fact
      item.kind = RenewalKind::kEvidence;
      item.due = end[c];
      const std::string source = origin ? origin->source : "";
      item.action = action_for(source, RenewalAction::kUploadNewVersion);
      if (item.action != RenewalAction::kUploadNewVersion) item.source = source;
      const std::string what = evidence_subject(origin, org.controls[c]);
      item.evidence_id = origin ? origin->id : "";
      item.subject = what;
      switch (item.action) {
        case RenewalAction::kRerunCollector:
          item.todo = collector_todo(sources, source);
          break;
        case RenewalAction::kReimport:
          item.todo = import_todo(sources, source, what);
          break;
        default:
          item.todo = "Upload a new version of " + what;
      }
    }
  }
}

void check_items(const Organization& org, const RenewalSources& sources, Timestamp until,
                 Groups& groups) {
  std::vector<Timestamp> latest(org.checks.size(), kNever);
  for (const CheckResult& r : org.check_results)
    if (r.check < latest.size() && r.observed_at > latest[r.check]) latest[r.check] = r.observed_at;
  const bool known = sources.check_sources.size() == org.checks.size();
  for (std::size_t k = 0; k < org.checks.size(); ++k) {
    const Check& check = org.checks[k];
    if (!implemented(org, check.control) || check.freshness_seconds <= 0 || latest[k] == kNever)
      continue;
    const Timestamp due = latest[k] + check.freshness_seconds + 1;
    if (due > until) continue;
    const std::string source = known ? sources.check_sources[k] : "";
    const RenewalAction action = action_for(source, RenewalAction::kRecordCheckResult);
    const bool grouped = action != RenewalAction::kRecordCheckResult;
    RenewalItem& item = groups[grouped ? "checks:" + source : "check:" + std::to_string(k)];
    item.kind = RenewalKind::kCheck;
    item.action = action;
    item.due = std::min(item.due, due);
    if (grouped) item.source = source;
    add_sorted(item.controls, check.control);
    add_sorted(item.facts, k);
  }
  for (RenewalItem& item : groups.items) {
    if (item.kind != RenewalKind::kCheck) continue;
    item.subject = item.facts.size() == 1
                       ? "check " + names(org, item.facts)
                       : std::to_string(item.facts.size()) + " checks: " + names(org, item.facts);
    switch (item.action) {
      case RenewalAction::kRerunCollector:
        item.todo = collector_todo(sources, item.source);
        break;
      case RenewalAction::kReimport:
        item.todo = import_todo(sources, item.source, "the results of " + item.subject);
        break;
      default:
        item.todo = "Record a new result of " + item.subject;
    }
  }
}

}  // namespace

std::vector<RenewalItem> renewals(const Organization& org, const RenewalSources& sources,
                                  Timestamp now, Timestamp horizon_seconds) {
  const Timestamp until = now + std::max<Timestamp>(horizon_seconds, 0);
  Groups evidence, checks;
  evidence_items(org, sources, until, evidence);
  check_items(org, sources, until, checks);
  std::vector<RenewalItem> out = std::move(evidence.items);
  out.insert(out.end(), std::make_move_iterator(checks.items.begin()),
             std::make_move_iterator(checks.items.end()));
  for (RenewalItem& item : out) item.overdue = item.due <= now;
  std::stable_sort(out.begin(), out.end(), [](const RenewalItem& a, const RenewalItem& b) {
    return std::tie(a.due, a.kind, a.subject) < std::tie(b.due, b.kind, b.subject);
  });
  return out;
}

std::string_view to_string(RenewalKind kind) {
  return kind == RenewalKind::kEvidence ? "evidence" : "check";
}

std::string_view to_string(RenewalAction action) {
  switch (action) {
    case RenewalAction::kUploadNewVersion:
      return "upload";
    case RenewalAction::kRerunCollector:
      return "rerun_collector";
    case RenewalAction::kReimport:
      return "reimport";
    case RenewalAction::kRecordCheckResult:
      return "record_result";
  }
  return "upload";
}

}  // namespace crosswalk::domain
