// Imports of tools' results: the history with counts and refusals, the upload form (it calls the
// same import as `crosswalk import` and the API), and one import with the checks it recorded.
#include "domain/time.h"
#include "ingest/importer.h"
#include "service/evidence.h"
#include "service/imports.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/upload_form.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr std::int64_t kPerPage = 50;
constexpr const char* kFormats[] = {"auto", "sarif", "ocsf", "xccdf", "junit"};

// "Prowler 5.4.0, Trivy 0.50.1" from the runs the importer recorded.
std::string tools_of(const std::string& runs_json) {
  const json runs = json::parse(runs_json, nullptr, false);
  std::vector<std::string> seen;
  if (runs.is_array())
    for (const json& r : runs) {
      if (!r.is_object()) continue;
      std::string t = r.value("tool", "");
      const std::string v = r.value("tool_version", "");
      if (!v.empty()) t += " " + v;
      if (!t.empty() && std::find(seen.begin(), seen.end(), t) == seen.end()) seen.push_back(t);
    }
  std::string out;
  for (const auto& t : seen) out += (out.empty() ? "" : ", ") + t;
  return out;
}

json strings_of(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  json out = json::array();
  if (j.is_array())
    for (const json& w : j)
      if (w.is_string()) out.push_back(w);
  return out;
}

json import_row(const store::ImportRecord& r) {
  return {{"id", r.id},
          {"href", "/imports/" + r.id},
          {"when", when(r.created_at)},
          {"filename", r.filename},
          {"format", r.format},
          {"tools", tools_of(r.runs_json)},
          {"scope", r.scope},
          {"refused", !r.error.empty()},
          {"error", r.error},
          {"findings", r.findings},
          {"failed", r.failed},
          {"passed", r.passed},
          {"errors", r.errors},
          {"not_applicable", r.not_applicable},
          {"suppressed", r.suppressed},
          {"mapped", r.mapped},
          {"checks", r.checks},
          {"by", r.created_by},
          {"findings_href", "/findings?import=" + r.id},
          {"failing_href", "/findings?import=" + r.id + "&status=fail"}};
}

// The form's choices, keeping what was sent.
json form_json(const std::string& format, const std::string& scope) {
  json formats = json::array();
  for (const char* f : kFormats)
    formats.push_back({{"value", f},
                       {"label", std::string(f) == "auto" ? "detect from the file" : f},
                       {"selected", format == f || (format.empty() && std::string(f) == "auto")}});
  return {{"formats", formats}, {"scope", scope}};
}

// The history; `error` (a refused upload) is shown above the form, which keeps what was sent.
http::Response list_page(http::Api& api, const http::Call& c, const std::string& error,
                         const std::string& format, const std::string& scope, int status) {
  auto page_no = page_number(c);
  if (!page_no) return error_page(c, 400, "Please check the address", "page: a number from 1");
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::int64_t first = (*page_no - 1) * kPerPage;
  auto imports = ws.value()->store().imports(kPerPage + 1, first);
  if (!imports.ok()) return status_page(c, imports.status());
  const bool older = static_cast<std::int64_t>(imports->size()) > kPerPage;
  if (older) imports->pop_back();
  auto total = ws.value()->store().import_count();
  if (!total.ok()) return status_page(c, total.status());
  json rows = json::array();
  for (const auto& r : imports.value()) rows.push_back(import_row(r));
  json pager = json::object();
  if (*page_no > 1) pager["newer"] = "/imports?page=" + std::to_string(*page_no - 1);
  if (older) pager["older"] = "/imports?page=" + std::to_string(*page_no + 1);
  return page(c, "Imports", "imports", "imports",
              {{"rows", rows},
               {"error", error},
               {"form", form_json(format, scope)},
               {"pager", pager},
               {"count", range_text(first, static_cast<std::int64_t>(rows.size()), *total)}},
              status);
}

