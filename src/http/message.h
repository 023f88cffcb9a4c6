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
};

// Splits "/a/b?x=1&y=%20z" into a decoded path and query map. False if the encoding is invalid.
bool parse_target(const std::string& target, std::string& path,
                  std::map<std::string, std::string>& query);

}  // namespace crosswalk::http
