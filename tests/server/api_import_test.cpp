// The automated-evidence API in process: uploads of tools' results, pushed check results, import-
// scoped tokens (from the API and the CLI) and collectors, on the real Prowler sample.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/golden.h"
#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "http/api.h"
#include "serve_process.h"
#include "service/accounts.h"
#include "service/controls.h"
#include "service/setup.h"

namespace crosswalk::http {
namespace {

using json = nlohmann::json;
constexpr domain::Timestamp kNow = 1'800'000'000;  // 2027-01-15T08:00:00Z
const std::string kProwlerGcp = testing::sample("ocsf/prowler-example_output_gcp.ocsf.json");
const std::string kBoundary = "----cw-import-test-4kq8X";
const std::map<std::string, std::string> kMultipart = {
    {"content-type", "multipart/form-data; boundary=" + kBoundary}};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A multipart/form-data body: text fields, then one file part `file`.
std::string form(const std::vector<std::pair<std::string, std::string>>& fields,
                 const std::string& filename, const std::string& content) {
  std::string out;
  for (const auto& [name, value] : fields)
    out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
  out += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
         filename + "\"\r\nContent-Type: application/json\r\n\r\n" + content + "\r\n";
  return out + "--" + kBoundary + "--\r\n";
}

const std::string kJunit =
    R"(<testsuite name="ci" tests="1"><testcase classname="backup" name="restore"/></testsuite>)";

class ApiImportTest : public ::testing::Test {
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
    for (const char* role : {"admin", "manager", "contributor", "viewer"}) {
      ASSERT_TRUE(
          service::add_user(*ws.value(), role, role, "a long enough passphrase", actor).ok());
      auto t = service::create_token(*ws.value(), role, "test", std::nullopt, actor);
      ASSERT_TRUE(t.ok());
      tokens[role] = t->secret;
    }
    api = std::make_unique<Api>(
        options, [] { return kNow; }, log);
  }

  Response call(const std::string& method, const std::string& target, const std::string& token,
                const std::string& body = "",
                const std::map<std::string, std::string>& headers = {},
                const std::string& if_match = "") {
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
  json get(const std::string& target, const std::string& token = "") {
    const Response r = call("GET", target, token.empty() ? tokens["viewer"] : token);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return json::parse(r.body, nullptr, false);
  }
  Response upload(const std::string& token, const std::string& filename, const std::string& content,
                  const std::vector<std::pair<std::string, std::string>>& fields = {}) {
    return call("POST", "/api/v1/imports", token, form(fields, filename, content), kMultipart);
  }
  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return "";
  }
  static std::string message(const Response& r) {
    return json::parse(r.body, nullptr, false)["error"].value("message", "");
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  service::WorkspaceOptions options;
  std::map<std::string, std::string> tokens;
  std::ostringstream log;
  std::unique_ptr<Api> api;
};

TEST_F(ApiImportTest, ProwlerUploadBecomesFindingsAndACheckResultOfItsControl) {
  const Response r = upload(tokens["contributor"], "gcp.ocsf.json", read_file(kProwlerGcp));
  ASSERT_EQ(r.status, 201) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["status"], "imported");
  EXPECT_EQ(j["format"], "ocsf");
  EXPECT_EQ(j["filename"], "gcp.ocsf.json");
  EXPECT_EQ(j["findings"], 5);
  EXPECT_EQ(j["failed"], 2);
  EXPECT_EQ(j["passed"], 3);
  EXPECT_EQ(j["created_by"], "api:contributor");
  ASSERT_EQ(j["check_results"].size(), 1u) << j.dump(2);
  EXPECT_EQ(j["check_results"][0]["control"], "TEC-19");
  EXPECT_EQ(j["check_results"][0]["outcome"], "fail");
  const std::string id = j["id"];
  EXPECT_EQ(header(r, "Location"), "/api/v1/imports/" + id);

  // The control's history has the result, from this import.
  const json history = get("/api/v1/controls/TEC-19/checks");
  ASSERT_EQ(history["items"].size(), 1u) << history.dump(2);
  EXPECT_EQ(history["items"][0]["outcome"], "fail");
  EXPECT_EQ(history["items"][0]["source"], "import:" + id);
  EXPECT_EQ(call("GET", "/api/v1/controls/NOPE-1/checks", tokens["viewer"]).status, 404);

