// Helpers the route files share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/status.h"
#include "domain/enums.h"
#include "http/router.h"
#include "store/store.h"

namespace crosswalk::http {

// The value of query parameter `name`, "" when absent.
std::string query_value(const Request& req, const char* name);
// ?limit=&offset= with limit 1..500 (default 100); false (and `error` set) on bad values.
bool page(const Request& req, std::size_t& limit, std::size_t& offset, Response& error);
// A page of a list: {"items", "total", "limit", "offset"}, 200.
Response page_response(nlohmann::ordered_json items, std::int64_t total, std::size_t limit,
                       std::size_t offset);
// The request body as a JSON object, or a 400 response in `error`.
bool json_body(const Request& req, nlohmann::ordered_json& out, Response& error);

// If-Match: "<version>" (a control's ETag) into `version`; absent leaves it unset. False (and
// a 400 in `error`) when the header is not a version.
bool if_match_version(const Request& req, std::optional<std::int64_t>& version, Response& error);

// Title, description and requirement links from a JSON body into `def` (its id is left alone);
// false with a 400 naming the field otherwise.
bool control_definition(const nlohmann::ordered_json& body, store::ControlDefinition& def,
                        Response& error);

// Evidence added by someone who may review evidence is accepted on entry; anyone else's waits
// for a reviewer.
domain::Review initial_review(const Principal& who);

// The value of the cw_session cookie, or "".
std::string session_cookie(const Request& req);
constexpr const char* kSessionCookie = "cw_session";
// The Set-Cookie value for the session cookie (Max-Age 0 and an empty value clear it); Secure
// when the request came through a TLS proxy (X-Forwarded-Proto: https).
std::string set_session_cookie(const std::string& value, std::int64_t max_age, const Request& req);

}  // namespace crosswalk::http
