// Imports, findings, check history, collectors and scoped API tokens in the store, on a real
// database: a SQLite file, or a fresh schema on the PostgreSQL test server (test_database.h).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "catalog/catalog.h"
#include "store/store.h"
#include "temp_dir.h"
#include "test_database.h"

namespace crosswalk::store {
namespace {

namespace d = crosswalk::domain;

const Actor kActor{"test", 1'800'000'000};

Actor at(d::Timestamp offset) {
  return {"test", kActor.now + offset};
}

d::Finding finding(const std::string& tool, const std::string& rule_id, d::FindingStatus status,
                   const std::string& resource = "") {
  d::Finding f;
  f.tool = tool;
  f.tool_version = "1.0";
  f.rule_id = rule_id;
  f.rule_name = "name of " + rule_id;
  f.status = status;
  f.severity = "high";
  f.resource = resource;
  f.message = "message of " + rule_id;
  f.observed_at = kActor.now - 60;
  f.tags = {"iso27001-2022:a.8.20", "cwe:79"};
  f.offset = 1234;
  return f;
}

ImportRecord record(const std::string& filename, std::int64_t findings = 0) {
  ImportRecord r;
  r.format = "ocsf";
  r.filename = filename;
  r.sha256 = std::string(64, 'a');
  r.size = 4096;
  r.findings = findings;
  return r;
}

FindingFilter filter(const std::string& import_id, const std::string& tool = "",
                     const std::string& status = "", const std::string& control = "",
                     std::int64_t limit = 50, std::int64_t offset = 0) {
  FindingFilter f;
  f.import_id = import_id;
  f.tool = tool;
  f.status = status;
  f.control = control;
  f.limit = limit;
  f.offset = offset;
  return f;
}

CheckResultRecord result(const std::string& check, const std::string& control,
                         d::CheckOutcome outcome, d::Timestamp observed_at) {
  CheckResultRecord r;
  r.check_id = check;
  r.control_id = control;
  r.name = "check " + check;
  r.freshness_seconds = 2 * d::kSecondsPerDay;
  r.outcome = outcome;
  r.observed_at = observed_at;
  r.message = "message of " + check;
  return r;
}

EvidenceRecord file_evidence(const std::vector<std::string>& controls) {
  EvidenceRecord e;
  e.kind = "file";
  e.sha256 = std::string(64, 'a');
  e.filename = "results.ocsf.json";
  e.size = 4096;
  e.source = "import";
  e.collected_at = kActor.now;
  e.valid_until = kActor.now + 2 * d::kSecondsPerDay;
  e.controls = controls;
  return e;
}

class StoreImports : public ::testing::Test {
 protected:
  std::unique_ptr<Store> connect() {
    auto s = db.postgres() ? open_postgres_store(db.url(), "")
                           : open_sqlite_store(dir / "cw.db", dir / "journal.head", true);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  void SetUp() override {
    store = connect();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->migrate().ok());
    auto c = catalog::load_catalog(catalog::embedded_catalog_files());
    ASSERT_TRUE(c.ok()) << c.status().message();
    cat = std::move(c).value();
    ASSERT_TRUE(store->seed_catalog(cat, kActor).ok());
    ASSERT_TRUE(
        store->adopt({cat.find_template("TEC-19"), cat.find_template("TEC-08")}, kActor).ok());
  }
  std::int64_t journal_size() { return store->verify_journal().value().entries; }
  std::int64_t findings_total(FindingFilter f = {}) {
    auto r = store->findings(f);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->second : -1;
  }
  std::vector<CheckHistoryRow> history(const std::string& control = "", int limit = 100) {
    auto r = store->check_history(control, limit);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : std::vector<CheckHistoryRow>{};
  }
  // One committed import of `findings`, each proving `controls`; returns its id.
  std::string import(const std::vector<d::Finding>& findings,
                     const std::vector<std::string>& controls, const Actor& actor,
                     std::vector<CheckResultRecord> results = {},
                     const std::string& filename = "results.ocsf.json") {
    auto w = store->begin_import();
    EXPECT_TRUE(w.ok()) << w.status().message();
    if (!w.ok()) return "";
    for (const d::Finding& f : findings) EXPECT_TRUE(w.value()->add_finding(f, controls).ok());
    const std::string id = w.value()->id();
    const Status s = w.value()->commit(record(filename, std::int64_t(findings.size())),
                                       std::nullopt, std::move(results), actor);
    EXPECT_TRUE(s.ok()) << s.message();
    return id;
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  std::unique_ptr<Store> store;
  catalog::Catalog cat;
};

// ---------------------------------------------------------------- imports

TEST_F(StoreImports, ACommittedImportShowsFindingsCheckResultsAndEvidenceTogether) {
  auto other = connect();  // what another server (or the web UI) sees meanwhile
  ASSERT_TRUE(other);
  const auto journal_before = journal_size();
  auto w = store->begin_import();
  ASSERT_TRUE(w.ok()) << w.status().message();
  const std::string id = w.value()->id();
  EXPECT_EQ(id.rfind("IMP-", 0), 0u) << id;
  // More than one batch of rows, some proving controls, some not.
  for (int i = 0; i < 70; ++i) {
    const auto status = i % 7 == 0 ? d::FindingStatus::kFail : d::FindingStatus::kPass;
    const std::vector<std::string> controls =
        i % 2 ? std::vector<std::string>{"TEC-19", "TEC-08"} : std::vector<std::string>{};
    ASSERT_TRUE(w.value()
                    ->add_finding(finding("Prowler", "check_" + std::to_string(i), status,
                                          "fw-" + std::to_string(i)),
                                  controls)
                    .ok());
  }
  EXPECT_EQ(other->findings({})->second, 0);  // nothing visible before commit
  EXPECT_TRUE(other->imports(10, 0)->empty());

  ImportRecord r = record("gcp.ocsf.json", 70);
  r.failed = 10;
  r.passed = 60;
  r.mapped = 35;
  r.checks = 1;
  r.scope = "prod";
  r.runs_json = R"([{"tool":"Prowler"}])";
  r.warnings_json = R"(["a warning"])";
  ASSERT_TRUE(w.value()
                  ->commit(r, file_evidence({"TEC-19"}),
                           {result("rule:x:prowler@TEC-19", "TEC-19", d::CheckOutcome::kFail,
                                   kActor.now - 60)},
                           kActor)
                  .ok());

  // All of it at once, from the other connection.
  auto imports = other->imports(10, 0);
  ASSERT_TRUE(imports.ok()) << imports.status().message();
  ASSERT_EQ(imports->size(), 1u);
  const ImportRecord& got = imports->front();
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.filename, "gcp.ocsf.json");
  EXPECT_EQ(got.scope, "prod");
  EXPECT_EQ(got.findings, 70);
  EXPECT_EQ(got.failed, 10);
  EXPECT_EQ(got.mapped, 35);
  EXPECT_EQ(got.checks, 1);
  EXPECT_EQ(got.runs_json, R"([{"tool":"Prowler"}])");
  EXPECT_EQ(got.warnings_json, R"(["a warning"])");
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.created_by, "test");
  EXPECT_EQ(got.created_at, kActor.now);
  EXPECT_FALSE(got.evidence_id.empty());

  auto findings = other->findings(filter(id, "", "", "", 100));
  ASSERT_TRUE(findings.ok()) << findings.status().message();
  EXPECT_EQ(findings->second, 70);
  ASSERT_EQ(findings->first.size(), 70u);
  const FindingRecord& second = findings->first[1];  // file order
  EXPECT_EQ(second.n, 2);
  EXPECT_EQ(second.import_id, id);
  EXPECT_EQ(second.finding.rule_id, "check_1");
  EXPECT_EQ(second.finding.rule_name, "name of check_1");
  EXPECT_EQ(second.finding.status, d::FindingStatus::kPass);
  EXPECT_EQ(second.finding.severity, "high");
  EXPECT_EQ(second.finding.resource, "fw-1");
  EXPECT_EQ(second.finding.message, "message of check_1");
  EXPECT_EQ(second.finding.observed_at, kActor.now - 60);
  EXPECT_EQ(second.finding.tags, (std::vector<std::string>{"iso27001-2022:a.8.20", "cwe:79"}));
  EXPECT_EQ(second.finding.offset, 1234);
  EXPECT_EQ(second.controls, (std::vector<std::string>{"TEC-19", "TEC-08"}));
  EXPECT_TRUE(findings->first[0].controls.empty());
  EXPECT_EQ(findings->first[0].finding.status, d::FindingStatus::kFail);
  EXPECT_EQ(findings->first[69].n, 70);

  const auto rows = other->check_history("TEC-19", 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().check_id, "rule:x:prowler@TEC-19");
  EXPECT_EQ(rows->front().outcome, d::CheckOutcome::kFail);
  EXPECT_EQ(rows->front().source, "import:" + id);

  auto evidence = other->evidence_item(got.evidence_id);
  ASSERT_TRUE(evidence.ok() && evidence.value());
  EXPECT_EQ(evidence.value()->source, "import");
  EXPECT_EQ(evidence.value()->controls, std::vector<std::string>{"TEC-19"});

  // The control's facts include the result, and the journal has one entry per change, verified.
  auto org = other->organization();
  ASSERT_TRUE(org.ok());
  ASSERT_EQ(org->check_results.size(), 1u);
  EXPECT_EQ(org->check_results[0].outcome, d::CheckOutcome::kFail);
  EXPECT_EQ(journal_size(), journal_before + 3);  // evidence, check result, import
  EXPECT_TRUE(store->verify_journal()->ok);
}

TEST_F(StoreImports, AnImportDroppedWithoutCommitLeavesNothing) {
  const auto journal_before = journal_size();
  {
    auto w = store->begin_import();
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (int i = 0; i < 100; ++i)  // several batches reach the database before the drop
      ASSERT_TRUE(
          w.value()
              ->add_finding(finding("Prowler", "c" + std::to_string(i), d::FindingStatus::kFail),
                            {"TEC-19"})
              .ok());
  }
  EXPECT_EQ(findings_total(), 0);
  EXPECT_TRUE(store->imports(10, 0)->empty());
  EXPECT_TRUE(history().empty());
  EXPECT_TRUE(store->evidence()->empty());
  EXPECT_EQ(journal_size(), journal_before);
  // The database is not left locked: the next import goes through.
  const std::string id =
      import({finding("Prowler", "c", d::FindingStatus::kPass)}, {"TEC-19"}, kActor);
  EXPECT_EQ(findings_total(), 1);
  EXPECT_EQ(store->imports(10, 0)->front().id, id);
}

// A process that dies halfway through an import (killed, crashed, the machine lost power): its
// findings and check results never appear, and the next import is not blocked.
TEST_F(StoreImports, AnImportAbandonedByADyingProcessLeavesNothing) {
  const auto journal_before = journal_size();
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    auto mine = connect();
    if (!mine) ::_exit(3);
    auto w = mine->begin_import();
    if (!w.ok()) ::_exit(4);
    for (int i = 0; i < 100; ++i)
      if (!w.value()
               ->add_finding(finding("Prowler", "c", d::FindingStatus::kFail), {"TEC-19"})
               .ok())
        ::_exit(5);
    if (::write(ready[1], "x", 1) != 1) ::_exit(6);
    ::pause();  // holds the transaction open until killed
    ::_exit(7);
  }
  ::close(ready[1]);
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1) << "the child could not start its import";
  ::close(ready[0]);
  // Mid-import: nothing of it is visible.
  EXPECT_EQ(findings_total(), 0);
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));

  EXPECT_EQ(findings_total(), 0);
  EXPECT_TRUE(store->imports(10, 0)->empty());
  EXPECT_TRUE(history().empty());
  EXPECT_EQ(journal_size(), journal_before);
  import({finding("Prowler", "c", d::FindingStatus::kPass)}, {"TEC-19"}, kActor,
         {result("rule:r:prowler@TEC-19", "TEC-19", d::CheckOutcome::kPass, kActor.now)});
  EXPECT_EQ(findings_total(), 1);
  EXPECT_EQ(history("TEC-19").size(), 1u);
  EXPECT_TRUE(store->verify_journal()->ok);
}

