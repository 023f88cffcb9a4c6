#include "http/message.h"

#include <cctype>

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

// "a=1&b=%20x" into pairs, in order.
bool parse_pairs(const std::string& qs, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t start = 0;
  while (start <= qs.size()) {
    const auto end = std::min(qs.find('&', start), qs.size());
    const std::string pair = qs.substr(start, end - start);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      std::string key, value;
      if (!decode(pair.substr(0, eq), key, true)) return false;
      if (eq != std::string::npos && !decode(pair.substr(eq + 1), value, true)) return false;
      out.emplace_back(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return true;
}

}  // namespace

bool parse_form(const std::string& body, Form& form) {
  form.fields.clear();
  return parse_pairs(body, form.fields);
}

std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string Form::get(const std::string& name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return "";
}

std::vector<std::string> Form::all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields)
    if (k == name) out.push_back(v);
  return out;
}

bool parse_target(const std::string& target, std::string& path,
                  std::map<std::string, std::string>& query) {
  const auto q = target.find('?');
  if (!decode(target.substr(0, q), path, false)) return false;
  if (path.empty() || path[0] != '/') return false;
  query.clear();
  if (q == std::string::npos) return true;
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!parse_pairs(target.substr(q + 1), pairs)) return false;
  for (auto& [k, v] : pairs) query[k] = std::move(v);
  return true;
}

void add_security_headers(Response& res) {
  const bool html = res.content_type.rfind("text/html", 0) == 0;
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back(
      "Content-Security-Policy",
      html ? "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
           : "default-src 'none'; frame-ancestors 'none'");
  res.headers.emplace_back("X-Frame-Options", "DENY");
  res.headers.emplace_back("Referrer-Policy", "same-origin");
  bool cache_control = false;
  for (const auto& h : res.headers) cache_control |= h.first == "Cache-Control";
  if (!cache_control) res.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace crosswalk::http
