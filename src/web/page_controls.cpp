// Controls: the list with filters, a control's page (requirements in both standards, evidence,
// status history, owner, implementation), and adoption from the control library.
#include <sstream>

#include "domain/time.h"
#include "service/controls.h"
#include "service/evidence.h"
#include "web/check_history_view.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

bool state_matches(const std::string& filter, d::ControlState s) {
  if (filter.empty()) return true;
  if (filter == "attention")
    return s == d::ControlState::kFailing || s == d::ControlState::kStale ||
           s == d::ControlState::kUnevidenced;
  return filter == d::to_string(s);
}

constexpr const char* kStateFilters[][2] = {{"", "All states"},
                                            {"attention", "Needs attention"},
                                            {"operating", "Operating"},
                                            {"failing", "Failing"},
                                            {"stale", "Stale"},
                                            {"unevidenced", "No evidence"},
                                            {"not-implemented", "Not implemented"}};

constexpr const char* kImplementations[][2] = {{"not-implemented", "Not implemented"},
                                               {"planned", "Planned"},
                                               {"partial", "Partly implemented"},
                                               {"implemented", "Implemented"}};

// Requirement links from a control form: the kept ones ("framework ref coverage" in `link`) and
// the rows to add (add_framework / add_ref / add_coverage, in order; empty refs skipped).
std::vector<d::RequirementLink> links_from(const http::Form& f) {
  std::vector<d::RequirementLink> out;
  for (const std::string& kept : f.all("link")) {
    std::istringstream in(kept);
    std::string framework, ref, coverage;
    in >> framework >> ref >> coverage;
    out.push_back({framework, ref, d::parse_coverage(coverage).value_or(d::Coverage::kFull)});
  }
  const auto frameworks = f.all("add_framework"), refs = f.all("add_ref"),
             coverages = f.all("add_coverage");
  for (std::size_t i = 0; i < refs.size() && i < frameworks.size(); ++i) {
    if (refs[i].empty()) continue;
    const std::string coverage = i < coverages.size() ? coverages[i] : "full";
    out.push_back(
        {frameworks[i], refs[i], d::parse_coverage(coverage).value_or(d::Coverage::kFull)});
  }
  return out;
}

// The empty rows of a links editor, with every framework to choose from.
json add_rows(const service::Snapshot& s, int n) {
  json frameworks = json::array();
  for (const auto& f : s.assessment.frameworks)
    frameworks.push_back({{"id", f.framework->id}, {"name", f.framework->name}});
  json rows = json::array();
  for (int i = 0; i < n; ++i) rows.push_back({{"frameworks", frameworks}});
  return rows;
}

http::Response list_page(http::Api& api, http::Call& c) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  const service::Snapshot& s = *snap.value();
  const std::string state = query(c, "state"), framework = query(c, "framework"),
                    text = lower(query(c, "q")), owner = query(c, "owner");
  json rows = json::array();
  std::set<std::string> owners;
  for (std::size_t i = 0; i < s.org.controls.size(); ++i) {
    const d::Control& ctl = s.org.controls[i];
    const d::ControlStatus& st = s.assessment.controls[i];
    if (!ctl.owner.empty()) owners.insert(ctl.owner);
    if (!state_matches(state, st.state)) continue;
    if (!owner.empty() && ctl.owner != owner) continue;
    if (!text.empty() && lower(ctl.id + " " + ctl.title).find(text) == std::string::npos) continue;
    std::map<std::string, int> per_framework;
    for (const auto& l : ctl.links) ++per_framework[l.framework];
    if (!framework.empty() && !per_framework.count(framework)) continue;
    json refs = json::array();
    for (const auto& [fw, n] : per_framework) {
      const d::Framework* f = s.catalog.find_framework(fw);
      refs.push_back({{"framework", f ? f->name : fw}, {"count", n}});
    }
    rows.push_back({{"id", ctl.id},
                    {"title", ctl.title},
                    {"href", "/controls/" + ctl.id},
                    {"owner", ctl.owner},
                    {"implementation", implementation_label(ctl.implementation)},
                    {"state", d::to_string(st.state)},
                    {"state_label", state_label(st.state)},
                    {"reason", st.reason},
                    {"frameworks", refs}});
  }
  json states = json::array();
  for (const auto& [value, label] : kStateFilters)
    states.push_back({{"value", value}, {"label", label}, {"selected", state == value}});
  json frameworks = json::array();
  for (const auto& f : s.assessment.frameworks)
    frameworks.push_back({{"id", f.framework->id},
                          {"name", f.framework->name},
                          {"selected", framework == f.framework->id}});
  json owner_list = json::array();
  for (const auto& o : owners) owner_list.push_back({{"name", o}, {"selected", o == owner}});
  return page(
      c, "Controls", "controls", "controls",
      {{"rows", rows},
       {"count", rows.size()},
       {"adopted", s.org.controls.size()},
       {"none_adopted", s.org.controls.empty()},
       {"states", states},
       {"frameworks", frameworks},
       {"owners", owner_list},
       {"q", query(c, "q")},
       {"filtered", !state.empty() || !framework.empty() || !text.empty() || !owner.empty()}});
}

