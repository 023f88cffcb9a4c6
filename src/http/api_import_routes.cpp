// Routes for automated evidence pushed in: tools' result files (imports), their findings, check
// results sent by pipelines, and a control's check history. Import-scoped API tokens reach only
// the two POST routes (action kImport).
#include <set>

#include "http/api.h"
#include "http/api_util.h"
#include "http/check_results_body.h"
#include "http/multipart.h"
#include "ingest/normalize.h"
#include "service/evidence.h"
#include "service/import_views.h"
#include "service/imports.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

// The one value of an optional text field of a form ("" when absent); false if sent twice.
bool single_field(const MultipartForm& form, const char* name, std::string& out) {
  const auto& values = form.values(name);
  if (values.size() > 1) return false;
  out = values.empty() ? "" : values[0];
  return true;
}

// POST /api/v1/imports: multipart/form-data with `file`, `format`? and `scope`?.
Response import_upload(const Request& req, service::Workspace& ws, const store::Actor& actor) {
  auto form = read_multipart(req, ws.vault().temp_dir());
  if (!form.ok()) return from_status(form.status());
  std::string format_name, scope;
  if (!single_field(*form, "format", format_name))
    return error_response(400, "bad_request", "format: give it once");
  if (!single_field(*form, "scope", scope))
    return error_response(400, "bad_request", "scope: give it once");
  service::ImportRequest in;
  if (!format_name.empty() && format_name != "auto") {
    in.format = ingest::parse_format(format_name);
    if (!in.format)
      return error_response(400, "bad_request",
                            "format '" + ingest::normalize::truncate_utf8(format_name, 40) +
                                "': sarif, ocsf, xccdf or junit (or leave it out to detect it)");
  }
  UploadedFile* file = nullptr;
  for (auto& f : form->files) {
    if (f.field != "file")
      return error_response(400, "bad_request",
                            "unexpected file part '" + f.field + "' (the file goes in 'file')");
    if (file) return error_response(400, "bad_request", "file: send exactly one file");
    file = &f;
  }
  if (!file) return error_response(400, "bad_request", "file: the form has no file part 'file'");
  if (file->filename.empty() && file->size == 0)
    return error_response(400, "bad_request", "file: no file was chosen");
  in.path = file->file.path();
  in.is_upload = true;
  in.filename = service::safe_file_name(file->filename);
  in.scope = scope;
  auto out = service::import_results(ws, in, actor);
  if (!out.ok()) return from_status(out.status());
  Response res = json_response(201, service::import_outcome_json(out.value()));
  res.headers.emplace_back("Location", "/api/v1/imports/" + out->record.id);
  return res;
}

}  // namespace