  const json imports = get("/api/v1/imports?limit=10");
  EXPECT_EQ(imports["total"], 1);
  ASSERT_EQ(imports["items"].size(), 1u);
  EXPECT_EQ(imports["items"][0]["id"], id);
  const json one = get("/api/v1/imports/" + id);
  EXPECT_EQ(one["findings"], 5);
  ASSERT_EQ(one["check_results"].size(), 1u);
  EXPECT_EQ(one["check_results"][0]["control"], "TEC-19");
  EXPECT_EQ(call("GET", "/api/v1/imports/IMP-000000000000", tokens["viewer"]).status, 404);

  EXPECT_EQ(get("/api/v1/findings?import=" + id)["total"], 5);
  EXPECT_EQ(get("/api/v1/findings?status=fail")["total"], 2);
  EXPECT_EQ(get("/api/v1/findings?tool=Prowler&status=pass")["total"], 3);
  EXPECT_EQ(get("/api/v1/findings?control=TEC-19")["total"], j["mapped"]);
  const json page = get("/api/v1/findings?limit=2&offset=4");
  EXPECT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["n"], 5);
  EXPECT_EQ(call("GET", "/api/v1/findings?status=broken", tokens["viewer"]).status, 400);
}

TEST_F(ApiImportTest, MalformedUploadsAreRefusedSayingWhereAndKeepNothingButTheRefusal) {
  const std::string truncated = read_file(kProwlerGcp).substr(0, 5000);
  const Response r = upload(tokens["manager"], "gcp.json", truncated);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "bad_request");
  EXPECT_NE(message(r).find("gcp.json: byte 5000 (line 168"), std::string::npos) << r.body;
  EXPECT_NE(message(r).find("truncated"), std::string::npos) << r.body;

  // A format named explicitly is used as named: the right one works, a wrong one is refused.
  const Response wrong =
      upload(tokens["manager"], "gcp.json", read_file(kProwlerGcp), {{"format", "sarif"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(message(wrong).find("expected a SARIF log"), std::string::npos) << wrong.body;
  const Response unknown =
      upload(tokens["manager"], "gcp.json", read_file(kProwlerGcp), {{"format", "csv"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(message(unknown).find("sarif, ocsf, xccdf or junit"), std::string::npos);

  EXPECT_EQ(get("/api/v1/findings")["total"], 0);
  EXPECT_TRUE(get("/api/v1/controls/TEC-19/checks")["items"].empty());
  const json imports = get("/api/v1/imports");
  EXPECT_EQ(imports["total"], 2) << "the truncated file and the wrong format: refusals only";
  for (const auto& i : imports["items"]) {
    EXPECT_EQ(i["status"], "refused");
    EXPECT_EQ(i["findings"], 0);
    EXPECT_FALSE(i["error"].get<std::string>().empty());
  }

  const Response named =
      upload(tokens["manager"], "gcp.json", read_file(kProwlerGcp), {{"format", "ocsf"}});
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_EQ(json::parse(named.body)["format"], "ocsf");
  EXPECT_EQ(get("/api/v1/findings")["total"], 5);

  // Not a form, or a form without the file.
  EXPECT_EQ(call("POST", "/api/v1/imports", tokens["manager"], "{}").status, 415);
  const std::string no_file =
      "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"scope\"\r\n\r\nprod\r\n--" +
      kBoundary + "--\r\n";
  EXPECT_EQ(call("POST", "/api/v1/imports", tokens["manager"], no_file, kMultipart).status, 400);
  EXPECT_EQ(upload(tokens["manager"], "t.xml", kJunit, {{"scope", "prod images!"}}).status, 400);
}

TEST_F(ApiImportTest, CheckResultsArePushedAllOrNothing) {
  const std::string token = tokens["contributor"];
  Response r = call("POST", "/api/v1/check-results", token,
                    R"({"check":"ci:backup-restore","control":"TEC-13","name":"Restore test",
                        "outcome":"pass","message":"restored in 4 min"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["recorded"], 1);
  r = call(
      "POST", "/api/v1/check-results", token,
      R"([{"check":"ci:backup-restore","control":"TEC-13","name":"Restore test","outcome":"fail",
                "observed_at":"2027-01-14T10:00:00+02:00","freshness_days":1},
               {"check":"ci:sast","control":"TEC-19","name":"SAST","outcome":"error","message":"timed out"}])");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body)["recorded"], 2);

  json history = get("/api/v1/controls/TEC-13/checks");
  ASSERT_EQ(history["items"].size(), 2u) << history.dump(2);
  for (const auto& h : history["items"]) EXPECT_EQ(h["source"], "api");
  EXPECT_EQ(history["items"][0]["outcome"], "pass") << "newest first";
  EXPECT_EQ(history["items"][0]["name"], "Restore test");
  EXPECT_EQ(history["items"][1]["observed_at"], "2027-01-14T08:00:00Z");
  EXPECT_EQ(history["items"][1]["freshness_seconds"], 86400);

  // One bad item: nothing of the batch is recorded, and the error says which item and field.
  const std::vector<std::tuple<int, std::string, std::string>> bad = {
      {400,
       R"([{"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass"},
           {"check":"ci:b","control":"TEC-13","name":"N","outcome":"maybe"}])",
       "item[1].outcome"},
      {404,
       R"([{"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass"},
           {"check":"ci:b","control":"NOPE-1","name":"N","outcome":"pass"}])",
       "item[1].control"},
      {400,
       R"([{"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass","observed_at":"yesterday"}])",
       "item[0].observed_at"},
      {400, R"([{"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass"}, 7])",
       "item[1]: an object"},
      {400, R"({"check":"rule:x@TEC-13","control":"TEC-13","name":"N","outcome":"pass"})",
       "check: "},
      {400, R"({"control":"TEC-13","name":"N","outcome":"pass"})", "check: required"},
      {400, R"({"check":"ci:a","control":"TEC-13","outcome":"pass"})", "name: required"},
      {400, R"({"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass","colour":"red"})",
       "colour"},
      {400, R"([])", "no result"},
      {400, "not json", "JSON object"},
  };
  for (const auto& [status, body, says] : bad) {
    const Response refused = call("POST", "/api/v1/check-results", token, body);
    EXPECT_EQ(refused.status, status) << body << ": " << refused.body;
    EXPECT_NE(message(refused).find(says), std::string::npos) << refused.body;
  }
  EXPECT_EQ(get("/api/v1/controls/TEC-13/checks")["items"].size(), 2u);
  EXPECT_EQ(call("POST", "/api/v1/check-results", tokens["viewer"],
                 R"({"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass"})")
                .status,
            403);
}

