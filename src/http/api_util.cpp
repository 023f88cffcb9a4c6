#include "http/api_util.h"

namespace crosswalk::http {

// ?limit=&offset= with limit 1..500 (default 100).
std::string query_value(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? "" : it->second;
}

Response page_response(nlohmann::ordered_json items, std::int64_t total, std::size_t limit,
                       std::size_t offset) {
  return json_response(
      200, {{"items", std::move(items)}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

bool page(const Request& req, std::size_t& limit, std::size_t& offset, Response& error) {
  limit = 100;
  offset = 0;
  // Digits only, at most 12 of them: stoul would wrap "-1" around to a huge number.
  auto number = [&](const char* name, std::size_t& out) {
    auto it = req.query.find(name);
    if (it == req.query.end()) return true;
    const std::string& v = it->second;
    if (v.empty() || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoul(v);
    return true;
  };
  if (!number("limit", limit) || !number("offset", offset)) {
    error = error_response(400, "bad_request", "limit and offset must be non-negative numbers");
    return false;
  }
  if (limit == 0 || limit > 500) {
    error = error_response(400, "bad_request", "limit must be between 1 and 500");
    return false;
  }
  return true;
}

bool json_body(const Request& req, nlohmann::ordered_json& out, Response& error) {
  out = nlohmann::ordered_json::parse(req.body, nullptr, false);
  if (out.is_object()) return true;
  error = error_response(400, "bad_request", "the request body must be a JSON object");
  return false;
}

bool if_match_version(const Request& req, std::optional<std::int64_t>& version, Response& error) {
  const std::string* m = req.header("if-match");
  if (!m) return true;
  std::string v = *m;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) {
    error = error_response(400, "bad_request", "If-Match must be the control's ETag");
    return false;
  }
  version = std::stoll(v);
  return true;
}

bool control_definition(const nlohmann::ordered_json& body, store::ControlDefinition& def,
                        Response& error) {
  auto fail = [&](const std::string& message) {
    error = error_response(400, "bad_request", message);
    return false;
  };
  if (!body.contains("title") || !body["title"].is_string())
    return fail("title: a string is required");
  def.title = body["title"];
  if (body.contains("description")) {
    if (!body["description"].is_string()) return fail("description: a string");
    def.description = body["description"];
  }
  if (!body.contains("requirements") || !body["requirements"].is_array())
    return fail("requirements: an array of {framework, ref, coverage} is required");
  def.links.clear();
  for (std::size_t i = 0; i < body["requirements"].size(); ++i) {
    const auto& r = body["requirements"][i];
    const std::string where = "requirements[" + std::to_string(i) + "]";
    if (!r.is_object() || !r.contains("framework") || !r["framework"].is_string() ||
        !r.contains("ref") || !r["ref"].is_string())
      return fail(where + ": {\"framework\", \"ref\", \"coverage\"?} expected");
    const bool named = r.contains("coverage");
    if (named && !r["coverage"].is_string()) return fail(where + ".coverage: full or partial");
    auto coverage = domain::parse_coverage(named ? r["coverage"].get<std::string>() : "full");
    if (!coverage) return fail(where + ".coverage: full or partial");
    def.links.push_back({r["framework"], r["ref"], *coverage});
  }
  return true;
}

domain::Review initial_review(const Principal& who) {
  return domain::allows(who.role, domain::Action::kReviewEvidence) ? domain::Review::kAccepted
                                                                   : domain::Review::kPending;
}

std::string session_cookie(const Request& req) {
  const std::string* header = req.header("cookie");
  if (!header) return "";
  const std::string want = std::string(kSessionCookie) + "=";
  std::size_t start = 0;
  while (start < header->size()) {
    while (start < header->size() && (*header)[start] == ' ') ++start;
    const auto end = std::min(header->find(';', start), header->size());
    if (header->compare(start, want.size(), want) == 0)
      return header->substr(start + want.size(), end - start - want.size());
    start = end + 1;
  }
  return "";
}

std::string set_session_cookie(const std::string& value, std::int64_t max_age, const Request& req) {
  const std::string* proto = req.header("x-forwarded-proto");
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (proto && *proto == "https" ? "; Secure" : "");
}

}  // namespace crosswalk::http