json history_json(const std::vector<store::JournalEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) {
    const json before = json::parse(e.before, nullptr, false);
    const json after = json::parse(e.after, nullptr, false);
    std::string what;
    if (e.action == "control.adopt") {
      what = "Adopted from the control library";
    } else if (e.action == "control.create") {
      what = "Written by the organization";
    } else if (e.action == "control.define" && after.is_object() && before.is_object()) {
      std::vector<std::string> changed;
      for (const char* k : {"title", "description", "requirements"})
        if (before.value(k, json()) != after.value(k, json())) changed.push_back(k);
      what = "Rewrote";
      for (std::size_t i = 0; i < changed.size(); ++i)
        what += (i == 0 ? " " : i + 1 == changed.size() ? " and " : ", ") + changed[i];
      if (changed.empty()) what = "Saved the definition unchanged";
    } else if (e.action == "control.set_status" && after.is_object()) {
      auto impl = [](const json& j) {
        auto v = d::parse_implementation(j.value("implementation", ""));
        return v ? implementation_label(*v) : std::string("?");
      };
      what = "Implementation: " + (before.is_object() ? impl(before) : "?") + " → " + impl(after);
    } else if (e.action == "control.set_owner" && after.is_object()) {
      const std::string from = before.is_object() ? before.value("owner", "") : "";
      const std::string to = after.value("owner", "");
      what = "Owner: " + (from.empty() ? "nobody" : from) + " → " + (to.empty() ? "nobody" : to);
    } else {
      what = e.action;
    }
    out.push_back({{"at", e.at}, {"actor", e.actor}, {"what", what}, {"seq", e.seq}});
  }
  return out;
}

std::string freshness(const store::EvidenceRecord& e, d::Timestamp now) {
  if (!e.valid_until) return "does not expire";
  if (*e.valid_until <= now) return "expired " + d::format_date(*e.valid_until);
  const d::Timestamp left = *e.valid_until - now;
  if (left < 86400) return "expires within a day";
  const long long days = (left + 86399) / 86400;  // a started day counts
  return "valid for " + std::to_string(days) + " more day" + (days == 1 ? "" : "s");
}