TEST_F(ApiImportTest, AnImportScopedTokenMayImportAndNothingElse) {
  Response created = call("POST", "/api/v1/tokens", tokens["admin"],
                          R"({"user":"admin","label":"pipeline","scope":"import"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const json t = json::parse(created.body);
  EXPECT_EQ(t["scope"], "import");
  const std::string pipeline = t["token"];

  ASSERT_EQ(upload(pipeline, "gcp.json", read_file(kProwlerGcp)).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/check-results", pipeline,
                 R"({"check":"ci:a","control":"TEC-13","name":"N","outcome":"pass"})")
                .status,
            201);
  ASSERT_EQ(call("PUT", "/api/v1/collectors/docs", tokens["admin"],
                 R"({"name":"Policy","kind":"file","config":{"path":"/nonexistent"},
                     "controls":["ORG-01"]})")
                .status,
            201);
  // Its user is an administrator, yet the token reaches nothing but the two imports.
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/controls"},
                                                        {"GET", "/api/v1/imports"},
                                                        {"GET", "/api/v1/findings"},
                                                        {"GET", "/api/v1/session"},
                                                        {"POST", "/api/v1/collectors/docs/run"},
                                                        {"DELETE", "/api/v1/collectors/docs"},
                                                        {"POST", "/api/v1/tokens"}}) {
    const Response r = call(method, target, pipeline, "{}");
    EXPECT_EQ(r.status, 403) << method << " " << target;
    EXPECT_NE(message(r).find("may only import"), std::string::npos) << r.body;
  }
  EXPECT_EQ(call("POST", "/api/v1/collectors/docs/run", tokens["admin"]).status, 201);

  const json listed = get("/api/v1/tokens", tokens["admin"]);
  int import_scoped = 0;
  for (const auto& i : listed["items"]) import_scoped += i["scope"] == "import";
  EXPECT_EQ(import_scoped, 1);
  EXPECT_EQ(
      call("POST", "/api/v1/tokens", tokens["admin"], R"({"user":"admin","scope":"root"})").status,
      400);
  const Response viewer =
      call("POST", "/api/v1/tokens", tokens["admin"], R"({"user":"viewer","scope":"import"})");
  EXPECT_EQ(viewer.status, 400);
  EXPECT_NE(message(viewer).find("may not import"), std::string::npos) << viewer.body;
}

