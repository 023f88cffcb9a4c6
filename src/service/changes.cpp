#include "service/changes.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_map>

#include "service/evidence.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

constexpr int kPage = 1000;
constexpr int kMaxEntries = 200'000;
constexpr std::size_t kMaxEvents = 10;

// A string field of a journal document, or "".
std::string field(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::vector<std::string> strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.is_object()) return out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const json& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// One check result recorded in the window, to tell it from the results recorded before.
struct WindowResult {
  d::Timestamp observed_at = 0;
  std::string outcome, source;
  bool operator<(const WindowResult& o) const {
    return std::tie(observed_at, outcome, source) < std::tie(o.observed_at, o.outcome, o.source);
  }
};

// Check results of one control from one source, told as one event.
struct CheckGroup {
  int count = 0, not_passing = 0;
  d::Timestamp at = 0;
  std::string actor, name, outcome;
};

// What the journal entries after `since` say, read newest first.
struct Window {
  std::set<std::string> added_controls, added_evidence;
  std::unordered_map<std::string, std::string> implementation_then;  // control → as it was
  std::unordered_map<std::string, std::string> review_then;          // evidence → as it was
  std::map<std::string, std::multiset<WindowResult>> results;        // check → recorded since
  std::map<std::string, int> results_of_control;
  std::map<std::string, std::vector<ChangeEvent>> events;                  // control → events
  std::map<std::pair<std::string, std::string>, CheckGroup> check_groups;  // (control, source)
  std::vector<std::pair<std::string, ChangeEvent>> reviews;  // evidence id → its review event
  Activity activity;
  bool complete = true;
};

void take(Window& w, const store::JournalEntry& e, d::Timestamp at) {
  ++w.activity.journal_entries;
  const std::string& a = e.action;
  const bool control = a == "control.adopt" || a == "control.create" || a == "control.set_status";
  const bool evidence = a == "evidence.add" || a == "evidence.review";
  if (a == "check.result" || control || evidence) {
    const json before = json::parse(e.before, nullptr, false);
    const json after = json::parse(e.after, nullptr, false);
    ChangeEvent ev{at, e.actor, a, ""};
    if (a == "control.adopt" || a == "control.create") {
      w.added_controls.insert(e.entity_id);
      ev.summary = a == "control.adopt" ? "adopted from the control library" : "created";
      w.events[e.entity_id].push_back(ev);
    } else if (a == "control.set_status") {
      // Newest first: the last one written is the earliest change, whose "before" held then.
      w.implementation_then[e.entity_id] = field(before, "implementation");
      ev.summary = "implementation " + field(before, "implementation") + " → " +
                   field(after, "implementation");
      w.events[e.entity_id].push_back(ev);
    } else if (a == "evidence.add") {
      ++w.activity.evidence_added;
      w.added_evidence.insert(e.entity_id);
      std::string name = field(after, "filename");
      if (name.empty()) name = note_headline(field(after, "note"));
      ev.summary = "evidence " + e.entity_id + (name.empty() ? "" : " '" + name + "'") + " added";
      if (field(after, "review") == "pending") ev.summary += ", awaiting review";
      for (const std::string& c : strings(after, "controls")) w.events[c].push_back(ev);
    } else if (a == "evidence.review") {
      ++w.activity.evidence_reviewed;
      w.review_then[e.entity_id] = field(before, "review");
      ev.summary = "evidence " + e.entity_id + " " + field(after, "review");
      if (!field(after, "note").empty()) ev.summary += ": " + field(after, "note");
      w.reviews.emplace_back(e.entity_id, ev);  // its controls are in the evidence record
    } else {
      ++w.activity.check_results;
      const std::string outcome = field(after, "outcome");
      const bool passing = outcome == "pass";
      w.activity.check_results_not_passing += !passing;
      const std::string check = field(after, "check"), ctl = field(after, "control");
      const std::string source = field(after, "source");
      const auto observed = d::parse_datetime(field(after, "observed_at"));
      w.results[check].insert({observed.value_or(0), outcome, source});
      ++w.results_of_control[ctl];
      CheckGroup& g = w.check_groups[{ctl, source}];
      if (g.count++ == 0) {
        g.at = at;
        g.actor = e.actor;
        g.name = field(after, "name");
        g.outcome = outcome;
      }
      g.not_passing += !passing;
    }
  } else if (a == "collector.run") {
    ++w.activity.collector_runs;
    w.activity.collector_runs_not_passing +=
        field(json::parse(e.after, nullptr, false), "outcome") != "pass";
  } else if (a == "import.add") {
    ++w.activity.imports;
  } else if (a == "import.refuse") {
    ++w.activity.refused_imports;
  }
}

// Reads the journal backwards from its end while entries are after `since`.
Result<Window> read_window(store::Store& st, d::Timestamp since) {
  Window w;
  auto last = st.journal_seq();
  if (!last.ok()) return last.status();
  int read = 0;
  for (std::int64_t end = last.value(); end > 0;) {
    const std::int64_t from = std::max<std::int64_t>(0, end - kPage);
    auto page = st.journal(from, static_cast<int>(end - from));
    if (!page.ok()) return page.status();
    bool any = false;
    for (auto it = page->rbegin(); it != page->rend(); ++it) {
      const auto at = d::parse_datetime(it->at);
      if (!at || *at <= since) continue;
      any = true;
      take(w, *it, *at);
    }
    read += static_cast<int>(page->size());
    if (!any) break;  // a whole page from before `since`: the rest is older still
    if (read >= kMaxEntries) {
      w.complete = from == 0;
      break;
    }
    end = from;
  }
  return w;
}

}  // namespace