TEST_F(StoreImports, ARefusedImportKeepsOnlyItsRefusal) {
  const auto journal_before = journal_size();
  ImportRecord r = record("truncated.sarif");
  r.format = "sarif";
  r.error = "truncated.sarif: byte 1834: unexpected end of file";
  ASSERT_TRUE(store->record_refused_import(r, at(5)).ok());
  auto imports = store->imports(10, 0);
  ASSERT_TRUE(imports.ok());
  ASSERT_EQ(imports->size(), 1u);
  EXPECT_EQ(imports->front().id.rfind("IMP-", 0), 0u);
  EXPECT_EQ(imports->front().error, r.error);
  EXPECT_EQ(imports->front().filename, "truncated.sarif");
  EXPECT_EQ(imports->front().created_at, kActor.now + 5);
  EXPECT_EQ(imports->front().evidence_id, "");
  EXPECT_EQ(findings_total(), 0);
  EXPECT_TRUE(history().empty());
  EXPECT_TRUE(store->evidence()->empty());
  EXPECT_EQ(journal_size(), journal_before + 1);
  auto last = store->journal(journal_before, 10);
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ(last->front().action, "import.refuse");
  auto one = store->import_record(imports->front().id);
  ASSERT_TRUE(one.ok() && one.value());
  EXPECT_EQ(one.value()->error, r.error);
  EXPECT_FALSE(store->import_record("IMP-none").value());
}

