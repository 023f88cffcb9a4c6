// Findings: every normalized result of every import, filtered by tool, status, control and
// import (a plain GET form, so a filtered list is a link), a page at a time from the database.
#include "domain/time.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr std::int64_t kPerPage = 50;
constexpr const char* kStatuses[][2] = {{"", "any"},
                                        {"fail", "failing"},
                                        {"pass", "passing"},
                                        {"error", "error"},
                                        {"not-applicable", "not applicable"}};

// Tools seen in the latest imports, for the filter's choices.
std::vector<std::string> recent_tools(service::Workspace& ws, const std::string& current) {
  std::vector<std::string> tools;
  if (!current.empty()) tools.push_back(current);
  auto imports = ws.store().imports(200, 0);
  if (!imports.ok()) return tools;
  for (const auto& r : imports.value()) {
    const json runs = json::parse(r.runs_json, nullptr, false);
    if (!runs.is_array()) continue;
    for (const json& run : runs) {
      const std::string t = run.is_object() ? run.value("tool", "") : "";
      if (!t.empty() && std::find(tools.begin(), tools.end(), t) == tools.end()) tools.push_back(t);
    }
  }
  std::sort(tools.begin(), tools.end());
  return tools;
}

http::Response list_page(http::Api& api, const http::Call& c) {
  auto page_no = page_number(c);
  if (!page_no) return error_page(c, 400, "Please check the address", "page: a number from 1");
  store::FindingFilter filter;
  filter.tool = query(c, "tool");
  filter.status = query(c, "status");
  filter.control = query(c, "control");
  filter.import_id = query(c, "import");
  if (!filter.status.empty() && !d::parse_finding_status(filter.status))
    return error_page(c, 400, "Please check the filter",
                      "status: fail, pass, error or not-applicable");
  filter.limit = kPerPage;
  filter.offset = (*page_no - 1) * kPerPage;
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto found = ws.value()->store().findings(filter);
  if (!found.ok()) return status_page(c, found.status());
  const auto& [records, total] = found.value();

  json rows = json::array();
  for (const store::FindingRecord& r : records) {
    const d::Finding& f = r.finding;
    json controls = json::array();
    for (const auto& id : r.controls) controls.push_back({{"id", id}, {"href", "/controls/" + id}});
    rows.push_back({{"status", d::to_string(f.status)},
                    {"status_detail", f.status_detail},
                    {"suppressed", f.suppressed},
                    {"severity", f.severity},
                    {"tool", f.tool},
                    {"rule_id", clip(f.rule_id, 200)},
                    {"rule_name", clip(f.rule_name, 300)},
                    {"resource", clip(f.resource, 300)},
                    {"message", clip(f.message, 500)},
                    {"observed", f.observed_at ? when(*f.observed_at) : ""},
                    {"controls", controls},
                    {"import", r.import_id},
                    {"import_href", "/imports/" + r.import_id}});
  }

  json statuses = json::array();
  for (const auto& [value, label] : kStatuses)
    statuses.push_back({{"value", value}, {"label", label}, {"selected", filter.status == value}});
  json tools = json::array();
  for (const auto& t : recent_tools(*ws.value(), filter.tool))
    tools.push_back({{"name", t}, {"selected", t == filter.tool}});
  json controls = json::array();
  for (const auto& ctl : snap.value()->org.controls)
    controls.push_back(
        {{"id", ctl.id}, {"title", ctl.title}, {"selected", ctl.id == filter.control}});

  auto page_href = [&](std::int64_t n) {
    std::string href = "/findings?page=" + std::to_string(n);
    for (const char* k : {"tool", "status", "control", "import"})
      if (const std::string v = query(c, k); !v.empty())
        href += "&" + std::string(k) + "=" + http::percent_encode(v);
    return href;
  };
  json pager = json::object();
  if (*page_no > 1) pager["newer"] = page_href(*page_no - 1);
  if (filter.offset + static_cast<std::int64_t>(records.size()) < total)
    pager["older"] = page_href(*page_no + 1);
  return page(
      c, "Findings", "findings", "findings",
      {{"rows", rows},
       {"count", range_text(filter.offset, static_cast<std::int64_t>(records.size()), total)},
       {"pager", pager},
       {"statuses", statuses},
       {"tools", tools},
       {"controls", controls},
       {"import", filter.import_id},
       {"import_href", "/imports/" + http::percent_encode(filter.import_id)},
       {"filtered", !filter.tool.empty() || !filter.status.empty() || !filter.control.empty() ||
                        !filter.import_id.empty()}});
}

}  // namespace

void add_finding_pages(http::Api& api) {
  add_page(api, "GET", "/findings", d::Action::kRead, "Findings of every import, filtered",
           [&api](http::Call& c) { return list_page(api, c); });
}

}  // namespace crosswalk::web
