// Routes for people and scripts: user accounts, API tokens and backups (administrators only).
#include "domain/time.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/backup_download.h"
#include "service/accounts.h"
#include "service/sessions.h"
#include "service/views.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

void Api::add_account_routes() {
  using A = d::Action;

  router_.add(
      {"POST", "/api/v1/session", std::nullopt,
       "Sign in: {\"name\", \"password\"}; sets the session cookie and returns the CSRF token",
       [this](Call& c) {
         json body;
         Response bad;
         if (!json_body(c.request, body, bad)) return bad;
         if (!body.contains("name") || !body["name"].is_string() || !body.contains("password") ||
             !body["password"].is_string())
           return error_response(400, "bad_request", "name and password are required");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto result = service::login(*ws.value(), body["name"], body["password"], c.request.remote,
                                      clock_());
         if (!result.ok()) return from_status(result.status());
         if (result->outcome == service::LoginOutcome::kRateLimited) {
           Response r = error_response(429, "too_many_attempts",
                                       "too many failed sign-ins; wait 15 minutes and try again");
           r.headers.emplace_back("Retry-After", std::to_string(service::kLoginWindow));
           return r;
         }
         if (result->outcome != service::LoginOutcome::kOk)
           return error_response(401, "bad_credentials", "wrong user name or password");
         Response r =
             json_response(200, {{"user", result->user.name},
                                 {"role", d::to_string(result->user.role)},
                                 {"csrf_token", result->session.csrf_token},
                                 {"expires_at", d::format_datetime(result->session.expires_at)}});
         r.headers.emplace_back(
             "Set-Cookie",
             set_session_cookie(result->cookie, service::kSessionLifetime, c.request));
         return r;
       }});

  router_.add(
      {"GET", "/api/v1/session", A::kRead, "Who is signed in", [](Call& c) {
         return json_response(200, {{"user", c.who->user}, {"role", d::to_string(c.who->role)}});
       }});

  router_.add({"DELETE", "/api/v1/session", A::kRead,
               "Sign out: ends the session and clears the cookie", [this](Call& c) {
                 if (!c.who->session_sha256.empty()) {
                   auto ws = workspace();
                   if (!ws.ok()) return from_status(ws.status());
                   if (Status s = ws.value()->store().delete_session(c.who->session_sha256);
                       !s.ok())
                     return from_status(s);
                 }
                 Response r = json_response(200, {{"signed_out", true}});
                 r.headers.emplace_back("Set-Cookie", set_session_cookie("", 0, c.request));
                 return r;
               }});

  router_.add({"GET", "/api/v1/users", A::kManageUsers, "User accounts", [this](Call&) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto users = ws.value()->store().users();
                 if (!users.ok()) return from_status(users.status());
                 json items = json::array();
                 for (const auto& u : users.value()) items.push_back(service::user_json(u));
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

  router_.add({"PUT", "/api/v1/users/{name}/role", A::kManageUsers,
               "Change a user's role: {\"role\"}; the last administrator stays one",
               [this](Call& c) {
                 json body;
                 Response bad;
                 if (!json_body(c.request, body, bad)) return bad;
                 if (!body.contains("role") || !body["role"].is_string())
                   return error_response(400, "bad_request", "role: a string is required");
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status st = service::set_role(*ws.value(), c.params["name"], body["role"],
                                               {"api:" + c.who->user, clock_()});
                 if (!st.ok()) return from_status(st);
                 return json_response(200, {{"name", c.params["name"]}, {"role", body["role"]}});
               }});

  router_.add({"DELETE", "/api/v1/users/{name}", A::kManageUsers,
               "Remove a user with their tokens and sessions; the last administrator stays",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 Status st = service::remove_user(*ws.value(), c.params["name"],
                                                  {"api:" + c.who->user, clock_()});
                 if (!st.ok()) return from_status(st);
                 return json_response(200, {{"name", c.params["name"]}, {"removed", true}});
               }});

  router_.add(
      {"GET", "/api/v1/tokens", A::kManageUsers, "API tokens (never their secrets)", [this](Call&) {
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto tokens = ws.value()->store().tokens();
         if (!tokens.ok()) return from_status(tokens.status());
         json items = json::array();
         for (const auto& t : tokens.value()) items.push_back(service::token_json(t));
         return json_response(200, {{"items", items}});
       }});

  router_.add(
      {"DELETE", "/api/v1/tokens/{id}", A::kManageUsers, "Revoke an API token", [this](Call& c) {
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         Status st =
             service::revoke_token(*ws.value(), c.params["id"], {"api:" + c.who->user, clock_()});
         if (!st.ok()) return from_status(st);
         return json_response(200, {{"id", c.params["id"]}, {"revoked", true}});
       }});

  router_.add(
      {"POST", "/api/v1/tokens", A::kManageUsers,
       "Create an API token: {\"user\", \"label\"?, \"expires_days\"?, \"scope\"?: \"full\" "
       "(default) or \"import\" (may only POST /api/v1/imports, /api/v1/check-results and "
       "/api/v1/measurements)}; the "
       "token is shown once",
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
         if (body.contains("scope") && !body["scope"].is_string())
           return error_response(400, "bad_request", "scope: full or import");
         if (body.contains("label") && !body["label"].is_string())
           return error_response(400, "bad_request", "label: a string");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto t =
             service::create_token(*ws.value(), body["user"], body.value("label", "api"), days,
                                   {"api:" + c.who->user, clock_()}, body.value("scope", "full"));
         if (!t.ok()) return from_status(t.status());
         return json_response(201, service::new_token_json(t->record, t->secret));
       }});

  router_.add({"GET", "/api/v1/backup", A::kBackup,
               "A backup of everything (database, evidence files, journal; password hashes "
               "included) as one zip, taken while the server runs; `crosswalk restore` puts it "
               "back. X-Journal-Head is the last journal entry it holds",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto r = backup_download(*ws.value(), {"api:" + c.who->user, clock_()});
                 return r.ok() ? std::move(r.value()) : from_status(r.status());
               }});
}

}  // namespace crosswalk::http
