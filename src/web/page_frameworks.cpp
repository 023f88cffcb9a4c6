// The framework browser: each standard's clause and Annex A tree with the status of every
// requirement and why, and a requirement's page with its controls, its counterpart in the other
// standard, and the Statement of Applicability decision.
#include <algorithm>

#include "domain/soa.h"
#include "service/applicability.h"
#include "service/views.h"
#include "web/charts.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

std::string requirement_href(const std::string& framework, const std::string& ref) {
  return "/frameworks/" + framework + "/requirements/" + ref;
}

const d::RequirementAssessment* assessment_of(const service::Snapshot& s,
                                              const std::string& framework,
                                              const std::string& ref) {
  const d::FrameworkAssessment* f = s.framework(framework);
  if (!f) return nullptr;
  auto i = f->framework->index_of(ref);
  return i ? &f->requirements[*i] : nullptr;
}

// The service's counterparts, with links and words for the page.
json counterparts(const service::Snapshot& s, const std::string& framework,
                  const std::string& ref) {
  json out = service::counterparts_json(s, framework, ref);
  for (auto& c : out) {
    for (auto& r : c["requirements"]) {
      r["href"] = requirement_href(r["framework"], r["ref"]);
      const auto status = r["status"].is_string()
                              ? d::parse_requirement_status(r["status"].get<std::string>())
                              : std::nullopt;
      r["status_label"] = status ? status_label(*status) : "";
      if (!r["status"].is_string()) r["status"] = "";
    }
    c["items"] = c["requirements"];
    c["none"] = c["requirements"].empty();
    c["framework"] = c["framework_name"];
  }
  return out;
}

json controls_of(const service::Snapshot& s, const d::RequirementAssessment& a) {
  json out = json::array();
  for (const auto& l : a.controls) {
    const d::ControlStatus& st = s.assessment.controls[l.control];
    out.push_back({{"id", s.org.controls[l.control].id},
                   {"title", s.org.controls[l.control].title},
                   {"href", "/controls/" + s.org.controls[l.control].id},
                   {"coverage", d::to_string(l.coverage)},
                   {"state", d::to_string(st.state)},
                   {"state_label", state_label(st.state)},
                   {"reason", st.reason}});
  }
  return out;
}

constexpr const char* kStatusFilters[][2] = {{"", "All"},
                                             {"met", "Met"},
                                             {"partly_met", "Partly met"},
                                             {"not_met", "Not met"},
                                             {"not_applicable", "Not applicable"}};

http::Response framework_page(http::Api& api, http::Call& c) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  const service::Snapshot& s = *snap.value();
  const d::FrameworkAssessment* f = s.framework(c.params.at("id"));
  if (!f)
    return error_page(c, 404, "Not found", "There is no framework " + c.params.at("id") + ".");
  const std::string status = query(c, "status"), gap = query(c, "gap"), text = query(c, "q");
  std::set<std::string> uncovered;
  std::string gap_name;
  if (!gap.empty()) {
    auto u = service::own_work(s, f->framework->id, gap);
    if (!u.ok()) return status_page(c, u.status());
    uncovered.insert(u->begin(), u->end());
    const d::Framework* g = s.catalog.find_framework(gap);
    gap_name = g ? g->name : gap;
  }
  auto matches_text = [&](const d::Requirement& r) {
    return text.empty() || lower(r.ref + " " + r.title).find(lower(text)) != std::string::npos;
  };
  json groups = json::array();
  int shown = 0;
  const auto& reqs = f->framework->requirements();
  for (const d::RequirementGroup& g : f->framework->groups) {
    json rows = json::array();
    std::string subgroup;
    for (std::size_t i = 0; i < reqs.size(); ++i) {
      const d::Requirement& r = reqs[i];
      if (r.group != g.id) continue;
      const d::RequirementAssessment& a = f->requirements[i];
      if (!status.empty() && d::to_string(a.status) != status) continue;
      if (!gap.empty() && !uncovered.count(r.ref)) continue;
      if (!matches_text(r)) continue;
      json row = {{"ref", r.ref},
                  {"title", r.title},
                  {"href", requirement_href(f->framework->id, r.ref)},
                  {"assessable", r.assessable},
                  {"status", d::to_string(a.status)},
                  {"status_label", r.assessable ? status_label(a.status) : "Context"},
                  {"reason", a.reason},
                  {"controls", a.controls.size()}};
      if (!r.subgroup.empty() && r.subgroup != subgroup) {
        subgroup = r.subgroup;
        row["subgroup"] = r.subgroup + " " + r.subgroup_title;
      }
      rows.push_back(std::move(row));
      ++shown;
    }
    if (rows.empty()) continue;
    const d::GroupTally* tally = nullptr;
    for (const auto& gt : f->by_group)
      if (gt.group == g.id) tally = &gt;
    groups.push_back(
        {{"id", g.id},
         {"title", g.title},
         {"kind", f->framework->imported()                ? ""
                  : g.kind == d::RequirementKind::kAnnexA ? "Annex A"
                                                          : "Clause"},
         {"percent", tally ? std::to_string(static_cast<int>(tally->tally.percent())) : "0"},
         {"segments", tally ? tally_bar(tally->tally) : json::array()},
         {"rows", rows}});
  }
  json filters = json::array();
  for (const auto& [value, label] : kStatusFilters)
    filters.push_back({{"value", value}, {"label", label}, {"selected", status == value}});
  json others = json::array();
  for (const auto& other : s.assessment.frameworks)
    if (other.framework->id != f->framework->id)
      others.push_back({{"id", other.framework->id},
                        {"name", other.framework->name},
                        {"selected", gap == other.framework->id}});
  const std::string nav = f->framework->imported() ? "frameworks" : f->framework->id;
  return page(c, f->framework->name, nav, "framework",
              {{"id", f->framework->id},
               {"name", f->framework->name},
               {"title", f->framework->title},
               {"donut", donut(f->total.percent())},
               {"met", f->total.met},
               {"applicable", f->total.applicable()},
               {"segments", tally_bar(f->total)},
               {"groups", groups},
               {"none_shown", shown == 0},
               {"filters", filters},
               {"others", others},
               {"q", text},
               {"gap", !gap.empty()},
               {"gap_name", gap_name},
               {"filtered", !status.empty() || !gap.empty() || !text.empty()}});
}

