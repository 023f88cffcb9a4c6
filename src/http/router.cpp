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

}  // namespace

Response json_response(int status, const nlohmann::ordered_json& body) {
  return {status, "application/json", body.dump(), {}};
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

Response Router::dispatch(const Request& req, const Authenticator& auth, std::string* matched,
                          std::string* user) const {
  bool path_known = false;
  std::map<std::string, std::string> params;
  for (const Route& r : routes_) {
    if (!match(r.pattern, req.path, params)) continue;
    path_known = true;
    if (r.method != req.method && !(req.method == "HEAD" && r.method == "GET")) continue;
    *matched = r.pattern;
    Call call{req, params, std::nullopt};
    if (r.action) {
      call.who = auth(req);
      if (!call.who) {
        Response res = error_response(
            401, "unauthorized", "sign in or send a valid API token (Authorization: Bearer …)");
        res.headers.emplace_back("WWW-Authenticate", "Bearer");
        return res;
      }
      *user = call.who->user;
      const bool safe = req.method == "GET" || req.method == "HEAD";
      if (!safe && !call.who->csrf_token.empty()) {
        const std::string* sent = req.header("x-csrf-token");
        if (!sent || *sent != call.who->csrf_token)
          return error_response(403, "csrf",
                                "missing or wrong X-CSRF-Token for a signed-in session");
      }
      if (!domain::allows(call.who->role, *r.action))
        return error_response(403, "forbidden",
                              "role '" + std::string(domain::to_string(call.who->role)) +
                                  "' may not " + std::string(domain::to_string(*r.action)));
    }
    return r.fn(call);
  }
  *matched = "";
  if (path_known)
    return error_response(405, "method_not_allowed", req.method + " is not allowed on " + req.path);
  return error_response(404, "not_found", "no such resource: " + req.path);
}

}  // namespace crosswalk::http
