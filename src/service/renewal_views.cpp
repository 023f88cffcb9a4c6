#include "service/renewal_views.h"

#include "domain/time.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using nlohmann::ordered_json;

namespace {

ordered_json or_null(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

}  // namespace

ordered_json renewal_json(const RenewalView& r) {
  return {{"kind", d::to_string(r.kind)},
          {"action", d::to_string(r.action)},
          {"due", d::format_datetime(r.due)},
          {"overdue", r.overdue},
          {"controls", r.controls},
          {"evidence", or_null(r.evidence_id)},
          {"checks", r.checks},
          {"collector", or_null(r.collector_id)},
          {"import", or_null(r.import_id)},
          {"subject", r.subject},
          {"todo", r.todo}};
}

ordered_json renewals_json(const RenewalList& l) {
  ordered_json items = ordered_json::array();
  for (const RenewalView& r : l.items) items.push_back(renewal_json(r));
  return {{"now", d::format_datetime(l.now)},
          {"until", d::format_datetime(l.until)},
          {"overdue", l.overdue},
          {"items", std::move(items)}};
}

ordered_json control_change_json(const ControlChangeView& c) {
  ordered_json events = ordered_json::array();
  for (const ChangeEvent& e : c.events)
    events.push_back({{"at", d::format_datetime(e.at)},
                      {"actor", e.actor},
                      {"action", e.action},
                      {"summary", e.summary}});
  return {{"control", c.control_id},
          {"title", c.title},
          {"from", c.from ? ordered_json(d::to_string(*c.from)) : ordered_json(nullptr)},
          {"to", d::to_string(c.to)},
          {"from_reason", c.from_reason},
          {"to_reason", c.to_reason},
          {"cause", d::to_string(c.cause)},
          {"events", std::move(events)},
          {"more_events", c.more_events}};
}

ordered_json changes_since_json(const ChangesSince& c) {
  const Activity& a = c.activity;
  ordered_json changes = ordered_json::array();
  for (const ControlChangeView& v : c.changes) changes.push_back(control_change_json(v));
  return {{"since", d::format_datetime(c.since)},
          {"now", d::format_datetime(c.now)},
          {"complete", c.complete},
          {"activity",
           {{"imports", a.imports},
            {"refused_imports", a.refused_imports},
            {"collector_runs", a.collector_runs},
            {"collector_runs_not_passing", a.collector_runs_not_passing},
            {"check_results", a.check_results},
            {"check_results_not_passing", a.check_results_not_passing},
            {"evidence_added", a.evidence_added},
            {"evidence_reviewed", a.evidence_reviewed},
            {"journal_entries", a.journal_entries}}},
          {"changes", std::move(changes)}};
}

}  // namespace crosswalk::service
