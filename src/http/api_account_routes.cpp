// Routes for people and scripts: user accounts and API tokens (administrators only).
#include "domain/time.h"
#include "http/api.h"
#include "http/api_util.h"
#include "service/accounts.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

void Api::add_account_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/users", A::kManageUsers, "User accounts", [this](Call&) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto users = ws.value()->store().users();
                 if (!users.ok()) return from_status(users.status());
                 json items = json::array();
                 for (const auto& u : users.value())
                   items.push_back({{"name", u.name},
                                    {"role", d::to_string(u.role)},
                                    {"created_at", d::format_datetime(u.created_at)}});
                 return json_response(200, {{"items", items}});
               }});

  router_.add({"POST", "/api/v1/users", A::kManageUsers,
               "Create a user: {\"name\", \"role\", \"password\"}", [this](Call& c) {
                 json body;
                 Response bad;
                 if (!json_body(c.request, body, bad)) return bad;
                 for (const char* k : {"name", "role", "password"})
                   if (!body.contains(k) || !body[k].is_string())
                     return error_response(400, "bad_request",
                                           std::string(k) + ": a string is required");
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto u = service::add_user(*ws.value(), body["name"], body["role"],
                                            body["password"], {"api:" + c.who->user, clock_()});
                 if (!u.ok()) return from_status(u.status());
                 return json_response(201, {{"name", u->name}, {"role", d::to_string(u->role)}});
               }});

  router_.add(
      {"POST", "/api/v1/tokens", A::kManageUsers,
       "Create an API token: {\"user\", \"label\"?, \"expires_days\"?}; the token is shown once",
       [this](Call& c) {
         json body;
         Response bad;
         if (!json_body(c.request, body, bad)) return bad;
         if (!body.contains("user") || !body["user"].is_string())
           return error_response(400, "bad_request", "user: a string is required");
         std::optional<int> days;
         if (body.contains("expires_days")) {
           if (!body["expires_days"].is_number_integer())
             return error_response(400, "bad_request", "expires_days: a whole number");
           days = body["expires_days"].get<int>();
         }
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto t = service::create_token(*ws.value(), body["user"], body.value("label", "api"), days,
                                        {"api:" + c.who->user, clock_()});
         if (!t.ok()) return from_status(t.status());
         return json_response(
             201, {{"token", t->secret}, {"id", t->record.id}, {"user", t->record.user}});
       }});
}

}  // namespace crosswalk::http
