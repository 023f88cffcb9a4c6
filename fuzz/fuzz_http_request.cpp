// libFuzzer target: what the server parses itself once Beast has split a request (docs/fuzzing.md).
// The input reads as a request, "METHOD TARGET\n", "name: value\n" lines, a blank line and the
// body; it goes through parse_target, the real route table's admission (route matching, sign-in,
// CSRF, roles) for four callers, the cookie, Content-Type, paging and If-Match headers, the
// urlencoded form and the JSON bodies (check results, register fields, control definitions). The
// whole input, taken as one value, must survive percent_encode and parse_target, and as a file
// name service::safe_file_name and attachment_disposition.
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "domain/register.h"
#include "fuzz_support.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/check_results_body.h"
#include "http/evidence_files.h"
#include "http/multipart.h"
#include "http/register_body.h"
#include "service/evidence.h"
#include "web/install.h"
#include "web/register_form.h"
#include "web/site.h"

namespace {

using crosswalk::fuzz::broken;
using crosswalk::fuzz::check_json;
namespace http = crosswalk::http;
namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

constexpr const char* kCsrf = "csrf-7f3a9c";
constexpr d::Timestamp kNow = 1796000000;  // 2026-12-01

std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Taken apart the way Beast hands a request over; false if Beast would refuse the request line.
bool split_request(std::string_view in, http::Request& req, std::string& target) {
  auto line = [&in]() {
    const auto eol = std::min(in.find('\n'), in.size());
    std::string_view l = in.substr(0, eol);
    in.remove_prefix(std::min(eol + 1, in.size()));
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  const std::string_view first = line();
  const auto space = first.find(' ');
  if (space == std::string_view::npos || space == 0) return false;
  req.method = std::string(first.substr(0, space));
  target = std::string(first.substr(space + 1));
  // Beast accepts neither controls nor spaces in a request target.
  for (unsigned char c : target)
    if (c <= 0x20 || c == 0x7f) return false;
  for (std::string_view l = line(); !l.empty(); l = line()) {
    const auto colon = l.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(l.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = l.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers[name] = std::string(value);
  }
  req.body = std::string(in);
  req.remote = "192.0.2.1";
  return true;
}

// The server's routes and pages; no handler runs, so no database is ever opened.
const http::Router& routes() {
  static const http::Api* api = [] {
    static std::ostringstream log;
    auto* a = new http::Api(
        {"/nonexistent/crosswalk-fuzz", "", ""}, [] { return kNow; }, log);
    crosswalk::web::install(*a);
    return a;
  }();
  return api->router();
}

// The pattern matching of router.cpp, written again: "{name}" takes one non-empty segment.
bool matches(std::string_view pattern, std::string_view path) {
  for (;;) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/')
      return pattern.empty() && path.empty();
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto p_end = std::min(pattern.find('/'), pattern.size());
    const auto s_end = std::min(path.find('/'), path.size());
    const std::string_view want = pattern.substr(0, p_end), got = path.substr(0, s_end);
    const bool param = want.size() > 2 && want.front() == '{' && want.back() == '}';
    if (param ? got.empty() : want != got) return false;
    pattern.remove_prefix(p_end);
    path.remove_prefix(s_end);
  }
}

// A route that would run for `req` and that `allowed` accepts.
template <typename Allowed>
bool some_route(const http::Request& req, Allowed allowed) {
  for (const http::Route& r : routes().routes()) {
    const bool method = r.method == req.method || (req.method == "HEAD" && r.method == "GET");
    if (method && matches(r.pattern, req.path) && allowed(r)) return true;
  }
  return false;
}

void check_refusal(const http::Response& res, const http::Request& req) {
  switch (res.status) {
    case 303: {  // to the sign-in page, back here afterwards
      if (res.headers.empty() || res.headers[0].second.rfind("/login?next=", 0) != 0)
        broken("303 not to the sign-in page");
      std::string path;
      std::map<std::string, std::string> query;
      if (!http::parse_target(res.headers[0].second, path, query))
        broken("sign-in redirect does not parse", res.headers[0].second);
      const std::string next = req.method == "GET" ? req.path : "/";
      if (query["next"] != next) broken("sign-in redirect loses the path", query["next"]);
      const std::string local = crosswalk::web::local_path(next);
      if (local != "/" && local != next) broken("local_path changed a path", local);
      return;
    }
    case 401:
    case 403:
    case 404:
    case 405:
    case 503:
      break;
    default:
      broken("unexpected refusal status", std::to_string(res.status));
  }
  if (res.content_type == "application/json") {
    const json body = json::parse(res.body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) broken("refusal is not a JSON error");
  } else if (res.content_type.rfind("text/html", 0) != 0) {
    broken("refusal neither JSON nor a page", res.content_type);
  }
}

// The route table's admission, as four callers: nobody, a signed-in admin (whose unsafe
// requests need the CSRF token), an import-only API token and a signed-in viewer.
void check_admission(const http::Request& req, std::string_view raw) {
  auto as = [&](std::optional<http::Principal> who) {
    return routes().admit(req, [who](const http::Request&) {
      return crosswalk::Result<std::optional<http::Principal>>(who);
    });
  };
  const auto anonymous = as(std::nullopt);
  if (anonymous) check_refusal(*anonymous, req);
  auto admin = as(http::Principal{"ada", d::Role::kAdmin, kCsrf, "sess", false});
  if (admin) check_refusal(*admin, req);
  auto importer = as(http::Principal{"ci", d::Role::kAdmin, "", "", true});
  if (importer) check_refusal(*importer, req);
  auto viewer = as(http::Principal{"val", d::Role::kViewer, kCsrf, "sess", false});
  if (viewer) check_refusal(*viewer, req);
  if (!anonymous) {
    if (!some_route(req, [](const http::Route& r) { return !r.action; }))
      broken("admitted anonymously to a route that needs sign-in", req.path);
    return;
  }
  const bool safe = req.method == "GET" || req.method == "HEAD";
  if (!admin && !safe && raw.find(kCsrf) == std::string_view::npos)
    broken("unsafe request admitted for a session without its CSRF token", req.path);
  if (!importer && !some_route(req, [](const http::Route& r) {
        return !r.action || *r.action == d::Action::kImport;
      }))
    broken("import-only token admitted beyond importing", req.path);
  if (!viewer && !some_route(req, [](const http::Route& r) {
        return !r.action || d::allows(d::Role::kViewer, *r.action);
      }))
    broken("viewer admitted beyond their role", req.path);
}

void check_headers(const http::Request& req) {
  const std::string cookie = http::session_cookie(req);
  if (cookie.find(';') != std::string::npos) broken("session cookie with a ';'");
  if (const std::string* h = req.header("cookie"); h && h->find(cookie) == std::string::npos)
    broken("session cookie not from the header");
  if (const std::string* type = req.header("content-type")) {
    const std::string media = http::media_type(*type);
    if (media.find(';') != std::string::npos ||
        (!media.empty() && (media.front() == ' ' || media.back() == ' ')))
      broken("media_type", media);
    for (char c : media)
      if (c >= 'A' && c <= 'Z') broken("media_type not lower case", media);
    if (http::is_multipart_form(*type) != (media == "multipart/form-data"))
      broken("is_multipart_form disagrees with media_type");
  }
  std::size_t limit = 0, offset = 0;
  http::Response error;
  if (http::page(req, limit, offset, error) && (limit < 1 || limit > 500))
    broken("page limit out of range");
  std::optional<std::int64_t> version;
  if (http::if_match_version(req, version, error) && version && *version < 0)
    broken("negative If-Match version");
}

void check_status(const crosswalk::Status& s, const char* where) {
  if (s.code() != crosswalk::Status::Code::kInvalidInput) broken(where, s.message());
  if (s.message().empty()) broken(where, "empty message");
  check_json({{"error", s.message()}});
}

// Every register kind's fields, from a posted form or a JSON body: refused as InvalidInput with
// a message that serializes, or values that serialize.
void check_register_fields(const d::FieldValues& values) {
  for (const d::RegisterKind& kind : d::register_kinds()) {
    auto normalized = d::normalize_fields(kind, values);
    if (!normalized.ok()) {
      check_status(normalized.status(), "normalize_fields");
      continue;
    }
    for (const auto& [name, list] : normalized.value()) check_json({{name, list}});
  }
}

// The JSON bodies the API reads. An error answer is already JSON (dumped with U+FFFD for bad
// bytes): its message must quote the body whole, never half a character.
void check_json_body(const http::Request& req) {
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return;
  http::Response error;
  const bool had_fffd = body.dump().find("\xef\xbf\xbd") != std::string::npos;
  auto check_error = [&](const http::Response& res, const char* where) {
    if (res.status != 400) broken(where, "not 400");
    const json e = json::parse(res.body, nullptr, false);
    if (!e.is_object() || !e["error"]["message"].is_string() ||
        e["error"]["message"].get<std::string>().empty())
      broken(where, "error without a message");
    if (!had_fffd && res.body.find("\xef\xbf\xbd") != std::string::npos)
      broken(where, "message holds bytes that are not UTF-8: " + res.body);
  };
  std::vector<crosswalk::store::CheckResultRecord> results;
  if (!http::check_results_from_json(body, kNow, results, error)) {
    check_error(error, "check_results_from_json");
  } else {
    if (results.empty()) broken("check results accepted without a result");
    for (const auto& r : results) {
      if (r.check_id.empty() || r.name.empty() || r.control_id.empty() ||
          r.observed_at > kNow + d::kSecondsPerDay || r.freshness_seconds < 0)
        broken("check result accepted with a bad field", r.check_id);
      check_json({r.check_id, r.control_id, r.name, r.message});
    }
  }
  if (!body.is_object()) return;
  crosswalk::store::ControlDefinition def;
  if (!http::control_definition(body, def, error)) check_error(error, "control_definition");
  auto fields = http::fields_of_body(body);
  if (!fields.ok())
    check_status(fields.status(), "fields_of_body");
  else
    check_register_fields(fields.value());
}

// Any value survives percent_encode then parse_target (as a query value and as a path) and
// parse_form; a NUL, never a valid part of a name or value, is refused.
void check_round_trips(std::string_view in) {
  const std::string v(in);
  const bool nul = v.find('\0') != std::string::npos;
  std::string path;
  std::map<std::string, std::string> query;
  const bool ok = http::parse_target("/p?x=" + http::percent_encode(v) + "&y", path, query);
  if (ok == nul) broken("parse_target of an encoded query value", nul ? "took a NUL" : "refused");
  if (ok && (path != "/p" || query.size() != 2 || query["x"] != v || query["y"] != ""))
    broken("percent_encode query round trip");
  if (http::parse_target("/" + http::percent_encode(v), path, query) != !nul)
    broken("parse_target of an encoded path");
  if (!nul && (path != "/" + v || !query.empty())) broken("percent_encode path round trip");

  // The input's lines as name:value pairs of a form.
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string body;
  for (std::string_view rest = in; !rest.empty();) {
    const auto eol = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(std::min(eol + 1, rest.size()));
    if (line.find('\0') != std::string_view::npos) continue;
    const auto colon = std::min(line.find(':'), line.size());
    pairs.emplace_back(line.substr(0, colon), line.substr(std::min(colon + 1, line.size())));
    body += (body.empty() ? "" : "&") + http::percent_encode(pairs.back().first) + "=" +
            http::percent_encode(pairs.back().second);
  }
  http::Form form;
  if (!http::parse_form(body, form) || form.fields != pairs) broken("parse_form round trip");
}

// A sent file name is stored and shown only through safe_file_name: a base name, never a path.
// attachment_disposition must give a header value that cannot break the header, whose
// filename* decodes back to the name.
void check_file_name(std::string_view sent) {
  const std::string name = crosswalk::service::safe_file_name(sent);
  if (name.empty() || name.size() > 255 || name == "." || name == ".." ||
      name.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos ||
      !crosswalk::is_valid_utf8(name) || crosswalk::has_control_character(name, false) ||
      name.front() == ' ' || name.back() == ' ')
    broken("safe_file_name", name);
  const std::string header = http::attachment_disposition(name);
  for (unsigned char c : header)
    if (c < 0x20 || c >= 0x7f) broken("Content-Disposition with a byte that is not ASCII", header);
  const std::string plain = "attachment; filename=\"";
  const auto end = header.find('"', plain.size());
  if (header.rfind(plain, 0) != 0 || end == std::string::npos) broken("Content-Disposition");
  const std::string rest = header.substr(end + 1);
  if (rest.empty()) {
    if (header.substr(plain.size(), end - plain.size()) != name) broken("plain filename differs");
    return;
  }
  std::string path;
  std::map<std::string, std::string> query;
  const std::string ext = "; filename*=UTF-8''";
  if (rest.rfind(ext, 0) != 0 || !http::parse_target("/" + rest.substr(ext.size()), path, query) ||
      path != "/" + name)
    broken("filename* does not decode to the name", header);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = text(data, size);
  check_round_trips(in);
  check_file_name(in);

  http::Request req;
  std::string target;
  if (!split_request(in, req, target)) return 0;
  if (!http::parse_target(target, req.path, req.query)) return 0;  // the server answers 400
  if (req.path.empty() || req.path[0] != '/') broken("parse_target: a path not from /");
  check_admission(req, in);
  check_headers(req);
  check_json_body(req);
  const http::Form form = crosswalk::web::form_of(req);
  for (const d::RegisterKind& kind : d::register_kinds()) {
    auto normalized = d::normalize_fields(kind, crosswalk::web::register_form_values(kind, form));
    if (!normalized.ok()) check_status(normalized.status(), "normalize_fields (form)");
  }
  return 0;
}
