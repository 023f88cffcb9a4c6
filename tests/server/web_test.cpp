// The web UI in process: every page with every role and anonymously, CSRF on every form, escaping
// of what users typed, sign-in, first-run setup, conflicts and uploads.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "domain/management_review.h"
#include "http/api.h"
#include "service/accounts.h"
#include "service/applicability.h"
#include "service/collectors.h"
#include "service/controls.h"
#include "service/evidence.h"
#include "service/framework_import.h"
#include "service/imports.h"
#include "service/measurement_runs.h"
#include "service/measurements.h"
#include "service/registers.h"
#include "service/sessions.h"
#include "service/setup.h"
#include "service/soa.h"
#include "web/install.h"

namespace crosswalk::web {
namespace {

using http::Request;
using http::Response;
using http::Route;
constexpr domain::Timestamp kNow = 1'800'000'000;
constexpr const char* kPassword = "a long enough passphrase";
// Small OSCAL documents (tests/fixtures/oscal/README.md).
const std::string kTinyCatalog =
    std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/oscal/tiny-v1.json";
const std::string kTinyProfile =
    std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/oscal/tiny-profile.json";
// A real Prowler OCSF output (read in place from the shared samples): 5 findings, 2 failing.
const std::string kProwlerGcp = std::string(CROSSWALK_SOURCE_DIR) +
                                "/../shared/samples/ocsf/prowler-example_output_gcp.ocsf.json";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A multipart/form-data body with text fields and one file part named "file".
std::string multipart(const std::string& boundary,
                      const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::string& filename, const std::string& content) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
          filename + "\"\r\nContent-Type: application/json\r\n\r\n" + content + "\r\n--" +
          boundary + "--\r\n";
  return body;
}

struct FilePart {
  std::string field, filename, content;
};

// A multipart/form-data body with text fields (names may repeat) and any file parts.
std::string multipart_parts(const std::string& boundary,
                            const std::vector<std::pair<std::string, std::string>>& fields,
                            const std::vector<FilePart>& files) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  for (const FilePart& f : files)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.field +
            "\"; filename=\"" + f.filename + "\"\r\nContent-Type: text/csv\r\n\r\n" + f.content +
            "\r\n";
  return body + "--" + boundary + "--\r\n";
}

struct Session {
  std::string cookie;
  std::string csrf;
};

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    options.db_url = db.url();
    auto ws = service::Workspace::open(options, true);
    ASSERT_TRUE(ws.ok()) << ws.status().message();
    auto cat = service::load_source_catalog(options);
    ASSERT_TRUE(cat.ok());
    ASSERT_TRUE(service::initialize(*ws.value(), cat.value(), actor).ok());
    api = std::make_unique<http::Api>(
        options, [] { return kNow; }, log);
    install(*api);
  }

  // A change to the Statement of Applicability, so that it can be approved again.
  void change_soa(const std::string& note) {
    auto ws = api->workspace();
    ASSERT_TRUE(ws.ok());
    service::DecisionInput in;
    in.framework = "iso27001-2022";
    in.ref = "A.5.1";
    in.reason_note = note;
    ASSERT_TRUE(service::decide(*ws.value(), in, actor).ok());
  }
  void populate() {
    auto ws = api->workspace();
    ASSERT_TRUE(ws.ok());
    auto adopted = service::adopt_templates(*ws.value(), {}, true, actor);
    ASSERT_TRUE(adopted.ok()) << adopted.status().message();
    // Version 1 of the SoA, approved.
    ASSERT_TRUE(service::approve_soa(*ws.value(), "iso27001-2022", actor, kNow).ok());
    for (const char* role : {"admin", "manager", "contributor", "auditor", "viewer"}) {
      ASSERT_TRUE(service::add_user(*ws.value(), role, role, kPassword, actor).ok());
      auto login = service::login(*ws.value(), role, kPassword, "127.0.0.1", kNow);
      ASSERT_TRUE(login.ok());
      ASSERT_EQ(login->outcome, service::LoginOutcome::kOk);
      sessions[role] = {login->cookie, login->session.csrf_token};
    }
    ASSERT_TRUE(service::add_user(*ws.value(), "leaver", "viewer", kPassword, actor).ok());
    service::EvidenceInput note;
    note.controls = {"AI-01"};
    note.note = "model card v2";
    note.review = domain::Review::kPending;
    auto e = service::add_evidence(*ws.value(), note, actor);
    ASSERT_TRUE(e.ok()) << e.status().message();
    evidence_id = e->id;
    auto t = service::create_token(*ws.value(), "viewer", "ci", std::nullopt, actor);
    ASSERT_TRUE(t.ok());
    token_id = t->record.id;
    service::ImportRequest req;
    req.path = kProwlerGcp;
    auto imported = service::import_results(*ws.value(), req, actor);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    import_id = imported->record.id;
    const std::string data = dir / "data.csv";
    std::ofstream(data) << "age,city\n34,Oslo\n51,Rome\n";
    auto run = service::run_quality({data, "data.csv"}, {});
    ASSERT_TRUE(run.ok()) << run.status().message();
    run->request.subject = "customer table";
    auto measured = service::record_measurement(*ws.value(), run->request, actor);
    ASSERT_TRUE(measured.ok()) << measured.status().message();
    measurement_id = measured->record.id;
    { std::ofstream(dir / "policy.txt") << "information security policy v3\n"; }
    service::CollectorInput col;
    col.id = "policy-doc";
    col.name = "Security policy document";
    col.kind = "file";
    col.config_json = nlohmann::json{{"path", dir / "policy.txt"}}.dump();
    col.controls = {"ORG-01"};
    ASSERT_TRUE(service::save_collector(*ws.value(), col, std::nullopt, actor).ok());
    for (const domain::FieldValues& system : {domain::FieldValues{{"name", {"Credit scoring"}},
                                                                  {"purpose", {"score loans"}},
                                                                  {"role", {"deployer"}},
                                                                  {"lifecycle_stage", {"deployed"}},
                                                                  {"owner", {"Priya"}}}}) {
      auto saved =
          service::save_entry(*ws.value(), {"ai_system", "", system, std::nullopt, true}, actor);
      ASSERT_TRUE(saved.ok()) << saved.status().message();
    }
    auto assessment = service::save_entry(*ws.value(),
                                          {"impact_assessment",
                                           "",
                                           {{"title", {"Credit 2026"}},
                                            {"ai_system", {"AIS-1"}},
                                            {"scope", {"loans"}},
                                            {"affected", {"applicants"}},
                                            {"harms", {"4/2 older applicants refused"}}},
                                           std::nullopt,
                                           true},
                                          actor);
    ASSERT_TRUE(assessment.ok()) << assessment.status().message();
    auto audit = service::save_entry(*ws.value(),
                                     {"audit",
                                      "",
                                      {{"title", {"Access"}},
                                       {"frameworks", {"iso27001-2022"}},
                                       {"scope", {"everything"}},
                                       {"lead_auditor", {"Ana"}},
                                       {"planned_start", {"2020-01-01"}},
                                       {"status", {"in-progress"}}},
                                      std::nullopt,
                                      true},
                                     actor);
    ASSERT_TRUE(audit.ok()) << audit.status().message();
    ASSERT_EQ(fresh_review(), "MR-1");
    auto person = service::save_entry(
        *ws.value(),
        {"person", "", {{"name", {"Ana"}}, {"job_roles", {"engineer"}}}, std::nullopt, true},
        actor);
    ASSERT_TRUE(person.ok()) << person.status().message();
    ASSERT_EQ(fresh_document(true), "DOC-1");
    ASSERT_EQ(fresh_course(), "COURSE-1");
    auto incident = service::save_entry(*ws.value(),
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
                                         true},
                                        actor);
    ASSERT_TRUE(incident.ok()) << incident.status().message();
  }

  // A new policy everyone acknowledges, approved or a draft, at version 1.
  std::string fresh_document(bool approved) {
    auto ws = api->workspace();
    domain::FieldValues fields = {{"title", {"Security policy"}}, {"type", {"policy"}},
                                  {"version", {"1.0"}},           {"owner", {"CISO"}},
                                  {"audience", {"everyone"}},     {"review_every_months", {"12"}}};
    if (approved) {
      fields["approved_by"] = {"CEO"};
      fields["approved_on"] = {"2020-01-01"};
    }
    auto saved =
        service::save_entry(*ws.value(), {"document", "", fields, std::nullopt, true}, actor);
    EXPECT_TRUE(saved.ok()) << saved.status().message();
    return saved.ok() ? saved->id : "";
  }

  // An imported framework (the tiny OSCAL fixture) of its own for a caller to remove.
  std::string fresh_framework() {
    static int n = 0;
    auto ws = api->workspace();
    service::FrameworkImportOptions o;
    o.framework_id = "gone-" + std::to_string(++n);
    auto done = service::import_framework_text(*ws.value(), "tiny.json", read_file(kTinyCatalog), o,
                                               {"test", kNow}, kNow);
    EXPECT_TRUE(done.ok()) << done.status().message();
    return o.framework_id;
  }

  // A new course everyone takes.
  std::string fresh_course() {
    auto ws = api->workspace();
    auto saved = service::save_entry(*ws.value(),
                                     {"course",
                                      "",
                                      {{"title", {"Awareness"}},
                                       {"topic", {"security-awareness"}},
                                       {"version", {"1"}},
                                       {"version_date", {"2020-01-01"}},
                                       {"required_for", {"everyone"}},
                                       {"owner", {"CISO"}}},
                                      std::nullopt,
                                      true},
                                     actor);
    EXPECT_TRUE(saved.ok()) << saved.status().message();
    return saved.ok() ? saved->id : "";
  }

  // A held management review with every input recorded, at version 1: one to sign off.
  std::string fresh_review() {
    auto ws = api->workspace();
    domain::FieldValues fields = {{"title", {"Review"}},
                                  {"frameworks", {"iso27001-2022", "iso42001-2023"}},
                                  {"meeting_date", {"2020-01-03"}},
                                  {"chair", {"Dana"}},
                                  {"attendees", {"Dana", "Ana"}},
                                  {"status", {"held"}},
                                  {"decisions", {"Carry on"}}};
    for (const domain::ReviewInput& in : domain::review_inputs()) fields[in.field] = {"Discussed"};
    auto saved = service::save_entry(
        *ws.value(), {"management_review", "", fields, std::nullopt, true}, {"test", kNow});
    EXPECT_TRUE(saved.ok()) << saved.status().message();
    return saved.ok() ? saved->id : "";
  }

  // A new asset at version 1, for a caller that changes or removes one.
  std::string fresh_asset() {
    auto ws = api->workspace();
    auto saved =
        service::save_entry(*ws.value(),
                            {"asset",
                             "",
                             {{"name", {"Spare"}}, {"type", {"hardware"}}, {"owner", {"IT"}}},
                             std::nullopt,
                             true},
                            actor);
    EXPECT_TRUE(saved.ok()) << saved.status().message();
    return saved.ok() ? saved->id : "";
  }

  Response call(const std::string& method, const std::string& target, const Session* s = nullptr,
                const std::string& body = "",
                const std::string& type = "application/x-www-form-urlencoded") {
    Request r;
    r.method = method;
    EXPECT_TRUE(http::parse_target(target, r.path, r.query)) << target;
    r.headers["host"] = "127.0.0.1:8080";
    if (s) r.headers["cookie"] = "cw_session=" + s->cookie;
    if (!body.empty()) r.headers["content-type"] = type;
    r.body = body;
    r.remote = "127.0.0.1";
    return api->handle(r);
  }

  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return "";
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  service::WorkspaceOptions options;
  const store::Actor actor{"test", kNow};
  std::ostringstream log;
  std::unique_ptr<http::Api> api;
  std::map<std::string, Session> sessions;
  std::string evidence_id;
  std::string token_id;
  std::string import_id;
  std::string measurement_id;
};