TEST_F(ApiImportTest, TheCliCreatesImportScopedTokensAndFullOnesByDefault) {
  db.export_to_child_processes();
  const std::string cw = std::string(CROSSWALK_BINARY) + " --data " + options.data_dir;
  const std::string scoped_out =
      testing::run(cw + " --json token create --user contributor --scope import 2>&1");
  const json scoped = json::parse(scoped_out, nullptr, false);
  ASSERT_TRUE(scoped.is_object()) << scoped_out;
  EXPECT_EQ(scoped["scope"], "import");
  const std::string full_out = testing::run(cw + " --json token create --user contributor 2>&1");
  const json full = json::parse(full_out, nullptr, false);
  ASSERT_TRUE(full.is_object()) << full_out;
  EXPECT_EQ(full["scope"], "full");
  const std::string refused =
      testing::run(cw + " token create --user contributor --scope all 2>&1; echo \"rc=$?\"");
  EXPECT_NE(refused.find("--scope 'all': full or import"), std::string::npos) << refused;
  EXPECT_NE(refused.find("rc=2"), std::string::npos) << refused;

  const std::string import_token = scoped["token"], full_token = full["token"];
  EXPECT_EQ(upload(import_token, "t.xml", kJunit).status, 201);
  EXPECT_EQ(call("GET", "/api/v1/controls", import_token).status, 403);
  EXPECT_EQ(call("GET", "/api/v1/controls", full_token).status, 200);
}

// A pipeline posts its evaluation run: drift between the reference and current inputs is
// measured, signed, listed, and readable with its document and the key that verifies it.
TEST_F(ApiImportTest, APipelinePostsAMeasurementThatIsSignedAndListed) {
  const std::string fixtures = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/measure/";
  auto part = [](const std::string& name, const std::string& filename, const std::string& text) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
           "\"; filename=\"" + filename + "\"\r\nContent-Type: text/csv\r\n\r\n" + text + "\r\n";
  };
  auto field = [](const std::string& name, const std::string& value) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
           value + "\r\n";
  };
  const std::string body =
      field("kind", "drift") + field("subject", "hiring inputs") +
      part("reference", "train.csv", read_file(fixtures + "scores_reference.csv")) +
      part("current", "week-48.csv", read_file(fixtures + "scores_current.csv")) + "--" +
      kBoundary + "--\r\n";
  Response created = call("POST", "/api/v1/tokens", tokens["admin"],
                          R"({"user":"contributor","label":"eval","scope":"import"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string pipeline = json::parse(created.body)["token"];
  Response r = call("POST", "/api/v1/measurements", pipeline, body, kMultipart);
  ASSERT_EQ(r.status, 201) << r.body;
  const json m = json::parse(r.body);
  EXPECT_EQ(m["kind"], "drift");
  EXPECT_EQ(m["verdict"], "fail");
  EXPECT_EQ(m["inputs"][1]["file"], "week-48.csv");
  ASSERT_EQ(m["check_results"].size(), 1u);
  EXPECT_EQ(m["check_results"][0]["control"], "AI-19");
  EXPECT_EQ(header(r, "Location"), "/api/v1/measurements/" + m["id"].get<std::string>());

  const json list = get("/api/v1/measurements?subject=hiring%20inputs");
  ASSERT_EQ(list["items"].size(), 1u);
  const json one = get("/api/v1/measurements/" + m["id"].get<std::string>());
  EXPECT_EQ(one["document"]["drift"]["columns"][0]["column"], "score");
  const json keys = get("/api/v1/signing-keys");
  ASSERT_EQ(keys["items"].size(), 1u);
  EXPECT_EQ(one["document"]["signature"]["public_key"], keys["items"][0]["public_key"]);

  // Bad input: 400 naming the field or the file, and nothing kept.
  const std::string no_kind = field("subject", "x") + "--" + kBoundary + "--\r\n";
  r = call("POST", "/api/v1/measurements", pipeline, no_kind, kMultipart);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(message(r), "kind: fairness, quality or drift");
  const std::string one_file = field("kind", "drift") + field("subject", "x") +
                               part("reference", "train.csv", "a\n1\n") + "--" + kBoundary +
                               "--\r\n";
  r = call("POST", "/api/v1/measurements", pipeline, one_file, kMultipart);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(message(r), "current: the form has no CSV file 'current'");
  EXPECT_EQ(get("/api/v1/measurements")["items"].size(), 1u);
  EXPECT_EQ(call("POST", "/api/v1/measurements", tokens["viewer"], body, kMultipart).status, 403);
}

