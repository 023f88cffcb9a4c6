// The API in process: every route with every role and anonymously, and the JSON contract.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/temp_dir.h"
#include "http/api.h"
#include "service/accounts.h"
#include "service/controls.h"
#include "service/setup.h"

namespace crosswalk::http {
namespace {

using json = nlohmann::json;
constexpr domain::Timestamp kNow = 1'800'000'000;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    auto ws = service::Workspace::open(options, true);
    ASSERT_TRUE(ws.ok()) << ws.status().message();
    auto cat = service::load_source_catalog(options);
    ASSERT_TRUE(cat.ok());
    const store::Actor actor{"test", kNow};
    ASSERT_TRUE(service::initialize(*ws.value(), cat.value(), actor).ok());
    ASSERT_TRUE(service::adopt_templates(*ws.value(), {}, true, actor).ok());
    for (const char* role : {"admin", "manager", "contributor", "auditor", "viewer"}) {
      ASSERT_TRUE(
          service::add_user(*ws.value(), role, role, "a long enough passphrase", actor).ok());
      auto t = service::create_token(*ws.value(), role, "test", std::nullopt, actor);
      ASSERT_TRUE(t.ok());
      tokens[role] = t->secret;
    }
    store::EvidenceRecord e;
    e.kind = "note";
    e.note = "model card v2";
    e.controls = {"AI-01"};
    auto ev = ws.value()->store().add_evidence(e, actor);
    ASSERT_TRUE(ev.ok());
    evidence_id = ev.value();
    auto expired =
        service::create_token(*ws.value(), "admin", "old", 1, {"test", kNow - 2 * 86400});
    ASSERT_TRUE(expired.ok());
    expired_token = expired->secret;
    api = std::make_unique<Api>(
        options, [this] { return now; }, log);
  }

  Response call(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", const std::string& if_match = "",
                const std::map<std::string, std::string>& headers = {}) {
    Request r;
    r.headers = headers;
    r.method = method;
    EXPECT_TRUE(parse_target(target, r.path, r.query)) << target;
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    if (!if_match.empty()) r.headers["if-match"] = if_match;
    r.body = body;
    r.remote = "127.0.0.1";
    return api->handle(r);
  }

  testing::TempDir dir;
  service::WorkspaceOptions options;
  std::map<std::string, std::string> tokens;
  std::string expired_token;
  std::string evidence_id;
  domain::Timestamp now = kNow;
  std::ostringstream log;
  std::unique_ptr<Api> api;
};

// A concrete path for a route pattern.
std::string concrete(std::string path, const std::string& evidence_id) {
  if (path.rfind("/api/v1/evidence/{id}", 0) == 0) path.replace(17, 4, evidence_id);
  for (const auto& [param, value] : std::vector<std::pair<std::string, std::string>>{
           {"{framework}", "iso27001-2022"}, {"{ref}", "A.7.4"}, {"{id}", "AI-01"}}) {
    const auto at = path.find(param);
    if (at != std::string::npos) path.replace(at, param.size(), value);
  }
  if (path == "/api/v1/frameworks/AI-01") path = "/api/v1/frameworks/iso42001-2023";
  return path;
}

// A valid body for each route that takes one.
std::string sample_body(const Route& route) {
  static const std::map<std::string, std::string> bodies = {
      {"/api/v1/controls/{id}/status", R"({"implementation":"planned"})"},
      {"/api/v1/controls/adopt", R"({"templates":["AI-01"]})"},
      {"/api/v1/evidence/{id}/review", R"({"review":"accepted"})"},
      {"/api/v1/evidence",
       R"({"controls":["AI-01"],"note":"screenshot of the model card","valid_days":30})"},
      {"/api/v1/requirements/{framework}/{ref}/decision",
       R"({"applicable":false,"justification":"no premises"})"},
      {"/api/v1/users",
       R"({"name":"newcomer","role":"viewer","password":"a long enough passphrase"})"},
      {"/api/v1/tokens", R"({"user":"viewer","label":"ci"})"},
      {"/api/v1/session", R"({"name":"viewer","password":"a long enough passphrase"})"},
  };
  auto it = bodies.find(route.pattern);
  return route.method == "GET" ? "" : it == bodies.end() ? "{}" : it->second;
}

TEST_F(ApiTest, EveryRouteWithEveryRoleIsAllowedOrDeniedByThePolicyTable) {
  ASSERT_GE(api->router().routes().size(), 18u);
  for (const Route& route : api->router().routes()) {
    const std::string path = concrete(route.pattern, evidence_id);
    const std::string body = sample_body(route);
    const Response anonymous = call(route.method, path, "", body);
    if (!route.action) {
      EXPECT_LT(anonymous.status, 400) << route.method << " " << path << " should be public";
      continue;
    }
    EXPECT_EQ(anonymous.status, 401) << route.method << " " << path;
    EXPECT_EQ(call(route.method, path, "cwt_not-a-real-token", body).status, 401) << path;
    EXPECT_EQ(call(route.method, path, expired_token, body).status, 401)
        << "expired token on " << path;
    for (const auto& [role, token] : tokens) {
      const Response r = call(route.method, path, token, body);
      if (domain::allows(*domain::parse_role(role), *route.action))
        EXPECT_TRUE(r.status == 200 || r.status == 201)
            << role << " " << route.method << " " << path << ": " << r.status << " " << r.body;
      else
        EXPECT_EQ(r.status, 403) << role << " " << route.method << " " << path;
    }
  }
}