TEST_F(StoreImports, FindingsFilterByImportToolStatusAndControlWithTotals) {
  ControlDefinition net_1{"NET_1", "Network rule 1", "", {}};
  ControlDefinition neta1{"NETA1", "Network rule A1", "", {}};
  ASSERT_TRUE(store->create_control(net_1, kActor).ok());
  ASSERT_TRUE(store->create_control(neta1, kActor).ok());
  using S = d::FindingStatus;
  const std::string first =
      import({finding("Prowler", "a", S::kPass), finding("Prowler", "b", S::kFail),
              finding("Prowler", "c", S::kFail), finding("Prowler", "d", S::kPass),
              finding("Prowler", "e", S::kNotApplicable)},
             {"TEC-19"}, at(1));
  const std::string second =
      import({finding("Trivy", "CVE-1", S::kFail), finding("Trivy", "CVE-2", S::kError),
              finding("Trivy", "CVE-3", S::kFail)},
             {"TEC-08", "NETA1"}, at(2));
  const std::string third = import({finding("Trivy", "CVE-4", S::kFail)}, {"NET_1"}, at(3));

  struct Case {
    const char* name;
    FindingFilter filter;
    std::int64_t total;
    std::vector<std::string> rule_ids;  // the page, in order
  };
  const std::vector<Case> cases = {
      {"everything, newest import first, file order within",
       FindingFilter{},
       9,
       {"CVE-4", "CVE-1", "CVE-2", "CVE-3", "a", "b", "c", "d", "e"}},
      {"one import", filter(first), 5, {"a", "b", "c", "d", "e"}},
      {"one tool", filter("", "Trivy"), 4, {"CVE-4", "CVE-1", "CVE-2", "CVE-3"}},
      {"tool names are exact", filter("", "trivy"), 0, {}},
      {"one status", filter("", "", "fail"), 5, {"CVE-4", "CVE-1", "CVE-3", "b", "c"}},
      {"tool and status", filter("", "Trivy", "error"), 1, {"CVE-2"}},
      {"a control", filter("", "", "", "TEC-19"), 5, {"a", "b", "c", "d", "e"}},
      {"a control among several", filter("", "", "", "NETA1"), 3, {"CVE-1", "CVE-2", "CVE-3"}},
      {"a control id is not a pattern", filter("", "", "", "NET_1"), 1, {"CVE-4"}},
      {"part of a control id is not the control", filter("", "", "", "TEC-1"), 0, {}},
      {"an unknown import", filter("IMP-none"), 0, {}},
      {"a page", filter("", "", "", "", 3, 2), 9, {"CVE-2", "CVE-3", "a"}},
      {"a filtered page", filter(first, "", "", "", 2, 4), 5, {"e"}},
      {"past the end", filter("", "", "fail", "", 10, 10), 5, {}},
  };
  for (const Case& c : cases) {
    auto r = store->findings(c.filter);
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.status().message();
    EXPECT_EQ(r->second, c.total) << c.name;
    std::vector<std::string> ids;
    for (const FindingRecord& f : r->first) ids.push_back(f.finding.rule_id);
    EXPECT_EQ(ids, c.rule_ids) << c.name;
  }
  (void)second;
  (void)third;
}

