// The dashboard: where both standards stand, how much of ISO 42001 the ISO 27001 work covers,
// what is failing or stale and why, and readiness over time.
#include "domain/overlap.h"
#include "domain/time.h"
#include "service/audits.h"
#include "service/evidence.h"
#include "service/management_reviews.h"
#include "service/registers.h"
#include "web/charts.h"
#include "web/dashboard_changes.h"
#include "web/dashboard_duties.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr const char* kIso27001 = "iso27001-2022";
constexpr const char* kIso42001 = "iso42001-2023";
constexpr int kHistoryDays = 90;
constexpr std::size_t kListed = 8;  // rows per list before "see all"

std::string percent_text(double p) {
  return std::to_string(static_cast<int>(p)) + "%";
}

json framework_card(const d::FrameworkAssessment& f) {
  const d::Tally& t = f.total;
  json groups = json::array();
  for (const auto& g : f.by_group) {
    const d::RequirementGroup* rg = f.framework->find_group(g.group);
    groups.push_back({{"id", g.group},
                      {"title", rg ? rg->title : g.group},
                      {"percent", percent_text(g.tally.percent())},
                      {"met", g.tally.met},
                      {"applicable", g.tally.applicable()},
                      {"href", "/frameworks/" + f.framework->id + "#g-" + g.group},
                      {"segments", tally_bar(g.tally)}});
  }
  return {{"id", f.framework->id},       {"name", f.framework->name},
          {"title", f.framework->title}, {"href", "/frameworks/" + f.framework->id},
          {"donut", donut(t.percent())}, {"met", t.met},
          {"partly", t.partly_met},      {"not_met", t.not_met},
          {"na", t.not_applicable},      {"applicable", t.applicable()},
          {"segments", tally_bar(t)},    {"groups", groups}};
}

// "ISO 42001 from ISO 27001": how much of ISO 42001 is met by work that also serves ISO 27001,
// what the crosswalk says in general, and the requirements that need work of their own. Before
// any control is adopted, the crosswalk projection stands in for the shared work.
Result<json> projection_card(const service::Snapshot& s) {
  const d::FrameworkAssessment* target = s.framework(kIso42001);
  if (!target) return Status::NotFound("the catalog has no ISO 42001");
  const d::Overlap o = d::overlap(*target, kIso27001, s.org, s.assessment.controls);
  auto ceiling = service::project(s, kIso42001, kIso27001, true);
  if (!ceiling.ok()) return ceiling.status();
  std::map<std::string, int> relations;
  if (const d::Crosswalk* cw = s.catalog.find_crosswalk(kIso42001, kIso27001))
    for (const auto& e : cw->entries()) ++relations[std::string(d::to_string(e.relation))];
  const bool adopted = !s.org.controls.empty();
  auto own = service::own_work(s, kIso42001, kIso27001);
  if (!own.ok()) return own.status();
  const std::set<std::string> open(own->begin(), own->end());
  json gaps = json::array();
  for (const auto& it : ceiling->items) {
    if (!open.count(it.ref)) continue;
    if (gaps.size() >= kListed) break;
    const d::Requirement* r = target->framework->find(it.ref);
    gaps.push_back({{"ref", it.ref},
                    {"title", r ? r->title : ""},
                    {"href", "/frameworks/" + std::string(kIso42001) + "/requirements/" + it.ref},
                    {"closing", it.closing_templates.empty() ? "" : it.closing_templates.front()}});
  }
  const int gap_count = static_cast<int>(open.size());
  return json{{"adopted", adopted},
              {"donut", donut(adopted ? o.met_by_shared_percent() : ceiling->tally.percent())},
              {"met", o.met},
              {"met_by_shared", o.met_by_shared},
              {"touched", o.touched_by_shared},
              {"applicable", o.applicable},
              {"ceiling", percent_text(ceiling->tally.percent())},
              {"equal", relations["equal"] + relations["subset"]},
              {"superset", relations["superset"]},
              {"intersect", relations["intersect"]},
              {"none", relations["none"]},
              {"gaps", gaps},
              {"gap_count", gap_count},
              {"more_gaps", gap_count > static_cast<int>(gaps.size())}};
}