// A concrete path and a valid form for each page route.
std::pair<std::string, std::string> sample(const Route& r, const std::string& evidence_id,
                                           const std::string& token_id,
                                           const std::string& import_id, const std::string& csrf,
                                           const std::string& measurement_id) {
  std::string path = r.pattern;
  auto put = [&](const std::string& param, const std::string& value) {
    const auto at = path.find(param);
    if (at != std::string::npos) path.replace(at, param.size(), value);
  };
  if (path.rfind("/evidence/", 0) == 0) put("{id}", evidence_id);
  if (path.rfind("/tokens/", 0) == 0) put("{id}", token_id);
  if (path == "/users/{name}/role") put("{name}", "viewer");
  if (path == "/users/{name}/remove") put("{name}", "leaver");
  if (path.rfind("/frameworks/", 0) == 0) put("{id}", "iso27001-2022");
  if (path == "/frameworks/iso27001-2022/oscal/{model}") put("{model}", "poam");
  if (path == "/oscal/{model}") put("{model}", "component-definition");
  if (path.rfind("/imports/", 0) == 0) put("{id}", import_id);
  if (path.rfind("/measurements/", 0) == 0) put("{id}", measurement_id);
  if (path.rfind("/collectors/", 0) == 0) put("{id}", "policy-doc");
  if (path.rfind("/registers/", 0) == 0) put("{kind}", "asset");
  if (path.rfind("/impact-assessments/", 0) == 0) put("{id}", "AIIA-1");
  if (path.rfind("/audits/", 0) == 0) put("{id}", "AUDIT-1");
  if (path.rfind("/reviews/", 0) == 0) put("{id}", "MR-1");
  if (path.rfind("/documents/", 0) == 0) put("{id}", "DOC-1");
  if (path.rfind("/courses/", 0) == 0) put("{id}", "COURSE-1");
  if (path.rfind("/incidents/", 0) == 0) put("{id}", "INC-1");
  if (path == "/ai-systems/{id}/card") path = "/ai-systems/AIS-1/card?model_version=v1";
  if (path == "/soa/{scope}/export") path = "/soa/{scope}/export?format=pdf";
  put("{scope}", "iso27001-2022");
  put("{version}", "1");
  put("{id}", "TEC-13");
  put("{ref}", "A.7.4");
  put("{name}", "app.css");
  static const std::map<std::string, std::string> forms = {
      {"/controls/adopt", "template=AI-02"},
      {"/controls/{id}/status", "implementation=planned"},
      {"/controls/{id}/owner", "owner=Platform+team"},
      {"/controls/new",
       "id=OWN-{role}&title=Model+release+board&add_framework=iso42001-2023&add_ref=A.6.2.5&add_"
       "coverage=partial"},
      {"/controls/{id}/define",
       "title=Information+backup&description=nightly&link=iso27001-2022+A.8.13+full"},
      {"/evidence/link", "control=TEC-13&url=https%3A%2F%2Fexample.com%2Frunbook"},
      {"/evidence/{id}/review", "review=accepted"},
      {"/frameworks/{id}/requirements/{ref}/decision",
       "applicable=no&justification=no+premises+of+our+own"},
      {"/users", "name=newcomer&role=viewer&password=a+long+enough+passphrase"},
      {"/tokens", "user=viewer&label=ci"},
      {"/users/{name}/role", "role=viewer"},
      {"/account/password",
       "current=wrong+password+1&password=another+long+passphrase&confirm=another+long+passphrase"},
      {"/login", "name=viewer&password=a+long+enough+passphrase"},
      {"/collectors",
       "id=col-{role}&name=Backup+policy&kind=file&config=%7B%22path%22%3A%22%2Fetc%2Fhostname%22%"
       "7D&controls=TEC-13&freshness_days=2&evidence_valid_days=0&enabled=yes"},
      {"/collectors/{id}",
       "name=Security+policy&kind=file&config=%7B%22path%22%3A%22%2Fetc%2Fhostname%22%7D&"
       "controls=ORG-01&freshness_days=7&evidence_valid_days=0&enabled=yes&version=1"},
      {"/setup", "name=x&password=a+long+enough+passphrase&confirm=a+long+enough+passphrase"},
      {"/registers/{kind}", "name=Laptop+of+{role}&type=hardware&owner=IT"},
      {"/registers/{kind}/{id}", "name=Laptops&type=hardware&owner=IT+desk&version=1"},
      {"/registers/{kind}/{id}/delete", "version=1"},
      {"/audits/{id}/checks",
       "requirement=iso27001-2022%3AA.7.4&result=conforming&checked_by={role}&checked_on=2020-01-"
       "02"},
      {"/audits/{id}/findings",
       "title=Seen+by+{role}&type=observation&statement=seen&raised_by=Ana&raised_on=2020-01-02"},
      {"/reviews/{id}/sign-off", "version=1"},
      {"/documents/{id}/approve", "version=1"},
      {"/documents/{id}/reviewed", "version=1"},
      {"/documents/{id}/acknowledgements", "person=PERSON-1&date=2020-01-02"},
      {"/courses/{id}/records", "person=PERSON-1&date=2020-01-02&result=passed"},
  };
  std::string form;
  if (r.method == "POST") {
    auto it = forms.find(r.pattern);
    form = (it == forms.end() ? "" : it->second + "&") + "_csrf=" + csrf;
  }
  return {path, form};
}