TEST_F(StoreImports, ImportsAreListedNewestFirstAPageAtATime) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(import({}, {}, at(i * 10), {}, "f" + std::to_string(i)));
  ImportRecord refused = record("bad.xml");
  refused.error = "bad.xml: line 3: mismatched tag";
  ASSERT_TRUE(store->record_refused_import(refused, at(25)).ok());
  auto names = [&](std::int64_t limit, std::int64_t offset) {
    std::vector<std::string> out;
    auto r = store->imports(limit, offset);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (r.ok())
      for (const auto& i : r.value()) out.push_back(i.filename);
    return out;
  };
  EXPECT_EQ(names(3, 0), (std::vector<std::string>{"f4", "f3", "bad.xml"}));
  EXPECT_EQ(names(3, 3), (std::vector<std::string>{"f2", "f1", "f0"}));
  EXPECT_EQ(names(3, 6), std::vector<std::string>{});
  EXPECT_EQ(names(100, 0).size(), 6u);
  EXPECT_EQ(store->import_record(ids[2]).value()->filename, "f2");
}

TEST_F(StoreImports, CheckHistoryIsPerControlNewestFirst) {
  using O = d::CheckOutcome;
  import({}, {}, at(1), {result("scan@TEC-19", "TEC-19", O::kFail, kActor.now - 300)});
  import({}, {}, at(2),
         {result("scan@TEC-19", "TEC-19", O::kPass, kActor.now - 100),
          result("scan@TEC-08", "TEC-08", O::kError, kActor.now - 200)});
  CheckResultRecord pushed = result("ci:restore-test", "TEC-19", O::kPass, kActor.now - 50);
  pushed.source = "api";
  ASSERT_TRUE(store->record_check_result(pushed, kActor).ok());

  const auto of_19 = history("TEC-19");
  ASSERT_EQ(of_19.size(), 3u);
  EXPECT_EQ(of_19[0].check_id, "ci:restore-test");
  EXPECT_EQ(of_19[0].source, "api");
  EXPECT_EQ(of_19[1].check_id, "scan@TEC-19");
  EXPECT_EQ(of_19[1].outcome, O::kPass);
  EXPECT_EQ(of_19[1].observed_at, kActor.now - 100);
  EXPECT_EQ(of_19[1].source.rfind("import:IMP-", 0), 0u);
  EXPECT_EQ(of_19[2].outcome, O::kFail);
  EXPECT_EQ(of_19[2].check_name, "check scan@TEC-19");
  EXPECT_EQ(of_19[2].freshness_seconds, 2 * d::kSecondsPerDay);
  EXPECT_EQ(of_19[2].message, "message of scan@TEC-19");
  for (const auto& r : of_19) EXPECT_EQ(r.control_id, "TEC-19");

  const auto of_08 = history("TEC-08");
  ASSERT_EQ(of_08.size(), 1u);
  EXPECT_EQ(of_08[0].outcome, O::kError);
  EXPECT_EQ(history("").size(), 4u);
  EXPECT_EQ(history("TEC-19", 2).size(), 2u);
  EXPECT_TRUE(history("ORG-01").empty());
}