void Api::add_import_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/imports", A::kRead,
               "Imports of tools' results, newest first (paginated)", [this](Call& c) {
                 std::size_t limit, offset;
                 Response bad;
                 if (!page(c.request, limit, offset, bad)) return bad;
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto imports =
                     ws.value()->store().imports(std::int64_t(limit), std::int64_t(offset));
                 if (!imports.ok()) return from_status(imports.status());
                 auto total = ws.value()->store().import_count();
                 if (!total.ok()) return from_status(total.status());
                 json items = json::array();
                 for (const auto& r : imports.value()) items.push_back(service::import_json(r));
                 return page_response(std::move(items), std::int64_t(total.value()), limit, offset);
               }});

  router_.add({"GET", "/api/v1/imports/{id}", A::kRead,
               "One import: counts, runs, warnings or the reason it was refused, and the check "
               "results it recorded",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto r = ws.value()->store().import_record(c.params["id"]);
                 if (!r.ok()) return from_status(r.status());
                 if (!r.value())
                   return error_response(404, "not_found",
                                         "unknown import '" + c.params["id"] + "'");
                 auto checks = ws.value()->store().import_checks(c.params["id"]);
                 if (!checks.ok()) return from_status(checks.status());
                 json body = service::import_json(*r.value());
                 body["check_results"] = json::array();
                 for (const auto& h : checks.value())
                   body["check_results"].push_back(service::check_history_json(h));
                 return json_response(200, body);
               }});

  router_.add(
      {"POST", "/api/v1/imports", A::kImport,
       "Import a tool's results: multipart/form-data with the file in `file`, `format`? (sarif, "
       "ocsf, xccdf, junit; detected when absent) and `scope`? (what was scanned). Findings become "
       "check results of the controls they prove and the file becomes evidence, in one "
       "transaction; a malformed file is refused (400, naming where) and only the refusal is kept",
       [this](Call& c) {
         const std::string* type = c.request.header("content-type");
         if (!type || !is_multipart_form(*type))
           return error_response(415, "unsupported_media_type",
                                 "send multipart/form-data with the tool's output in the file "
                                 "part 'file' (and optional fields 'format' and 'scope')");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         return import_upload(c.request, *ws.value(), {"api:" + c.who->user, clock_()});
       }});

  router_.add({"GET", "/api/v1/findings", A::kRead,
               "Imported findings, newest import first (paginated; ?import=, ?tool=, ?status= "
               "pass|fail|error|not-applicable, ?control= filter)",
               [this](Call& c) {
                 std::size_t limit, offset;
                 Response bad;
                 if (!page(c.request, limit, offset, bad)) return bad;
                 store::FindingFilter f;
                 f.import_id = query_value(c.request, "import");
                 f.tool = query_value(c.request, "tool");
                 f.status = query_value(c.request, "status");
                 f.control = query_value(c.request, "control");
                 f.limit = std::int64_t(limit);
                 f.offset = std::int64_t(offset);
                 if (!f.status.empty() && !d::parse_finding_status(f.status))
                   return error_response(400, "bad_request",
                                         "status: pass, fail, error or not-applicable");
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto found = ws.value()->store().findings(f);
                 if (!found.ok()) return from_status(found.status());
                 json items = json::array();
                 for (const auto& r : found->first)
                   items.push_back(service::finding_record_json(r));
                 return page_response(std::move(items), std::int64_t(found->second), limit, offset);
               }});

  router_.add(
      {"POST", "/api/v1/check-results", A::kImport,
       "Record check results from a pipeline: one object or an array of {\"check\", \"control\", "
       "\"name\", \"outcome\": pass|fail|error, \"message\"?, \"observed_at\"? (RFC 3339), "
       "\"freshness_days\"? (default 7, 0 = never stale)}; every item is checked first and all "
       "are recorded in one transaction, or none",
       [this](Call& c) {
         json body = json::parse(c.request.body, nullptr, false);
         std::vector<store::CheckResultRecord> results;
         Response bad;
         if (!check_results_from_json(body, clock_(), results, bad)) return bad;
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto controls = ws.value()->store().controls();
         if (!controls.ok()) return from_status(controls.status());
         std::set<std::string> known;
         for (const auto& r : controls.value()) known.insert(r.control.id);
         for (std::size_t i = 0; i < results.size(); ++i)
           if (!known.count(results[i].control_id))
             return error_response(404, "not_found",
                                   (body.is_array() ? "item[" + std::to_string(i) + "]." : "") +
                                       "control: unknown control '" + results[i].control_id + "'");
         Status st =
             ws.value()->store().record_check_results(results, {"api:" + c.who->user, clock_()});
         if (!st.ok()) return from_status(st);
         json items = json::array();
         for (const auto& r : results)
           items.push_back(
               service::check_history_json({r.check_id, r.name, r.control_id, r.freshness_seconds,
                                            r.outcome, r.observed_at, r.message, r.source}));
         return json_response(201, {{"recorded", results.size()}, {"items", items}});
       }});

  router_.add(
      {"GET", "/api/v1/controls/{id}/checks", A::kRead,
       "A control's check results, newest first (?limit=, ?offset=)", [this](Call& c) {
         std::size_t limit, offset;
         Response bad;
         if (!page(c.request, limit, offset, bad)) return bad;
         auto s = snapshot();
         if (!s.ok()) return from_status(s.status());
         if (!s.value()->control_index(c.params["id"]))
           return error_response(404, "not_found", "unknown control '" + c.params["id"] + "'");
         if (offset > 100'000) return error_response(400, "bad_request", "offset: at most 100000");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto rows =
             ws.value()->store().check_history(c.params["id"], static_cast<int>(offset + limit));
         if (!rows.ok()) return from_status(rows.status());
         json items = json::array();
         for (std::size_t i = offset; i < rows->size(); ++i)
           items.push_back(service::check_history_json((*rows)[i]));
         return json_response(
             200,
             {{"control", c.params["id"]}, {"items", items}, {"limit", limit}, {"offset", offset}});
       }});
}

}  // namespace crosswalk::http