json problems_card(const service::Snapshot& s) {
  json items = json::array();
  int failing = 0, stale = 0, unevidenced = 0, operating = 0, not_implemented = 0;
  for (std::size_t i = 0; i < s.org.controls.size(); ++i) {
    const d::ControlStatus& st = s.assessment.controls[i];
    switch (st.state) {
      case d::ControlState::kOperating:
        ++operating;
        continue;
      case d::ControlState::kNotImplemented:
        ++not_implemented;
        continue;
      case d::ControlState::kFailing:
        ++failing;
        break;
      case d::ControlState::kStale:
        ++stale;
        break;
      case d::ControlState::kUnevidenced:
        ++unevidenced;
        break;
    }
    items.push_back({{"id", s.org.controls[i].id},
                     {"title", s.org.controls[i].title},
                     {"href", "/controls/" + s.org.controls[i].id},
                     {"state", d::to_string(st.state)},
                     {"state_label", state_label(st.state)},
                     {"reason", st.reason},
                     {"rank", st.state == d::ControlState::kFailing ? 0
                              : st.state == d::ControlState::kStale ? 1
                                                                    : 2}});
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const json& a, const json& b) { return a["rank"] < b["rank"]; });
  const std::size_t total = items.size();
  if (items.size() > kListed) items.erase(items.begin() + kListed, items.end());
  return {{"items", items},
          {"any", total > 0},
          {"total", total},
          {"more", total > items.size()},
          {"failing", failing},
          {"stale", stale},
          {"unevidenced", unevidenced},
          {"operating", operating},
          {"not_implemented", not_implemented},
          {"adopted", s.org.controls.size()}};
}

Result<json> history_card(service::Workspace& ws, const service::Snapshot& s) {
  const std::string today = d::format_date(s.now);
  const std::string since = d::format_date(s.now - (kHistoryDays + 366) * 86400LL);
  std::vector<Series> series;
  for (const char* id : {kIso27001, kIso42001}) {
    auto points = ws.store().readiness_history(id, since);
    if (!points.ok()) return points.status();
    const d::Framework* f = s.catalog.find_framework(id);
    Series line{f ? f->name : id, id == std::string(kIso27001) ? "s27001" : "s42001", {}};
    for (const auto& p : points.value()) {
      d::Tally t{p.met, p.partly_met, p.not_met, p.not_applicable};
      line.days.emplace_back(p.day, t.percent());
    }
    series.push_back(std::move(line));
  }
  json chart = line_chart(series, today, kHistoryDays);
  chart["days"] = kHistoryDays;
  return chart;
}

// Corrective actions overdue, waiting for their effectiveness check or found not effective,
// and nonconformities no action names yet.
Result<json> audits_card(service::Workspace& ws, d::Timestamp now) {
  auto attention = service::audit_attention(ws, now);
  if (!attention.ok()) return attention.status();
  json items = json::array();
  auto add_actions = [&](const std::vector<service::ActionView>& actions, const char* cls) {
    for (const auto& a : actions)
      items.push_back({{"id", a.entry.id},
                       {"href", "/registers/corrective_action/" + a.entry.id},
                       {"title", d::field_text(a.entry.fields, "title")},
                       {"state", std::string(d::to_string(a.state))},
                       {"class", cls},
                       {"detail", "due " + d::field_text(a.entry.fields, "due_date") + ", owner " +
                                      d::field_text(a.entry.fields, "owner")}});
  };
  add_actions(attention->overdue, "not_met");
  add_actions(attention->ineffective, "not_met");
  add_actions(attention->awaiting_check, "partly_met");
  for (const auto& f : attention->without_action)
    items.push_back({{"id", f.entry.id},
                     {"href", "/registers/audit_finding/" + f.entry.id},
                     {"title", d::field_text(f.entry.fields, "title")},
                     {"state", "no corrective action"},
                     {"class", "not_met"},
                     {"detail", d::field_text(f.entry.fields, "type") + ", raised " +
                                    d::field_text(f.entry.fields, "raised_on")}});
  // Management review: actions past their due date, and when the last review was held.
  auto review_actions = service::review_actions(ws, now);
  if (!review_actions.ok()) return review_actions.status();
  int reviews_overdue = 0;
  for (const auto& a : review_actions.value()) {
    if (a.state != "overdue") continue;
    ++reviews_overdue;
    items.push_back(
        {{"id", a.entry.id},
         {"href", "/registers/review_action/" + a.entry.id},
         {"title", d::field_text(a.entry.fields, "title")},
         {"state", "overdue"},
         {"class", "not_met"},
         {"detail", "management review action, due " + d::field_text(a.entry.fields, "due_date") +
                        ", owner " + d::field_text(a.entry.fields, "owner")}});
  }
  auto reviews = ws.store().register_entries("management_review");
  if (!reviews.ok()) return reviews.status();
  std::string last_day, last_id;
  for (const auto& r : reviews.value())
    if (d::field_text(r.fields, "status") == "held" &&
        d::field_text(r.fields, "meeting_date") > last_day) {
      last_day = d::field_text(r.fields, "meeting_date");
      last_id = r.id;
    }
  return json{{"overdue", attention->overdue.size()},
              {"review_actions_overdue", reviews_overdue},
              {"last_review", last_day},
              {"last_review_href", "/reviews/" + last_id},
              {"awaiting", attention->awaiting_check.size()},
              {"ineffective", attention->ineffective.size()},
              {"without_action", attention->without_action.size()},
              {"items", items},
              {"any", !items.empty()}};
}