TEST_F(ApiTest, ErrorsAreJsonWithCodeAndMessage) {
  for (const auto& [status, target] :
       std::vector<std::pair<int, std::string>>{{404, "/api/v1/nothing-here"},
                                                {404, "/api/v1/frameworks/nist"},
                                                {404, "/api/v1/controls/NOPE"},
                                                {400, "/api/v1/controls?limit=0"},
                                                {400, "/api/v1/controls?limit=abc"},
                                                {400, "/api/v1/gap?assume_source_met=maybe"},
                                                {404, "/api/v1/gap?source=nope"}}) {
    const Response r = call("GET", target, tokens["viewer"]);
    EXPECT_EQ(r.status, status) << target;
    const json j = json::parse(r.body);
    EXPECT_TRUE(j["error"]["code"].is_string()) << r.body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << r.body;
  }
  EXPECT_EQ(call("POST", "/api/v1/readiness", tokens["admin"]).status, 405);
  EXPECT_EQ(
      call("POST", "/api/v1/controls/adopt", tokens["admin"], R"({"templates":["NOPE-1"]})").status,
      404);
  EXPECT_EQ(
      call("POST", "/api/v1/controls/adopt", tokens["admin"], R"({"templates":"AI-01"})").status,
      400);
  EXPECT_EQ(call("POST", "/api/v1/evidence", tokens["admin"], R"({"controls":["NOPE"],"note":"x"})")
                .status,
            404);
  EXPECT_EQ(call("POST", "/api/v1/evidence", tokens["admin"], R"({"controls":"AI-01","note":"x"})")
                .status,
            400);
  EXPECT_EQ(call("POST", "/api/v1/users", tokens["admin"],
                 R"({"name":"viewer","role":"viewer","password":"a long enough passphrase"})")
                .status,
            409);
  EXPECT_EQ(call("POST", "/api/v1/users", tokens["admin"],
                 R"({"name":"zed","role":"root","password":"a long enough passphrase"})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/api/v1/requirements/iso27001-2022/4.1/decision", tokens["admin"],
                 R"({"applicable":false,"justification":"x"})")
                .status,
            400);
  EXPECT_EQ(call("PUT", "/api/v1/requirements/iso27001-2022/A.99.9/decision", tokens["admin"],
                 R"({"applicable":true})")
                .status,
            404);
  EXPECT_EQ(call("PUT", "/api/v1/controls/AI-01/status", tokens["admin"], "not json").status, 400);
  EXPECT_EQ(
      call("PUT", "/api/v1/controls/AI-01/status", tokens["admin"], R"({"implementation":"done"})")
          .status,
      400);
}

TEST_F(ApiTest, TwoEditorsOfOneControlGetAConflictInsteadOfAnOverwrite) {
  const Response before = call("GET", "/api/v1/controls/AI-01", tokens["contributor"]);
  ASSERT_EQ(before.status, 200);
  std::string etag;
  for (const auto& [name, value] : before.headers)
    if (name == "ETag") etag = value;
  ASSERT_EQ(etag, "\"1\"");
  EXPECT_EQ(call("PUT", "/api/v1/controls/AI-01/status", tokens["contributor"],
                 R"({"implementation":"implemented"})", etag)
                .status,
            200);
  const Response second = call("PUT", "/api/v1/controls/AI-01/status", tokens["manager"],
                               R"({"implementation":"planned"})", etag);
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(
      json::parse(call("GET", "/api/v1/controls/AI-01", tokens["viewer"]).body)["implementation"],
      "implemented");
}

TEST_F(ApiTest, ReadinessAndGapMatchTheCliShapes) {
  const json r =
      json::parse(call("GET", "/api/v1/readiness?framework=iso42001-2023", tokens["viewer"]).body);
  ASSERT_EQ(r["items"].size(), 1u);
  EXPECT_EQ(r["items"][0]["applicable"], 70);
  const json g =
      json::parse(call("GET", "/api/v1/gap?assume_source_met=true", tokens["viewer"]).body);
  EXPECT_EQ(g["total"], 70);
  EXPECT_EQ(g["items"].size(), 70u);
  const json page =
      json::parse(call("GET", "/api/v1/controls?limit=10&offset=150", tokens["viewer"]).body);
  EXPECT_EQ(page["total"], 152);
  EXPECT_EQ(page["items"].size(), 2u);
}

