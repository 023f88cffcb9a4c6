// The Statement of Applicability page: one framework's (or both standards') Annex A controls
// grouped by theme, with the version and its approval, approving it, the exports, and each
// approved version as it was approved.
#include <algorithm>

#include "service/soa.h"
#include "service/soa_export.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

const char* implementation_class(const std::string& label) {
  if (label == "implemented") return "met";
  if (label == "partly implemented") return "partly_met";
  if (label == "excluded") return "not_applicable";
  return "not_met";
}

std::string reason_label(const std::string& reason) {
  for (d::InclusionReason r :
       {d::InclusionReason::kRiskTreatment, d::InclusionReason::kLegal,
        d::InclusionReason::kContractual, d::InclusionReason::kInterestedParties,
        d::InclusionReason::kGoodPractice})
    if (d::to_string(r) == reason) return std::string(d::describe(r));
  return reason;
}

// The template's data from a SoA document (service::soa_json, now or as once approved).
json page_data(const json& soa, const std::vector<std::pair<std::string, std::string>>& scopes) {
  json themes = json::array();
  for (const json& row : soa["rows"]) {
    const std::string theme =
        row["framework"].get<std::string>() + " · " + row["theme"].get<std::string>();
    if (themes.empty() || themes.back()["name"] != theme)
      themes.push_back({{"name", theme}, {"rows", json::array()}});
    json reasons = json::array(), risks = json::array(), controls = json::array();
    for (const json& r : row["reasons"]) reasons.push_back(reason_label(r.get<std::string>()));
    for (const json& r : row["risks"])
      risks.push_back({{"id", r["id"]},
                       {"title", r["title"]},
                       {"treatment", r["treatment"]},
                       {"href", "/registers/risk/" + r["id"].get<std::string>()}});
    for (const json& ctl : row["controls"]) {
      std::string label = ctl["state"];
      std::replace(label.begin(), label.end(), '_', ' ');
      controls.push_back({{"id", ctl["id"]},
                          {"title", ctl["title"]},
                          {"state", ctl["state"]},
                          {"state_label", label},
                          {"href", "/controls/" + ctl["id"].get<std::string>()}});
    }
    std::string owners;
    for (const json& o : row["owners"])
      owners += (owners.empty() ? "" : ", ") + o.get<std::string>();
    const std::string implementation = row["implementation"];
    themes.back()["rows"].push_back(
        {{"ref", row["ref"]},
         {"title", row["title"]},
         {"href", "/frameworks/" + row["framework"].get<std::string>() + "/requirements/" +
                      row["ref"].get<std::string>()},
         {"applicable", row["applicable"]},
         {"reasons", reasons},
         {"has_reasons", !reasons.empty()},
         {"risks", risks},
         {"reason_note", row["reason_note"]},
         {"justification", row["justification"]},
         {"implementation", implementation},
         {"implementation_class", implementation_class(implementation)},
         {"controls", controls},
         {"owners", owners},
         {"latest_evidence", row["latest_evidence"].is_string()
                                 ? row["latest_evidence"].get<std::string>().substr(0, 10)
                                 : ""},
         {"review_by", row["review_by"].is_string() ? row["review_by"].get<std::string>() : ""}});
  }
  json tabs = json::array();
  for (const auto& [id, name] : scopes)
    tabs.push_back({{"href", "/soa/" + id}, {"name", name}, {"active", soa["scope"] == id}});
  json data = soa;
  data["themes"] = themes;
  data["tabs"] = tabs;
  data["approved_now"] = soa["status"] == "approved";
  data["has_blocking"] = !soa["blocking"].empty();
  data["without_reason_count"] = soa["without_reason"].size();
  data["has_without_reason"] = !soa["without_reason"].empty();
  data["has_approval"] = soa["approved"].is_object();
  return data;
}

}  // namespace