http::Response requirement_page(http::Api& api, http::Call& c) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  const service::Snapshot& s = *snap.value();
  const std::string fid = c.params.at("id"), ref = c.params.at("ref");
  const d::FrameworkAssessment* f = s.framework(fid);
  const d::Requirement* r = f ? f->framework->find(ref) : nullptr;
  if (!r)
    return error_page(c, 404, "Not found", "There is no requirement " + ref + " in " + fid + ".");
  const d::RequirementAssessment& a = *assessment_of(s, fid, ref);
  const d::RequirementDecision* decision = nullptr;
  for (const auto& dec : s.org.decisions)
    if (dec.framework == fid && dec.ref == ref) decision = &dec;
  // The declarable inclusion reasons as checkboxes, those recorded checked.
  json reasons = json::array();
  for (d::InclusionReason reason :
       {d::InclusionReason::kLegal, d::InclusionReason::kContractual,
        d::InclusionReason::kInterestedParties, d::InclusionReason::kGoodPractice}) {
    const std::string value(d::to_string(reason));
    const bool checked = decision && std::find(decision->reasons.begin(), decision->reasons.end(),
                                               value) != decision->reasons.end();
    reasons.push_back(
        {{"value", value}, {"label", std::string(d::describe(reason))}, {"checked", checked}});
  }
  json attributes = json::array();
  for (const auto& [name, values] : r->attributes) {
    std::string joined;
    for (const auto& v : values) joined += (joined.empty() ? "" : ", ") + v;
    attributes.push_back({{"name", name}, {"values", joined}});
  }
  const d::RequirementGroup* g = f->framework->find_group(r->group);
  bool has_partial = false;
  for (const auto& l : a.controls) has_partial |= l.coverage == d::Coverage::kPartial;
  const d::Requirement* parent = r->parent.empty() ? nullptr : f->framework->find(r->parent);
  json parent_json = nullptr;
  if (parent)
    parent_json = {{"ref", parent->ref},
                   {"title", parent->title},
                   {"href", requirement_href(fid, parent->ref)}};
  return page(c, r->ref + " " + r->title, f->framework->imported() ? "frameworks" : fid,
              "requirement",
              {{"framework", fid},
               {"imported", f->framework->imported()},
               {"statement", r->statement},
               {"parent", parent_json},
               {"framework_name", f->framework->name},
               {"framework_href", "/frameworks/" + fid},
               {"group", g ? g->id + " " + g->title : r->group},
               {"ref", r->ref},
               {"title", r->title},
               {"guidance", r->guidance},
               {"note", r->note},
               {"assessable", r->assessable},
               {"annex_a", r->kind == d::RequirementKind::kAnnexA},
               {"status", d::to_string(a.status)},
               {"status_label", r->assessable ? status_label(a.status) : "Context"},
               {"reason", a.reason},
               {"attributes", attributes},
               {"controls", controls_of(s, a)},
               {"has_controls", !a.controls.empty()},
               {"has_partial", has_partial},
               {"decidable", has_partial || r->kind == d::RequirementKind::kAnnexA},
               {"counterparts", counterparts(s, fid, ref)},
               {"excluded", decision && decision->excluded},
               {"justification", decision ? decision->justification : ""},
               {"reasons", reasons},
               {"reason_note", decision ? decision->reason_note : ""},
               {"review_by", decision ? decision->review_by : ""},
               {"soa_href", "/soa/" + fid},
               {"jointly", decision && decision->partial_links_jointly_sufficient},
               {"decision_action", requirement_href(fid, ref) + "/decision"}});
}

}  // namespace

void add_framework_pages(http::Api& api) {
  add_page(api, "GET", "/frameworks/{id}", d::Action::kRead, "A standard's requirement tree",
           [&api](http::Call& c) { return framework_page(api, c); });
  add_page(api, "GET", "/frameworks/{id}/requirements/{ref}", d::Action::kRead,
           "A requirement: status, controls, counterpart, decision",
           [&api](http::Call& c) { return requirement_page(api, c); });
  add_page(api, "POST", "/frameworks/{id}/requirements/{ref}/decision", d::Action::kDecideScope,
           "Record the Statement of Applicability decision on a requirement",
           [&api](http::Call& c) {
             const http::Form form = form_of(c.request);
             service::DecisionInput in;
             in.framework = c.params.at("id");
             in.ref = c.params.at("ref");
             if (const std::string a = form.get("applicable"); !a.empty())
               in.applicable = a != "no";
             in.justification = form.get("justification");
             in.jointly_sufficient = form.get("jointly") == "yes";
             if (form.get("soa_fields") == "yes") {  // the Annex A part of the form was shown
               in.reasons = form.all("reason");
               in.reason_note = form.get("reason_note");
               in.review_by = form.get("review_by");
             }
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto done = service::decide(*ws.value(), in, {actor_name(c), api.now()});
             if (!done.ok()) return status_page(c, done.status());
             return redirect(requirement_href(in.framework, in.ref));
           });
}

}  // namespace crosswalk::web