http::Response detail_page(http::Api& api, http::Call& c) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  const service::Snapshot& s = *snap.value();
  const std::string id = c.params.at("id");
  auto index = s.control_index(id);
  if (!index) return error_page(c, 404, "Not found", "There is no adopted control " + id + ".");
  const d::Control& ctl = s.org.controls[*index];
  const d::ControlStatus& st = s.assessment.controls[*index];
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto records = ws.value()->store().controls();
  if (!records.ok()) return status_page(c, records.status());
  const store::ControlRecord* record = nullptr;
  for (const auto& r : records.value())
    if (r.control.id == id) record = &r;
  if (!record) return error_page(c, 404, "Not found", "There is no adopted control " + id + ".");

  json by_framework = json::array();
  for (const auto& f : s.assessment.frameworks) {
    json reqs = json::array();
    for (const auto& l : ctl.links) {
      if (l.framework != f.framework->id) continue;
      auto ri = f.framework->index_of(l.ref);
      if (!ri) continue;
      const d::Requirement& r = f.framework->requirements()[*ri];
      const d::RequirementAssessment& a = f.requirements[*ri];
      reqs.push_back({{"ref", r.ref},
                      {"title", r.title},
                      {"href", "/frameworks/" + f.framework->id + "/requirements/" + r.ref},
                      {"coverage", d::to_string(l.coverage)},
                      {"status", d::to_string(a.status)},
                      {"status_label", status_label(a.status)}});
    }
    if (!reqs.empty())
      by_framework.push_back({{"name", f.framework->name}, {"requirements", reqs}});
  }
  json editor_links = json::array();
  for (const auto& l : ctl.links) {
    const d::Framework* f = s.catalog.find_framework(l.framework);
    const d::Requirement* r = f ? f->find(l.ref) : nullptr;
    editor_links.push_back(
        {{"value", l.framework + " " + l.ref + " " + std::string(d::to_string(l.coverage))},
         {"label", (f ? f->name : l.framework) + " " + l.ref + (r ? " " + r->title : "") +
                       (l.coverage == d::Coverage::kPartial ? " (partly)" : "")}});
  }

  auto evidence = service::list_evidence(*ws.value(), id);
  if (!evidence.ok()) return status_page(c, evidence.status());
  json items = json::array();
  for (auto it = evidence->rbegin(); it != evidence->rend(); ++it) {
    const auto& e = *it;
    items.push_back({{"id", e.id},
                     {"kind", e.kind},
                     {"name", e.kind == "file"  ? e.filename
                              : e.kind == "url" ? e.url
                                                : e.note},
                     {"file", e.kind == "file"},
                     {"url", e.kind == "url" ? e.url : ""},
                     {"note", e.note},
                     {"download", "/api/v1/evidence/" + e.id + "/file"},
                     {"collected", d::format_date(e.collected_at)},
                     {"freshness", freshness(e, s.now)},
                     {"expired", e.valid_until && *e.valid_until <= s.now},
                     {"review", d::to_string(e.review)},
                     {"pending", e.review == d::Review::kPending},
                     {"review_action", "/evidence/" + e.id + "/review"}});
  }

  auto history = ws.value()->store().journal_of("control", id, 50);
  if (!history.ok()) return status_page(c, history.status());
  auto checks = ws.value()->store().check_history(id, 100);
  if (!checks.ok()) return status_page(c, checks.status());
  // The risks this control treats: the reasons the Statement of Applicability gives for it.
  auto treating = ws.value()->store().register_links_to("control", id);
  if (!treating.ok()) return status_page(c, treating.status());
  json risks = json::array();
  for (const auto& link : treating.value()) {
    if (link.kind != "risk") continue;
    auto risk = ws.value()->store().register_entry("risk", link.id);
    if (!risk.ok()) return status_page(c, risk.status());
    if (!risk.value()) continue;
    risks.push_back({{"id", link.id},
                     {"href", "/registers/risk/" + link.id},
                     {"title", d::field_text(risk.value()->fields, "title")},
                     {"category", d::field_text(risk.value()->fields, "category")},
                     {"treatment", d::field_text(risk.value()->fields, "treatment")}});
  }

  json implementations = json::array();
  for (const auto& [value, label] : kImplementations)
    implementations.push_back({{"value", value},
                               {"label", label},
                               {"selected", d::to_string(ctl.implementation) == value}});
  return page(c, ctl.id + " " + ctl.title, "controls", "control",
              {{"id", ctl.id},
               {"title", ctl.title},
               {"description", record->description},
               {"template", ctl.template_id},
               {"owner", ctl.owner},
               {"version", std::to_string(record->version)},
               {"state", d::to_string(st.state)},
               {"state_label", state_label(st.state)},
               {"reason", st.reason},
               {"implementation", implementation_label(ctl.implementation)},
               {"implementations", implementations},
               {"frameworks", by_framework},
               {"evidence", items},
               {"has_evidence", !items.empty()},
               {"control_return", "/controls/" + ctl.id + "#evidence"},
               {"editor_links", editor_links},
               {"add_rows", add_rows(s, 2)},
               {"history", history_json(history.value())},
               {"automated", check_history_view(checks.value(), s.now)},
               {"risks", risks},
               {"has_risks", !risks.empty()},
               {"updated", d::format_datetime(record->updated_at)}});
}

http::Response adopt_page(http::Api& api, http::Call& c) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  const service::Snapshot& s = *snap.value();
  const std::string framework = query(c, "framework"), ref = query(c, "ref"),
                    text = lower(query(c, "q"));
  std::map<std::string, json> by_domain;
  int available = 0;
  for (const d::ControlTemplate& t : s.catalog.templates) {
    if (s.control_index(t.id)) continue;
    bool covers = ref.empty();
    json links = json::array();
    for (const auto& l : t.links) {
      if (l.framework == framework && l.ref == ref) covers = true;
      const d::Framework* f = s.catalog.find_framework(l.framework);
      links.push_back((f ? f->name : l.framework) + " " + l.ref +
                      (l.coverage == d::Coverage::kPartial ? " (partly)" : ""));
    }
    if (!covers) continue;
    if (!text.empty() &&
        lower(t.id + " " + t.title + " " + t.description).find(text) == std::string::npos)
      continue;
    ++available;
    auto& group = by_domain[t.domain];
    if (group.is_null()) group = {{"domain", t.domain}, {"templates", json::array()}};
    std::string covers_text;
    for (const auto& l : links)
      covers_text += (covers_text.empty() ? "" : ", ") + l.get<std::string>();
    group["templates"].push_back({{"id", t.id},
                                  {"title", t.title},
                                  {"description", t.description},
                                  {"covers", covers_text}});
  }
  json groups = json::array();
  for (auto& [name, g] : by_domain) groups.push_back(std::move(g));
  return page(c, "Adopt controls", "controls", "adopt",
              {{"groups", groups},
               {"available", available},
               {"adopted", s.org.controls.size()},
               {"q", query(c, "q")},
               {"ref", ref},
               {"framework", framework},
               {"for_requirement", !ref.empty()},
               {"all_adopted", available == 0 && ref.empty() && text.empty()}});
}

