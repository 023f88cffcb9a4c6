// The API in process: every route with every role and anonymously, and the JSON contract.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "common/sha256.h"
#include "http/api.h"
#include "http/server.h"
#include "service/accounts.h"
#include "service/applicability.h"
#include "service/audit_pack.h"
#include "service/collectors.h"
#include "service/controls.h"
#include "service/evidence.h"
#include "service/framework_import.h"
#include "service/imports.h"
#include "service/measurement_runs.h"
#include "service/registers.h"
#include "service/setup.h"
#include "service/soa.h"

namespace crosswalk::http {
namespace {

using json = nlohmann::json;
constexpr domain::Timestamp kNow = 1'800'000'000;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    options.db_url = db.url();
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
    std::ofstream(dir / "policy.txt") << "information security policy v1";
    service::EvidenceInput file;
    file.controls = {"ORG-01"};
    file.file = dir / "policy.txt";
    auto stored = service::add_evidence(*ws.value(), file, actor);
    ASSERT_TRUE(stored.ok()) << stored.status().message();
    file_evidence_id = stored->id;
    std::ofstream(dir / "ci.xml")
        << R"(<testsuite name="ci"><testcase classname="backup" name="restore"/></testsuite>)";
    service::ImportRequest ci;
    ci.path = dir / "ci.xml";
    auto imported = service::import_results(*ws.value(), ci, actor);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    import_id = imported->record.id;
    std::ofstream(dir / "data.csv") << "age,city\n34,Oslo\n51,Rome\n";
    auto run = service::run_quality({dir / "data.csv", "data.csv"}, {});
    ASSERT_TRUE(run.ok()) << run.status().message();
    run->request.subject = "customer table";
    auto measured = service::record_measurement(*ws.value(), run->request, actor);
    ASSERT_TRUE(measured.ok()) << measured.status().message();
    measurement_id = measured->record.id;
    for (const char* id : {"docs", "spare"}) {  // "spare" is for DELETE
      service::CollectorInput c;
      c.id = id;
      c.name = "Policy document";
      c.kind = "file";
      c.config_json = R"({"path":")" + dir / "policy.txt" + R"("})";
      c.controls = {"ORG-01"};
      ASSERT_TRUE(service::save_collector(*ws.value(), c, std::nullopt, actor).ok());
    }
    for (const service::SaveEntry& entry : std::vector<service::SaveEntry>{
             {"asset",
              "",
              {{"name", {"Laptops"}}, {"type", {"hardware"}}, {"owner", {"IT"}}},
              std::nullopt,
              false},
             {"ai_system",
              "",
              {{"name", {"Credit scoring"}},
               {"purpose", {"score loans"}},
               {"role", {"deployer"}},
               {"lifecycle_stage", {"deployed"}},
               {"owner", {"Priya"}}},
              std::nullopt,
              false},
             {"impact_assessment",
              "",
              {{"title", {"Credit 2026"}},
               {"ai_system", {"AIS-1"}},
               {"scope", {"loans"}},
               {"affected", {"applicants"}},
               {"harms", {"4/2 older applicants refused more often"}}},
              std::nullopt,
              false},
             {"audit",
              "",
              {{"title", {"Access"}},
               {"frameworks", {"iso27001-2022"}},
               {"scope", {"everything"}},
               {"lead_auditor", {"Ana"}},
               {"planned_start", {"2020-01-01"}},
               {"status", {"in-progress"}}},
              std::nullopt,
              false},
             {"management_review",
              "",
              {{"title", {"Review 2020"}},
               {"frameworks", {"iso27001-2022", "iso42001-2023"}},
               {"meeting_date", {"2020-01-03"}},
               {"chair", {"Dana"}},
               {"status", {"planned"}}},
              std::nullopt,
              false},
             {"person", "", {{"name", {"Ana"}}, {"job_roles", {"engineer"}}}, std::nullopt, false},
             {"document",
              "",
              {{"title", {"Security policy"}},
               {"type", {"policy"}},
               {"version", {"1.0"}},
               {"owner", {"CISO"}},
               {"audience", {"everyone"}},
               {"review_every_months", {"12"}}},
              std::nullopt,
              false},
             {"course",
              "",
              {{"title", {"Awareness"}},
               {"topic", {"security-awareness"}},
               {"version", {"1"}},
               {"version_date", {"2020-01-01"}},
               {"required_for", {"everyone"}},
               {"owner", {"CISO"}}},
              std::nullopt,
              false},
             {"incident",
              "",
              {{"title", {"Phishing"}},
               {"category", {"security"}},
               {"type", {"phishing"}},
               {"severity", {"high"}},
               {"status", {"reported"}},
               {"description", {"a fake login page"}},
               {"detected_on", {"2020-01-02"}},
               {"reported_by", {"Ana"}},
               {"handler", {"Sam"}},
               {"personal_data", {"yes"}}},
              std::nullopt,
              false}}) {
      auto saved = service::save_entry(*ws.value(), entry, actor);
      ASSERT_TRUE(saved.ok()) << saved.status().message();
    }
    auto expired =
        service::create_token(*ws.value(), "admin", "old", 1, {"test", kNow - 2 * 86400});
    ASSERT_TRUE(expired.ok());
    expired_token = expired->secret;
    ASSERT_TRUE(
        service::add_user(*ws.value(), "leaver", "viewer", "a long enough passphrase", actor).ok());
    auto spare = service::create_token(*ws.value(), "viewer", "to revoke", std::nullopt, actor);
    ASSERT_TRUE(spare.ok());
    revocable_token = spare->record.id;
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
  testing::TestDatabase db;
  service::WorkspaceOptions options;
  std::map<std::string, std::string> tokens;
  std::string expired_token;
  std::string revocable_token;   // DELETE /api/v1/tokens/{id} revokes it
  std::string evidence_id;       // a note
  std::string file_evidence_id;  // a stored file
  std::string import_id;         // a JUnit file imported
  std::string measurement_id;    // data quality of a two-row table
  domain::Timestamp now = kNow;
  std::ostringstream log;
  std::unique_ptr<Api> api;
};

// A concrete path for a route pattern.
std::string concrete(std::string path, const std::string& evidence_id,
                     const std::string& file_evidence_id, const std::string& token_id) {
  if (path == "/api/v1/registers/{kind}") path = "/api/v1/registers/asset";
  if (path == "/api/v1/registers/{kind}/{id}") path = "/api/v1/registers/asset/ASSET-1";
  if (path == "/api/v1/registers/{kind}/{id}/history")
    path = "/api/v1/registers/asset/ASSET-1/history";
  if (path == "/api/v1/impact-assessments/{id}/risks")
    path = "/api/v1/impact-assessments/AIIA-1/risks";
  if (path == "/api/v1/ai-systems/{id}/card")
    path = "/api/v1/ai-systems/AIS-1/card?model_version=v1";
  if (path == "/api/v1/evidence/{id}/file") path.replace(17, 4, file_evidence_id);
  if (path.rfind("/api/v1/evidence/{id}", 0) == 0) path.replace(17, 4, evidence_id);
  if (path == "/api/v1/tokens/{id}") path = "/api/v1/tokens/" + token_id;
  if (path.rfind("/api/v1/audits/{id}", 0) == 0) path.replace(15, 4, "AUDIT-1");
  if (path.rfind("/api/v1/management-reviews/{id}", 0) == 0) path.replace(27, 4, "MR-1");
  if (path == "/api/v1/documents/{id}") path = "/api/v1/documents/DOC-1";
  if (path == "/api/v1/courses/{id}") path = "/api/v1/courses/COURSE-1";
  if (path == "/api/v1/incidents/{id}") path = "/api/v1/incidents/INC-1";
  if (path == "/api/v1/soa/{scope}/export") path = "/api/v1/soa/iso27001-2022/export?format=xlsx";
  if (path.rfind("/api/v1/soa/{scope}", 0) == 0) path.replace(12, 7, "iso27001-2022");
  if (path == "/api/v1/soa/iso27001-2022/versions/{version}")
    path = "/api/v1/soa/iso27001-2022/versions/1";
  if (path == "/api/v1/frameworks/{id}/oscal/{model}")
    path = "/api/v1/frameworks/iso27001-2022/oscal/assessment-results";
  if (path == "/api/v1/oscal/{model}") path = "/api/v1/oscal/mapping-collection";
  if (path == "/api/v1/users/{name}/role") path = "/api/v1/users/viewer/role";
  if (path == "/api/v1/users/{name}") path = "/api/v1/users/leaver";
  for (const auto& [param, value] : std::vector<std::pair<std::string, std::string>>{
           {"{framework}", "iso27001-2022"}, {"{ref}", "A.7.4"}, {"{id}", "AI-01"}}) {
    const auto at = path.find(param);
    if (at != std::string::npos) path.replace(at, param.size(), value);
  }
  if (path == "/api/v1/frameworks/AI-01") path = "/api/v1/frameworks/iso42001-2023";
  if (path == "/api/v1/frameworks/AI-01/requirements/A.7.4")
    path = "/api/v1/frameworks/iso27001-2022/requirements/A.7.4";
  return path;
}

// A valid body for each route that takes one.
std::string sample_body(const Route& route) {
  static const std::map<std::string, std::string> bodies = {
      {"/api/v1/controls/{id}/status", R"({"implementation":"planned"})"},
      {"/api/v1/controls/{id}/owner", R"({"owner":"Platform team"})"},
      {"/api/v1/controls",
       R"({"id":"OWN-{role}","title":"Model release board","requirements":[{"framework":"iso42001-2023","ref":"A.6.2.5","coverage":"partial"}]})"},
      {"/api/v1/controls/{id}",
       R"({"title":"AI policy","description":"rewritten","requirements":[{"framework":"iso42001-2023","ref":"A.2.2"}]})"},
      {"/api/v1/controls/adopt", R"({"templates":["AI-01"]})"},
      {"/api/v1/evidence/{id}/review", R"({"review":"accepted"})"},
      {"/api/v1/evidence",
       R"({"controls":["AI-01"],"note":"screenshot of the model card","valid_days":30})"},
      {"/api/v1/requirements/{framework}/{ref}/decision",
       R"({"applicable":false,"justification":"no premises"})"},
      {"/api/v1/users",
       R"({"name":"newcomer","role":"viewer","password":"a long enough passphrase"})"},
      {"/api/v1/tokens", R"({"user":"viewer","label":"ci"})"},
      {"/api/v1/users/{name}/role", R"({"role":"viewer"})"},
      {"/api/v1/session", R"({"name":"viewer","password":"a long enough passphrase"})"},
      {"/api/v1/check-results",
       R"({"check":"ci:walk","control":"AI-01","name":"Walk","outcome":"pass"})"},
      {"/api/v1/collectors/{id}",
       R"({"name":"Policy document","kind":"file","config":{"path":"/srv/policy.pdf"},"controls":["ORG-01"]})"},
      {"/api/v1/registers/{kind}",
       R"({"fields":{"name":"Laptop of {role}","type":"hardware","owner":"IT"}})"},
      {"/api/v1/audits/{id}/checks",
       R"({"fields":{"requirement":"iso27001-2022:A.7.4","result":"conforming","checked_by":"{role}","checked_on":"2020-01-02"}})"},
      {"/api/v1/audits/{id}/findings",
       R"({"fields":{"title":"Seen by {role}","type":"observation","statement":"seen","raised_by":"Ana","raised_on":"2020-01-02"}})"},
      {"/api/v1/registers/{kind}/{id}",
       R"({"fields":{"name":"Laptops","type":"hardware","owner":"IT desk"}})"},
  };
  auto it = bodies.find(route.pattern);
  return route.method == "GET" ? "" : it == bodies.end() ? "{}" : it->second;
}

const std::string kBoundary = "----cw-test-7MA4YWxkTrZu0gW";
const std::map<std::string, std::string> kMultipart = {
    {"content-type", "multipart/form-data; boundary=" + kBoundary}};

// A multipart/form-data body: text fields, then files as (field, filename, content).
std::string form_body(
    const std::vector<std::pair<std::string, std::string>>& fields,
    const std::vector<std::tuple<std::string, std::string, std::string>>& files = {}) {
  std::string out;
  for (const auto& [name, value] : fields)
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
  for (const auto& [name, filename, content] : files)
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
           "\"; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
           content + "\r\n";
  return out + "--" + kBoundary + "--\r\n";
}

struct Sample {
  std::string body;
  std::map<std::string, std::string> headers;
};

std::string tiny_catalog() {
  std::ifstream in(CROSSWALK_SOURCE_DIR "/tests/fixtures/oscal/tiny-v1.json");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The requests each route is tried with: POST /api/v1/evidence takes JSON and multipart.
std::vector<Sample> samples(const Route& route) {
  if (route.method == "POST" && route.pattern == "/api/v1/frameworks/import")
    return {{form_body({{"id", "tiny-{role}"}}, {{"file", "tiny-v1.json", tiny_catalog()}}),
             kMultipart}};
  if (route.method == "POST" && route.pattern == "/api/v1/imports")
    return {{form_body({}, {{"file", "ci.xml",
                             R"(<testsuite name="ci"><testcase name="t"/></testsuite>)"}}),
             kMultipart}};
  if (route.method == "POST" && route.pattern == "/api/v1/measurements")
    return {{form_body({{"kind", "quality"}, {"subject", "customer table"}},
                       {{"data", "data.csv", "age,city\n34,Oslo\n51,Rome\n"}}),
             kMultipart}};
  std::vector<Sample> out{{sample_body(route), {}}};
  if (route.method == "POST" && route.pattern == "/api/v1/evidence")
    out.push_back(
        {form_body({{"control", "AI-01"}}, {{"file", "card.pdf", "model card"}}), kMultipart});
  return out;
}

TEST_F(ApiTest, EveryRouteWithEveryRoleIsAllowedOrDeniedByThePolicyTable) {
  ASSERT_GE(api->router().routes().size(), 18u);
  // An approved version of the SoA to read back, and a way to change it before each approval.
  auto change_soa = [&](const std::string& note) {
    auto ws = service::Workspace::open(options, false);
    ASSERT_TRUE(ws.ok());
    service::DecisionInput in;
    in.framework = "iso27001-2022";
    in.ref = "A.5.1";
    in.reason_note = note;
    ASSERT_TRUE(service::decide(*ws.value(), in, {"test", kNow}).ok());
  };
  {
    change_soa("first");
    auto ws = service::Workspace::open(options, false);
    ASSERT_TRUE(service::approve_soa(*ws.value(), "iso27001-2022", {"test", kNow}, kNow).ok());
  }
  for (const Route& route : api->router().routes()) {
    std::string path = concrete(route.pattern, evidence_id, file_evidence_id, revocable_token);
    if (route.pattern == "/api/v1/imports/{id}") path = "/api/v1/imports/" + import_id;
    if (route.pattern == "/api/v1/measurements/{id}")
      path = "/api/v1/measurements/" + measurement_id;
    if (route.pattern.rfind("/api/v1/collectors/{id}", 0) == 0)
      path.replace(19, 5, route.method == "DELETE" ? "spare" : "docs");
    for (const auto& [body, headers] : samples(route)) {
      const Response anonymous = call(route.method, path, "", body, "", headers);
      if (!route.action) {
        EXPECT_LT(anonymous.status, 400) << route.method << " " << path << " should be public";
        continue;
      }
      EXPECT_EQ(anonymous.status, 401) << route.method << " " << path;
      EXPECT_EQ(call(route.method, path, "cwt_not-a-real-token", body, "", headers).status, 401)
          << path;
      EXPECT_EQ(call(route.method, path, expired_token, body, "", headers).status, 401)
          << "expired token on " << path;
      for (const auto& [role, token] : tokens) {
        std::string role_body = body;  // {role} makes a creation unique per caller
        if (auto at = role_body.find("{role}"); at != std::string::npos)
          role_body.replace(at, 6, role);
        std::string role_path = path;
        std::string if_match;
        // Changing or removing an entry needs its version: each caller gets a fresh entry.
        if (route.pattern == "/api/v1/registers/{kind}/{id}" && route.method != "GET") {
          auto ws = service::Workspace::open(options, false);
          auto fresh =
              service::save_entry(*ws.value(),
                                  {"asset",
                                   "",
                                   {{"name", {"Spare"}}, {"type", {"hardware"}}, {"owner", {"IT"}}},
                                   std::nullopt,
                                   false},
                                  {"test", kNow});
          ASSERT_TRUE(fresh.ok()) << fresh.status().message();
          role_path = "/api/v1/registers/asset/" + fresh->id;
          if_match = "\"1\"";
        }
        if (route.pattern == "/api/v1/soa/{scope}/approve") change_soa("by " + role);
        // Removing a framework: each caller gets an imported one of its own.
        if (route.pattern == "/api/v1/frameworks/{id}" && route.method == "DELETE") {
          auto ws = service::Workspace::open(options, false);
          service::FrameworkImportOptions o;
          o.framework_id = "gone-" + role;
          ASSERT_TRUE(service::import_framework_text(*ws.value(), "tiny.json", tiny_catalog(), o,
                                                     {"test", kNow}, kNow)
                          .ok());
          role_path = "/api/v1/frameworks/gone-" + role;
        }
        const Response r = call(route.method, role_path, token, role_body, if_match, headers);
        if (domain::allows(*domain::parse_role(role), *route.action))
          EXPECT_TRUE(r.status == 200 || r.status == 201 || r.status == 204)
              << role << " " << route.method << " " << path << ": " << r.status << " " << r.body;
        else
          EXPECT_EQ(r.status, 403) << role << " " << route.method << " " << path;
      }
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
                                                {400, "/api/v1/evidence?offset=-1"},
                                                {400, "/api/v1/evidence?offset=99999999999999"},
                                                {400, "/api/v1/evidence?limit=+5"},
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
  EXPECT_EQ(call("POST", "/api/v1/controls/adopt", tokens["admin"], R"({"all":"yes"})").status,
            400);
  // A field of the wrong JSON type is a 400 that names it, not a 500 (fuzz/regressions).
  const Response coverage_number =
      call("POST", "/api/v1/controls", tokens["admin"],
           R"({"id":"OWN-9","title":"T","requirements":[)"
           R"({"framework":"iso27001-2022","ref":"A.5.1","coverage":1}]})");
  EXPECT_EQ(coverage_number.status, 400);
  EXPECT_NE(coverage_number.body.find("requirements[0].coverage: full or partial"),
            std::string::npos)
      << coverage_number.body;
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

TEST_F(ApiTest, AdminsChangeRolesAndRemoveUsersButNeverTheLastAdmin) {
  const std::string admin = tokens["admin"];
  Response r = call("PUT", "/api/v1/users/admin/role", admin, R"({"role":"viewer"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("only administrator"), std::string::npos) << r.body;
  EXPECT_EQ(call("DELETE", "/api/v1/users/admin", admin).status, 409);
  EXPECT_EQ(call("PUT", "/api/v1/users/viewer/role", admin, R"({"role":"owner"})").status, 400);
  EXPECT_EQ(call("PUT", "/api/v1/users/nobody/role", admin, R"({"role":"viewer"})").status, 404);

  // The manager becomes an administrator; then the first one may step down.
  ASSERT_EQ(call("PUT", "/api/v1/users/manager/role", admin, R"({"role":"admin"})").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/users", tokens["manager"]).status, 200);
  ASSERT_EQ(
      call("PUT", "/api/v1/users/admin/role", tokens["manager"], R"({"role":"viewer"})").status,
      200);
  EXPECT_EQ(call("GET", "/api/v1/users", admin).status, 403) << "the role applies at once";

  // A removed user's token stops working at once.
  EXPECT_EQ(call("GET", "/api/v1/readiness", tokens["contributor"]).status, 200);
  ASSERT_EQ(call("DELETE", "/api/v1/users/contributor", tokens["manager"]).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/readiness", tokens["contributor"]).status, 401);
  const json journal = json::parse(call("GET", "/api/v1/journal?limit=500", admin).body);
  int role_changes = 0, removals = 0;
  for (const auto& e : journal["items"]) {
    role_changes += e["action"] == "user.set_role";
    removals += e["action"] == "user.remove";
  }
  EXPECT_EQ(role_changes, 2);
  EXPECT_EQ(removals, 1);
}

TEST_F(ApiTest, ARequirementComesWithItsControlsAndItsCounterpartInTheOtherStandard) {
  const std::string viewer = tokens["viewer"];
  Response r = call("GET", "/api/v1/frameworks/iso42001-2023/requirements/7.5.2", viewer);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["title"], "Creating and updating documented information");
  ASSERT_EQ(j["counterparts"].size(), 1u);
  EXPECT_EQ(j["counterparts"][0]["framework"], "iso27001-2022");
  EXPECT_EQ(j["counterparts"][0]["relation"], "equal");
  EXPECT_EQ(j["counterparts"][0]["requirements"][0]["ref"], "7.5.2");
  EXPECT_FALSE(j["controls"].empty());
  // Read from the other side, the same mapping appears.
  j = json::parse(call("GET", "/api/v1/frameworks/iso27001-2022/requirements/7.5.2", viewer).body);
  bool found = false;
  for (const auto& c : j["counterparts"])
    found |= c["framework"] == "iso42001-2023" && c["requirements"][0]["ref"] == "7.5.2";
  EXPECT_TRUE(found);
  EXPECT_EQ(call("GET", "/api/v1/frameworks/iso27001-2022/requirements/A.99", viewer).status, 404);
  // The gap says how much rests on controls shared with ISO 27001.
  j = json::parse(call("GET", "/api/v1/gap", viewer).body);
  EXPECT_TRUE(j["shared"]["own_work"].is_array());
  EXPECT_EQ(j["shared"]["met_by_shared_controls"], 0) << "nothing is implemented yet";
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

class EvidenceFileTest : public ApiTest {
 protected:
  std::string vault() const { return options.data_dir + "/vault"; }
  // Blobs in the vault (not counting vault/tmp), and files in vault/tmp.
  std::size_t blobs() const {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(vault()))
      n += e.is_regular_file() && e.path().parent_path() != vault() + "/tmp";
    return n;
  }
  std::size_t temp_files() const {
    std::error_code ec;
    std::size_t n = 0;
    for (auto it = std::filesystem::directory_iterator(vault() + "/tmp", ec);
         it != std::filesystem::directory_iterator(); ++it)
      ++n;
    return n;
  }
  std::int64_t evidence_total() {
    return json::parse(call("GET", "/api/v1/evidence", tokens["viewer"]).body)["total"];
  }
  std::int64_t journal_seq() {
    auto ws = service::Workspace::open(options, false);
    EXPECT_TRUE(ws.ok());
    return ws.value()->store().journal_seq().value();
  }
  Response upload(const std::string& body, const std::string& token) {
    return call("POST", "/api/v1/evidence", token, body, "", kMultipart);
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST_F(EvidenceFileTest, UploadedFileComesBackByteForByte) {
  std::string content;
  for (int i = 0; i < 100'000; ++i) content.push_back(static_cast<char>((i * 7919) % 256));
  content += "\r\n--" + kBoundary.substr(0, 10);  // ends like a boundary, but is not one
  const std::string body = form_body({{"control", "AI-01"},
                                      {"control", "AI-02"},
                                      {"valid_days", "30"},
                                      {"note", "signed by the board"}},
                                     {{"file", "C:\\scans\\r\xC3\xA9sum\xC3\xA9 v2.pdf", content}});
  // The server hands multipart bodies over in a file: do the same.
  std::filesystem::create_directories(vault() + "/tmp");
  const std::string body_file = vault() + "/tmp/upload-test-body";
  std::ofstream(body_file, std::ios::binary) << body;
  Request req;
  req.method = "POST";
  req.path = "/api/v1/evidence";
  req.headers = kMultipart;
  req.headers["authorization"] = "Bearer " + tokens["contributor"];
  req.body_file = body_file;
  const Response created = api->handle(req);
  std::filesystem::remove(body_file);  // as the server does
  ASSERT_EQ(created.status, 201) << created.body;
  const json e = json::parse(created.body);
  EXPECT_EQ(e["kind"], "file");
  EXPECT_EQ(e["filename"], "r\xC3\xA9sum\xC3\xA9 v2.pdf");
  EXPECT_EQ(e["size"], content.size());
  EXPECT_EQ(e["sha256"], sha256_hex(content));
  EXPECT_EQ(e["controls"], json::array({"AI-01", "AI-02"}));
  EXPECT_EQ(e["note"], "signed by the board");
  EXPECT_EQ(e["valid_until"], "2027-02-14T08:00:00Z");
  EXPECT_EQ(temp_files(), 0u);

  // The listing shows the same item.
  const json listed =
      json::parse(call("GET", "/api/v1/evidence?control=AI-02", tokens["viewer"]).body);
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0], e);

  const Response file =
      call("GET", "/api/v1/evidence/" + e["id"].get<std::string>() + "/file", tokens["auditor"]);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.content_type, "application/octet-stream");
  EXPECT_EQ(read_file(file.body_file), content);
  EXPECT_EQ(header(file, "ETag"), "\"" + sha256_hex(content) + "\"");
  EXPECT_EQ(header(file, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(file, "Content-Disposition"),
            "attachment; filename=\"r_sum_ v2.pdf\"; "
            "filename*=UTF-8''r%C3%A9sum%C3%A9%20v2.pdf");
}

TEST_F(EvidenceFileTest, BadFormsChangeNothing) {
  const std::size_t blobs_before = blobs();
  const std::int64_t total = evidence_total(), seq = journal_seq();
  const std::string file = "the file";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"truncated", form_body({{"control", "AI-01"}}, {{"file", "a.pdf", file}}).substr(0, 150)},
      {"no file", form_body({{"control", "AI-01"}})},
      {"no control", form_body({}, {{"file", "a.pdf", file}})},
      {"two files",
       form_body({{"control", "AI-01"}}, {{"file", "a.pdf", file}, {"file", "b.pdf", file}})},
      {"other file part", form_body({{"control", "AI-01"}}, {{"scan", "a.pdf", file}})},
      {"no file chosen", form_body({{"control", "AI-01"}}, {{"file", "", ""}})},
      {"valid_days",
       form_body({{"control", "AI-01"}, {"valid_days", "soon"}}, {{"file", "a.pdf", file}})},
      {"valid_days <= 0",
       form_body({{"control", "AI-01"}, {"valid_days", "0"}}, {{"file", "a.pdf", file}})},
      {"part without name",
       "--" + kBoundary + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + kBoundary + "--"},
  };
  for (const auto& [what, body] : bad) {
    const Response r = upload(body, tokens["manager"]);
    EXPECT_EQ(r.status, 400) << what << ": " << r.body;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "bad_request") << what;
  }
  const Response unknown =
      upload(form_body({{"control", "AI-01"}, {"control", "NOPE-9"}}, {{"file", "a.pdf", file}}),
             tokens["manager"]);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(json::parse(unknown.body)["error"]["message"].get<std::string>().find("NOPE-9"),
            std::string::npos);
  const Response no_boundary = call("POST", "/api/v1/evidence", tokens["manager"], "x", "",
                                    {{"content-type", "multipart/form-data"}});
  EXPECT_EQ(no_boundary.status, 400);
  EXPECT_NE(no_boundary.body.find("boundary"), std::string::npos) << no_boundary.body;
  const Response wrong_type = call("POST", "/api/v1/evidence", tokens["manager"], "a=b", "",
                                   {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(json::parse(wrong_type.body)["error"]["code"], "unsupported_media_type");

  EXPECT_EQ(evidence_total(), total);
  EXPECT_EQ(journal_seq(), seq);
  EXPECT_EQ(blobs(), blobs_before);
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(EvidenceFileTest, OnlyStoredFilesCanBeDownloaded) {
  const Response note = call("GET", "/api/v1/evidence/" + evidence_id + "/file", tokens["viewer"]);
  EXPECT_EQ(note.status, 404);
  EXPECT_NE(json::parse(note.body)["error"]["message"].get<std::string>().find("no file"),
            std::string::npos)
      << note.body;
  const Response link = call("POST", "/api/v1/evidence", tokens["admin"],
                             R"({"controls":["AI-01"],"url":"https://wiki.example/ai-policy"})");
  ASSERT_EQ(link.status, 201) << link.body;
  const std::string link_id = json::parse(link.body)["id"];
  EXPECT_EQ(call("GET", "/api/v1/evidence/" + link_id + "/file", tokens["viewer"]).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/evidence/EV-000000000000/file", tokens["viewer"]).status, 404);
  const Response stored =
      call("GET", "/api/v1/evidence/" + file_evidence_id + "/file", tokens["viewer"]);
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(read_file(stored.body_file), "information security policy v1");
  EXPECT_EQ(header(stored, "Content-Disposition"), "attachment; filename=\"policy.txt\"");
}

// The API behind the real server in this process: the upload limit, and the upload directory.
TEST_F(EvidenceFileTest, TheServerRefusesUploadsOverItsLimitAndCleansItsUploadDirectory) {
  std::filesystem::create_directories(vault() + "/tmp");
  std::ofstream(vault() + "/tmp/upload-99999999-left-by-a-killed-server") << "partial";
  ServerOptions o;
  o.port = 0;
  o.upload_limit = 1 << 20;
  o.scratch_dir = vault() + "/tmp";
  Server server(o, [this](const Request& r) { return api->handle(r); });
  ASSERT_TRUE(server.listen().ok());
  EXPECT_EQ(temp_files(), 0u);
  std::thread serving([&] { server.run(); });
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/api/v1/evidence";
  auto curl = [&](const std::string& args) {
    std::string out;
    FILE* p = ::popen(("curl -s -H 'Authorization: Bearer " + tokens["contributor"] + "' " + args +
                       " -w ' %{http_code}' " + url)
                          .c_str(),
                      "r");
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
  };
  const std::string big = dir / "big.bin", small = dir / "small.txt";
  std::ofstream(big) << std::string((1 << 20) + 1, 'x');
  std::ofstream(small) << "small evidence";
  const std::string refused = curl("-F control=AI-01 -F file=@" + big);
  EXPECT_NE(refused.find("\"payload_too_large\""), std::string::npos) << refused;
  EXPECT_NE(refused.find(" 413"), std::string::npos) << refused;
  const std::string stored = curl("-F control=AI-01 -F file=@" + small);
  EXPECT_NE(stored.find(" 201"), std::string::npos) << stored;
  EXPECT_NE(stored.find(sha256_hex("small evidence")), std::string::npos) << stored;
  server.stop();
  serving.join();
  EXPECT_EQ(temp_files(), 0u);
}

}  // namespace
}  // namespace crosswalk::http

namespace crosswalk::http {
namespace {

// The risk register over HTTP: ratings in the list, who may accept, If-Match, refusals with the
// field, the heat map, removal refused while named, the model card.
TEST_F(ApiTest, RisksAreRatedAcceptedOnlyByThoseWhoMayAndChangedOnlyWithTheirVersion) {
  Response r = call("POST", "/api/v1/registers/risk", tokens["contributor"],
                    R"({"fields":{"title":"Older applicants refused","category":"ai",
                        "ai_systems":["AIS-1"],"risk_source":"bias","inherent_likelihood":3,
                        "inherent_impact":5,"treatment":"modify","controls":["AI-17"],
                        "residual_likelihood":2,"residual_impact":3,"owner":"Priya"}})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json created = json::parse(r.body);
  const std::string id = created["id"];
  EXPECT_EQ(id, "RISK-1");
  EXPECT_EQ(created["version"], 1);

  json list = json::parse(call("GET", "/api/v1/registers/risk", tokens["viewer"]).body);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["inherent"]["score"], 15);
  EXPECT_EQ(list["items"][0]["inherent"]["level"], "High");
  EXPECT_EQ(list["items"][0]["residual"]["score"], 6);
  EXPECT_EQ(list["items"][0]["status"], "awaiting-acceptance");
  EXPECT_TRUE(list["items"][0]["within_appetite"]);

  json accepted = created["fields"];
  accepted["accepted_by"] = "Dana (COO)";
  accepted["accepted_on"] = "2027-01-14";  // kNow is 2027-01-15
  const std::string body = json{{"fields", accepted}}.dump();
  EXPECT_EQ(call("PUT", "/api/v1/registers/risk/" + id, tokens["manager"], body).status, 428);
  r = call("PUT", "/api/v1/registers/risk/" + id, tokens["contributor"], body, "\"1\"");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("only a manager or administrator may accept a risk"), std::string::npos);
  r = call("PUT", "/api/v1/registers/risk/" + id, tokens["manager"], body, "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["version"], 2);
  r = call("PUT", "/api/v1/registers/risk/" + id, tokens["manager"], body, "\"1\"");
  EXPECT_EQ(r.status, 409) << r.body;
  r = call("GET", "/api/v1/registers/risk/" + id, tokens["viewer"]);
  EXPECT_EQ(json::parse(r.body)["status"], "accepted");

  // Bad input names the field and keeps nothing.
  r = call("POST", "/api/v1/registers/risk", tokens["admin"],
           R"({"fields":{"title":"x","category":"ai","inherent_likelihood":"often"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("field inherent_likelihood"), std::string::npos) << r.body;
  r = call("POST", "/api/v1/registers/risk", tokens["admin"], R"({"fields":{"title":{"a":1}}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(call("POST", "/api/v1/registers/weather", tokens["admin"], R"({"fields":{}})").status,
            404);
  EXPECT_EQ(
      json::parse(call("GET", "/api/v1/registers/risk", tokens["viewer"]).body)["items"].size(),
      1u);

  const json maps =
      json::parse(call("GET", "/api/v1/risks/heatmap?residual=1", tokens["viewer"]).body);
  EXPECT_EQ(maps["items"][0]["rows"][3][2]["risks"], json::array({"RISK-1"}));  // 2 × 3

  // The AI system is named by the risk and the assessment: it stays.
  r = call("DELETE", "/api/v1/registers/ai_system/AIS-1", tokens["admin"], "", "\"1\"");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("still named by"), std::string::npos) << r.body;

  // A manager signs the assessment off; a contributor's later edit of its content is kept, and
  // voids the sign-off rather than being refused.
  json assessment = json::parse(
      call("GET", "/api/v1/registers/impact_assessment/AIIA-1", tokens["viewer"]).body)["fields"];
  assessment["residual_impact"] = "moderate";
  assessment["decision"] = "proceed";
  assessment["signed_off_by"] = "Dana (COO)";
  assessment["signed_off_on"] = "2027-01-14";
  r = call("PUT", "/api/v1/registers/impact_assessment/AIIA-1", tokens["contributor"],
           json{{"fields", assessment}}.dump(), "\"1\"");
  EXPECT_EQ(r.status, 403) << r.body;
  r = call("PUT", "/api/v1/registers/impact_assessment/AIIA-1", tokens["manager"],
           json{{"fields", assessment}}.dump(), "\"1\"");
  ASSERT_EQ(r.status, 200) << r.body;
  assessment["scope"] = "loans and leases";
  r = call("PUT", "/api/v1/registers/impact_assessment/AIIA-1", tokens["contributor"],
           json{{"fields", assessment}}.dump(), "\"2\"");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(json::parse(r.body)["fields"].contains("signed_off_by"));
  EXPECT_NE(json::parse(r.body)["notices"][0].get<std::string>().find("needs a new sign-off"),
            std::string::npos);

  r = call("POST", "/api/v1/impact-assessments/AIIA-1/risks", tokens["contributor"]);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["created"], json::array({"RISK-2"}));

  r = call("GET", "/api/v1/ai-systems/AIS-1/card?model_version=v1", tokens["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/markdown; charset=utf-8");
  EXPECT_NE(r.body.find("| RISK-1 Older applicants refused | bias | 6 Medium |"), std::string::npos)
      << r.body;

  r = call("GET", "/api/v1/ai-systems/AIS-1/card?model_version=v1&format=pdf", tokens["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_EQ(r.body.rfind("%PDF-", 0), 0u);

  // Seven registers of risk and AI governance, five of internal audits, two of management
  // review, five of people, documents and training, two of incidents.
  const json kinds = json::parse(call("GET", "/api/v1/registers", tokens["viewer"]).body);
  EXPECT_EQ(kinds["items"].size(), 21u);
}

TEST_F(ApiTest, AnAuditorDownloadsTheAuditPackAndItVerifies) {
  Response r = call("GET", "/api/v1/audit-pack?framework=iso27001-2022", tokens["auditor"]);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/zip");
  EXPECT_TRUE(r.remove_body_file) << "a scratch file, gone once sent";
  ASSERT_TRUE(std::filesystem::exists(r.body_file));
  auto verdict = service::verify_audit_pack(r.body_file);
  ASSERT_TRUE(verdict.ok()) << verdict.status().message();
  EXPECT_TRUE(verdict->ok);
  EXPECT_EQ(verdict->frameworks, std::vector<std::string>{"iso27001-2022"});
  bool head_sent = false;
  for (const auto& [name, value] : r.headers)
    if (name == "X-Journal-Head") head_sent = value == verdict->journal_head && !value.empty();
  EXPECT_TRUE(head_sent);
  std::filesystem::remove(r.body_file);

  r = call("GET", "/api/v1/audit-pack?framework=iso9001", tokens["auditor"]);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("unknown framework 'iso9001'"), std::string::npos) << r.body;
  EXPECT_EQ(call("GET", "/api/v1/audit-pack", tokens["viewer"]).status, 403);
}

TEST_F(ApiTest, TheJournalIsFilteredByEntityActorAndDays) {
  Response r = call("GET", "/api/v1/journal?entity=management_review", tokens["viewer"]);
  ASSERT_EQ(r.status, 200) << r.body;
  const json items = json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["entity_id"], "MR-1");
  r = call("GET", "/api/v1/journal?entity=management_review&until=2000-01-01", tokens["viewer"]);
  EXPECT_EQ(json::parse(r.body)["items"].size(), 0u);
  r = call("GET", "/api/v1/journal?since=yesterday", tokens["viewer"]);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("since: \\\"yesterday\\\" is not a date"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace crosswalk::http