void add_soa_pages(http::Api& api) {
  add_page(api, "GET", "/soa", d::Action::kRead, "The Statement of Applicability (first scope)",
           [&api](http::Call& c) {
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             const auto scopes = service::soa_scopes(snap.value()->catalog);
             if (scopes.empty())
               return error_page(c, 404, "No Statement of Applicability",
                                 "No framework with an Annex A is loaded.");
             return redirect("/soa/" + scopes.front().first);
           });

  add_page(api, "GET", "/soa/{scope}", d::Action::kRead,
           "A Statement of Applicability: rows by theme, version, approval, exports",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             auto v = service::soa_view(*ws.value(), *snap.value(), c.params.at("scope"));
             if (!v.ok()) return status_page(c, v.status());
             const auto scopes = service::soa_scopes(snap.value()->catalog);
             auto approvals = ws.value()->store().soa_approvals(v->scope);
             if (!approvals.ok()) return status_page(c, approvals.status());
             json data = page_data(service::soa_json(v.value()), scopes);
             json versions = json::array();
             for (const auto& a : approvals.value())
               versions.push_back(
                   {{"version", a.version},
                    {"approved_by", a.approved_by},
                    {"approved_on", d::format_date(a.approved_at)},
                    {"href", "/soa/" + v->scope + "/versions/" + std::to_string(a.version)}});
             data["versions"] = versions;
             data["live"] = true;
             data["can_approve"] = !v->is_approved && v->blocking.empty();
             data["approve_action"] = "/soa/" + v->scope + "/approve";
             data["export_base"] = "/soa/" + v->scope + "/export?format=";
             return page(c, "Statement of Applicability", "soa", "soa", data);
           });

  add_page(api, "GET", "/soa/{scope}/versions/{version}", d::Action::kRead,
           "An approved version of the Statement of Applicability, as it was approved",
           [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto approvals = ws.value()->store().soa_approvals(c.params.at("scope"));
             if (!approvals.ok()) return status_page(c, approvals.status());
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             const auto scopes = service::soa_scopes(snap.value()->catalog);
             for (const auto& a : approvals.value()) {
               if (std::to_string(a.version) != c.params.at("version")) continue;
               json doc = json::parse(a.document, nullptr, false);
               if (doc.is_discarded())
                 return error_page(c, 500, "Unreadable version",
                                   "The stored document of this version is not JSON.");
               json data = page_data(doc, scopes);
               data["live"] = false;
               data["current_href"] = "/soa/" + a.scope;
               return page(c, "Statement of Applicability, version " + std::to_string(a.version),
                           "soa", "soa", data);
             }
             return error_page(c, 404, "Not found",
                               "There is no approved version " + c.params.at("version") + ".");
           });

  add_page(api, "POST", "/soa/{scope}/approve", d::Action::kSignOff,
           "Approve the Statement of Applicability as its next version", [&api](http::Call& c) {
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto v = service::approve_soa(*ws.value(), c.params.at("scope"),
                                           {actor_name(c), api.now()}, api.now());
             if (!v.ok()) return status_page(c, v.status());
             return redirect("/soa/" + v->scope);
           });

  add_page(api, "GET", "/soa/{scope}/export", d::Action::kExport,
           "The Statement of Applicability as a file (?format=csv|xlsx|pdf)",
           [&api](http::Call& c) {
             const auto it = c.request.query.find("format");
             auto f = service::parse_soa_format(it == c.request.query.end() ? "" : it->second);
             if (!f)
               return error_page(c, 400, "Please check what you entered",
                                 "The format is csv, xlsx or pdf.");
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto snap = api.snapshot();
             if (!snap.ok()) return status_page(c, snap.status());
             auto v = service::soa_view(*ws.value(), *snap.value(), c.params.at("scope"));
             if (!v.ok()) return status_page(c, v.status());
             auto bytes = service::soa_bytes(v.value(), *f, ws.value()->vault().temp_dir());
             if (!bytes.ok()) return status_page(c, bytes.status());
             http::Response r{
                 200, std::string(service::soa_media_type(*f)), std::move(bytes.value()), {}};
             r.headers.emplace_back(
                 "Content-Disposition",
                 "attachment; filename=\"" + service::soa_file_name(v.value(), *f) + "\"");
             return r;
           });
}

}  // namespace crosswalk::web
