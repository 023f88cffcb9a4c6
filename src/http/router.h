// Routes in one table: method, path pattern ("/api/v1/controls/{id}"), the action the caller's
// role must allow (none = public), and the handler. Authentication and authorization happen here,
// before any handler runs.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/access.h"
#include "http/message.h"

namespace crosswalk::http {

struct Principal {
  std::string user;
  domain::Role role = domain::Role::kViewer;
  // Set when the caller signed in with a session cookie: state-changing requests must then echo
  // it in X-CSRF-Token (API tokens are not sent by browsers on their own, so they need none).
  std::string csrf_token;
  std::string session_sha256;
  // An API token scoped to importing: only routes whose action is kImport accept it.
  bool import_only = false;
};

struct Call {
  const Request& request;
  std::map<std::string, std::string> params;  // from {name} segments
  std::optional<Principal> who;               // set on every non-public route
};

using RouteFn = std::function<Response(Call&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::optional<domain::Action> action;  // nullopt: public
  std::string summary;
  RouteFn fn;
  // A web page rather than an API call: an anonymous caller is sent to the sign-in page, errors
  // are pages, and forms may carry the CSRF token as a `_csrf` field.
  bool page = false;
};

// Renders an error as a web page (status, short title, explanation) for page routes and for
// unknown paths outside /api/.
using PageErrorFn = std::function<Response(int status, const std::string& title,
                                           const std::string& message, const Call& call)>;

// Resolves the caller from the request (bearer token); nullopt when there is none or it is invalid.
// Who sent the request: nobody (no or unknown credentials), someone, or an error when the
// credentials could not be checked (the database is down).
using Authenticator = std::function<Result<std::optional<Principal>>(const Request&)>;

Response json_response(int status, const nlohmann::ordered_json& body);
Response error_response(int status, const std::string& code, const std::string& message);
// A Status as a JSON error with the matching HTTP status (404, 409, 400, 503, 500).
Response from_status(const Status& s);

class Router {
 public:
  void add(Route route) { routes_.push_back(std::move(route)); }
  const std::vector<Route>& routes() const { return routes_; }
  void set_page_error(PageErrorFn fn) { page_error_ = std::move(fn); }
  // The matched route's pattern is stored in *matched ("" when none), for metrics and logs.
  Response dispatch(const Request& req, const Authenticator& auth, std::string* matched,
                    std::string* user) const;
  // Everything dispatch() checks before a handler runs (route, sign-in, CSRF, role), on a
  // request's header alone: the refusal, or nullopt when the handler would run. Lets the server
  // refuse an upload before storing its body.
  std::optional<Response> admit(const Request& head, const Authenticator& auth) const;

 private:
  std::optional<Response> route(const Request& req, const Authenticator& auth, std::string* matched,
                                std::string* user, bool run) const;
  std::vector<Route> routes_;
  PageErrorFn page_error_;
};

}  // namespace crosswalk::http
