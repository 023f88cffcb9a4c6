#include "http/openapi.h"

#include <algorithm>
#include <cctype>

namespace crosswalk::http {

using json = nlohmann::ordered_json;

namespace {

std::vector<std::string> path_parameters(const std::string& pattern) {
  std::vector<std::string> out;
  for (std::size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1))
    out.push_back(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
  return out;
}

json error_response(const std::string& description) {
  return {
      {"description", description},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

}  // namespace

json openapi_document(const Router& router) {
  json paths = json::object();
  for (const Route& r : router.routes()) {
    if (r.page) continue;  // web pages are not part of the API
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    json op = {{"summary", r.summary}, {"operationId", method + r.pattern}};
    json params = json::array();
    for (const std::string& p : path_parameters(r.pattern))
      params.push_back(
          {{"name", p}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    if (!params.empty()) op["parameters"] = params;
    json responses = {{"200", {{"description", "OK"}}}};
    if (r.action) {
      // Either an API token, or a session cookie (then state-changing calls need X-CSRF-Token).
      op["security"] = json::array(
          {json{{"bearerAuth", json::array()}}, json{{"sessionCookie", json::array()}}});
      op["x-crosswalk-action"] = std::string(domain::to_string(*r.action));
      responses["401"] = error_response("No valid API token or session");
      responses["403"] = error_response("The caller's role does not allow this action");
    }
    responses["400"] = error_response("Bad input");
    responses["404"] = error_response("Unknown resource");
    if (r.method != "GET")
      responses["409"] = error_response("Changed by someone else (If-Match did not match)");
    op["responses"] = responses;
    paths[r.pattern][method] = op;
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Crosswalk API"},
        {"version", "1"},
        {"description", "ISO/IEC 27001:2022 and ISO/IEC 42001:2023 as one management system."}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}},
          {"sessionCookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "cw_session"}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "message"}},
                {"properties",
                 {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}}};
}

}  // namespace crosswalk::http
