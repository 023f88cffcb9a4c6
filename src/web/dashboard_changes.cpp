#include "web/dashboard_changes.h"

#include "service/changes.h"
#include "service/renewals.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr std::size_t kListed = 8;  // rows per list before "more"

json controls_json(const service::Snapshot& s, const std::vector<std::string>& ids) {
  json out = json::array();
  for (const auto& id : ids) {
    auto i = s.control_index(id);
    out.push_back(
        {{"id", id}, {"title", i ? s.org.controls[*i].title : ""}, {"href", "/controls/" + id}});
  }
  return out;
}

std::string due_text(const service::RenewalView& r, d::Timestamp now) {
  if (r.overdue) return "overdue since " + when(r.due);
  const d::Timestamp days = (r.due - now + d::kSecondsPerDay - 1) / d::kSecondsPerDay;
  return "due " + d::format_date(r.due) +
         (days <= 1 ? " (within a day)" : " (in " + std::to_string(days) + " days)");
}

// Where to go to do what the item says.
json next_step(const service::RenewalView& r) {
  const std::string first = r.controls.empty() ? "" : r.controls.front();
  switch (r.action) {
    case d::RenewalAction::kRerunCollector:
      return {{"label", "Open the collector"}, {"href", "/collectors/" + r.collector_id}};
    case d::RenewalAction::kReimport:
      return {{"label", "Import a new result file"}, {"href", "/imports"}};
    case d::RenewalAction::kUploadNewVersion:
      return {{"label", "Upload a new version"},
              {"href", first.empty() ? "/evidence" : "/controls/" + first + "#evidence"}};
    case d::RenewalAction::kRecordCheckResult:
      return {{"label", "See the check"},
              {"href", first.empty() ? "/controls" : "/controls/" + first + "#checks"}};
  }
  return {{"label", ""}, {"href", ""}};
}

// "1 import", "3 imports".
std::string count(int n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

json state_json(std::optional<d::ControlState> s) {
  if (!s) return {{"state", "new"}, {"label", "new"}};
  return {{"state", d::to_string(*s)}, {"label", state_label(*s)}};
}

}  // namespace

Result<json> renewals_card(service::Workspace& ws, const service::Snapshot& s) {
  auto list = service::list_renewals(ws, s.org, s.now);
  if (!list.ok()) return list.status();
  json items = json::array();
  for (const service::RenewalView& r : list->items) {
    if (items.size() >= kListed) break;
    items.push_back({{"overdue", r.overdue},
                     {"due", due_text(r, s.now)},
                     {"kind", d::to_string(r.kind)},
                     {"subject", r.subject},
                     {"todo", r.todo},
                     {"controls", controls_json(s, r.controls)},
                     {"next", next_step(r)},
                     {"import", r.import_id},
                     {"import_href", "/imports/" + r.import_id}});
  }
  const std::size_t total = list->items.size();
  return json{{"items", items},
              {"any", total > 0},
              {"total", total},
              {"overdue", list->overdue},
              {"upcoming", static_cast<int>(total) - list->overdue},
              {"days", service::kDefaultRenewalHorizon / d::kSecondsPerDay},
              {"more", total - items.size()},
              {"has_more", total > items.size()}};
}

Result<json> changes_card(service::Workspace& ws, const service::Snapshot& s) {
  auto changes = service::changes_since(ws, s.org, s.now - d::kSecondsPerDay, s.now);
  if (!changes.ok()) return changes.status();
  json rows = json::array();
  for (const service::ControlChangeView& c : changes->changes) {
    if (rows.size() >= kListed) break;
    json events = json::array();
    for (const service::ChangeEvent& e : c.events) {
      if (events.size() >= 3) break;
      events.push_back({{"at", when(e.at)}, {"actor", e.actor}, {"summary", clip(e.summary, 300)}});
    }
    const int more_events =
        c.more_events + static_cast<int>(c.events.size()) - static_cast<int>(events.size());
    rows.push_back({{"id", c.control_id},
                    {"title", c.title},
                    {"href", "/controls/" + c.control_id},
                    {"from", state_json(c.from)},
                    {"to", state_json(c.to)},
                    {"reason", c.to_reason},
                    {"by_time", c.cause == d::ChangeCause::kTime},
                    {"events", events},
                    {"more_events", more_events},
                    {"has_more_events", more_events > 0}});
  }
  const service::Activity& a = changes->activity;
  const std::size_t total = changes->changes.size();
  return json{{"since", when(changes->since)},
              {"rows", rows},
              {"any", total > 0},
              {"total", total},
              {"more", total - rows.size()},
              {"has_more", total > rows.size()},
              {"complete", changes->complete},
              {"activity",
               {{"imports", count(a.imports, "import")},
                {"refused_imports", a.refused_imports},
                {"any_refused", a.refused_imports > 0},
                {"collector_runs", count(a.collector_runs, "collector run")},
                {"collector_runs_not_passing", a.collector_runs_not_passing},
                {"check_results", count(a.check_results, "check result")},
                {"check_results_not_passing", a.check_results_not_passing},
                {"evidence_added", count(a.evidence_added, "evidence item")},
                {"evidence_reviewed", a.evidence_reviewed}}}};
}

}  // namespace crosswalk::web