TEST_F(StoreImports, AnImportProvingAnUnknownControlIsRefusedWhole) {
  const auto journal_before = journal_size();
  auto w = store->begin_import();
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(
      w.value()->add_finding(finding("Prowler", "c", d::FindingStatus::kFail), {"TEC-19"}).ok());
  const Status s =
      w.value()->commit(record("x.ocsf.json", 1), file_evidence({"TEC-19"}),
                        {result("ok@TEC-19", "TEC-19", d::CheckOutcome::kFail, kActor.now),
                         result("bad@NO-SUCH", "NO-SUCH", d::CheckOutcome::kFail, kActor.now)},
                        kActor);
  EXPECT_EQ(s.code(), Status::Code::kNotFound) << s.message();
  w.value().reset();
  EXPECT_EQ(findings_total(), 0);
  EXPECT_TRUE(store->imports(10, 0)->empty());
  EXPECT_TRUE(history().empty());
  EXPECT_TRUE(store->evidence()->empty());
  EXPECT_EQ(journal_size(), journal_before);
}

// ---------------------------------------------------------------- collectors

CollectorRecord collector(const std::string& id, const std::vector<std::string>& controls) {
  CollectorRecord c;
  c.id = id;
  c.name = "Policy document";
  c.kind = "file";
  c.config_json = R"({"path":"/srv/policy.pdf","review_every_days":365})";
  c.schedule = "0 6 * * *";
  c.controls = controls;
  c.freshness_seconds = 2 * d::kSecondsPerDay;
  c.evidence_valid_days = 30;
  return c;
}