TEST_F(ApiImportTest, AdminsConfigureCollectorsManagersRunThemEveryoneReadsThem) {
  const std::string policy = dir / "policy.md";
  std::ofstream(policy) << "# Information security policy\n";
  const std::string body = R"({"name":"Security policy","kind":"file","config":{"path":")" +
                           policy + R"("},"controls":["ORG-01"],"freshness_days":30})";
  EXPECT_EQ(call("PUT", "/api/v1/collectors/policy", tokens["contributor"], body).status, 403);
  EXPECT_EQ(call("PUT", "/api/v1/collectors/policy", tokens["manager"], body).status, 403);
  Response r = call("PUT", "/api/v1/collectors/policy", tokens["admin"], body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(header(r, "ETag"), "\"1\"");
  EXPECT_EQ(json::parse(r.body)["freshness_seconds"], 30 * 86400);

  // Replaced without If-Match; with a stale If-Match, a conflict.
  r = call("PUT", "/api/v1/collectors/policy", tokens["admin"], body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(header(r, "ETag"), "\"2\"");
  EXPECT_EQ(call("PUT", "/api/v1/collectors/policy", tokens["admin"], body, {}, "\"1\"").status,
            409);
  EXPECT_EQ(call("PUT", "/api/v1/collectors/policy", tokens["admin"], body, {}, "\"2\"").status,
            200);
  for (const auto& [bad, says] : std::vector<std::pair<std::string, std::string>>{
           {R"({"name":"x","kind":"ftp","controls":["ORG-01"]})", "ftp"},
           {R"({"name":"x","kind":"file","config":{"path":"relative"},"controls":["ORG-01"]})",
            "path"},
           {R"({"name":"x","kind":"file","config":{"path":"/a"},"controls":["NOPE-1"]})", "NOPE-1"},
           {R"({"name":"x","kind":"file","config":{"path":"/a"},"controls":["ORG-01"],
               "schedule":"every day"})",
            "schedule"},
           {R"({"name":"x","kind":"host","freshness_days":-1})", "freshness_days"},
           {R"({"name":"x","kind":"host","colour":"red"})", "colour"}}) {
    const Response refused = call("PUT", "/api/v1/collectors/other", tokens["admin"], bad);
    EXPECT_GE(refused.status, 400) << bad;
    EXPECT_NE(message(refused).find(says), std::string::npos) << refused.body;
  }

  EXPECT_EQ(call("POST", "/api/v1/collectors/policy/run", tokens["contributor"]).status, 403);
  r = call("POST", "/api/v1/collectors/policy/run", tokens["manager"]);
  ASSERT_EQ(r.status, 201) << r.body;
  const json run = json::parse(r.body);
  EXPECT_EQ(run["collector"], "policy");
  EXPECT_EQ(run["outcome"], "pass");
  EXPECT_EQ(run["trigger"], "manual");
  EXPECT_EQ(call("POST", "/api/v1/collectors/nope/run", tokens["admin"]).status, 404);

  const json runs = get("/api/v1/collectors/policy/runs");
  ASSERT_EQ(runs["items"].size(), 1u);
  EXPECT_EQ(runs["items"][0]["id"], run["id"]);
  const json one = get("/api/v1/collectors/policy");
  EXPECT_EQ(one["last_run"]["outcome"], "pass");
  EXPECT_EQ(one["version"], 3);
  EXPECT_EQ(get("/api/v1/collectors")["items"].size(), 1u);
  const json history = get("/api/v1/controls/ORG-01/checks");
  ASSERT_FALSE(history["items"].empty());
  EXPECT_EQ(history["items"][0]["source"], "collector:policy");

  EXPECT_EQ(call("DELETE", "/api/v1/collectors/policy", tokens["contributor"]).status, 403);
  EXPECT_EQ(call("DELETE", "/api/v1/collectors/policy", tokens["admin"]).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/collectors/policy", tokens["viewer"]).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/collectors/policy", tokens["admin"]).status, 404);
}

