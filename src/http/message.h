// HTTP requests and responses as the application sees them: plain values, no Beast types, so
// only server.cpp pays Beast's compile time.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crosswalk::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // percent-decoded, without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  // When set, the body is in this file instead (a multipart upload the server streamed to disk;
  // it removes the file once the handler has returned).
  std::string body_file = {};
  std::string remote;  // peer address

  const std::string* header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is this file's content, streamed from disk (`body` is ignored).
  std::string body_file = {};
  // The file was made for this answer (an export): removed once opened for sending.
  bool remove_body_file = false;
};

// The headers every response carries, whoever made it (a route, the router, or the server itself
// refusing a request): no MIME sniffing, a content security policy (pages may load the server's
// own scripts, styles and images and nothing inline; everything else nothing), no framing, no
// cross-site Referer, and no caching unless the response says otherwise.
void add_security_headers(Response& res);

// An application/x-www-form-urlencoded body: fields in order, names may repeat.
struct Form {
  std::vector<std::pair<std::string, std::string>> fields;
  std::string get(const std::string& name) const;  // first value, or ""
  std::vector<std::string> all(const std::string& name) const;
};
bool parse_form(const std::string& body, Form& form);
// Percent-encodes everything but unreserved characters (RFC 3986), for query values.
std::string percent_encode(const std::string& s);

// Splits "/a/b?x=1&y=%20z" into a decoded path and query map. False if the encoding is invalid.
bool parse_target(const std::string& target, std::string& path,
                  std::map<std::string, std::string>& query);

}  // namespace crosswalk::http