TEST_F(WebTest, EveryPageWithEveryRoleIsAllowedOrDeniedByThePolicyTable) {
  populate();
  int pages = 0;
  for (const Route& route : api->router().routes()) {
    if (!route.page) continue;
    ++pages;
    // Multipart: UploadsNeedTheirRole and ImportsFromTheForm… below.
    if (route.pattern == "/evidence/upload" || route.pattern == "/imports") continue;
    if (route.pattern == "/frameworks/import") continue;  // FrameworksAreImportedFromTheForm…
    if (route.pattern == "/measurements" && route.method == "POST") continue;  // AMeasurement…
    if (route.pattern == "/logout") continue;  // would end the sessions: SignOutEnds…
    for (const auto& [role, session] : sessions) {
      // Fresh data for each call: an earlier role's change must not decide this one's answer.
      SCOPED_TRACE(role + " " + route.method + " " + route.pattern);
      auto [path, form] =
          sample(route, evidence_id, token_id, import_id, session.csrf, measurement_id);
      if (auto at = form.find("{role}"); at != std::string::npos) form.replace(at, 6, role);
      // Changing or removing an entry: each caller gets one at version 1.
      if (route.pattern.rfind("/registers/{kind}/{id}", 0) == 0)
        path.replace(path.find("TEC-13"), 6, fresh_asset());
      if (route.pattern == "/soa/{scope}/approve") change_soa("by " + role);
      if (route.pattern == "/reviews/{id}/sign-off") path.replace(9, 4, fresh_review());
      if (route.pattern.rfind("/documents/{id}/", 0) == 0)
        path.replace(11, 5, fresh_document(route.pattern != "/documents/{id}/approve"));
      if (route.pattern == "/courses/{id}/records") path.replace(9, 8, fresh_course());
      if (route.pattern == "/frameworks/{id}/remove")
        path = "/frameworks/" + fresh_framework() + "/remove";
      const Response r = call(route.method, path, &session, form);
      if (!route.action || domain::allows(*domain::parse_role(role), *route.action)) {
        // Setup is closed once users exist; the review may already have been given by a
        // previous role; every other allowed call succeeds.
        if (route.pattern == "/setup" && route.method == "POST") {
          EXPECT_EQ(r.status, 403);
        } else if (route.pattern == "/account/password") {
          EXPECT_EQ(r.status, 400) << "the sample's current password is wrong on purpose";
        } else if (route.pattern == "/evidence/{id}/review" || route.pattern == "/users" ||
                   route.pattern == "/tokens/{id}/revoke") {
          EXPECT_TRUE(r.status < 400 || r.status == 404 || r.status == 400)
              << r.status << " " << r.body.substr(0, 300);
        } else {
          EXPECT_LT(r.status, 400) << r.body.substr(0, 600);
        }
      } else {
        EXPECT_EQ(r.status, 403);
        EXPECT_NE(r.body.find("Not allowed"), std::string::npos);
        EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
      }
    }
    const auto [path, form] = sample(route, evidence_id, token_id, import_id, "", measurement_id);
    const Response anonymous = call(route.method, path, nullptr, form);
    if (route.action) {
      EXPECT_EQ(anonymous.status, 303) << route.pattern;
      EXPECT_EQ(header(anonymous, "Location").rfind("/login?next=", 0), 0u) << route.pattern;
    }
  }
  EXPECT_GE(pages, 20);
}

TEST_F(WebTest, EveryFormPostNeedsTheSessionsCsrfToken) {
  populate();
  for (const Route& route : api->router().routes()) {
    if (!route.page || !route.action || route.method != "POST") continue;
    const auto [path, form] =
        sample(route, evidence_id, token_id, import_id, "forged", measurement_id);
    const Response r = call(route.method, path, &sessions["admin"], form);
    EXPECT_EQ(r.status, 403) << route.pattern;
    EXPECT_NE(r.body.find("This form has expired"), std::string::npos) << route.pattern;
  }
}

TEST_F(WebTest, WhatUsersTypeIsEscapedWherePagesShowIt) {
  populate();
  const std::string xss = "<script>alert(1)</script>\"'";
  const Session& admin = sessions["admin"];
  ASSERT_EQ(call("POST", "/controls/TEC-13/owner", &admin,
                 "owner=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27&_csrf=" + admin.csrf)
                .status,
            303);
  ASSERT_EQ(
      call("POST", "/evidence/link", &admin,
           "control=TEC-13&note=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27&_csrf=" + admin.csrf)
          .status,
      303);
  for (const char* page : {"/controls/TEC-13", "/controls", "/evidence"}) {
    const Response r = call("GET", page, &admin);
    ASSERT_EQ(r.status, 200) << page;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << page;
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;"), std::string::npos)
        << page;
  }
  for (const char* link : {"javascript%3Aalert(1)", "JaVaScRiPt%3Aalert(1)", "data%3Atext%2Fhtml,x",
                           "https%3A%2F%2Fok.example%2Fa%20b"}) {
    const Response r = call("POST", "/evidence/link", &admin,
                            std::string("control=TEC-13&url=") + link + "&_csrf=" + admin.csrf);
    EXPECT_EQ(r.status, 400) << link;
  }
  const Response missing = call("GET", "/controls/%3Cb%3Ex", &admin);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body.find("<b>x"), std::string::npos);
}

TEST_F(WebTest, PagesCarryAStrictContentSecurityPolicy) {
  populate();
  const Response r = call("GET", "/", &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  const std::string csp = header(r, "Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  // No inline script or style anywhere: the policy would block it.
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_EQ(r.body.find(" style=\""), std::string::npos);
  const Response css = call("GET", "/static/app.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(header(css, "Cache-Control").find("immutable"), std::string::npos);
}

TEST_F(WebTest, FirstRunSetupCreatesOneAdminAndThenCloses) {
  Response r = call("GET", "/");
  EXPECT_EQ(r.status, 303);
  r = call("GET", "/login");
  EXPECT_EQ(header(r, "Location"), "/setup");
  EXPECT_EQ(call("GET", "/setup").status, 200);
  r = call("POST", "/setup", nullptr, "name=alice&password=short&confirm=short");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("at least 12 characters"), std::string::npos);
  r = call("POST", "/setup", nullptr, "name=alice&password=passphrase+one&confirm=passphrase+two");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("The two passwords differ."), std::string::npos);
  r = call("POST", "/setup", nullptr,
           "name=alice&password=a+long+enough+passphrase&confirm=a+long+enough+passphrase");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(header(r, "Location"), "/");
  EXPECT_NE(header(r, "Set-Cookie").find("HttpOnly; SameSite=Strict"), std::string::npos);
  // Closed for good: a second "first" admin is refused.
  EXPECT_EQ(call("GET", "/setup").status, 303);
  r = call("POST", "/setup", nullptr,
           "name=mallory&password=a+long+enough+passphrase&confirm=a+long+enough+passphrase");
  EXPECT_EQ(r.status, 403);
  auto ws = api->workspace();
  auto users = ws.value()->store().users();
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ(users->front().role, domain::Role::kAdmin);
}

TEST_F(WebTest, TwoFirstRunSetupsAtOnceCreateOneAdministrator) {
  std::vector<int> statuses(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      statuses[i] = call("POST", "/setup", nullptr,
                         "name=admin" + std::to_string(i) +
                             "&password=a+long+enough+passphrase&confirm=a+long+enough+passphrase")
                        .status;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 303), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 403), 3);
  auto ws = api->workspace();
  EXPECT_EQ(ws.value()->store().users()->size(), 1u);
}

TEST_F(WebTest, SignInSendsPeopleBackToWhereTheyWereButNeverOffSite) {
  populate();
  Response r =
      call("POST", "/login", nullptr,
           "name=viewer&password=a+long+enough+passphrase&next=%2Fcontrols%3Fstate%3Dstale");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(header(r, "Location"), "/controls?state=stale");
  for (const char* evil :
       {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example"}) {
    r = call("POST", "/login", nullptr,
             std::string("name=viewer&password=a+long+enough+passphrase&next=") + evil);
    EXPECT_EQ(header(r, "Location"), "/") << evil;
  }
  r = call("POST", "/login", nullptr, "name=viewer&password=wrong+password+here");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("Wrong user name or password."), std::string::npos);
  Request cross;
  cross.method = "POST";
  cross.path = "/login";
  cross.headers = {{"host", "127.0.0.1:8080"},
                   {"origin", "https://evil.example"},
                   {"content-type", "application/x-www-form-urlencoded"}};
  cross.body = "name=viewer&password=a+long+enough+passphrase";
  EXPECT_EQ(api->handle(cross).status, 403);
}