TEST_F(ApiImportTest, TheOpenApiDocumentListsTheAutomatedEvidenceRoutes) {
  const json doc = json::parse(call("GET", "/api/v1/openapi.json", "").body);
  for (const auto& [path, method, action] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"/api/v1/imports", "get", "read"},
           {"/api/v1/imports", "post", "import"},
           {"/api/v1/imports/{id}", "get", "read"},
           {"/api/v1/findings", "get", "read"},
           {"/api/v1/check-results", "post", "import"},
           {"/api/v1/controls/{id}/checks", "get", "read"},
           {"/api/v1/collectors", "get", "read"},
           {"/api/v1/collectors/{id}", "get", "read"},
           {"/api/v1/collectors/{id}", "put", "manage_collectors"},
           {"/api/v1/collectors/{id}", "delete", "manage_collectors"},
           {"/api/v1/collectors/{id}/run", "post", "run_collectors"},
           {"/api/v1/collectors/{id}/runs", "get", "read"}}) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    ASSERT_TRUE(doc["paths"][path].contains(method)) << method << " " << path;
    EXPECT_EQ(doc["paths"][path][method]["x-crosswalk-action"], action) << method << " " << path;
  }
}

}  // namespace
}  // namespace crosswalk::http

namespace crosswalk::http {
namespace {

TEST_F(ApiImportTest, RenewalsSayWhatRunsOutAndChangesSayWhatMoved) {
  ASSERT_TRUE(service::set_control_status(*service::Workspace::open(options, false).value(),
                                          "TEC-13", "implemented", std::nullopt,
                                          {"admin", kNow - 2 * domain::kSecondsPerDay})
                  .ok());
  // A restore test that passed six days ago and is good for seven: due tomorrow.
  const Response pushed = call("POST", "/api/v1/check-results", tokens["contributor"],
                               R"({"check":"ci:restore","control":"TEC-13","name":"Restore test",
                                   "outcome":"pass","observed_at":"2027-01-09T08:00:00Z",
                                   "freshness_days":7})");
  ASSERT_EQ(pushed.status, 201) << pushed.body;

  const json renewals = get("/api/v1/renewals?days=3");
  const json* item = nullptr;
  for (const auto& i : renewals["items"])
    if (i["checks"].size() == 1 && i["checks"][0] == "ci:restore") item = &i;
  ASSERT_NE(item, nullptr) << renewals.dump(2);
  EXPECT_EQ((*item)["controls"], json::array({"TEC-13"}));
  EXPECT_EQ((*item)["overdue"], false);
  EXPECT_EQ((*item)["due"], "2027-01-16T08:00:01Z");
  EXPECT_FALSE((*item)["todo"].get<std::string>().empty());
  // Beyond the horizon it is not listed yet.
  const json today = get("/api/v1/renewals?days=0");
  for (const auto& i : today["items"]) EXPECT_NE(i["checks"], json::array({"ci:restore"}));
  EXPECT_EQ(call("GET", "/api/v1/renewals?days=-1", tokens["viewer"]).status, 400);

  const json changes = get("/api/v1/changes");
  EXPECT_EQ(changes["since"], "2027-01-14T08:00:00Z");
  EXPECT_EQ(changes["activity"]["check_results"], 1);
  bool saw = false;
  for (const auto& c : changes["changes"]) saw |= c["control"] == "TEC-13";
  EXPECT_TRUE(saw) << changes.dump(2);
  EXPECT_EQ(call("GET", "/api/v1/changes?since=yesterday", tokens["viewer"]).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/changes?since=2020-01-01T00:00:00Z", tokens["viewer"]).status,
            400);
  // Import-scoped tokens read nothing, these included.
  auto t = service::create_token(*service::Workspace::open(options, false).value(), "admin", "ci",
                                 std::nullopt, {"admin", kNow}, "import");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(call("GET", "/api/v1/renewals", t->secret).status, 403);
}

}  // namespace
}  // namespace crosswalk::http
