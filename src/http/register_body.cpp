#include "http/register_body.h"

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

}  // namespace crosswalk::http
