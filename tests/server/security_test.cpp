// Security tests (docs/security.md maps them to OWASP ASVS 4.0.3): tokens and their scope on every
// route, CSRF on every state-changing route, session fixation and the end of sessions, sign-in
// limits, security headers on every kind of response, upload limits on every route, hostile file
// names and paths, stored and reflected markup on every page, and the CLI's file handling.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "common/secrets.h"
#include "common/sha256.h"
#include "domain/register.h"
#include "http/api.h"
#include "http/server.h"
#include "serve_process.h"
#include "service/accounts.h"
#include "service/applicability.h"
#include "service/collectors.h"
#include "service/controls.h"
#include "service/evidence.h"
#include "service/framework_import.h"
#include "service/imports.h"
#include "service/measurement_runs.h"
#include "service/registers.h"
#include "service/sessions.h"
#include "service/setup.h"
#include "web/install.h"

namespace crosswalk::web {
namespace {

namespace fs = std::filesystem;
using http::Request;
using http::Response;
using http::Route;
using json = nlohmann::json;
constexpr domain::Timestamp kNow = 1'800'000'000;
constexpr const char* kPassword = "a long enough passphrase";
const char* const kRoles[] = {"admin", "manager", "contributor", "auditor", "viewer"};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string header(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

// The cookie's value in a Set-Cookie header ("" when none is set).
std::string cookie_value(const Response& r) {
  const std::string set = header(r, "Set-Cookie");
  const std::string prefix = "cw_session=";
  if (set.rfind(prefix, 0) != 0) return "";
  return set.substr(prefix.size(), set.find(';') - prefix.size());
}

// A path for a route pattern with every {param} filled in: enough for every check the router
// makes before a handler runs.
std::string any_path(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex("\\{[a-z_]+\\}"), "x1");
}

const std::string kBoundary = "----cw-security-7MA4YWxkTrZu0gW";

struct FilePart {
  std::string field, filename, content;
};

std::string multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::vector<FilePart>& files) {
  std::string out;
  for (const auto& [name, value] : fields)
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
  for (const FilePart& f : files)
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + f.field +
           "\"; filename=\"" + f.filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
           f.content + "\r\n";
  return out + "--" + kBoundary + "--\r\n";
}

struct Session {
  std::string cookie, csrf;
};

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    options.db_url = db.url();
    auto ws = service::Workspace::open(options, true);
    ASSERT_TRUE(ws.ok()) << ws.status().message();
    auto cat = service::load_source_catalog(options);
    ASSERT_TRUE(cat.ok());
    ASSERT_TRUE(service::initialize(*ws.value(), cat.value(), actor).ok());
    auto adopted = service::adopt_templates(*ws.value(), {}, true, actor);
    ASSERT_TRUE(adopted.ok()) << adopted.status().message();
    // One Argon2id hash for every account: hashing is deliberately slow.
    static const std::string hash = hash_password(kPassword).value();
    for (const char* role : kRoles) {
      ASSERT_TRUE(
          ws.value()->store().add_user({role, *domain::parse_role(role), hash, kNow}, actor).ok());
      auto t = service::create_token(*ws.value(), role, "test", std::nullopt, actor);
      ASSERT_TRUE(t.ok());
      tokens[role] = t->secret;
    }
    auto import_only =
        service::create_token(*ws.value(), "contributor", "ci", std::nullopt, actor, "import");
    ASSERT_TRUE(import_only.ok()) << import_only.status().message();
    import_token = import_only->secret;
    auto expired =
        service::create_token(*ws.value(), "admin", "old", 1, {"test", kNow - 2 * 86400});
    ASSERT_TRUE(expired.ok());
    expired_token = expired->secret;
    auto revoked = service::create_token(*ws.value(), "admin", "revoked", std::nullopt, actor);
    ASSERT_TRUE(revoked.ok());
    ASSERT_TRUE(service::revoke_token(*ws.value(), revoked->record.id, actor).ok());
    revoked_token = revoked->secret;
    ASSERT_TRUE(
        ws.value()->store().add_user({"leaver", domain::Role::kAdmin, hash, kNow}, actor).ok());
    auto leavers = service::create_token(*ws.value(), "leaver", "gone", std::nullopt, actor);
    ASSERT_TRUE(leavers.ok());
    removed_users_token = leavers->secret;
    ASSERT_TRUE(service::remove_user(*ws.value(), "leaver", actor).ok());
    api = std::make_unique<http::Api>(
        options, [this] { return now; }, log);
    install(*api);
  }

  // A session for `user`, as signing in makes one (without paying for the password check).
  Session session_of(const std::string& user) {
    auto ws = api->workspace();
    const Session s{new_api_token().substr(4), new_api_token().substr(4)};
    EXPECT_TRUE(
        ws.value()
            ->store()
            .add_session({sha256_hex(s.cookie), user, s.csrf, now, now + service::kSessionLifetime})
            .ok());
    return s;
  }

  Response call(const std::string& method, const std::string& target,
                std::map<std::string, std::string> headers = {}, const std::string& body = "",
                const std::string& remote = "127.0.0.1") {
    Request r;
    r.method = method;
    EXPECT_TRUE(http::parse_target(target, r.path, r.query)) << target;
    headers.emplace("host", "127.0.0.1:8080");
    if (!body.empty()) headers.emplace("content-type", "application/x-www-form-urlencoded");
    r.headers = std::move(headers);
    r.body = body;
    r.remote = remote;
    return api->handle(r);
  }
  Response as(const Session& s, const std::string& method, const std::string& target,
              const std::string& form = "") {
    return call(method, target, {{"cookie", "cw_session=" + s.cookie}},
                form.empty() && method == "GET" ? "" : form + "&_csrf=" + s.csrf);
  }
  Response with_token(const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body = "",
                      std::map<std::string, std::string> headers = {}) {
    headers["authorization"] = "Bearer " + token;
    if (!body.empty()) headers.emplace("content-type", "application/json");
    return call(method, target, headers, body);
  }
  // The web sign-in form.
  Response sign_in(const std::string& name, const std::string& password,
                   std::map<std::string, std::string> headers = {},
                   const std::string& remote = "127.0.0.1") {
    return call(
        "POST", "/login", std::move(headers),
        "name=" + http::percent_encode(name) + "&password=" + http::percent_encode(password),
        remote);
  }

  std::string vault() const { return options.data_dir + "/vault"; }
  std::size_t temp_files() const {
    std::error_code ec;
    std::size_t n = 0;
    for (auto it = fs::directory_iterator(vault() + "/tmp", ec); it != fs::directory_iterator();
         ++it)
      ++n;
    return n;
  }
  // Every file under the test's directory, but the database's own and the vault's blobs.
  std::set<std::string> files_outside_the_vault() const {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir.path()))
      if (e.is_regular_file() && e.path().string().rfind(vault(), 0) != 0 &&
          e.path().filename().string().rfind("crosswalk.db", 0) != 0)
        out.insert(e.path().string());
    return out;
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  service::WorkspaceOptions options;
  const store::Actor actor{"test", kNow};
  domain::Timestamp now = kNow;
  std::ostringstream log;
  std::unique_ptr<http::Api> api;
  std::map<std::string, std::string> tokens;
  std::string import_token, expired_token, revoked_token, removed_users_token;
  std::string evidence;  // a stored file, once a test made one
};