TEST_F(StoreImports, CollectorsAreCreatedOnceAndUpdatedAtTheVersionSeen) {
  const auto journal_before = journal_size();
  ASSERT_TRUE(store->put_collector(collector("policy", {"TEC-19"}), std::nullopt, at(1)).ok());
  auto all = store->collectors();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().version, 1);
  EXPECT_EQ(all->front().kind, "file");
  EXPECT_EQ(all->front().config_json, R"({"path":"/srv/policy.pdf","review_every_days":365})");
  EXPECT_EQ(all->front().schedule, "0 6 * * *");
  EXPECT_EQ(all->front().controls, std::vector<std::string>{"TEC-19"});
  EXPECT_EQ(all->front().freshness_seconds, 2 * d::kSecondsPerDay);
  EXPECT_EQ(all->front().evidence_valid_days, 30);
  EXPECT_TRUE(all->front().enabled);
  EXPECT_EQ(all->front().created_by, "test");
  EXPECT_EQ(all->front().created_at, kActor.now + 1);

  // The same id again, as a creation: refused.
  EXPECT_EQ(store->put_collector(collector("policy", {}), std::nullopt, kActor).code(),
            Status::Code::kConflict);

  CollectorRecord edited = collector("policy", {"TEC-19", "TEC-08"});
  edited.name = "Signed policy";
  edited.enabled = false;
  ASSERT_TRUE(store->put_collector(edited, 1, at(2)).ok());
  // Someone else edited version 1 too: their save is refused and changes nothing.
  CollectorRecord stale = collector("policy", {});
  stale.name = "Stale edit";
  const Status s = store->put_collector(stale, 1, at(3));
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
  all = store->collectors();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().version, 2);
  EXPECT_EQ(all->front().name, "Signed policy");
  EXPECT_FALSE(all->front().enabled);
  EXPECT_EQ(all->front().controls, (std::vector<std::string>{"TEC-19", "TEC-08"}));
  EXPECT_EQ(all->front().updated_at, kActor.now + 2);
  EXPECT_EQ(all->front().created_at, kActor.now + 1);

  EXPECT_EQ(store->put_collector(collector("nope", {}), 1, kActor).code(), Status::Code::kNotFound);
  EXPECT_EQ(store->put_collector(collector("other", {"NO-SUCH"}), std::nullopt, kActor).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(store->collectors()->size(), 1u);
  EXPECT_EQ(journal_size(), journal_before + 2);  // add, update
}