TEST_F(WebTest, TheUsersPageChangesRolesAndRemovesPeopleButKeepsAnAdministrator) {
  populate();
  const Session& a = sessions["admin"];
  Response r = call("POST", "/users/admin/role", &a, "role=viewer&_csrf=" + a.csrf);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("only administrator"), std::string::npos);
  EXPECT_EQ(call("POST", "/users/admin/remove", &a, "_csrf=" + a.csrf).status, 400);
  ASSERT_EQ(call("POST", "/users/auditor/role", &a, "role=manager&_csrf=" + a.csrf).status, 303);
  EXPECT_NE(call("GET", "/controls/adopt", &sessions["auditor"]).status, 403)
      << "the new role applies to the open session";
  ASSERT_EQ(call("POST", "/users/viewer/remove", &a, "_csrf=" + a.csrf).status, 303);
  EXPECT_EQ(call("GET", "/", &sessions["viewer"]).status, 303) << "signed out for good";
  const Response page = call("GET", "/users", &a);
  EXPECT_EQ(page.body.find("<td>viewer</td>"), std::string::npos);
  EXPECT_NE(page.body.find("<td>auditor</td>"), std::string::npos);
}

TEST_F(WebTest, AdminsCreateImportOnlyTokensForPipelines) {
  populate();
  const Session& a = sessions["admin"];
  Response r =
      call("POST", "/tokens", &a, "user=contributor&label=ci&scope=import&_csrf=" + a.csrf);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_NE(r.body.find("import only"), std::string::npos);
  // A role that may not import gets no import token, and an unknown scope is refused.
  r = call("POST", "/tokens", &a, "user=viewer&label=ci&scope=import&_csrf=" + a.csrf);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("may not import"), std::string::npos);
  EXPECT_EQ(call("POST", "/tokens", &a, "user=viewer&scope=root&_csrf=" + a.csrf).status, 400);
}

TEST_F(WebTest, PeopleChangeTheirOwnPasswordWithTheCurrentOne) {
  populate();
  const Session& v = sessions["viewer"];
  ASSERT_EQ(call("GET", "/account", &v).status, 200);
  Response r = call("POST", "/account/password", &v,
                    "current=not+my+password&password=brand+new+passphrase&confirm=brand+new+"
                    "passphrase&_csrf=" +
                        v.csrf);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("the current password is wrong"), std::string::npos);
  r = call("POST", "/account/password", &v,
           "current=a+long+enough+passphrase&password=brand+new+passphrase&confirm=brand+new+"
           "passphrase&_csrf=" +
               v.csrf);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(call("GET", "/", &v).status, 303) << "signed out everywhere";
  EXPECT_EQ(call("POST", "/login", nullptr, "name=viewer&password=a+long+enough+passphrase").status,
            401);
  EXPECT_EQ(call("POST", "/login", nullptr, "name=viewer&password=brand+new+passphrase").status,
            303);
}

TEST_F(WebTest, SignOutEndsTheSession) {
  populate();
  const Session& s = sessions["manager"];
  ASSERT_EQ(call("GET", "/", &s).status, 200);
  const Response out = call("POST", "/logout", &s, "_csrf=" + s.csrf);
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(header(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(call("GET", "/", &s).status, 303);
}

TEST_F(WebTest, AStaleFormGetsAConflictPageInsteadOfOverwriting) {
  populate();
  const Session& m = sessions["manager"];
  ASSERT_EQ(call("POST", "/controls/TEC-13/status", &m,
                 "implementation=partial&version=1&_csrf=" + m.csrf)
                .status,
            303);
  const Response second = call("POST", "/controls/TEC-13/status", &m,
                               "implementation=planned&version=1&_csrf=" + m.csrf);
  EXPECT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("Someone else changed this control first"), std::string::npos);
  const Response page = call("GET", "/controls/TEC-13", &m);
  EXPECT_NE(page.body.find("Partly implemented</option>"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"partial\" selected"), std::string::npos);
}

TEST_F(WebTest, DashboardShowsReadinessAndTheEmptyStateBeforeAdoption) {
  auto ws = api->workspace();
  ASSERT_TRUE(service::add_user(*ws.value(), "boss", "admin", kPassword, actor).ok());
  auto login = service::login(*ws.value(), "boss", kPassword, "127.0.0.1", kNow);
  const Session s{login->cookie, login->session.csrf_token};
  Response r = call("GET", "/", &s);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-testid=\"empty-state\""), std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"readiness-iso27001-2022\""), std::string::npos);
  ASSERT_EQ(call("POST", "/controls/adopt", &s, "all=yes&_csrf=" + s.csrf).status, 303);
  r = call("GET", "/", &s);
  EXPECT_EQ(r.body.find("data-testid=\"empty-state\""), std::string::npos);
  EXPECT_NE(r.body.find("0 operating"), std::string::npos) << "nothing is implemented yet";
  EXPECT_NE(r.body.find("AI-specific work"), std::string::npos);
}

TEST_F(WebTest, UploadsFromThePageStoreTheFileAndNeedTheirRole) {
  populate();
  const std::string boundary = "----cw-web-test";
  const std::string body =
      "--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"control\"\r\n\r\nTEC-13\r\n"
      "--" +
      boundary +
      "\r\nContent-Disposition: form-data; name=\"return\"\r\n\r\n/controls/TEC-13\r\n"
      "--" +
      boundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"restore.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nrestored fine\r\n--" +
      boundary + "--\r\n";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  const Session& c = sessions["contributor"];
  Response r = call("POST", "/evidence/upload?_csrf=" + c.csrf, &c, body, type);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "Location"), "/controls/TEC-13");
  auto ws = api->workspace();
  auto listed = service::list_evidence(*ws.value(), "TEC-13");
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().filename, "restore.txt");
  EXPECT_EQ(listed->front().review, domain::Review::kPending)
      << "a contributor's upload awaits review";
  const Session& m = sessions["manager"];
  r = call("POST", "/evidence/upload?_csrf=" + m.csrf, &m, body, type);
  ASSERT_EQ(r.status, 303);
  listed = service::list_evidence(*ws.value(), "TEC-13");
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_NE(listed->at(0).review, listed->at(1).review) << "a reviewer's upload counts at once";
  const Session& v = sessions["viewer"];
  EXPECT_EQ(call("POST", "/evidence/upload?_csrf=" + v.csrf, &v, body, type).status, 403);
  EXPECT_EQ(call("POST", "/evidence/upload?_csrf=forged", &m, body, type).status, 403);
  r = call("POST", "/evidence/upload?_csrf=" + m.csrf, &m, "control=TEC-13");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(service::list_evidence(*ws.value(), "TEC-13")->size(), 2u);
}

TEST_F(WebTest, TheEvidenceListIsPagedAndKeepsItsFilters) {
  populate();
  auto ws = api->workspace();
  for (int i = 0; i < 120; ++i) {
    service::EvidenceInput in;
    in.controls = {"TEC-13"};
    in.note = "weekly restore test " + std::to_string(i);
    ASSERT_TRUE(service::add_evidence(*ws.value(), in, {"test", kNow + i}).ok());
  }
  const Session& v = sessions["viewer"];
  auto rows = [](const std::string& body) {
    std::size_t n = 0;
    for (auto at = body.find("<tr>"); at != std::string::npos; at = body.find("<tr>", at + 1)) ++n;
    return n - 1;  // the header row
  };
  Response first = call("GET", "/evidence?control=TEC-13", &v);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(rows(first.body), 100u);
  EXPECT_NE(first.body.find("1–100 of 120"), std::string::npos);
  EXPECT_NE(first.body.find("weekly restore test 119"), std::string::npos) << "newest first";
  EXPECT_NE(first.body.find("href=\"/evidence?page=2&amp;control=TEC-13\""), std::string::npos);
  Response second = call("GET", "/evidence?page=2&control=TEC-13", &v);
  EXPECT_EQ(rows(second.body), 20u);
  EXPECT_NE(second.body.find("weekly restore test 0<"), std::string::npos);
  EXPECT_EQ(second.body.find("Older →"), std::string::npos);
  EXPECT_EQ(call("GET", "/evidence?page=0", &v).status, 400);
}

