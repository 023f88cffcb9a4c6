// Sign-in, the one-time setup of the first administrator, and sign-out.
#include "http/api_util.h"
#include "service/accounts.h"
#include "service/sessions.h"
#include "web/pages.h"
#include "web/site.h"

namespace crosswalk::web {
namespace {

// Public forms carry no CSRF token (there is no session yet); a browser always sends Origin on a
// POST, so a cross-site post is refused here. Scripts that send no Origin are not browsers.
bool same_origin(const http::Request& req) {
  const std::string* origin = req.header("origin");
  if (!origin) return true;
  const std::string* host = req.header("host");
  return host && (*origin == "http://" + *host || *origin == "https://" + *host);
}

Result<bool> has_users(http::Api& api) {
  auto ws = api.workspace();
  if (!ws.ok()) return ws.status();
  auto users = ws.value()->store().users();
  if (!users.ok()) return users.status();
  return !users.value().empty();
}

http::Response login_form(const http::Call& c, const std::string& next, const std::string& name,
                          const std::string& error, int status) {
  return page(c, "Sign in", "", "login",
              {{"next", local_path(next)}, {"name", name}, {"error", error}}, status);
}

// Signs in and sends the browser on; the answer to a good password.
http::Response start_session(http::Api& api, const http::Call& c, const std::string& name,
                             const std::string& password, const std::string& next) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto result = service::login(*ws.value(), name, password, c.request.remote, api.now());
  if (!result.ok()) return status_page(c, result.status());
  if (result->outcome == service::LoginOutcome::kRateLimited)
    return login_form(c, next, name, "Too many failed sign-ins. Wait 15 minutes and try again.",
                      429);
  if (result->outcome != service::LoginOutcome::kOk)
    return login_form(c, next, name, "Wrong user name or password.", 401);
  http::Response r = redirect(local_path(next));
  r.headers.emplace_back(
      "Set-Cookie", http::set_session_cookie(result->cookie, service::kSessionLifetime, c.request));
  return r;
}

}  // namespace

void add_auth_pages(http::Api& api) {
  add_page(api, "GET", "/login", std::nullopt, "Sign-in page", [&api](http::Call& c) {
    auto any = has_users(api);
    if (!any.ok()) return status_page(c, any.status());
    if (!any.value()) return redirect("/setup");
    auto it = c.request.query.find("next");
    auto who = api.authenticate(c.request);
    if (!who.ok()) return status_page(c, who.status());
    c.who = who.value();
    if (c.who) return redirect(local_path(it == c.request.query.end() ? "/" : it->second));
    return login_form(c, it == c.request.query.end() ? "/" : it->second, "", "", 200);
  });

  add_page(api, "POST", "/login", std::nullopt, "Sign in with a form", [&api](http::Call& c) {
    if (!same_origin(c.request))
      return error_page(c, 403, "Sign-in refused", "The form was posted from another site.");
    const http::Form f = form_of(c.request);
    return start_session(api, c, f.get("name"), f.get("password"), f.get("next"));
  });

  add_page(api, "GET", "/setup", std::nullopt, "First-run setup (only while no user exists)",
           [&api](http::Call& c) {
             auto any = has_users(api);
             if (!any.ok()) return status_page(c, any.status());
             if (any.value()) return redirect("/login");
             return page(c, "Set up Crosswalk", "", "setup", json::object());
           });

  add_page(
      api, "POST", "/setup", std::nullopt, "Create the first administrator", [&api](http::Call& c) {
        if (!same_origin(c.request))
          return error_page(c, 403, "Setup refused", "The form was posted from another site.");
        auto any = has_users(api);
        if (!any.ok()) return status_page(c, any.status());
        if (any.value())
          return error_page(c, 403, "Setup is done",
                            "An administrator exists already; sign in instead.");
        const http::Form f = form_of(c.request);
        const std::string name = f.get("name"), password = f.get("password");
        auto again = [&](const std::string& error) {
          return page(c, "Set up Crosswalk", "", "setup", {{"name", name}, {"error", error}}, 400);
        };
        if (password != f.get("confirm")) return again("The two passwords differ.");
        auto ws = api.workspace();
        if (!ws.ok()) return status_page(c, ws.status());
        auto user = service::add_first_admin(*ws.value(), name, password, {"web:setup", api.now()});
        if (user.status().code() == Status::Code::kConflict)
          return error_page(c, 403, "Setup is done",
                            "An administrator exists already; sign in instead.");
        if (!user.ok()) return again(user.status().message());
        return start_session(api, c, name, password, "/");
      });

  add_page(api, "GET", "/account", domain::Action::kRead, "Your account: change your password",
           [](http::Call& c) { return page(c, "Your account", "", "account", json::object()); });

  add_page(api, "POST", "/account/password", domain::Action::kRead, "Change your own password",
           [&api](http::Call& c) {
             const http::Form f = form_of(c.request);
             auto again = [&](const std::string& error) {
               return page(c, "Your account", "", "account", {{"error", error}}, 400);
             };
             if (f.get("password") != f.get("confirm"))
               return again("The two new passwords differ.");
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             Status st =
                 service::change_own_password(*ws.value(), c.who->user, f.get("current"),
                                              f.get("password"), {actor_name(c), api.now()});
             if (!st.ok()) return again(st.message());
             // Every session of this user ended with the change, this one too: sign in again.
             http::Response r = redirect("/login?next=%2F");
             r.headers.emplace_back("Set-Cookie", http::set_session_cookie("", 0, c.request));
             return r;
           });

  add_page(api, "POST", "/logout", domain::Action::kRead, "Sign out", [&api](http::Call& c) {
    if (!c.who->session_sha256.empty()) {
      auto ws = api.workspace();
      if (!ws.ok()) return status_page(c, ws.status());
      if (Status s = ws.value()->store().delete_session(c.who->session_sha256); !s.ok())
        return status_page(c, s);
    }
    http::Response r = redirect("/login");
    r.headers.emplace_back("Set-Cookie", http::set_session_cookie("", 0, c.request));
    return r;
  });
}

}  // namespace crosswalk::web