TEST_F(StoreImports, RunsAreRecordedWithEvidenceAndResultsNewestFirst) {
  ASSERT_TRUE(store->put_collector(collector("policy", {"TEC-19"}), std::nullopt, kActor).ok());
  ASSERT_TRUE(store->put_collector(collector("host", {"TEC-08"}), std::nullopt, kActor).ok());
  auto run = [&](const std::string& id, const std::string& outcome, d::Timestamp t,
                 bool with_evidence) {
    CollectorRunRecord r;
    r.collector_id = id;
    r.trigger = "schedule";
    r.scheduled_for = kActor.now + t;
    r.started_at = kActor.now + t;
    r.finished_at = kActor.now + t + 2;
    r.outcome = outcome;
    r.message = outcome + " at " + std::to_string(t);
    r.missed = t == 0 ? 0 : 1;
    r.runner = "serve@a:1";
    std::vector<CheckResultRecord> results = {result(
        id + ":file@TEC-19", "TEC-19",
        outcome == "pass" ? d::CheckOutcome::kPass : d::CheckOutcome::kFail, kActor.now + t)};
    auto e =
        with_evidence ? std::optional<EvidenceRecord>(file_evidence({"TEC-19"})) : std::nullopt;
    if (e) e->source = "collector";
    return store->record_collector_run(r, e, results, at(t));
  };
  auto first = run("policy", "pass", 0, true);
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = run("host", "fail", 10, false);
  ASSERT_TRUE(second.ok()) << second.status().message();
  auto third = run("policy", "fail", 20, true);
  ASSERT_TRUE(third.ok()) << third.status().message();
  EXPECT_LT(first.value(), second.value());
  EXPECT_LT(second.value(), third.value());

  auto runs = store->collector_runs("policy", 10);
  ASSERT_TRUE(runs.ok()) << runs.status().message();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ(runs->at(0).id, third.value());
  EXPECT_EQ(runs->at(0).outcome, "fail");
  EXPECT_EQ(runs->at(0).trigger, "schedule");
  EXPECT_EQ(runs->at(0).scheduled_for, kActor.now + 20);
  EXPECT_EQ(runs->at(0).started_at, kActor.now + 20);
  EXPECT_EQ(runs->at(0).finished_at, kActor.now + 22);
  EXPECT_EQ(runs->at(0).message, "fail at 20");
  EXPECT_EQ(runs->at(0).missed, 1);
  EXPECT_EQ(runs->at(0).runner, "serve@a:1");
  EXPECT_FALSE(runs->at(0).evidence_id.empty());
  EXPECT_EQ(runs->at(1).id, first.value());
  EXPECT_NE(runs->at(1).evidence_id, runs->at(0).evidence_id);
  EXPECT_EQ(store->collector_runs("host", 10)->front().evidence_id, "");
  EXPECT_EQ(store->collector_runs("", 10)->size(), 3u);
  EXPECT_EQ(store->collector_runs("", 1)->front().id, third.value());

  auto evidence = store->evidence_item(runs->at(0).evidence_id);
  ASSERT_TRUE(evidence.ok() && evidence.value());
  EXPECT_EQ(evidence.value()->source, "collector");
  const auto rows = history("TEC-19");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].source, "collector:policy");
  EXPECT_EQ(rows[0].outcome, d::CheckOutcome::kFail);
  EXPECT_EQ(rows[1].source, "collector:host");

  // A run of a collector that does not exist stores nothing, not even its evidence.
  const auto evidence_before = store->evidence()->size();
  auto unknown = run("gone", "pass", 30, true);
  EXPECT_EQ(unknown.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->evidence()->size(), evidence_before);
  EXPECT_EQ(history().size(), 3u);
  EXPECT_TRUE(store->verify_journal()->ok);
}