TEST_F(WebTest, PeopleWriteTheirOwnControlsAndRewriteAnyWithItsRequirements) {
  populate();
  const Session& m = sessions["manager"];
  Response r = call("GET", "/controls/new", &m);
  ASSERT_EQ(r.status, 200);
  // A requirement that does not exist: the form comes back with the reason, nothing is created.
  r = call("POST", "/controls/new", &m,
           "id=NW-01&title=Model+release+board&add_framework=iso42001-2023&add_ref=A.99&"
           "add_coverage=full&_csrf=" +
               m.csrf);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("has no requirement &apos;A.99&apos;"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"Model release board\""), std::string::npos) << "input kept";
  EXPECT_EQ(call("GET", "/controls/NW-01", &m).status, 404);

  r = call("POST", "/controls/new", &m,
           "id=NW-01&title=Model+release+board&description=Two+people+sign+off&"
           "add_framework=iso42001-2023&add_ref=A.6.2.5&add_coverage=partial&"
           "add_framework=iso27001-2022&add_ref=A.8.32&add_coverage=full&_csrf=" +
               m.csrf);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "Location"), "/controls/NW-01");
  auto snap = api->snapshot();
  auto i = snap.value()->control_index("NW-01");
  ASSERT_TRUE(i);
  EXPECT_EQ(snap.value()->org.controls[*i].links.size(), 2u);
  EXPECT_EQ(call("POST", "/controls/new", &m, "id=NW-01&title=Again&_csrf=" + m.csrf).status, 400)
      << "ids are unique";

  // Rewrite: drop the ISO 27001 link, keep the other, at the version the form was shown.
  r = call("POST", "/controls/NW-01/define", &m,
           "title=Model+release+board&description=Three+people&link=iso42001-2023+A.6.2.5+full&"
           "version=1&_csrf=" +
               m.csrf);
  ASSERT_EQ(r.status, 303) << r.body;
  snap = api->snapshot();
  i = snap.value()->control_index("NW-01");
  ASSERT_EQ(snap.value()->org.controls[*i].links.size(), 1u);
  EXPECT_EQ(snap.value()->org.controls[*i].links[0].coverage, domain::Coverage::kFull);
  const Response page = call("GET", "/controls/NW-01", &m);
  EXPECT_NE(page.body.find("Rewrote description and requirements"), std::string::npos);
  EXPECT_EQ(call("POST", "/controls/NW-01/define", &m,
                 "title=Stale&link=iso42001-2023+A.6.2.5+full&version=1&_csrf=" + m.csrf)
                .status,
            409);
}

// The number of body rows of the table marked data-testid=TESTID.
std::size_t table_rows(const std::string& body, const std::string& testid) {
  const auto start = body.find("data-testid=\"" + testid + "\"");
  if (start == std::string::npos) return 0;
  const auto tbody = body.find("<tbody>", start), end = body.find("</tbody>", start);
  std::size_t n = 0;
  for (auto at = body.find("<tr", tbody); at != std::string::npos && at < end;
       at = body.find("<tr", at + 1))
    ++n;
  return n;
}

TEST_F(WebTest, FrameworksAreImportedFromTheFormAndDownloadedAsOscal) {
  populate();
  const std::string boundary = "----cw-oscal";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  const Session& m = sessions["manager"];
  const std::string tiny = read_file(kTinyCatalog);
  Response r =
      call("POST", "/frameworks/import?_csrf=" + m.csrf, &m,
           multipart(boundary, {{"id", "tiny"}, {"name", "Tiny"}}, "tiny-v1.json", tiny), type);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 600);
  EXPECT_NE(r.body.find("data-testid=\"framework-import-result\""), std::string::npos);
  EXPECT_NE(r.body.find("Imported <a href=\"/frameworks/tiny\">tiny</a> from the OSCAL catalog: 4 "
                        "requirements"),
            std::string::npos)
      << r.body;
  r = call("GET", "/frameworks", &m);
  EXPECT_NE(r.body.find("data-framework=\"tiny\""), std::string::npos);
  EXPECT_NE(r.body.find("tiny-v1.json"), std::string::npos);
  r = call("GET", "/frameworks/tiny/requirements/op-1", &m);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Back up every system [Assignment: how often]."), std::string::npos);

  // A profile whose catalog comes in the same form; a refused document says why and keeps nothing.
  const std::string profile = read_file(kTinyProfile);
  r = call(
      "POST", "/frameworks/import?_csrf=" + m.csrf, &m,
      multipart_parts(boundary, {{"id", "tiny-base"}},
                      {{"file", "tiny-profile.json", profile}, {"catalog", "tiny-v1.json", tiny}}),
      type);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 600);
  EXPECT_NE(r.body.find("from the OSCAL profile: 2 requirements"), std::string::npos);
  r = call("POST", "/frameworks/import?_csrf=" + m.csrf, &m,
           multipart(boundary, {{"id", "broken"}}, "broken.json", "{\"catalog\": {}}"), type);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("catalog.uuid: required field is missing"), std::string::npos);
  EXPECT_EQ(r.body.find("data-framework=\"broken\""), std::string::npos);

  // Contributors may not import; auditors download.
  const Session& contributor = sessions["contributor"];
  r = call("POST", "/frameworks/import?_csrf=" + contributor.csrf, &contributor,
           multipart(boundary, {{"id", "nope"}}, "tiny-v1.json", tiny), type);
  EXPECT_EQ(r.status, 403);
  const Session& auditor = sessions["auditor"];
  r = call("GET", "/frameworks/tiny/oscal/catalog", &auditor);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(header(r, "Content-Disposition").find("tiny.catalog.json"), std::string::npos);
  const auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["catalog"]["groups"][0]["controls"][0]["id"], "op-1");
  r = call("GET", "/oscal/mapping-collection", &auditor);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(nlohmann::json::parse(r.body).contains("mapping-collection"));
}

TEST_F(WebTest, ImportsFromTheFormAreListedWithTheirCountsAndTheChecksTheyRecorded) {
  populate();
  const Session& c = sessions["contributor"];
  const std::string boundary = "----cw-import";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  const std::string sample = read_file(kProwlerGcp);
  ASSERT_GT(sample.size(), 1000u);
  Response r = call("POST", "/imports?_csrf=" + c.csrf, &c,
                    multipart(boundary, {{"format", "auto"}, {"scope", "gcp-prod"}},
                              "prowler-gcp.ocsf.json", sample),
                    type);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  const std::string location = header(r, "Location");
  ASSERT_EQ(location.rfind("/imports/IMP-", 0), 0u) << location;

  // The outcome: counts, and the checks each control got.
  r = call("GET", location, &c);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("5 findings"), std::string::npos);
  EXPECT_NE(r.body.find(">2 failing<"), std::string::npos);
  EXPECT_NE(r.body.find(">3 passing<"), std::string::npos);
  EXPECT_NE(r.body.find("scope gcp-prod"), std::string::npos);
  auto ws = api->workspace();
  const std::string id = location.substr(std::string("/imports/").size());
  auto checks = ws.value()->store().import_checks(id);
  ASSERT_TRUE(checks.ok());
  ASSERT_FALSE(checks->empty()) << "Prowler's ISO 27001 references prove adopted controls";
  EXPECT_NE(r.body.find("href=\"/controls/" + checks->front().control_id + "\""),
            std::string::npos);
  EXPECT_NE(r.body.find("/findings?import=" + id + "&amp;status=fail"), std::string::npos);
  EXPECT_NE(r.body.find("kept as evidence <a href=\"/api/v1/evidence/EV-"), std::string::npos);

  // The history lists it (newest first) with its counts.
  r = call("GET", "/imports", &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  const auto row = r.body.find("prowler-gcp.ocsf.json");
  ASSERT_NE(row, std::string::npos);
  const std::string cells = r.body.substr(row, r.body.find("</tr>", row) - row);
  EXPECT_NE(cells.find("Prowler"), std::string::npos) << cells;
  EXPECT_NE(cells.find("gcp-prod"), std::string::npos);
  EXPECT_NE(cells.find(">5</a>"), std::string::npos) << "findings";
  EXPECT_NE(cells.find(">2</a>"), std::string::npos) << "failing";
  EXPECT_NE(cells.find("<td class=\"num\">3</td>"), std::string::npos) << "passing";
  EXPECT_EQ(r.body.find("data-testid=\"import-form\""), std::string::npos)
      << "a viewer gets no upload form";

  // The control page shows the check the import recorded, with its source.
  r = call("GET", "/controls/" + checks->front().control_id, &c);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-testid=\"checks-table\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/imports/" + id + "\">import " + id + "</a>"), std::string::npos);
  EXPECT_GE(table_rows(r.body, "checks-table"), 1u);
  EXPECT_NE(r.body.find("data-testid=\"check-history\""), std::string::npos);

  // A viewer may not import; a forged token neither.
  const std::string body = multipart(boundary, {}, "x.json", sample);
  const Session& v = sessions["viewer"];
  EXPECT_EQ(call("POST", "/imports?_csrf=" + v.csrf, &v, body, type).status, 403);
  EXPECT_EQ(call("POST", "/imports?_csrf=forged", &c, body, type).status, 403);
}