// ASVS V4.1.1, V13.2: a credential that is no longer valid opens nothing, on any route.
TEST_F(SecurityTest, EveryRouteRefusesExpiredRevokedAndRemovedUsersTokens) {
  int checked = 0;
  for (const Route& route : api->router().routes()) {
    if (!route.action) continue;
    for (const std::string& token :
         {expired_token, revoked_token, removed_users_token, std::string("cwt_not-a-real-token")}) {
      const Response r = with_token(token, route.method, any_path(route.pattern));
      if (route.page) {
        EXPECT_EQ(r.status, 303) << route.method << " " << route.pattern;
        EXPECT_EQ(header(r, "Location").rfind("/login?next=", 0), 0u) << route.pattern;
      } else {
        EXPECT_EQ(r.status, 401) << route.method << " " << route.pattern;
        EXPECT_EQ(header(r, "WWW-Authenticate"), "Bearer") << route.pattern;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 400);
  // The same tokens are good for nothing once more: a valid one still works.
  EXPECT_EQ(with_token(tokens["viewer"], "GET", "/api/v1/readiness").status, 200);
}

// ASVS V4.1.3 (least privilege), V13.2: a pipeline's token imports and reads nothing.
TEST_F(SecurityTest, AnImportOnlyTokenReachesTheImportRoutesAndNothingElse) {
  std::set<std::string> reached;
  for (const Route& route : api->router().routes()) {
    if (!route.action) continue;
    const Response r = with_token(import_token, route.method, any_path(route.pattern));
    if (*route.action == domain::Action::kImport) {
      EXPECT_NE(r.status, 401) << route.pattern;
      EXPECT_NE(r.status, 403) << route.pattern << ": " << r.body.substr(0, 300);
      reached.insert(route.method + " " + route.pattern);
    } else {
      EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern;
      if (!route.page) {
        EXPECT_NE(r.body.find("may only import"), std::string::npos) << r.body;
      }
    }
  }
  // What docs/security.md and the README say it may do: post results, never read.
  EXPECT_EQ(reached, (std::set<std::string>{"POST /api/v1/imports", "POST /api/v1/check-results",
                                            "POST /api/v1/measurements", "POST /imports",
                                            "POST /measurements"}));
  // And it really imports.
  const std::string junit =
      R"(<testsuite name="ci"><testcase classname="backup" name="restore"/></testsuite>)";
  const Response imported = with_token(
      import_token, "POST", "/api/v1/imports", multipart({}, {{"file", "ci.xml", junit}}),
      {{"content-type", "multipart/form-data; boundary=" + kBoundary}});
  EXPECT_EQ(imported.status, 201) << imported.body;
  const Response pushed =
      with_token(import_token, "POST", "/api/v1/check-results",
                 R"({"check":"ci:restore","control":"TEC-13","name":"Restore","outcome":"pass"})");
  EXPECT_EQ(pushed.status, 201) << pushed.body;
}

// ASVS V4.2.2, V13.2.3: a browser session changes nothing without its own CSRF token, whichever
// route (API or page) it calls.
TEST_F(SecurityTest, EveryStateChangingRouteRefusesASessionWithoutItsCsrfToken) {
  const Session admin = session_of("admin"), viewer = session_of("viewer");
  int checked = 0;
  for (const Route& route : api->router().routes()) {
    if (!route.action || route.method == "GET") continue;
    const std::string path = any_path(route.pattern);
    for (const std::string& sent : {std::string(), std::string("forged"), viewer.csrf}) {
      std::map<std::string, std::string> headers = {{"cookie", "cw_session=" + admin.cookie}};
      if (!sent.empty()) headers["x-csrf-token"] = sent;
      const Response r = call(route.method, path, headers, "");
      EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern << " with '" << sent << "'";
      if (route.page)
        EXPECT_NE(r.body.find("This form has expired"), std::string::npos) << route.pattern;
      else
        EXPECT_EQ(json::parse(r.body)["error"]["code"], "csrf") << route.pattern;
      ++checked;
    }
  }
  EXPECT_GT(checked, 150);
}

// ASVS V3.2.1, V3.3.1: signing in makes a new session id; one the browser brings, known to an
// attacker or left from before, is never adopted.
TEST_F(SecurityTest, SignInIssuesANewSessionIdAndNeverAdoptsOneTheBrowserBrings) {
  const std::string planted = "attacker-chose-this-session-id-0123456789abcd";
  Response r = sign_in("manager", kPassword, {{"cookie", "cw_session=" + planted}});
  ASSERT_EQ(r.status, 303);
  const std::string first = cookie_value(r);
  EXPECT_NE(first, planted);
  EXPECT_GE(first.size(), 43u) << "256 random bits";
  EXPECT_EQ(call("GET", "/", {{"cookie", "cw_session=" + planted}}).status, 303)
      << "the planted id signs nobody in";
  EXPECT_EQ(call("GET", "/api/v1/session", {{"cookie", "cw_session=" + planted}}).status, 401);
  // Signing in again while signed in: another new id.
  r = sign_in("manager", kPassword, {{"cookie", "cw_session=" + first}});
  ASSERT_EQ(r.status, 303);
  EXPECT_NE(cookie_value(r), first);
  EXPECT_NE(cookie_value(r), "");
  // The API's sign-in does the same.
  r = call("POST", "/api/v1/session", {{"cookie", "cw_session=" + planted}},
           R"({"name":"manager","password":"a long enough passphrase"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(cookie_value(r), planted);
  for (const char* flag : {"HttpOnly", "SameSite=Strict", "Path=/"})
    EXPECT_NE(header(r, "Set-Cookie").find(flag), std::string::npos);
  // A failed sign-in sets no cookie.
  EXPECT_EQ(header(sign_in("manager", "not the password"), "Set-Cookie"), "");
}

// ASVS V3.3.1-V3.3.3, V3.7.1: signing out, the session's lifetime and a new password end it.
TEST_F(SecurityTest, SignOutExpiryAndANewPasswordEndSessionsForGood) {
  // Sign-out: the old cookie and its CSRF token open nothing afterwards.
  const Session out = session_of("manager");
  ASSERT_EQ(as(out, "GET", "/").status, 200);
  const Response gone = as(out, "POST", "/logout");
  ASSERT_EQ(gone.status, 303);
  EXPECT_NE(header(gone, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(as(out, "GET", "/").status, 303);
  EXPECT_EQ(as(out, "POST", "/controls/TEC-13/owner", "owner=Mallory").status, 303);
  EXPECT_EQ(call("GET", "/api/v1/session", {{"cookie", "cw_session=" + out.cookie}}).status, 401);
  EXPECT_EQ(call("PUT", "/api/v1/controls/TEC-13/owner",
                 {{"cookie", "cw_session=" + out.cookie}, {"x-csrf-token", out.csrf}},
                 R"({"owner":"Mallory"})")
                .status,
            401);

  // The lifetime: 12 hours from sign-in, however busy the session.
  const Session day = session_of("auditor");
  now += service::kSessionLifetime - 60;
  EXPECT_EQ(as(day, "GET", "/").status, 200);
  now += 61;
  EXPECT_EQ(as(day, "GET", "/").status, 303);
  now = kNow;

  // A new password ends every session of that user (the one that changed it too), not others'.
  const Session laptop = session_of("contributor"), phone = session_of("contributor"),
                other = session_of("viewer");
  ASSERT_EQ(as(phone, "GET", "/").status, 200);
  const Response changed = as(laptop, "POST", "/account/password",
                              "current=a+long+enough+passphrase&password=a+brand+new+passphrase&"
                              "confirm=a+brand+new+passphrase");
  ASSERT_EQ(changed.status, 303) << changed.body.substr(0, 300);
  EXPECT_EQ(as(laptop, "GET", "/").status, 303);
  EXPECT_EQ(as(phone, "GET", "/").status, 303);
  EXPECT_EQ(as(other, "GET", "/").status, 200);

  // A removed user's session ends with the account.
  const Session removed = session_of("auditor");
  ASSERT_EQ(as(removed, "GET", "/").status, 200);
  const Session admin = session_of("admin");
  ASSERT_EQ(as(admin, "POST", "/users/auditor/remove").status, 303);
  EXPECT_EQ(as(removed, "GET", "/").status, 303);
}

// ASVS V2.2.1: five wrong passwords lock the account for 15 minutes, the right one included;
// twenty from one address lock that address; unknown names are counted like known ones.
TEST_F(SecurityTest, SignInIsLimitedPerAccountAndPerAddressAndTheRightPasswordWaits) {
  for (int i = 0; i < service::kMaxFailuresPerUser; ++i)
    EXPECT_EQ(sign_in("manager", "guess number " + std::to_string(i)).status, 401);
  Response r = sign_in("manager", kPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(header(r, "Set-Cookie"), "") << "the right password waits too";
  EXPECT_NE(r.body.find("Too many failed sign-ins"), std::string::npos);
  r = call("POST", "/api/v1/session", {},
           R"({"name":"manager","password":"a long enough passphrase"})");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(header(r, "Set-Cookie"), "");
  // From another address too: the limit is the account's.
  EXPECT_EQ(sign_in("manager", kPassword, {}, "192.0.2.7").status, 429);
  // Other accounts are not locked by it.
  EXPECT_EQ(sign_in("viewer", kPassword).status, 303);
  // A name nobody has is limited alike: the answers do not tell which names exist.
  for (int i = 0; i < service::kMaxFailuresPerUser; ++i)
    EXPECT_EQ(sign_in("nobody-here", "guess number " + std::to_string(i)).status, 401);
  EXPECT_EQ(sign_in("nobody-here", "guess again please").status, 429);

  // One address guessing across many names: 20 failures lock the address. Two go through the
  // form; the rest are recorded as the form records them (each real one costs an Argon2id check).
  const std::string attacker = "198.51.100.4";
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(sign_in("name-" + std::to_string(i), "wrong password", {}, attacker).status, 401);
  {
    auto ws = api->workspace();
    for (int i = 2; i < service::kMaxFailuresPerRemote; ++i)
      ASSERT_TRUE(ws.value()
                      ->store()
                      .record_login_failure("name-" + std::to_string(i), attacker, now)
                      .ok());
  }
  EXPECT_EQ(sign_in("auditor", kPassword, {}, attacker).status, 429);
  EXPECT_EQ(sign_in("auditor", kPassword, {}, "203.0.113.5").status, 303);

  // The window passes.
  now += service::kLoginWindow + 1;
  EXPECT_EQ(sign_in("manager", kPassword).status, 303);
  EXPECT_EQ(sign_in("auditor", kPassword, {}, attacker).status, 303);
}

void expect_security_headers(const std::map<std::string, std::string>& h, bool html,
                             const std::string& what) {
  auto get = [&](const std::string& name) {
    for (const auto& [n, v] : h) {
      std::string lower = n;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(get("x-content-type-options"), "nosniff") << what;
  EXPECT_EQ(get("x-frame-options"), "DENY") << what;
  EXPECT_EQ(get("referrer-policy"), "same-origin") << what;
  const std::string csp = get("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << what << ": " << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what << ": " << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << what;
  if (html) {
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << what;
    EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos) << what;
    EXPECT_NE(csp.find("form-action 'self'"), std::string::npos) << what;
  }
  EXPECT_FALSE(get("cache-control").empty()) << what;
  EXPECT_EQ(get("access-control-allow-origin"), "") << what << ": no cross-origin reads";
}

std::map<std::string, std::string> headers_of(const Response& r) {
  return {r.headers.begin(), r.headers.end()};
}

// Runs a command; its standard output.
std::string sh(const std::string& cmd) {
  return crosswalk::testing::run(cmd);
}

// The headers of a curl answer (curl -D -): names as sent, with the status line as ":status".
std::map<std::string, std::string> parse_headers(const std::string& raw) {
  std::map<std::string, std::string> out;
  std::istringstream in(raw);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
      out.clear();  // a 100 Continue came first
      out[":status"] = line.substr(9, 3);
      continue;
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos) out[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return out;
}

// ASVS V14.4.1-V14.4.7: every kind of response carries the headers, those the server makes
// itself before the application sees the request included.
TEST_F(SecurityTest, EveryKindOfResponseCarriesTheSecurityHeaders) {
  const Session viewer = session_of("viewer");
  {
    auto ws = api->workspace();
    std::ofstream(dir / "scan.txt") << "scan";
    service::EvidenceInput file;
    file.controls = {"TEC-13"};
    file.file = dir / "scan.txt";
    auto e = service::add_evidence(*ws.value(), file, actor);
    ASSERT_TRUE(e.ok());
    evidence = e->id;
  }
  const std::vector<std::tuple<std::string, Response, bool>> in_process = {
      {"page", as(viewer, "GET", "/"), true},
      {"sign-in page", call("GET", "/login"), true},
      {"page 404", as(viewer, "GET", "/no/such/page"), true},
      {"page 403", as(viewer, "GET", "/users"), true},
      {"page 405", as(viewer, "DELETE", "/controls"), true},
      {"redirect to sign in", call("GET", "/controls"), false},
      {"API JSON", with_token(tokens["viewer"], "GET", "/api/v1/readiness"), false},
      {"API 401", call("GET", "/api/v1/readiness"), false},
      {"API 403", with_token(tokens["viewer"], "GET", "/api/v1/users"), false},
      {"API 404", with_token(tokens["viewer"], "GET", "/api/v1/nothing"), false},
      {"API 400", with_token(tokens["viewer"], "GET", "/api/v1/controls?limit=x"), false},
      {"file download",
       with_token(tokens["viewer"], "GET", "/api/v1/evidence/" + evidence + "/file"), false},
      {"page download", as(session_of("admin"), "GET", "/soa/iso27001-2022/export?format=csv"),
       false},
      {"static asset", call("GET", "/static/app.css"), false},
      {"static 404", call("GET", "/static/nothing.js"), true},
      {"metrics", call("GET", "/metrics"), false},
      {"health", call("GET", "/healthz"), false},
  };
  for (const auto& [what, r, html] : in_process) {
    SCOPED_TRACE(what);
    EXPECT_EQ(r.content_type.rfind("text/html", 0) == 0, html) << r.content_type;
    expect_security_headers(headers_of(r), html, what);
    if (what != "static asset") {
      EXPECT_EQ(header(r, "Cache-Control"), "no-store");
    }
  }
  EXPECT_EQ(std::get<1>(in_process[0]).status, 200);
  EXPECT_EQ(std::get<1>(in_process[11]).status, 200);

  // Behind the real server: its own refusals (too large, bad target, refused before the body).
  http::ServerOptions o;
  o.port = 0;
  o.upload_limit = 1 << 20;
  o.scratch_dir = vault() + "/tmp";
  o.admit_upload = [this](const Request& head) { return api->admit(head); };
  http::Server server(o, [this](const Request& r) { return api->handle(r); });
  ASSERT_TRUE(server.listen().ok());
  std::thread serving([&] { server.run(); });
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  const std::string big = dir / "big.bin", small = dir / "small.txt";
  std::ofstream(big) << std::string((1 << 20) + 10, 'x');
  std::ofstream(small) << "small";
  const std::vector<std::tuple<std::string, std::string, std::string>> served = {
      {"413 body", "413",
       "-X PUT -H 'Content-Type: application/json' --data-binary @" + big + " " + base +
           "/api/v1/controls/TEC-13/status"},
      {"413 upload", "413",
       "-H 'Authorization: Bearer " + tokens["admin"] + "' -F control=TEC-13 -F file=@" + big +
           " " + base + "/api/v1/evidence"},
      {"400 target", "400", "'" + base + "/api/v1/%zz'"},
      {"401 before the body", "401",
       "-F control=TEC-13 -F file=@" + small + " " + base + "/api/v1/evidence"},
      {"page", "200", "-H 'Cookie: cw_session=" + viewer.cookie + "' " + base + "/"},
  };
  for (const auto& [what, status, args] : served) {
    const auto h = parse_headers(sh("curl -s -o /dev/null -D - " + args));
    EXPECT_EQ(h.count(":status") ? h.at(":status") : "", status) << what;
    expect_security_headers(h, what == "page", what);
    EXPECT_EQ(h.count("Server") ? h.at("Server") : "", "crosswalk") << what << ": no version";
  }
  server.stop();
  serving.join();
}

// ASVS V12.1.1, V13.1.3: no route takes a body over the limits, uploads or not, announced or
// chunked; nothing of a refused upload stays on disk.
TEST_F(SecurityTest, EveryRouteRefusesBodiesOverTheLimitAndKeepsNothing) {
  http::ServerOptions o;
  o.port = 0;
  o.upload_limit = 256 << 10;
  o.body_limit = 16 << 10;
  o.scratch_dir = vault() + "/tmp";
  o.admit_upload = [this](const Request& head) { return api->admit(head); };
  http::Server server(o, [this](const Request& r) { return api->handle(r); });
  ASSERT_TRUE(server.listen().ok());
  std::thread serving([&] { server.run(); });
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  const std::string big = dir / "big.bin", body = dir / "body.json";
  std::ofstream(big) << std::string((256 << 10) + 1, 'x');
  std::ofstream(body) << "\"" << std::string(16 << 10, 'x') << "\"";
  const auto journal_before = [&] {
    auto ws = api->workspace();
    return ws.value()->store().journal_seq().value();
  }();
  // Three ways over the limit, each sent to every route that takes a body, as an administrator
  // (who may call them all): one curl per way, a transfer per route.
  const std::vector<std::pair<std::string, std::string>> ways = {
      {"upload", "-F note=x -F file=@" + big},
      {"chunked upload", "-H 'Transfer-Encoding: chunked' -F note=x -F file=@" + big},
      {"body", "-H 'Content-Type: application/json' --data-binary @" + body}};
  std::vector<const Route*> routes;
  for (const Route& route : api->router().routes())
    if (route.method != "GET") routes.push_back(&route);
  for (const auto& [way, args] : ways) {
    std::string cmd = "curl";
    for (const Route* route : routes)
      cmd += std::string(cmd == "curl" ? "" : " --next") +
             " -s -o /dev/null -w '%{http_code}\\n' -X " + route->method +
             " -H 'Authorization: Bearer " + tokens["admin"] + "' " + args + " '" + base +
             any_path(route->pattern) + "'";
    std::istringstream codes(sh(cmd));
    std::string code;
    for (const Route* route : routes) {
      std::getline(codes, code);
      EXPECT_EQ(code, "413") << way << " " << route->method << " " << route->pattern;
    }
  }
  EXPECT_GT(routes.size(), 50u);
  server.stop();
  serving.join();
  EXPECT_EQ(temp_files(), 0u);
  auto ws = api->workspace();
  EXPECT_EQ(ws.value()->store().journal_seq().value(), journal_before) << "nothing changed";
  EXPECT_TRUE(ws.value()->store().evidence()->empty());
}

// ASVS V12.3.1, V12.3.2: the name a client gives a file is only ever shown, reduced to a base
// name; the file lands in the vault under its sha256, nowhere else.
TEST_F(SecurityTest, HostileUploadNamesAreReducedToABaseNameAndNothingLandsOutsideTheVault) {
  const std::map<std::string, std::string> type = {
      {"content-type", "multipart/form-data; boundary=" + kBoundary}};
  const auto before = files_outside_the_vault();
  const std::vector<std::pair<std::string, std::string>> names = {
      {"../../escaped.txt", "escaped.txt"},
      {"/etc/passwd", "passwd"},
      {"..\\..\\windows\\win.ini", "win.ini"},
      {"C:\\evil\\..\\x.txt", "x.txt"},
      {"..", "upload"},
      {"./", "upload"},
      {std::string("nul\0byte.txt", 12), "nulbyte.txt"},
      {std::string(5000, 'a') + ".txt", std::string(255, 'a')},
      {"evil\xE2\x80\xAE"
       "fdp.exe",
       "evilfdp.exe"},
  };
  int n = 0;
  for (const auto& [sent, kept] : names) {
    const std::string content = "evidence number " + std::to_string(++n);
    const Response r =
        with_token(tokens["contributor"], "POST", "/api/v1/evidence",
                   multipart({{"control", "TEC-13"}}, {{"file", sent, content}}), type);
    ASSERT_EQ(r.status, 201) << "name " << n << ": " << r.body;
    const json e = json::parse(r.body);
    EXPECT_EQ(e["filename"], kept) << sent;
    // Downloaded under that name; the header cannot be split.
    const Response file = with_token(tokens["viewer"], "GET",
                                     "/api/v1/evidence/" + e["id"].get<std::string>() + "/file");
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(read_file(file.body_file), content);
    EXPECT_EQ(file.body_file,
              vault() + "/" + sha256_hex(content).substr(0, 2) + "/" + sha256_hex(content));
    const std::string disposition = header(file, "Content-Disposition");
    EXPECT_EQ(disposition.find_first_of("\r\n"), std::string::npos) << disposition;
    EXPECT_EQ(disposition.rfind("attachment; filename=\"", 0), 0u) << disposition;
  }
  // RFC 8187 names are decoded, then reduced the same way: no path, no line break for a header.
  Response r;
  for (const auto& [encoded, kept] : std::vector<std::pair<std::string, std::string>>{
           {"..%2F..%2Fetc%2Fshadow", "shadow"},
           {"line%0D%0ASet-Cookie%3A%20x%3Dy.txt", "lineSet-Cookie: x=y.txt"},
           {"a%00b.txt", "ab.txt"}}) {
    const std::string body =
        "--" + kBoundary +
        "\r\nContent-Disposition: form-data; name=\"control\"\r\n\r\nTEC-13\r\n--" + kBoundary +
        "\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''" + encoded +
        "\r\n\r\ncontent of " + encoded + "\r\n--" + kBoundary + "--\r\n";
    r = with_token(tokens["contributor"], "POST", "/api/v1/evidence", body, type);
    ASSERT_EQ(r.status, 201) << encoded << ": " << r.body;
    const json e = json::parse(r.body);
    EXPECT_EQ(e["filename"], kept) << encoded;
    const Response file = with_token(tokens["viewer"], "GET",
                                     "/api/v1/evidence/" + e["id"].get<std::string>() + "/file");
    EXPECT_EQ(header(file, "Content-Disposition").find_first_of("\r\n"), std::string::npos);
  }
  // A file part under another field name, ../ or not, is refused.
  r = with_token(tokens["contributor"], "POST", "/api/v1/evidence",
                 multipart({{"control", "TEC-13"}}, {{"../../file", "a.txt", "x"}}), type);
  EXPECT_EQ(r.status, 400) << r.body;
  // Imports and measurements keep only the base name too.
  r = with_token(tokens["contributor"], "POST", "/api/v1/imports",
                 multipart({}, {{"file", "../../../ci.xml",
                                 R"(<testsuite name="ci"><testcase name="t"/></testsuite>)"}}),
                 type);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("../"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"ci.xml\""), std::string::npos) << r.body;
  r = with_token(tokens["contributor"], "POST", "/api/v1/measurements",
                 multipart({{"kind", "quality"}, {"subject", "table"}},
                           {{"data", "/tmp/../../data.csv", "age,city\n34,Oslo\n51,Rome\n"}}),
                 type);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("/tmp/"), std::string::npos) << r.body;

  EXPECT_EQ(files_outside_the_vault(), before);
  EXPECT_FALSE(fs::exists(dir / "escaped.txt"));
  EXPECT_FALSE(fs::exists(options.data_dir + "/escaped.txt"));
  EXPECT_EQ(temp_files(), 0u);
}

// ASVS V12.3.1, V12.5.1: ids and names in download paths cannot reach outside what they name;
// a symbolic link planted in the vault is not followed.
TEST_F(SecurityTest, DownloadsCannotBeSteeredOutsideTheVault) {
  const std::string secret = dir / "secret.txt";
  std::ofstream(secret) << "not evidence";
  const std::string viewer = tokens["viewer"];
  for (const std::string& target :
       {std::string("/api/v1/evidence/..%2F..%2F..%2Fsecret.txt/file"),
        std::string("/api/v1/evidence/%2E%2E/file"), std::string("/api/v1/evidence/../file"),
        std::string("/static/..%2F..%2Fsecret.txt"), std::string("/static/%2E%2E"),
        std::string("/static/..%5C..%5Csecret.txt"),
        std::string("/api/v1/imports/..%2F..%2Fsecret.txt"),
        std::string("/api/v1/frameworks/..%2F..%2Fsecret.txt/oscal/catalog"),
        std::string("/api/v1/soa/..%2Fsecret.txt/export?format=csv")}) {
    const Response r = with_token(viewer, "GET", target);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << target << ": " << r.status;
    EXPECT_EQ(r.body.find("not evidence"), std::string::npos) << target;
    EXPECT_TRUE(r.body_file.empty() || read_file(r.body_file) != "not evidence") << target;
  }

  // A stored file whose blob is swapped for a link to a file outside the vault.
  std::ofstream(dir / "policy.txt") << "information security policy";
  std::string id, blob;
  {
    auto ws = api->workspace();
    service::EvidenceInput in;
    in.controls = {"ORG-01"};
    in.file = dir / "policy.txt";
    auto e = service::add_evidence(*ws.value(), in, actor);
    ASSERT_TRUE(e.ok()) << e.status().message();
    id = e->id;
    blob = vault() + "/" + e->sha256.substr(0, 2) + "/" + e->sha256;
  }
  ASSERT_TRUE(fs::is_regular_file(blob));
  fs::remove(blob);
  fs::create_symlink(secret, blob);
  const Response r = with_token(viewer, "GET", "/api/v1/evidence/" + id + "/file");
  EXPECT_TRUE(r.body_file.empty() || read_file(r.body_file) != "not evidence")
      << "the link was followed: " << r.body_file;
  if (db.url().empty()) {
    EXPECT_GE(r.status, 500) << "a link where a blob should be is damage: " << r.body;
  } else {
    // On PostgreSQL the vault is a cache: the file comes from the database again.
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(read_file(r.body_file), "information security policy");
    EXPECT_FALSE(fs::is_symlink(blob));
  }
  EXPECT_EQ(read_file(secret), "not evidence");
}

// What the stored-markup test writes into every free-text field: distinct per field, so that a
// field shown unescaped is named.
std::string payload(const std::string& where) {
  return "<script>alert('" + where + "')</script>\"";
}
std::string escaped(const std::string& where) {
  return "&lt;script&gt;alert(&apos;" + where + "&apos;)&lt;/script&gt;&quot;";
}

bool free_text(domain::FieldType t) {
  return t == domain::FieldType::kText || t == domain::FieldType::kLongText ||
         t == domain::FieldType::kList;
}

// The segments of a path matched against a route pattern.
bool matches(const std::string& pattern, const std::string& path) {
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= s.size()) {
      const auto end = std::min(s.find('/', start), s.size());
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    return out;
  };
  const auto want = split(pattern), got = split(path);
  if (want.size() != got.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!(!want[i].empty() && want[i].front() == '{' && !got[i].empty()) && want[i] != got[i])
      return false;
  return true;
}

std::string unescape_href(std::string s) {
  for (std::size_t at; (at = s.find("&amp;")) != std::string::npos;) s.replace(at, 5, "&");
  return s;
}

// ASVS V5.3.1, V5.3.3: markup typed into any free-text field of any register (driven by the
// registers' own field lists, so a field added later is covered), into controls, evidence,
// decisions, collectors, token labels, imported files' names and contents, measured files'
// columns and imported OSCAL catalogs is escaped on every page that shows it.
TEST_F(SecurityTest, MarkupStoredInAnyFreeTextFieldIsEscapedOnEveryPage) {
  auto ws = api->workspace();
  ASSERT_TRUE(ws.ok());
  // Evidence and a measurement for register fields that link to them.
  service::EvidenceInput note;
  note.controls = {"TEC-13"};
  note.note = payload("evidence.note");
  auto e = service::add_evidence(*ws.value(), note, actor);
  ASSERT_TRUE(e.ok()) << e.status().message();
  auto csv_quoted = [](const std::string& where) {
    return "\"" + std::regex_replace(payload(where), std::regex("\""), "\"\"") + "\"";
  };
  std::ofstream(dir / "data.csv") << csv_quoted("csv.column") << ",city\n34,Oslo\n51,"
                                  << csv_quoted("csv.value") << "\n";
  auto run = service::run_quality({dir / "data.csv", "data.csv"}, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  run->request.subject = payload("measurement.subject");
  auto measured = service::record_measurement(*ws.value(), run->request, actor);
  ASSERT_TRUE(measured.ok()) << measured.status().message();

  // Every register kind, every free-text field: an entry made from the kind's field list. A field
  // whose rules refuse markup is dropped (when optional) and reported below.
  std::map<std::string, std::string> first_id;             // kind -> an entry of it
  std::map<std::string, std::vector<std::string>> stored;  // kind -> fields holding markup
  std::vector<std::string> refused;                        // kind.field refused by its rules
  const std::map<std::string, std::vector<std::string>> overrides = {
      {"impact_assessment.harms", {"4/2 " + payload("impact_assessment.harms")}},
      {"risk_matrix.likelihood", {"Rare", payload("risk_matrix.likelihood")}},
      {"risk_matrix.impact", {"Minor", payload("risk_matrix.impact")}},
      {"risk_matrix.bands", {"Low:2", "High:4"}},
      {"incident.timeline", {"2020-01-02 " + payload("incident.timeline")}},
      {"acknowledgement.version", {payload("document.version")}},  // the version acknowledged
      // States with the most to show: a held review is signed off, an audit in progress takes
      // checks and findings.
      {"management_review.status", {"held"}},
      {"audit.status", {"in-progress"}},
  };
  auto link_value = [&](const std::string& target) -> std::optional<std::string> {
    if (target == "control") return "TEC-13";
    if (target == "evidence") return e->id;
    if (target == "measurement") return measured->record.id;
    if (target == "framework") return "iso27001-2022";
    if (target == "requirement") return "iso27001-2022:A.5.1";
    auto it = first_id.find(target);
    if (it == first_id.end()) return std::nullopt;
    return it->second;
  };
  std::vector<const domain::RegisterKind*> pending;
  for (const auto& k : domain::register_kinds()) pending.push_back(&k);
  for (int pass = 0; pass < 5 && !pending.empty(); ++pass) {
    std::vector<const domain::RegisterKind*> later;
    for (const domain::RegisterKind* kind : pending) {
      domain::FieldValues fields;
      bool ready = true;
      for (const domain::FieldSpec& f : kind->fields) {
        const std::string where = kind->kind + "." + f.name;
        if (auto o = overrides.find(where); o != overrides.end()) {
          fields[f.name] = o->second;
          continue;
        }
        if (free_text(f.type)) {
          fields[f.name] = {payload(where)};
          continue;
        }
        // Other fields only when required, or a date that goes with a text field ("signed_off_on"
        // with "signed_off_by"): optional dates, choices and links bring rules of their own.
        const std::string stem = f.name.substr(0, f.name.rfind('_') + 1);
        const bool partner =
            f.type == domain::FieldType::kDate && !stem.empty() &&
            std::any_of(kind->fields.begin(), kind->fields.end(), [&](const domain::FieldSpec& o) {
              return free_text(o.type) && o.name.rfind(stem, 0) == 0;
            });
        if (!f.required && !partner) continue;
        switch (f.type) {
          case domain::FieldType::kText:
          case domain::FieldType::kLongText:
          case domain::FieldType::kList:
            break;
          case domain::FieldType::kDate:
            fields[f.name] = {"2020-01-02"};
            break;
          case domain::FieldType::kInteger:
            fields[f.name] = {std::to_string(f.max > f.min ? f.min : 1)};
            break;
          case domain::FieldType::kChoice:
          case domain::FieldType::kChoices:
            fields[f.name] = {f.options.front()};
            break;
          case domain::FieldType::kLink:
          case domain::FieldType::kLinks:
            if (auto v = link_value(f.target))
              fields[f.name] = {*v};
            else if (f.required)
              ready = false;
            break;
        }
      }
      if (!ready) {
        later.push_back(kind);
        continue;
      }
      std::string last_error;
      std::set<std::string> erased;
      for (int attempt = 0; attempt < 40; ++attempt) {
        auto saved =
            service::save_entry(*ws.value(), {kind->kind, "", fields, std::nullopt, true}, actor);
        if (saved.ok()) {
          first_id.emplace(kind->kind, saved->id);
          for (const domain::FieldSpec& f : kind->fields)
            if (free_text(f.type) && fields.count(f.name) &&
                !overrides.count(kind->kind + "." + f.name))
              stored[kind->kind].push_back(f.name);
          break;
        }
        last_error = saved.status().message();
        // "field NAME: why": drop that field when it may be left out, else try its next option.
        std::smatch m;
        ASSERT_TRUE(std::regex_search(last_error, m, std::regex("field ([a-z_0-9]+)")))
            << kind->kind << ": " << last_error;
        const domain::FieldSpec* f = kind->field(m[1].str());
        ASSERT_NE(f, nullptr) << last_error;
        if (!f->required && fields.count(f->name)) {
          fields.erase(f->name);
          erased.insert(f->name);
          if (free_text(f->type)) refused.push_back(kind->kind + "." + f->name + ": " + last_error);
          continue;
        }
        if (!f->required && erased.count(f->name)) {
          // Dropped, and now its partner wants it ("signed_off_on" without "signed_off_by").
          const std::string stem = f->name.substr(0, f->name.rfind('_') + 1);
          const auto gone = std::erase_if(fields, [&](const auto& field) {
            const domain::FieldSpec* spec = kind->field(field.first);
            return !stem.empty() && field.first.rfind(stem, 0) == 0 && spec && !spec->required;
          });
          ASSERT_GT(gone, 0u) << kind->kind << ": " << last_error;
          continue;
        }
        if (!f->required) {
          // A rule wants it (a security risk names its threat): give it a value.
          std::vector<std::string> value;
          switch (f->type) {
            case domain::FieldType::kDate:
              value = {"2020-01-02"};
              break;
            case domain::FieldType::kInteger:
              value = {std::to_string(f->max > f->min ? f->min : 1)};
              break;
            case domain::FieldType::kChoice:
            case domain::FieldType::kChoices:
              value = {f->options.front()};
              break;
            case domain::FieldType::kLink:
            case domain::FieldType::kLinks:
              if (auto v = link_value(f->target)) value = {*v};
              break;
            default:
              value = {payload(kind->kind + "." + f->name)};
          }
          ASSERT_FALSE(value.empty()) << kind->kind << ": " << last_error;
          fields[f->name] = value;
          continue;
        }
        ASSERT_TRUE(f->type == domain::FieldType::kChoice || f->type == domain::FieldType::kChoices)
            << kind->kind << ": a required field refused: " << last_error;
        auto at = std::find(f->options.begin(), f->options.end(), fields[f->name].front());
        ASSERT_TRUE(at != f->options.end() && at + 1 != f->options.end()) << last_error;
        fields[f->name] = {*(at + 1)};
      }
      ASSERT_TRUE(first_id.count(kind->kind)) << kind->kind << ": " << last_error;
    }
    pending = later;
  }
  ASSERT_TRUE(pending.empty()) << pending.front()->kind << " links to a kind never made";
  // Refused by rules that have nothing to do with markup (a date before another, a field that
  // needs another): known, and the list is short.
  // Text fields that hold numbers: validated, so markup never gets in. Any other refusal is new.
  std::set<std::string> refused_fields;
  for (const std::string& r : refused) refused_fields.insert(r.substr(0, r.find(':')));
  EXPECT_EQ(refused_fields,
            (std::set<std::string>{"ai_system.min_disparate_impact",
                                   "ai_system.max_parity_difference", "ai_system.psi_limit"}))
      << ::testing::PrintToString(refused);

  // Everything else people and files can put on a page.
  store::ControlDefinition own;
  own.id = "OWN-1";
  own.title = payload("control.title");
  own.description = payload("control.description");
  own.links = {{"iso27001-2022", "A.5.1", domain::Coverage::kFull}};
  ASSERT_TRUE(service::create_control(*ws.value(), own, actor).ok());
  ASSERT_TRUE(service::set_control_owner(*ws.value(), "TEC-13", payload("control.owner"),
                                         std::nullopt, actor)
                  .ok());
  service::EvidenceInput link;
  link.controls = {"TEC-13"};
  link.url = "https://wiki.example/runbook";
  link.note = payload("link.note");
  auto l = service::add_evidence(*ws.value(), link, actor);
  ASSERT_TRUE(l.ok()) << l.status().message();
  ASSERT_TRUE(
      service::review_evidence(*ws.value(), l->id, "rejected", payload("review.note"), actor).ok());
  std::ofstream(dir / "upload.bin") << "bytes";
  service::EvidenceInput file;
  file.controls = {"TEC-13"};
  file.upload = dir / "upload.bin";
  file.upload_name = "<img src=x onerror=alert('upload')>.pdf";
  ASSERT_TRUE(service::add_evidence(*ws.value(), file, actor).ok());
  service::DecisionInput decision;
  decision.framework = "iso27001-2022";
  decision.ref = "A.7.4";
  decision.applicable = false;
  decision.justification = payload("soa.justification");
  decision.reason_note = payload("soa.reason_note");
  ASSERT_TRUE(service::decide(*ws.value(), decision, actor).ok());
  service::CollectorInput col;
  col.id = "hostile";
  col.name = payload("collector.name");
  col.kind = "file";
  col.config_json = json{{"path", "/srv/" + payload("collector.path")}}.dump();
  col.controls = {"TEC-13"};
  const Status collector = service::save_collector(*ws.value(), col, std::nullopt, actor);
  ASSERT_TRUE(collector.ok()) << collector.message();
  ASSERT_TRUE(
      service::create_token(*ws.value(), "viewer", payload("token.label"), std::nullopt, actor)
          .ok());
  std::ofstream(dir / "ci.xml")
      << "<testsuite name=\"&lt;script&gt;alert('junit.suite')&lt;/script&gt;\"><testcase "
         "classname=\"&lt;script&gt;alert('junit.class')&lt;/script&gt;\" "
         "name=\"&lt;img src=x onerror=alert('junit.name')&gt;\"><failure "
         "message=\"&lt;script&gt;alert('junit.message')&lt;/script&gt;\"/></testcase></testsuite>";
  service::ImportRequest imp;
  imp.path = dir / "ci.xml";
  imp.filename = "<img src=x onerror=alert('import.name')>.xml";
  auto imported = service::import_results(*ws.value(), imp, actor);
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  json catalog = json::parse(read_file(CROSSWALK_SOURCE_DIR "/tests/fixtures/oscal/tiny-v1.json"));
  catalog["catalog"]["metadata"]["title"] = payload("oscal.title");
  catalog["catalog"]["groups"][0]["title"] = payload("oscal.group");
  catalog["catalog"]["groups"][0]["controls"][0]["title"] = payload("oscal.control");
  catalog["catalog"]["groups"][0]["controls"][0]["parts"][0]["prose"] = payload("oscal.prose");
  service::FrameworkImportOptions fo;
  fo.framework_id = "hostile";
  fo.name = payload("oscal.name");
  auto framework = service::import_framework_text(
      *ws.value(), "<img src=x onerror=alert('oscal.file')>.json", catalog.dump(), fo, actor, kNow);
  ASSERT_TRUE(framework.ok()) << framework.status().message();

  // Every page an administrator can reach by following links (at most a few per route; every
  // register entry made above), checked for markup that survived.
  const Session admin = session_of("admin");
  std::vector<std::string> queue = {"/",
                                    "/duties",
                                    "/journal?limit=500",
                                    "/users",
                                    "/evidence",
                                    "/imports",
                                    "/findings",
                                    "/collectors",
                                    "/measurements",
                                    "/frameworks",
                                    "/soa/iso27001-2022",
                                    "/controls/OWN-1",
                                    "/controls/TEC-13",
                                    "/frameworks/hostile",
                                    "/frameworks/iso27001-2022/requirements/A.7.4"};
  for (const auto& [kind, id] : first_id) {
    queue.push_back("/registers/" + kind);
    queue.push_back("/registers/" + kind + "/" + id);
  }
  std::set<std::string> seen(queue.begin(), queue.end());
  std::map<std::string, int> per_route;
  std::set<std::string> routes_seen;
  int pages = 0;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const std::string url = queue[i];
    const Response r = as(admin, "GET", url);
    if (r.content_type.rfind("text/html", 0) != 0) continue;
    ++pages;
    for (const Route& route : api->router().routes())
      if (route.method == "GET" && route.page &&
          matches(route.pattern, url.substr(0, url.find_first_of("?#"))))
        routes_seen.insert(route.pattern);
    EXPECT_LT(r.status, 400) << url;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos)
        << url << ": " << r.body.substr(r.body.find("<script>alert"), 80);
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << url;
    // Its links.
    for (std::size_t at = 0; (at = r.body.find("href=\"/", at)) != std::string::npos;) {
      at += 6;
      std::string next = unescape_href(r.body.substr(at, r.body.find('"', at) - at));
      if (next.rfind("/static/", 0) == 0 || next.rfind("/api/", 0) == 0 || next == "/logout" ||
          next.rfind("//", 0) == 0 || !seen.insert(next).second)
        continue;
      const std::string path = next.substr(0, next.find_first_of("?#"));
      for (const Route& route : api->router().routes()) {
        if (route.method != "GET" || !route.page || !matches(route.pattern, path)) continue;
        // Each register kind counts as a route of its own.
        std::string key = route.pattern;
        if (key.find("{kind}") != std::string::npos) key += path.substr(0, path.find('/', 11));
        if (per_route[key]++ < 3) queue.push_back(next);
        break;
      }
    }
  }
  EXPECT_GT(pages, 80);
  for (const char* pattern : {"/registers/{kind}/{id}", "/audits/{id}", "/reviews/{id}",
                              "/documents/{id}", "/courses/{id}", "/incidents/{id}",
                              "/imports/{id}", "/measurements/{id}", "/collectors/{id}"})
    EXPECT_TRUE(routes_seen.count(pattern)) << pattern << " was never linked to";

  // And the markup is really there, escaped: every stored field on its entry's page.
  for (const auto& [kind, fields] : stored) {
    const std::string page = as(admin, "GET", "/registers/" + kind + "/" + first_id[kind]).body;
    for (const std::string& f : fields)
      EXPECT_NE(page.find(escaped(kind + "." + f)), std::string::npos) << kind << "." << f;
  }
  EXPECT_GE(stored.size(), domain::register_kinds().size());
  for (const auto& [url, where] : std::vector<std::pair<std::string, std::string>>{
           {"/controls/OWN-1", "control.description"},
           {"/controls/TEC-13", "control.owner"},
           {"/evidence", "link.note"},
           {"/measurements/" + measured->record.id, "csv.column"},
           {"/collectors/hostile", "collector.name"},
           {"/users", "token.label"},
           {"/frameworks/hostile", "oscal.control"},
           {"/frameworks/iso27001-2022/requirements/A.7.4", "soa.justification"}})
    EXPECT_NE(as(admin, "GET", url).body.find(escaped(where)), std::string::npos)
        << url << " " << where;
}

// ASVS V5.3.3: what a request carries in its path and query and a page repeats is escaped, on
// every page route.
TEST_F(SecurityTest, MarkupInPathsAndQueriesIsEscapedOnEveryPage) {
  const Session admin = session_of("admin");
  const std::string sent = http::percent_encode("<script>alert(1)</script>\"'");
  std::string query;
  for (const char* name :
       {"actor",  "after",     "before", "control", "entity",        "entity_id",   "expiring",
        "format", "framework", "gap",    "import",  "model_version", "next",        "notice",
        "owner",  "page",      "q",      "ran",     "ref",           "requirement", "review",
        "since",  "state",     "status", "tool",    "until"})
    query += std::string(query.empty() ? "?" : "&") + name + "=" + sent;
  int checked = 0;
  for (const Route& route : api->router().routes()) {
    if (!route.page || route.method != "GET") continue;
    const std::string hostile_path =
        std::regex_replace(route.pattern, std::regex("\\{[a-z_]+\\}"), sent);
    for (const std::string& target :
         {hostile_path, hostile_path + query, any_path(route.pattern) + query}) {
      for (const Session* s : {&admin, static_cast<const Session*>(nullptr)}) {
        const Response r = s ? as(*s, "GET", target) : call("GET", target);
        EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << target;
        EXPECT_EQ(header(r, "Location").find_first_of("<>\"\r\n"), std::string::npos) << target;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 200);
  // Unknown pages repeat the path.
  const Response r = as(admin, "GET", "/nothing/" + sent);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

// The CLI's files (ASVS V12.3.x): what `evidence add` accepts, and where exports go.
class SecurityCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db.export_to_child_processes();
    data = dir / "data";
    cw("init");
    cw("control adopt ORG-01");
  }
  // Runs the CLI with a time limit: its exit code and its output, both streams.
  std::pair<int, std::string> cw(const std::string& args) {
    const std::string out = dir / "out.txt";
    const int status = std::system(("timeout 20 " + std::string(CROSSWALK_BINARY) + " --data " +
                                    data + " " + args + " >" + out + " 2>&1")
                                       .c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out)};
  }
  testing::TempDir dir;
  testing::TestDatabase db;
  std::string data;
};

TEST_F(SecurityCliTest, EvidenceAddTakesRegularFilesOnlyAndNeverWaitsOnAFifo) {
  const std::string fifo = dir / "pipe", folder = dir / "folder", link = dir / "link";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_directory(folder);
  fs::create_directory_symlink(folder, link);
  for (const std::string& path : {fifo, folder, link, std::string("/dev/null")}) {
    const auto start = std::chrono::steady_clock::now();
    const auto [code, out] = cw("evidence add --control ORG-01 --file " + path);
    EXPECT_EQ(code, 2) << path << ": " << out;
    EXPECT_NE(out.find("not a regular file"), std::string::npos) << path << ": " << out;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << path;
  }
  EXPECT_EQ(cw("evidence list --json").second.find("\"id\""), std::string::npos)
      << "nothing was recorded";
}

TEST_F(SecurityCliTest, ExportsReplaceASymlinkAtTheirPathAndNeverWriteThroughIt) {
  std::ofstream(dir / "policy.txt") << "information security policy";
  ASSERT_EQ(cw("evidence add --control ORG-01 --file " + (dir / "policy.txt")).first, 0);
  const std::string id = json::parse(cw("evidence list --json").second)[0]["id"];
  const std::string precious = dir / "precious.txt";
  const std::vector<std::pair<std::string, std::string>> exports = {
      {"oscal.json", "export oscal catalog --framework iso27001-2022 --out "},
      {"pack.zip", "export audit-pack --framework iso27001-2022 --out "},
      {"soa.csv", "soa export iso27001-2022 --out "},
      {"evidence.txt", "evidence export " + id + " --out "},
  };
  for (const auto& [name, command] : exports) {
    SCOPED_TRACE(name);
    std::ofstream(precious) << "do not overwrite";
    const std::string out = dir / name;
    fs::remove(out);
    fs::create_symlink(precious, out);
    const auto [code, text] = cw(command + out);
    ASSERT_EQ(code, 0) << text;
    EXPECT_EQ(read_file(precious), "do not overwrite");
    EXPECT_FALSE(fs::is_symlink(out));
    EXPECT_TRUE(fs::is_regular_file(out));
    // Into a directory that does not exist: a clear failure, nothing made.
    const std::string missing = dir / ("missing/" + name);
    const auto [failed, why] = cw(command + missing);
    EXPECT_NE(failed, 0) << why;
    EXPECT_NE(why.find(missing.substr(0, missing.rfind('/'))), std::string::npos) << why;
    EXPECT_FALSE(fs::exists(dir / "missing"));
  }
}

}  // namespace
}  // namespace crosswalk::web