TEST_F(StoreImports, RemovingACollectorKeepsTheResultsItRecorded) {
  ASSERT_TRUE(store->put_collector(collector("policy", {"TEC-19"}), std::nullopt, kActor).ok());
  CollectorRunRecord r;
  r.collector_id = "policy";
  r.trigger = "manual";
  r.started_at = r.finished_at = kActor.now;
  r.outcome = "pass";
  ASSERT_TRUE(store
                  ->record_collector_run(
                      r, std::nullopt,
                      {result("policy:file@TEC-19", "TEC-19", d::CheckOutcome::kPass, kActor.now)},
                      kActor)
                  .ok());
  const auto journal_before = journal_size();
  ASSERT_TRUE(store->remove_collector("policy", at(1)).ok());
  EXPECT_TRUE(store->collectors()->empty());
  EXPECT_EQ(history("TEC-19").size(), 1u);
  EXPECT_EQ(journal_size(), journal_before + 1);
  EXPECT_EQ(store->remove_collector("policy", kActor).code(), Status::Code::kNotFound);
  // The id is free again.
  EXPECT_TRUE(store->put_collector(collector("policy", {}), std::nullopt, at(2)).ok());
  EXPECT_TRUE(store->verify_journal()->ok);
}

// ---------------------------------------------------------------- API token scopes

TEST_F(StoreImports, ApiTokenScopesRoundTrip) {
  ASSERT_TRUE(
      store->add_user({"ci", d::Role::kContributor, "$argon2id$x", kActor.now}, kActor).ok());
  TokenRecord push{"tok-push", "ci", "pipeline", std::string(64, '1'), "import", kActor.now, {}};
  TokenRecord full{"tok-full", "ci", "laptop", std::string(64, '2'), "full", kActor.now + 1, {}};
  ASSERT_TRUE(store->add_token(push, kActor).ok());
  ASSERT_TRUE(store->add_token(full, kActor).ok());
  auto tokens = store->tokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ(tokens->at(0).id, "tok-push");
  EXPECT_EQ(tokens->at(0).scope, "import");
  EXPECT_EQ(tokens->at(1).scope, "full");
  auto who = store->user_of_token(std::string(64, '1'), kActor.now);
  ASSERT_TRUE(who.ok() && who.value());
  EXPECT_EQ(who.value()->first.name, "ci");
  EXPECT_EQ(who.value()->first.role, d::Role::kContributor);
  EXPECT_EQ(who.value()->second, "import");
  EXPECT_EQ(store->user_of_token(std::string(64, '2'), kActor.now).value()->second, "full");
  // The journal records the scope, never the hash.
  auto entries = store->journal(0, 1000);
  ASSERT_TRUE(entries.ok());
  bool scoped = false;
  for (const auto& e : entries.value()) {
    EXPECT_EQ(e.after.find(std::string(64, '1')), std::string::npos);
    if (e.entity_id == "tok-push") scoped = e.after.find("\"import\"") != std::string::npos;
  }
  EXPECT_TRUE(scoped);
}

}  // namespace
}  // namespace crosswalk::store