// tests/fixtures/measure/hiring_validation.csv: women's selection rate 0.38, men's 0.5 (see its
// README), so disparate impact 0.76 fails the four-fifths screen.
// The risk register in the browser: a risk added from the generated form (bad input keeps what
// was typed and marks the field), drawn on the heat maps, accepted only by those who may, with
// its history; what users typed is escaped.
TEST_F(WebTest, ARiskFromTheFormIsRatedDrawnOnTheHeatMapAndAcceptedByAManager) {
  populate();
  const Session& contributor = sessions["contributor"];
  const std::string base =
      "title=%3Cscript%3Ealert(1)%3C%2Fscript%3E+older+applicants&category=ai&ai_systems=AIS-1&"
      "risk_source=bias&inherent_impact=5&treatment=modify&controls=AI-17&owner=Priya&_csrf=" +
      contributor.csrf;
  Response r = call("POST", "/registers/risk", &contributor, base + "&inherent_likelihood=11");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("field inherent_likelihood: 11 is outside 1-10"), std::string::npos)
      << r.body.substr(0, 2000);
  EXPECT_NE(r.body.find("name=\"inherent_likelihood\" value=\"11\""), std::string::npos);
  EXPECT_NE(r.body.find("<option value=\"AI-17\" selected>"), std::string::npos);
  r = call("POST", "/registers/risk", &contributor, base + "&inherent_likelihood=6");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("6 is above the matrix&apos;s 5 levels"), std::string::npos);

  r = call("POST", "/registers/risk", &contributor, base + "&inherent_likelihood=3");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(header(r, "Location"), "/registers/risk/RISK-1");

  r = call("GET", "/registers/risk", &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt; older applicants"),
            std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"heatmap-inherent\""), std::string::npos);
  EXPECT_NE(r.body.find("data-cell=\"3-5\">1</text>"), std::string::npos);
  EXPECT_NE(r.body.find("15 High"), std::string::npos);
  EXPECT_NE(r.body.find("badge risk-in-treatment"), std::string::npos);

  // A contributor may rate the residual risk but not accept it.
  const std::string rated = base + "&inherent_likelihood=3&residual_likelihood=2&residual_impact=3";
  r = call("POST", "/registers/risk/RISK-1", &contributor, rated + "&version=1");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  const std::string acceptance = "&accepted_by=Dana&accepted_on=2027-01-14";
  r = call("POST", "/registers/risk/RISK-1", &contributor, rated + acceptance + "&version=2");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("only a manager or administrator may accept a risk"), std::string::npos);
  const Session& manager = sessions["manager"];
  std::string as_manager = rated + acceptance + "&version=2";
  as_manager.replace(as_manager.find(contributor.csrf), contributor.csrf.size(), manager.csrf);
  r = call("POST", "/registers/risk/RISK-1", &manager, as_manager);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  // The same form again is a stale version.
  r = call("POST", "/registers/risk/RISK-1", &manager, as_manager);
  EXPECT_EQ(r.status, 409);

  r = call("GET", "/registers/risk/RISK-1", &sessions["auditor"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-testid=\"risk-status\">accepted"), std::string::npos);
  EXPECT_NE(r.body.find("accepted_by, accepted_on"), std::string::npos);       // the history
  EXPECT_EQ(r.body.find("data-testid=\"register-form\""), std::string::npos);  // auditors read

  // The control treating it names the risk: the SoA's inclusion reason.
  r = call("GET", "/controls/AI-17", &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/registers/risk/RISK-1\""), std::string::npos);

  // The AI system's page lists what names it and offers its model card.
  r = call("GET", "/registers/ai_system/AIS-1", &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/registers/risk/RISK-1\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/registers/impact_assessment/AIIA-1\""), std::string::npos);
  r = call("GET", "/ai-systems/AIS-1/card?model_version=v1", &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("# Model card: Credit scoring, model version v1"), std::string::npos);
}

TEST_F(WebTest, AMeasurementFromTheFormIsSignedEvidenceDrawnGroupByGroup) {
  populate();
  const Session& c = sessions["contributor"];
  const std::string boundary = "----cw-measure";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  const std::string log = read_file(std::string(CROSSWALK_SOURCE_DIR) +
                                    "/tests/fixtures/measure/hiring_validation.csv");
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"kind", "fairness"},        {"subject", "hiring-model v2"}, {"label", "hired"},
      {"prediction", "predicted"}, {"sensitive", "sex"},           {"missing", ""},  // left blank
      {"range", "score=0:1"}};
  Response r = call(
      "POST", "/measurements?_csrf=" + c.csrf, &c,
      multipart_parts(boundary, fields, {{"log", "hiring.csv", log}, {"data", "", ""}}),  // unused
      type);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 800);
  const std::string location = header(r, "Location");
  ASSERT_EQ(location.rfind("/measurements/MEA-", 0), 0u) << location;

  r = call("GET", location, &sessions["viewer"]);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-testid=\"measurement-verdict\">fail<"), std::string::npos);
  EXPECT_NE(r.body.find("hiring.csv"), std::string::npos) << "the upload's own name";
  EXPECT_NE(r.body.find("disparate_impact_ratio 0.76 &lt; 0.8"), std::string::npos);
  EXPECT_NE(r.body.find("sex=F"), std::string::npos);
  EXPECT_NE(r.body.find("<title>76 / 200</title>"), std::string::npos) << "women selected";
  EXPECT_NE(r.body.find("href=\"/controls/AI-17\""), std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"quality-table\""), std::string::npos);

  // Listed; the control it proves fails once implemented.
  r = call("GET", "/measurements", &sessions["viewer"]);
  EXPECT_NE(r.body.find("hiring-model v2"), std::string::npos);
  EXPECT_EQ(r.body.find("data-testid=\"measure-form\""), std::string::npos)
      << "a viewer gets no form";
  auto ws = api->workspace();
  auto list = ws.value()->store().measurements("hiring-model v2", 10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  auto doc = service::measurement_document(*ws.value(), list->front());
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(service::verify_measurement_document(*ws.value(), doc.value()).ok());

  // Bad input names the column and row, keeps the form, and stores nothing.
  const std::string bad = "hired,predicted,sex\n1,1,F\n0,maybe,M\n";
  auto without_range = fields;
  without_range.pop_back();
  r = call("POST", "/measurements?_csrf=" + c.csrf, &c,
           multipart_parts(boundary, without_range, {{"log", "bad.csv", bad}}), type);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("bad.csv: column &apos;predicted&apos;, row 3: &apos;maybe&apos; is not"),
            std::string::npos)
      << r.body.substr(r.body.find("measure-error"), 400);
  EXPECT_EQ(ws.value()->store().measurements("hiring-model v2", 10)->size(), 1u);

  // A viewer may not measure; a forged CSRF token neither.
  const std::string body = multipart_parts(boundary, fields, {{"log", "hiring.csv", log}});
  const Session& v = sessions["viewer"];
  EXPECT_EQ(call("POST", "/measurements?_csrf=" + v.csrf, &v, body, type).status, 403);
  EXPECT_EQ(call("POST", "/measurements?_csrf=forged", &c, body, type).status, 403);
}

TEST_F(WebTest, ATruncatedImportShowsWhereItBrokeAndItsRefusalInTheHistory) {
  populate();
  const Session& m = sessions["manager"];
  const std::string boundary = "----cw-import";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  const std::string sample = read_file(kProwlerGcp);
  Response r = call("POST", "/imports?_csrf=" + m.csrf, &m,
                    multipart(boundary, {{"format", "ocsf"}, {"scope", "half"}}, "cut.ocsf.json",
                              sample.substr(0, sample.size() / 2)),
                    type);
  ASSERT_EQ(r.status, 400) << r.body.substr(0, 400);
  const auto alert = r.body.find("data-testid=\"import-error\"");
  ASSERT_NE(alert, std::string::npos);
  const std::string error = r.body.substr(alert, r.body.find("</p>", alert) - alert);
  EXPECT_NE(error.find("cut.ocsf.json"), std::string::npos) << error;
  EXPECT_NE(error.find("byte"), std::string::npos) << "names where it broke: " << error;
  EXPECT_NE(r.body.find("value=\"half\""), std::string::npos) << "the scope is kept";
  EXPECT_NE(r.body.find("value=\"ocsf\" selected"), std::string::npos) << "the format is kept";

  r = call("GET", "/imports", &m);
  const auto refused = r.body.find("data-testid=\"refusal\"");
  ASSERT_NE(refused, std::string::npos);
  EXPECT_NE(r.body.substr(refused, 400).find("byte"), std::string::npos);
  auto ws = api->workspace();
  auto imports = ws.value()->store().imports(10, 0);
  ASSERT_TRUE(imports.ok());
  auto refusal = std::find_if(imports->begin(), imports->end(),
                              [](const store::ImportRecord& i) { return !i.error.empty(); });
  ASSERT_NE(refusal, imports->end());
  r = call("GET", "/imports/" + refusal->id, &m);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-testid=\"import-refused\""), std::string::npos);
  EXPECT_EQ(ws.value()->store().findings({refusal->id, "", "", "", 10, 0})->second, 0)
      << "nothing of it was kept";

  // A file that is no results file at all, and a plain form post without a file.
  r = call("POST", "/imports?_csrf=" + m.csrf, &m,
           multipart(boundary, {}, "notes.txt", "just some notes\n"), type);
  EXPECT_EQ(r.status, 400);
  r = call("POST", "/imports?_csrf=" + m.csrf, &m, "scope=x");
  EXPECT_EQ(r.status, 400);
}

