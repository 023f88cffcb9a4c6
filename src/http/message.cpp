#include "http/message.h"

namespace crosswalk::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      const char c = static_cast<char>(hi * 16 + lo);
      if (c == '\0') return false;
      out.push_back(c);
      i += 2;
    } else if (plus_is_space && in[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(in[i]);
    }
  }
  return true;
}

}  // namespace

bool parse_target(const std::string& target, std::string& path,
                  std::map<std::string, std::string>& query) {
  const auto q = target.find('?');
  if (!decode(target.substr(0, q), path, false)) return false;
  if (path.empty() || path[0] != '/') return false;
  query.clear();
  if (q == std::string::npos) return true;
  const std::string qs = target.substr(q + 1);
  std::size_t start = 0;
  while (start <= qs.size()) {
    const auto end = std::min(qs.find('&', start), qs.size());
    const std::string pair = qs.substr(start, end - start);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      std::string key, value;
      if (!decode(pair.substr(0, eq), key, true)) return false;
      if (eq != std::string::npos && !decode(pair.substr(eq + 1), value, true)) return false;
      query[key] = value;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace crosswalk::http