std::optional<std::int64_t> version_field(const http::Form& f) {
  const std::string v = f.get("version");
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(v);
}

http::Response new_control_page(http::Api& api, http::Call& c, const std::string& error,
                                const http::Form& f, int status) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  return page(c, "New control", "controls", "control_new",
              {{"error", error},
               {"id", f.get("id")},
               {"title", f.get("title")},
               {"description", f.get("description")},
               {"add_rows", add_rows(*snap.value(), 4)}},
              status);
}

// A form that changes one field of a control, carrying the version it was shown at: a conflict
// page when someone changed the control since, else back to the control.
using ControlEdit = std::function<Status(service::Workspace&, const std::string& id,
                                         const http::Form&, const store::Actor&)>;
http::Response edit_control(http::Api& api, http::Call& c, const ControlEdit& edit) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string id = c.params.at("id");
  Status st = edit(*ws.value(), id, form_of(c.request), {actor_name(c), api.now()});
  if (st.code() == Status::Code::kConflict)
    return error_page(
        c, 409, "Someone else changed this control first",
        st.message() + ". Open the control again to see the change, then make yours.");
  if (!st.ok()) return status_page(c, st);
  return redirect("/controls/" + id);
}

}  // namespace

void add_control_pages(http::Api& api) {
  add_page(api, "GET", "/controls", d::Action::kRead, "Controls with filters",
           [&api](http::Call& c) { return list_page(api, c); });
  add_page(api, "GET", "/controls/adopt", d::Action::kEditControls, "The control library",
           [&api](http::Call& c) { return adopt_page(api, c); });
  add_page(
      api, "POST", "/controls/adopt", d::Action::kEditControls, "Adopt control templates",
      [&api](http::Call& c) {
        const http::Form f = form_of(c.request);
        const bool all = f.get("all") == "yes";
        std::vector<std::string> ids = all ? std::vector<std::string>{} : f.all("template");
        if (!all && ids.empty())
          return error_page(c, 400, "Nothing to adopt",
                            "Tick at least one control in the library.");
        auto ws = api.workspace();
        if (!ws.ok()) return status_page(c, ws.status());
        auto adopted = service::adopt_templates(*ws.value(), ids, all, {actor_name(c), api.now()});
        if (!adopted.ok()) return status_page(c, adopted.status());
        if (adopted->size() == 1) return redirect("/controls/" + adopted->front());
        return redirect("/controls");
      });
  add_page(api, "GET", "/controls/new", d::Action::kEditControls, "Write a control of your own",
           [&api](http::Call& c) { return new_control_page(api, c, "", http::Form{}, 200); });
  add_page(api, "POST", "/controls/new", d::Action::kEditControls, "Create a control",
           [&api](http::Call& c) {
             const http::Form f = form_of(c.request);
             store::ControlDefinition def{f.get("id"), f.get("title"), f.get("description"),
                                          links_from(f)};
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st = service::create_control(*ws.value(), def, {actor_name(c), api.now()});
             if (st.code() == Status::Code::kInvalidInput || st.code() == Status::Code::kConflict)
               return new_control_page(api, c, st.message(), f, 400);
             if (!st.ok()) return status_page(c, st);
             return redirect("/controls/" + def.id);
           });
  add_page(api, "GET", "/controls/{id}", d::Action::kRead, "A control",
           [&api](http::Call& c) { return detail_page(api, c); });
  add_page(api, "POST", "/controls/{id}/status", d::Action::kEditControls,
           "Set a control's implementation", [&api](http::Call& c) {
             return edit_control(api, c,
                                 [](service::Workspace& ws, const std::string& id,
                                    const http::Form& f, const store::Actor& who) {
                                   return service::set_control_status(
                                       ws, id, f.get("implementation"), version_field(f), who);
                                 });
           });
  add_page(api, "POST", "/controls/{id}/define", d::Action::kEditControls,
           "Rewrite a control's title, description and requirements", [&api](http::Call& c) {
             return edit_control(api, c,
                                 [](service::Workspace& ws, const std::string& id,
                                    const http::Form& f, const store::Actor& who) {
                                   return service::define_control(
                                       ws,
                                       {id, f.get("title"), f.get("description"), links_from(f)},
                                       version_field(f), who);
                                 });
           });
  add_page(api, "POST", "/controls/{id}/owner", d::Action::kEditControls, "Set a control's owner",
           [&api](http::Call& c) {
             return edit_control(api, c,
                                 [](service::Workspace& ws, const std::string& id,
                                    const http::Form& f, const store::Actor& who) {
                                   return service::set_control_owner(ws, id, f.get("owner"),
                                                                     version_field(f), who);
                                 });
           });
}

}  // namespace crosswalk::web
