// Helpers the route files share.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

#include "common/status.h"
#include "http/router.h"

namespace crosswalk::http {

// A Status as a JSON error with the matching HTTP status (404, 409, 400, 503, 500).
Response from_status(const Status& s);
// ?limit=&offset= with limit 1..500 (default 100); false (and `error` set) on bad values.
bool page(const Request& req, std::size_t& limit, std::size_t& offset, Response& error);
// The request body as a JSON object, or a 400 response in `error`.
bool json_body(const Request& req, nlohmann::ordered_json& out, Response& error);

// The value of the cw_session cookie, or "".
std::string session_cookie(const Request& req);
constexpr const char* kSessionCookie = "cw_session";

}  // namespace crosswalk::http