// The API caches the assessment; a change by another process or the passing of time must show.
TEST_F(ApiTest, ReadinessFollowsChangesFromElsewhereAndTheClock) {
  auto met = [&] {
    const json r = json::parse(
        call("GET", "/api/v1/readiness?framework=iso42001-2023", tokens["viewer"]).body);
    return r["items"][0]["met"].get<int>();
  };
  EXPECT_EQ(met(), 0);
  {
    auto ws = service::Workspace::open(options, false);
    ASSERT_TRUE(ws.ok());
    const store::Actor actor{"elsewhere", kNow};
    ASSERT_TRUE(
        service::set_control_status(*ws.value(), "AI-23", "implemented", std::nullopt, actor).ok());
    store::EvidenceRecord e;
    e.kind = "note";
    e.note = "data quality report";
    e.collected_at = kNow;
    e.valid_until = kNow + 30 * 86400;
    e.controls = {"AI-23"};
    ASSERT_TRUE(ws.value()->store().add_evidence(e, actor).ok());
  }
  EXPECT_EQ(met(), 1);  // A.7.4, covered by AI-23 alone
  now = kNow + 31 * 86400;
  EXPECT_EQ(met(), 0);  // its evidence expired
}

TEST_F(ApiTest, OpenApiDocumentDescribesEveryRouteWithItsSecurity) {
  const Response r = call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const json doc = json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::size_t operations = 0;
  for (const auto& [path, methods] : doc["paths"].items()) operations += methods.size();
  EXPECT_EQ(operations, api->router().routes().size());
  for (const Route& route : api->router().routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    const json& op = doc["paths"][route.pattern][method];
    ASSERT_TRUE(op.is_object()) << route.method << " " << route.pattern;
    EXPECT_FALSE(op["summary"].get<std::string>().empty());
    EXPECT_EQ(op.contains("security"), route.action.has_value()) << route.pattern;
    if (route.pattern.find('{') != std::string::npos) {
      EXPECT_EQ(op["parameters"][0]["in"], "path");
    }
  }
}

std::string header(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

TEST_F(ApiTest, SignInGivesAnHttpOnlySessionThatNeedsCsrfForChangesAndEndsOnSignOut) {
  const Response bad =
      call("POST", "/api/v1/session", "", R"({"name":"manager","password":"wrong password!!"})");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(header(bad, "Set-Cookie"), "");
  const Response in = call("POST", "/api/v1/session", "",
                           R"({"name":"manager","password":"a long enough passphrase"})");
  ASSERT_EQ(in.status, 200) << in.body;
  const std::string set_cookie = header(in, "Set-Cookie");
  for (const char* flag : {"HttpOnly", "SameSite=Strict", "Path=/"})
    EXPECT_NE(set_cookie.find(flag), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP here
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = json::parse(in.body)["csrf_token"];
  const std::map<std::string, std::string> with_cookie = {{"cookie", "theme=dark; " + cookie}};

  EXPECT_EQ(json::parse(call("GET", "/api/v1/session", "", "", "", with_cookie).body)["user"],
            "manager");
  const std::string change = R"({"implementation":"planned"})";
  const Response no_csrf =
      call("PUT", "/api/v1/controls/AI-02/status", "", change, "", with_cookie);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(json::parse(no_csrf.body)["error"]["code"], "csrf");
  auto with_csrf = with_cookie;
  with_csrf["x-csrf-token"] = csrf;
  EXPECT_EQ(call("PUT", "/api/v1/controls/AI-02/status", "", change, "", with_csrf).status, 200);

  EXPECT_EQ(call("DELETE", "/api/v1/session", "", "", "", with_csrf).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/session", "", "", "", with_cookie).status, 401);

  // Behind a TLS-terminating proxy the cookie is Secure.
  const Response tls = call("POST", "/api/v1/session", "",
                            R"({"name":"viewer","password":"a long enough passphrase"})", "",
                            {{"x-forwarded-proto", "https"}});
  EXPECT_NE(header(tls, "Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(ApiTest, RepeatedFailedSignInsAreRateLimited) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        call("POST", "/api/v1/session", "", R"({"name":"auditor","password":"guess number one"})")
            .status,
        401);
  const Response limited = call("POST", "/api/v1/session", "",
                                R"({"name":"auditor","password":"a long enough passphrase"})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(header(limited, "Retry-After"), "900");
  now += 16 * 60;  // the window has passed
  EXPECT_EQ(call("POST", "/api/v1/session", "",
                 R"({"name":"auditor","password":"a long enough passphrase"})")
                .status,
            200);
}

TEST_F(ApiTest, ResponsesCarrySecurityHeadersAndRequestsAreLogged) {
  const Response r = call("GET", "/healthz");
  std::map<std::string, std::string> h(r.headers.begin(), r.headers.end());
  EXPECT_EQ(h["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(h["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
  call("GET", "/api/v1/readiness", tokens["auditor"]);
  const std::string last = log.str().substr(log.str().rfind('{'));
  const json line = json::parse(last);
  EXPECT_EQ(line["route"], "/api/v1/readiness");
  EXPECT_EQ(line["user"], "auditor");
  EXPECT_EQ(line["status"], 200);
  const std::string metrics = call("GET", "/metrics").body;
  EXPECT_NE(metrics.find("crosswalk_http_requests_total{method=\"GET\",route=\"/api/v1/"
                         "readiness\",status=\"200\"} 1"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("crosswalk_readiness_percent{framework=\"iso42001-2023\"} 0"),
            std::string::npos);
}

}  // namespace
}  // namespace crosswalk::http