Result<json> dashboard_data(http::Api& api, const service::Snapshot& s) {
  auto ws = api.workspace();
  if (!ws.ok()) return ws.status();
  json data = {{"frameworks", json::array()}, {"as_of", d::format_datetime(s.now)}};
  for (const auto& f : s.assessment.frameworks) data["frameworks"].push_back(framework_card(f));
  auto projection = projection_card(s);
  if (!projection.ok()) return projection.status();
  data["projection"] = std::move(projection).value();
  data["problems"] = problems_card(s);
  data["empty"] = s.org.controls.empty();
  auto history = history_card(*ws.value(), s);
  if (!history.ok()) return history.status();
  data["history"] = std::move(history).value();
  auto evidence = service::list_evidence(*ws.value(), "");
  if (!evidence.ok()) return evidence.status();
  int pending = 0, expiring = 0;
  for (const auto& e : evidence.value()) {
    if (e.review == d::Review::kPending) ++pending;
    if (e.valid_until && *e.valid_until > s.now && *e.valid_until <= s.now + 30 * 86400LL)
      ++expiring;
  }
  data["evidence"] = {{"total", evidence->size()}, {"pending", pending}, {"expiring", expiring}};
  auto risks = service::risk_views(*ws.value(), s.now);
  if (!risks.ok()) return risks.status();
  int above = 0, untreated = 0, awaiting = 0, overdue = 0;
  for (const auto& r : risks.value()) {
    above += !r.evaluation.within_appetite;
    untreated += r.evaluation.status == "untreated";
    awaiting += r.evaluation.status == "awaiting-acceptance";
    overdue += r.evaluation.review_overdue;
  }
  data["risks"] = {{"total", risks->size()},
                   {"above", above},
                   {"untreated", untreated},
                   {"awaiting", awaiting},
                   {"overdue", overdue}};
  auto audits = audits_card(*ws.value(), s.now);
  if (!audits.ok()) return audits.status();
  data["audits"] = std::move(audits).value();
  auto incidents = incidents_card(*ws.value(), s.now);
  if (!incidents.ok()) return incidents.status();
  data["incidents"] = std::move(incidents).value();
  auto duties = duties_card(*ws.value(), s.now);
  if (!duties.ok()) return duties.status();
  data["duties"] = std::move(duties).value();
  auto renewals = renewals_card(*ws.value(), s);
  if (!renewals.ok()) return renewals.status();
  data["renewals"] = std::move(renewals).value();
  auto changes = changes_card(*ws.value(), s);
  if (!changes.ok()) return changes.status();
  data["changes"] = std::move(changes).value();
  return data;
}

}  // namespace

void add_dashboard_page(http::Api& api) {
  add_page(api, "GET", "/", d::Action::kRead, "Dashboard", [&api](http::Call& c) {
    auto snap = api.snapshot();
    if (!snap.ok()) return status_page(c, snap.status());
    // Everything on the dashboard follows from the assessment (any change moves the journal and
    // with it the assessment), the day (the history's axis), the hour (the window of "since
    // yesterday" and the due times of "to renew") and the role (its buttons).
    Status failed;
    const service::Snapshot& s = *snap.value();
    const std::string key = "dashboard|" + std::string(d::to_string(c.who->role)) + "|" +
                            d::format_datetime(s.now).substr(0, 13);
    std::string content = api.cached_text(snap.value(), key, [&]() -> std::string {
      auto data = dashboard_data(api, s);
      if (!data.ok()) {
        failed = data.status();
        return "";
      }
      return render_content(c, "dashboard", std::move(data).value());
    });
    if (!failed.ok()) return status_page(c, failed);
    return page_around(c, "Dashboard", "dashboard", std::move(content));
  });
}

}  // namespace crosswalk::web