http::Response upload(http::Api& api, http::Call& c) {
  auto form = read_upload_form(api, c);
  if (!form.ok()) return upload_failure(c, form.status());
  const std::string format_name = form->field("format"), scope = form->field("scope");
  auto refuse = [&](const Status& s) {
    if (form->wants_json || s.code() != Status::Code::kInvalidInput) return upload_failure(c, s);
    return list_page(api, c, s.message(), format_name, scope, 400);
  };
  service::ImportRequest req;
  if (!format_name.empty() && format_name != "auto") {
    req.format = ingest::parse_format(format_name);
    if (!req.format)
      return refuse(Status::InvalidInput("format '" + clip(format_name, 40) +
                                         "': auto, sarif, ocsf, xccdf or junit"));
  }
  http::UploadedFile* file = form->file("file");
  if (!file) return refuse(Status::InvalidInput("choose a file to import"));
  req.path = file->file.path();
  req.is_upload = true;
  req.filename = service::safe_file_name(file->filename);
  req.scope = scope;
  auto ws = api.workspace();
  if (!ws.ok()) return upload_failure(c, ws.status());
  auto out = service::import_results(*ws.value(), req, {actor_name(c), api.now()});
  if (!out.ok()) return refuse(out.status());
  const std::string next = "/imports/" + out->record.id;
  if (form->wants_json) return http::json_response(201, {{"id", out->record.id}, {"next", next}});
  return redirect(next);
}

http::Response detail_page(http::Api& api, const http::Call& c) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string id = c.params.at("id");
  auto found = ws.value()->store().import_record(id);
  if (!found.ok()) return status_page(c, found.status());
  if (!found->has_value()) return error_page(c, 404, "Not found", "There is no import " + id + ".");
  const store::ImportRecord& r = **found;
  auto checks = ws.value()->store().import_checks(id);
  if (!checks.ok()) return status_page(c, checks.status());
  auto snap = api.snapshot();
  if (!snap.ok()) return status_page(c, snap.status());
  auto title_of = [&](const std::string& control) {
    auto i = snap.value()->control_index(control);
    return i ? snap.value()->org.controls[*i].title : std::string();
  };
  json by_control = json::array();
  int failing = 0;
  for (const auto& row : checks.value()) {
    if (by_control.empty() || by_control.back()["control"] != row.control_id)
      by_control.push_back({{"control", row.control_id},
                            {"href", "/controls/" + row.control_id},
                            {"title", title_of(row.control_id)},
                            {"checks", json::array()}});
    if (row.outcome != d::CheckOutcome::kPass) ++failing;
    by_control.back()["checks"].push_back({{"name", row.check_name},
                                           {"check", row.check_id},
                                           {"outcome", d::to_string(row.outcome)},
                                           {"message", clip(row.message, 600)},
                                           {"observed", when(row.observed_at)}});
  }
  json runs = json::array();
  const json parsed = json::parse(r.runs_json, nullptr, false);
  if (parsed.is_array())
    for (const json& run : parsed) {
      if (!run.is_object()) continue;
      std::string errors;
      for (const json& e : run.value("errors", json::array()))
        if (e.is_string()) errors += (errors.empty() ? "" : "; ") + e.get<std::string>();
      runs.push_back({{"tool", run.value("tool", "")},
                      {"version", run.value("tool_version", "")},
                      {"findings", run.value("findings", 0)},
                      {"incomplete", !run.value("completed", true)},
                      {"errors", errors}});
    }
  json data = import_row(r);
  data["sha256"] = r.sha256;
  data["size"] = r.size;
  data["warnings"] = strings_of(r.warnings_json);
  data["has_warnings"] = !data["warnings"].empty();
  data["runs"] = runs;
  data["controls"] = by_control;
  data["check_count"] = checks->size();
  data["checks_failing"] = failing;
  data["evidence"] = r.evidence_id;
  data["evidence_href"] = "/api/v1/evidence/" + r.evidence_id + "/file";
  return page(c, "Import " + r.id, "imports", "import", data);
}

}  // namespace

void add_import_pages(http::Api& api) {
  add_page(api, "GET", "/imports", d::Action::kRead, "Imports of tools' results",
           [&api](http::Call& c) { return list_page(api, c, "", "", "", 200); });
  add_page(api, "POST", "/imports", d::Action::kImport,
           "Import a tool's results file (multipart form)",
           [&api](http::Call& c) { return upload(api, c); });
  add_page(api, "GET", "/imports/{id}", d::Action::kRead, "One import and the checks it recorded",
           [&api](http::Call& c) { return detail_page(api, c); });
}

}  // namespace crosswalk::web