Result<ChangesSince> changes_since(Workspace& ws, const d::Organization& org, d::Timestamp since,
                                   d::Timestamp now) {
  store::Store& st = ws.store();
  auto window = read_window(st, since);
  if (!window.ok()) return window.status();
  Window& w = window.value();
  auto records = st.evidence();
  if (!records.ok()) return records.status();
  if (!w.reviews.empty()) {
    std::unordered_map<std::string, const store::EvidenceRecord*> by_id;
    for (const store::EvidenceRecord& e : records.value()) by_id.emplace(e.id, &e);
    for (auto& [id, ev] : w.reviews)
      if (auto it = by_id.find(id); it != by_id.end())
        for (const std::string& c : it->second->controls) w.events[c].push_back(ev);
  }

  // The facts as they stood at `since`: controls adopted since left out, implementation and
  // reviews as they were, evidence added since left out, each check's latest result among those
  // recorded before.
  d::Organization before;
  std::unordered_map<std::string, std::size_t> index;
  for (const d::Control& c : org.controls) {
    if (w.added_controls.count(c.id)) continue;
    d::Control then = c;
    if (auto it = w.implementation_then.find(c.id); it != w.implementation_then.end())
      then.implementation = d::parse_implementation(it->second).value_or(c.implementation);
    index.emplace(c.id, before.controls.size());
    before.controls.push_back(std::move(then));
  }
  for (const store::EvidenceRecord& e : records.value()) {
    if (w.added_evidence.count(e.id)) continue;
    d::Review review = e.review;
    if (auto it = w.review_then.find(e.id); it != w.review_then.end())
      review = d::parse_review(it->second).value_or(e.review);
    for (const std::string& c : e.controls)
      if (auto it = index.find(c); it != index.end())
        before.evidence.push_back({it->second, review, e.collected_at, e.valid_until});
  }
  std::vector<const d::CheckResult*> latest(org.checks.size(), nullptr);
  for (const d::CheckResult& r : org.check_results)
    if (r.check < latest.size() &&
        (!latest[r.check] || r.observed_at >= latest[r.check]->observed_at))
      latest[r.check] = &r;
  std::map<std::string, std::vector<store::CheckHistoryRow>> history;  // by control
  for (std::size_t k = 0; k < org.checks.size(); ++k) {
    const d::Check& check = org.checks[k];
    if (check.control >= org.controls.size()) continue;
    const std::string& control = org.controls[check.control].id;
    auto it = index.find(control);
    if (it == index.end()) continue;
    std::optional<d::CheckResult> then;
    auto recorded = w.results.find(check.id);
    if (recorded == w.results.end()) {
      if (latest[k]) then = *latest[k];
    } else {
      if (!history.count(control)) {
        auto rows = st.check_history(control, w.results_of_control[control] + 1000);
        if (!rows.ok()) return rows.status();
        history[control] = std::move(rows).value();
      }
      std::multiset<WindowResult> since_then = recorded->second;
      for (const store::CheckHistoryRow& r : history[control]) {
        if (r.check_id != check.id) continue;
        auto same =
            since_then.find({r.observed_at, std::string(d::to_string(r.outcome)), r.source});
        if (same != since_then.end()) {
          since_then.erase(same);
          continue;
        }
        if (!then || r.observed_at > then->observed_at)
          then = d::CheckResult{0, r.outcome, r.observed_at};
      }
      if (!then) continue;  // its first result came after `since`: the check did not exist
    }
    before.checks.push_back({check.id, check.name, it->second, check.freshness_seconds});
    if (then) {
      then->check = before.checks.size() - 1;
      before.check_results.push_back(*then);
    }
  }

  ChangesSince out;
  out.since = since;
  out.now = now;
  out.activity = w.activity;
  out.complete = w.complete;
  for (const auto& [key, g] : w.check_groups) {
    const auto& [control, source] = key;
    ChangeEvent ev{g.at, g.actor, "check.result", ""};
    const std::string from = source.empty() ? "" : " from " + source;
    if (g.count == 1)
      ev.summary = "check '" + g.name + "' " + g.outcome + from;
    else
      ev.summary = std::to_string(g.count) + " check results" + from + ", " +
                   std::to_string(g.not_passing) + " not passing";
    w.events[control].push_back(std::move(ev));
  }
  for (const d::ControlChange& ch : d::control_changes(before, since, org, now)) {
    const d::Control& c = org.controls[ch.control];
    ControlChangeView v;
    v.control_id = c.id;
    v.title = c.title;
    v.from = ch.from;
    v.to = ch.to;
    v.from_reason = ch.from_reason;
    v.to_reason = ch.to_reason;
    v.cause = ch.cause;
    std::vector<ChangeEvent>& events = w.events[c.id];
    std::stable_sort(events.begin(), events.end(),
                     [](const ChangeEvent& a, const ChangeEvent& b) { return a.at > b.at; });
    if (events.size() > kMaxEvents) {
      v.more_events = static_cast<int>(events.size() - kMaxEvents);
      events.resize(kMaxEvents);
    }
    v.events = std::move(events);
    out.changes.push_back(std::move(v));
  }
  return out;
}

}  // namespace crosswalk::service
