// Evidence: everything collected, its freshness and review state, links and notes, uploads and
// reviews. Uploads go through the same multipart reader as the API.
#include "domain/time.h"
#include "service/evidence.h"
#include "web/evidence_upload.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr std::size_t kPerPage = 100;

std::string human_size(std::int64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

http::Response list_page(http::Api& api, http::Call& c) {
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  const service::Snapshot& s = *snap.value();
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string review = query(c, "review"), control = query(c, "control"),
                    expiring = query(c, "expiring");
  int expiring_days = 0;
  if (!expiring.empty()) {
    if (expiring.size() > 4 || expiring.find_first_not_of("0123456789") != std::string::npos)
      return error_page(c, 400, "Please check the filter", "expiring: a number of days");
    expiring_days = std::stoi(expiring);
  }
  std::size_t page_no = 1;
  if (const std::string p = query(c, "page"); !p.empty()) {
    if (p.size() > 6 || p.find_first_not_of("0123456789") != std::string::npos || p == "0")
      return error_page(c, 400, "Please check the address", "page: a number from 1");
    page_no = std::stoul(p);
  }
  auto evidence = service::list_evidence(*ws.value(), control);
  if (!evidence.ok()) return status_page(c, evidence.status());
  json rows = json::array();
  int pending = 0;
  std::size_t matching = 0;
  const std::size_t first = (page_no - 1) * kPerPage;
  for (auto it = evidence->rbegin(); it != evidence->rend(); ++it) {
    const auto& e = *it;
    if (e.review == d::Review::kPending) ++pending;
    if (!review.empty() && d::to_string(e.review) != review) continue;
    if (expiring_days > 0 && !(e.valid_until && *e.valid_until > s.now &&
                               *e.valid_until <= s.now + expiring_days * 86400LL))
      continue;
    if (matching++ < first || rows.size() >= kPerPage) continue;
    json controls = json::array();
    for (const auto& id : e.controls) controls.push_back({{"id", id}, {"href", "/controls/" + id}});
    std::string fresh = "does not expire";
    bool expired = false;
    if (e.valid_until) {
      expired = *e.valid_until <= s.now;
      fresh = (expired ? "expired " : "valid until ") + d::format_date(*e.valid_until);
    }
    rows.push_back({{"id", e.id},
                    {"kind", e.kind},
                    {"file", e.kind == "file"},
                    {"name", e.kind == "file"  ? e.filename
                             : e.kind == "url" ? e.url
                                               : e.note},
                    {"url", e.kind == "url" ? e.url : ""},
                    {"size", e.kind == "file" ? human_size(e.size) : ""},
                    {"sha256", e.sha256.substr(0, 12)},
                    {"note", e.kind == "note" ? "" : e.note},
                    {"download", "/api/v1/evidence/" + e.id + "/file"},
                    {"controls", controls},
                    {"collected", d::format_date(e.collected_at)},
                    {"by", e.created_by},
                    {"freshness", fresh},
                    {"expired", expired},
                    {"review", d::to_string(e.review)},
                    {"pending", e.review == d::Review::kPending},
                    {"review_action", "/evidence/" + e.id + "/review"}});
  }
  json controls = json::array();
  for (const auto& ctl : s.org.controls)
    controls.push_back({{"id", ctl.id}, {"title", ctl.title}, {"selected", ctl.id == control}});
  json reviews = json::array();
  for (const char* r : {"", "pending", "accepted", "rejected"})
    reviews.push_back({{"value", r}, {"label", *r ? r : "any"}, {"selected", review == r}});
  // The same filters, another page.
  auto page_href = [&](std::size_t n) {
    std::string href = "/evidence?page=" + std::to_string(n);
    for (const char* k : {"review", "control", "expiring"})
      if (const std::string v = query(c, k); !v.empty())
        href += "&" + std::string(k) + "=" + http::percent_encode(v);
    return href;
  };
  json pager = json::object();
  if (page_no > 1) pager["newer"] = page_href(page_no - 1);
  if (first + rows.size() < matching) pager["older"] = page_href(page_no + 1);
  return page(
      c, "Evidence", "evidence", "evidence",
      {{"rows", rows},
       {"count", std::to_string(rows.empty() ? 0 : first + 1) + "–" +
                     std::to_string(first + rows.size()) + " of " + std::to_string(matching)},
       {"pager", pager},
       {"pending", pending},
       {"controls", controls},
       {"has_controls", !s.org.controls.empty()},
       {"reviews", reviews},
       {"expiring", expiring},
       {"filtered", !review.empty() || !control.empty() || !expiring.empty()}});
}

std::optional<int> days_field(const std::string& v, Status& error) {
  if (v.empty()) return std::nullopt;
  if (v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos) {
    error = Status::InvalidInput("valid for: a whole number of days");
    return std::nullopt;
  }
  return std::stoi(v);
}

}  // namespace

void add_evidence_pages(http::Api& api) {
  add_page(api, "GET", "/evidence", d::Action::kRead, "Evidence with freshness and review",
           [&api](http::Call& c) { return list_page(api, c); });

  add_page(api, "POST", "/evidence/link", d::Action::kAddEvidence,
           "Record a link or a note as evidence", [&api](http::Call& c) {
             const http::Form f = form_of(c.request);
             service::EvidenceInput in;
             in.controls = f.all("control");
             in.url = f.get("url");
             in.note = f.get("note");
             Status bad;
             in.valid_days = days_field(f.get("valid_days"), bad);
             if (!bad.ok()) return status_page(c, bad);
             in.review = initial_review(c);
             in.source = "web";
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto added = service::add_evidence(*ws.value(), in, {actor_name(c), api.now()});
             if (!added.ok()) return status_page(c, added.status());
             return redirect(local_path(f.get("return").empty() ? "/evidence" : f.get("return")));
           });

  add_page(api, "POST", "/evidence/upload", d::Action::kAddEvidence,
           "Upload a file as evidence (multipart form)",
           [&api](http::Call& c) { return upload_evidence(api, c); });

  add_page(api, "POST", "/evidence/{id}/review", d::Action::kReviewEvidence,
           "Accept or reject evidence", [&api](http::Call& c) {
             const http::Form f = form_of(c.request);
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st = service::review_evidence(*ws.value(), c.params.at("id"), f.get("review"),
                                                  f.get("note"), {actor_name(c), api.now()});
             if (!st.ok()) return status_page(c, st);
             return redirect(local_path(f.get("return").empty() ? "/evidence" : f.get("return")));
           });
}

}  // namespace crosswalk::web
