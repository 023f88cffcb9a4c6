#include "http/register_body.h"

#include "http/evidence_files.h"
#include "report/markdown.h"
#include "report/pdf.h"
#include "service/register_json.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

bool may_sign_off(const Principal& who) {
  return !who.import_only && d::allows(who.role, d::Action::kSignOff);
}

Result<d::FieldValues> fields_of_body(const json& body) {
  if (!body.contains("fields"))
    return Status::InvalidInput("fields: the body is {\"fields\": {NAME: VALUE, …}}");
  return service::fields_from_json(nlohmann::json::parse(body["fields"].dump()));
}

Response saved_response(int status, const std::string& kind, const service::SavedEntry& saved,
                        service::Workspace& ws) {
  auto e = service::find_entry(ws, kind, saved.id);
  if (!e.ok()) return from_status(e.status());
  json body = service::entry_json(e.value());
  body["notices"] = saved.notices;
  Response r = json_response(status, body);
  r.headers.emplace_back("Location", "/api/v1/registers/" + kind + "/" + saved.id);
  r.headers.emplace_back("ETag", "\"" + std::to_string(e->version) + "\"");
  return r;
}

Result<Response> document_download(const report::Document& doc, bool pdf,
                                   const std::string& filename) {
  Response r{200, "text/markdown; charset=utf-8", "", {}};
  if (pdf) {
    auto bytes = report::pdf_bytes(doc);
    if (!bytes.ok()) return bytes.status();
    r.content_type = "application/pdf";
    r.body = std::move(bytes.value());
  } else {
    r.body = report::to_markdown(doc);
  }
  r.headers.emplace_back("Content-Disposition", attachment_disposition(filename));
  return r;
}

}  // namespace crosswalk::http