TEST_F(WebTest, FindingsAreFilteredByStatusToolControlAndImport) {
  populate();
  const Session& v = sessions["viewer"];
  Response r = call("GET", "/findings", &v);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(table_rows(r.body, "findings-table"), 5u);
  EXPECT_NE(r.body.find("1–5 of 5"), std::string::npos);
  r = call("GET", "/findings?status=fail", &v);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(table_rows(r.body, "findings-table"), 2u);
  EXPECT_NE(r.body.find("1–2 of 2"), std::string::npos);
  EXPECT_EQ(r.body.find("data-testid=\"finding-status\">pass<"), std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"finding-status\">fail<"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"fail\" selected"), std::string::npos) << "the filter is kept";
  r = call("GET", "/findings?status=pass&tool=Prowler&import=" + import_id, &v);
  EXPECT_EQ(table_rows(r.body, "findings-table"), 3u);
  r = call("GET", "/findings?tool=Trivy", &v);
  EXPECT_EQ(table_rows(r.body, "findings-table"), 0u);
  EXPECT_NE(r.body.find("No finding matches."), std::string::npos);
  auto ws = api->workspace();
  auto some = ws.value()->store().findings({"", "", "fail", "", 10, 0});
  ASSERT_TRUE(some.ok());
  for (const auto& f : some->first)
    if (!f.controls.empty()) {
      r = call("GET", "/findings?control=" + f.controls.front(), &v);
      EXPECT_GE(table_rows(r.body, "findings-table"), 1u);
      EXPECT_NE(r.body.find("value=\"" + f.controls.front() + "\" selected"), std::string::npos);
      break;
    }
  EXPECT_EQ(call("GET", "/findings?status=bogus", &v).status, 400);
  EXPECT_EQ(call("GET", "/findings?page=0", &v).status, 400);
}

TEST_F(WebTest, AdminsConfigureCollectorsOthersRunThemOrOnlyLook) {
  populate();
  const Session& a = sessions["admin"];
  { std::ofstream(dir / "restore.txt") << "restore test passed\n"; }
  const std::string config =
      http::percent_encode(nlohmann::json{{"path", dir / "restore.txt"}}.dump());
  // A validation error names the field and keeps what was typed.
  Response r = call("POST", "/collectors", &a,
                    "id=restore-doc&name=Restore+report&kind=file&config=" + config +
                        "&schedule=0+25+*+*+*&controls=TEC-13&freshness_days=2&"
                        "evidence_valid_days=0&enabled=yes&_csrf=" +
                        a.csrf);
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("data-testid=\"collector-error\">schedule: field 2 (hour)"),
            std::string::npos)
      << r.body.substr(r.body.find("collector-error"), 300);
  EXPECT_NE(r.body.find("value=\"Restore report\""), std::string::npos);
  EXPECT_NE(r.body.find("name=\"schedule\" value=\"0 25 * * *\" maxlength=\"100\" "
                        "aria-invalid=\"true\""),
            std::string::npos);
  r = call("POST", "/collectors", &a,
           "id=restore-doc&name=Restore+report&kind=file&config=%7B%22path%22%3A1%7D&"
           "controls=TEC-13&freshness_days=2&evidence_valid_days=0&_csrf=" +
               a.csrf);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("collector-error\">config: "), std::string::npos);
  r = call("POST", "/collectors", &a,
           "id=restore-doc&name=Restore+report&kind=file&config=" + config +
               "&controls=NOPE-1&freshness_days=2&evidence_valid_days=0&_csrf=" + a.csrf);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("collector-error\">controls: unknown control &apos;NOPE-1&apos;"),
            std::string::npos);

  r = call("POST", "/collectors", &a,
           "id=restore-doc&name=Restore+report&kind=file&config=" + config +
               "&schedule=%40daily&controls=TEC-13&freshness_days=2&evidence_valid_days=30&"
               "enabled=yes&_csrf=" +
               a.csrf);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  EXPECT_EQ(header(r, "Location"), "/collectors/restore-doc");
  r = call("GET", "/collectors", &a);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Restore report"), std::string::npos);
  EXPECT_NE(r.body.find("<code>@daily</code>"), std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"run-restore-doc\""), std::string::npos);

  // Run now: the result, the run in the history, the evidence, the check on the control.
  r = call("POST", "/collectors/restore-doc/run", &a, "_csrf=" + a.csrf);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  const std::string location = header(r, "Location");
  EXPECT_EQ(location.rfind("/collectors/restore-doc?ran=", 0), 0u) << location;
  r = call("GET", location.substr(0, location.find('#')), &a);
  ASSERT_EQ(r.status, 200);
  const auto result = r.body.find("data-testid=\"run-result\"");
  ASSERT_NE(result, std::string::npos);
  EXPECT_NE(r.body.substr(result, 300).find("badge pass"), std::string::npos);
  EXPECT_EQ(table_rows(r.body, "runs-table"), 1u);
  EXPECT_NE(r.body.find("href=\"/api/v1/evidence/EV-"), std::string::npos);
  r = call("GET", "/collectors", &a);
  EXPECT_NE(r.body.find("<span class=\"badge pass\">pass</span>"), std::string::npos)
      << "the list shows the last result";
  r = call("GET", "/controls/TEC-13", &a);
  EXPECT_NE(r.body.find("Restore report: "), std::string::npos);
  EXPECT_NE(r.body.find(">collector restore-doc</a>"), std::string::npos);

  // Edit: the form shows the stored values; a stale version is a conflict, shown on the form.
  r = call("GET", "/collectors/restore-doc", &a);
  EXPECT_NE(r.body.find("name=\"version\" value=\"1\""), std::string::npos);
  r = call("POST", "/collectors/restore-doc", &a,
           "name=Restore+report+v2&kind=file&config=" + config +
               "&controls=TEC-13&freshness_days=3&evidence_valid_days=0&version=1&_csrf=" + a.csrf);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  r = call("POST", "/collectors/restore-doc", &a,
           "name=Lost+update&kind=file&config=" + config +
               "&controls=TEC-13&freshness_days=3&evidence_valid_days=0&version=1&_csrf=" + a.csrf);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("value=\"Lost update\""), std::string::npos);
  r = call("GET", "/collectors/restore-doc", &a);
  EXPECT_NE(r.body.find("Restore report v2"), std::string::npos);
  EXPECT_NE(r.body.find("disabled"), std::string::npos) << "saved without enabled=yes";

  // A contributor sees neither the form nor Run now, and both posts are refused.
  const Session& c = sessions["contributor"];
  r = call("GET", "/collectors", &c);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("data-testid=\"collector-form\""), std::string::npos);
  EXPECT_EQ(r.body.find("Run now"), std::string::npos);
  r = call("GET", "/collectors/restore-doc", &c);
  EXPECT_EQ(r.body.find("data-testid=\"collector-form\""), std::string::npos);
  EXPECT_EQ(r.body.find("Remove collector"), std::string::npos);
  EXPECT_EQ(call("POST", "/collectors", &c,
                 "id=mine&name=Mine&kind=command&config=%7B%22argv%22%3A%5B%22%2Fbin%2Fid%22%5D%7D&"
                 "controls=TEC-13&freshness_days=2&evidence_valid_days=0&_csrf=" +
                     c.csrf)
                .status,
            403);
  EXPECT_EQ(call("POST", "/collectors/restore-doc/run", &c, "_csrf=" + c.csrf).status, 403);
  EXPECT_EQ(call("POST", "/collectors/restore-doc/delete", &c, "_csrf=" + c.csrf).status, 403);
  // A manager runs but does not configure.
  const Session& m = sessions["manager"];
  r = call("GET", "/collectors", &m);
  EXPECT_NE(r.body.find("Run now"), std::string::npos);
  EXPECT_EQ(r.body.find("data-testid=\"collector-form\""), std::string::npos);

  ASSERT_EQ(call("POST", "/collectors/restore-doc/delete", &a, "_csrf=" + a.csrf).status, 303);
  EXPECT_EQ(call("GET", "/collectors/restore-doc", &a).status, 404);
}

