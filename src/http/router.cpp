#include "http/router.h"

namespace crosswalk::http {
namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool match(const std::string& pattern, const std::string& path,
           std::map<std::string, std::string>& params) {
  const auto want = segments(pattern), got = segments(path);
  if (want.size() != got.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      params[w.substr(1, w.size() - 2)] = got[i];
    } else if (w != got[i]) {
      return false;
    }
  }
  return true;
}

// The CSRF token the request carries: the X-CSRF-Token header (scripts), or the `_csrf` field of
// an HTML form (in the query for multipart forms, whose body the router does not read).
std::string sent_csrf_token(const Request& req) {
  if (const std::string* h = req.header("x-csrf-token")) return *h;
  if (auto it = req.query.find("_csrf"); it != req.query.end()) return it->second;
  const std::string* type = req.header("content-type");
  if (type && type->rfind("application/x-www-form-urlencoded", 0) == 0) {
    Form form;
    if (parse_form(req.body, form)) return form.get("_csrf");
  }
  return "";
}

Response see_other(const std::string& location) {
  Response r{303, "text/plain; charset=utf-8", "", {}};
  r.headers.emplace_back("Location", location);
  return r;
}

}  // namespace

Response json_response(int status, const nlohmann::ordered_json& body) {
  // Text stored before it was validated is sent with U+FFFD rather than failing the request.
  return {status,
          "application/json",
          body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
          {}};
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

Response from_status(const Status& s) {
  switch (s.code()) {
    case Status::Code::kNotFound:
      return error_response(404, "not_found", s.message());
    case Status::Code::kConflict:
      return error_response(409, "conflict", s.message());
    case Status::Code::kInvalidInput:
      return error_response(400, "bad_request", s.message());
    case Status::Code::kPermissionDenied:
      return error_response(403, "forbidden", s.message());
    case Status::Code::kBusy:
      return error_response(503, "busy", s.message());
    case Status::Code::kUnavailable: {
      // A load balancer may send the retry to another server; this one reconnects meanwhile.
      Response r = error_response(503, "database_unavailable", s.message());
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    default:
      return error_response(500, "internal", s.message());
  }
}

Response Router::dispatch(const Request& req, const Authenticator& auth, std::string* matched,
                          std::string* user) const {
  return *route(req, auth, matched, user, true);
}

std::optional<Response> Router::admit(const Request& head, const Authenticator& auth) const {
  std::string matched, user;
  return route(head, auth, &matched, &user, false);
}

std::optional<Response> Router::route(const Request& req, const Authenticator& auth,
                                      std::string* matched, std::string* user, bool run) const {
  bool path_known = false;
  std::map<std::string, std::string> params;
  for (const Route& r : routes_) {
    if (!match(r.pattern, req.path, params)) continue;
    path_known = true;
    if (r.method != req.method && !(req.method == "HEAD" && r.method == "GET")) continue;
    *matched = r.pattern;
    Call call{req, params, std::nullopt};
    auto fail = [&](int status, const std::string& code, const std::string& title,
                    const std::string& message) {
      if (r.page && page_error_) return page_error_(status, title, message, call);
      return error_response(status, code, message);
    };
    if (r.action) {
      auto who = auth(req);
      if (!who.ok()) {  // the credentials could not be checked: never "not signed in"
        Response res = from_status(who.status());
        if (r.page && page_error_)
          return page_error_(
              res.status,
              res.status == 503 ? "The database cannot be reached" : "Something went wrong",
              who.status().message(), call);
        return res;
      }
      call.who = who.value();
      if (!call.who) {
        if (r.page) {
          // Only a GET is worth returning to after signing in.
          std::string next = req.method == "GET" ? req.path : "/";
          return see_other("/login?next=" + percent_encode(next));
        }
        Response res = error_response(
            401, "unauthorized", "sign in or send a valid API token (Authorization: Bearer …)");
        res.headers.emplace_back("WWW-Authenticate", "Bearer");
        return res;
      }
      *user = call.who->user;
      const bool safe = req.method == "GET" || req.method == "HEAD";
      if (!safe && !call.who->csrf_token.empty() && sent_csrf_token(req) != call.who->csrf_token)
        return fail(403, "csrf", "This form has expired",
                    "missing or wrong CSRF token for a signed-in session (reload the page and "
                    "try again)");
      if (call.who->import_only && *r.action != domain::Action::kImport)
        return fail(403, "forbidden", "Not allowed",
                    "this API token may only import (POST /api/v1/imports, "
                    "POST /api/v1/check-results, POST /api/v1/measurements)");
      if (!domain::allows(call.who->role, *r.action))
        return fail(403, "forbidden", "Not allowed",
                    "role '" + std::string(domain::to_string(call.who->role)) + "' may not " +
                        std::string(domain::to_string(*r.action)));
    }
    if (!run) return std::nullopt;
    return r.fn(call);
  }
  *matched = "";
  if (page_error_ && req.path.rfind("/api/", 0) != 0) {
    auto who = auth(req);
    Call call{req, {}, who.ok() ? who.value() : std::nullopt};
    return page_error_(path_known ? 405 : 404, path_known ? "Not allowed" : "Page not found",
                       path_known ? req.method + " is not allowed on " + req.path
                                  : "There is no page at " + req.path + ".",
                       call);
  }
  if (path_known)
    return error_response(405, "method_not_allowed", req.method + " is not allowed on " + req.path);
  return error_response(404, "not_found", "no such resource: " + req.path);
}

}  // namespace crosswalk::http