TEST_F(WebTest, ScopesCollectorNamesAndFileNamesAreEscapedWherePagesShowThem) {
  populate();
  const Session& a = sessions["admin"];
  const std::string boundary = "----cw-xss";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  // A scope with markup is refused; the refusal quotes it, escaped.
  Response r = call("POST", "/imports?_csrf=" + a.csrf, &a,
                    multipart(boundary, {{"scope", "<script>alert(1)</script>"}},
                              "<img src=x onerror=alert(2)>.json", read_file(kProwlerGcp)),
                    type);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // A file name with markup is stored as sent (made safe) and shown escaped.
  r = call("POST", "/imports?_csrf=" + a.csrf, &a,
           multipart(boundary, {}, "<img src=x onerror=alert(2)>.json", read_file(kProwlerGcp)),
           type);
  ASSERT_EQ(r.status, 303);
  const std::string detail = header(r, "Location");
  ASSERT_EQ(call("POST", "/collectors", &a,
                 "id=xss&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&kind=host&config=%7B%7D&"
                 "freshness_days=2&evidence_valid_days=0&_csrf=" +
                     a.csrf)
                .status,
            303);
  for (const std::string& page : {std::string("/imports"), detail, std::string("/findings"),
                                  std::string("/collectors"), std::string("/collectors/xss")}) {
    r = call("GET", page, &a);
    ASSERT_EQ(r.status, 200) << page;
    EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << page;
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos) << page;
  }
  EXPECT_NE(call("GET", "/collectors", &a).body.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_EQ(call("GET", "/imports/%3Cb%3E", &a).body.find("<b>"), std::string::npos);
}

TEST_F(WebTest, TheDashboardSaysWhatToRenewAndWhatChangedSinceYesterday) {
  populate();
  // Renewals count for implemented controls: those the Prowler results prove.
  auto ws = api->workspace();
  auto checks = ws.value()->store().import_checks(import_id);
  ASSERT_TRUE(checks.ok());
  ASSERT_FALSE(checks->empty());
  for (const auto& check : checks.value())
    ASSERT_TRUE(service::set_control_status(*ws.value(), check.control_id, "implemented",
                                            std::nullopt, actor)
                    .ok());
  const Session& v = sessions["viewer"];
  Response r = call("GET", "/", &v);
  ASSERT_EQ(r.status, 200);
  // The Prowler results are from February 2025: their checks went stale long before kNow.
  const auto renewals = r.body.find("data-testid=\"renewals\"");
  ASSERT_NE(renewals, std::string::npos);
  const std::string card = r.body.substr(renewals, r.body.find("</section>", renewals) - renewals);
  EXPECT_NE(card.find("data-testid=\"renewal\""), std::string::npos) << card;
  EXPECT_NE(card.find("overdue since"), std::string::npos);
  EXPECT_NE(card.find("href=\"/imports\">Import a new result file"), std::string::npos);
  // Everything populate() did happened today: the adoption, the import, the evidence.
  const auto changes = r.body.find("data-testid=\"changes\"");
  ASSERT_NE(changes, std::string::npos);
  const std::string since = r.body.substr(changes, r.body.find("</section>", changes) - changes);
  EXPECT_NE(since.find("data-testid=\"changes-imports\">1 import<"), std::string::npos) << since;
  EXPECT_NE(since.find("data-testid=\"change\""), std::string::npos);
  EXPECT_NE(since.find("badge new\">new</span>"), std::string::npos) << "adopted since yesterday";
}

TEST_F(WebTest, TheImportHistoryIsPaged) {
  populate();
  auto ws = api->workspace();
  {
    std::ofstream(dir / "ci.xml")
        << "<testsuite name=\"ci\" tests=\"1\"><testcase name=\"restore\"/></testsuite>\n";
  }
  for (int i = 0; i < 51; ++i) {
    service::ImportRequest req;
    req.path = dir / "ci.xml";
    req.scope = "run-" + std::to_string(i);
    ASSERT_TRUE(service::import_results(*ws.value(), req, {"test", kNow + 1 + i}).ok());
  }
  const Session& v = sessions["viewer"];
  Response r = call("GET", "/imports", &v);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(table_rows(r.body, "imports-table"), 50u);
  EXPECT_NE(r.body.find("1–50 of 52"), std::string::npos);
  EXPECT_NE(r.body.find(">run-50<"), std::string::npos) << "newest first";
  EXPECT_NE(r.body.find("href=\"/imports?page=2\""), std::string::npos);
  r = call("GET", "/imports?page=2", &v);
  EXPECT_EQ(table_rows(r.body, "imports-table"), 2u);
  EXPECT_NE(r.body.find("51–52 of 52"), std::string::npos);
  EXPECT_NE(r.body.find("prowler-example_output_gcp.ocsf.json"), std::string::npos)
      << "oldest last";
  EXPECT_EQ(r.body.find("Older →"), std::string::npos);
  EXPECT_EQ(call("GET", "/imports?page=x", &v).status, 400);
}

TEST_F(WebTest, TheSoaPageShowsDecisionsApprovalsAndFiles) {
  populate();  // version 1 approved
  const Session& manager = sessions["manager"];
  // Reasons given on the requirement's page (the note with markup), then the SoA page.
  const std::string decision = "/frameworks/iso27001-2022/requirements/A.5.31/decision";
  EXPECT_EQ(call("POST", decision, &manager,
                 "applicable=yes&soa_fields=yes&reason=legal&reason=contractual&reason_note=%3Cb%3E"
                 "GDPR%3C%2Fb%3E&review_by=2027-06-30&_csrf=" +
                     manager.csrf)
                .status,
            303);
  Response page = call("GET", "/soa/iso27001-2022", &manager);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Version 2 · draft"), std::string::npos);
  EXPECT_NE(page.body.find("changed since version 1"), std::string::npos);
  const auto row = page.body.find("data-testid=\"soa-row-A.5.31\"");
  ASSERT_NE(row, std::string::npos);
  const std::string a531 = page.body.substr(row, page.body.find("</tr>", row) - row);
  EXPECT_NE(a531.find("legal or regulatory requirement"), std::string::npos);
  EXPECT_NE(a531.find("&lt;b&gt;GDPR&lt;/b&gt;"), std::string::npos) << a531;
  EXPECT_EQ(a531.find("<b>GDPR"), std::string::npos);
  EXPECT_NE(a531.find("2027-06-30"), std::string::npos);
  EXPECT_NE(page.body.find("data-testid=\"soa-approve\""), std::string::npos);
  // The requirement's page shows the reasons checked.
  const Response req = call("GET", "/frameworks/iso27001-2022/requirements/A.5.31", &manager);
  EXPECT_NE(req.body.find("value=\"legal\" checked"), std::string::npos);
  EXPECT_NE(req.body.find("value=\"good-practice\">"), std::string::npos);
  // A bad date is refused and changes nothing.
  EXPECT_EQ(
      call("POST", decision, &manager,
           "applicable=yes&soa_fields=yes&reason=legal&review_by=someday&_csrf=" + manager.csrf)
          .status,
      400);
  EXPECT_NE(call("GET", "/soa/iso27001-2022", &manager).body.find("contractual"),
            std::string::npos);
  // Viewers read it but see no approval form.
  EXPECT_EQ(call("GET", "/soa/iso27001-2022", &sessions["viewer"]).body.find("soa-approve"),
            std::string::npos);

  ASSERT_EQ(call("POST", "/soa/iso27001-2022/approve", &manager, "_csrf=" + manager.csrf).status,
            303);
  page = call("GET", "/soa/iso27001-2022", &manager);
  EXPECT_NE(page.body.find("Version 2 · approved"), std::string::npos);
  EXPECT_EQ(page.body.find("data-testid=\"soa-approve\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/soa/iso27001-2022/versions/1\""), std::string::npos);
  const Response v1 = call("GET", "/soa/iso27001-2022/versions/1", &manager);
  EXPECT_NE(v1.body.find("This is version 1 as approved by"), std::string::npos);
  EXPECT_EQ(v1.body.find("GDPR"), std::string::npos) << "version 1 predates the note";

  const Response csv = call("GET", "/soa/iso27001-2022/export?format=csv", &manager);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(header(csv, "Content-Disposition"),
            "attachment; filename=\"soa-iso27001-2022-v2.csv\"");
  EXPECT_NE(csv.body.find("A.5.31,"), std::string::npos);
  EXPECT_EQ(call("GET", "/soa/iso27001-2022/export?format=doc", &manager).status, 400);
  EXPECT_EQ(call("GET", "/soa/iso9001", &manager).status, 404);
}

}  // namespace
}  // namespace crosswalk::web
