// The collector scheduler with a fake clock: run_due_collectors at chosen moments on a real
// database (a SQLite file, or a fresh schema on the PostgreSQL test server: test_database.h),
// with `file` collectors on temp files, and the scheduler thread of `crosswalk serve`.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "service/collectors.h"
#include "service/controls.h"
#include "service/scheduler.h"
#include "service/setup.h"
#include "temp_dir.h"
#include "test_database.h"

namespace crosswalk::service {
namespace {

namespace d = crosswalk::domain;

// A whole multiple of five minutes (2027-01-15T08:00:00Z): "*/5" fires at T0 + k * 300.
constexpr d::Timestamp kT0 = 1'800'000'000;
constexpr d::Timestamp kPeriod = 300;
const char* const kRunner = "serve@test:1";

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options.data_dir = dir / "data";
    options.db_url = db.url();
    auto opened = Workspace::open(options, true);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ws = std::move(opened).value();
    auto cat = load_source_catalog(options);
    ASSERT_TRUE(cat.ok()) << cat.status().message();
    const store::Actor actor{"test", kT0};
    ASSERT_TRUE(initialize(*ws, cat.value(), actor).ok());
    ASSERT_TRUE(adopt_templates(*ws, {"ORG-01", "AI-01"}, false, actor).ok());
  }

  // A `file` collector on a temp file holding `content`, created at `created`.
  void add_file_collector(const std::string& id, const std::string& schedule, bool enabled = true,
                          d::Timestamp created = kT0 + 10) {
    std::ofstream(dir / (id + ".txt")) << "the policy, version 1\n";
    CollectorInput in;
    in.id = id;
    in.name = "Document " + id;
    in.kind = "file";
    in.config_json = R"({"path": ")" + (dir / (id + ".txt")) + R"("})";
    in.schedule = schedule;
    in.controls = {"ORG-01"};
    in.enabled = enabled;
    Status s = save_collector(*ws, in, std::nullopt, {"admin", created});
    ASSERT_TRUE(s.ok()) << s.message();
  }

  DueRuns pass(d::Timestamp now, std::stop_token stop = {}) {
    auto done = run_due_collectors(*ws, kRunner, now, stop);
    EXPECT_TRUE(done.ok()) << done.status().message();
    return done.ok() ? std::move(done).value() : DueRuns{};
  }

  std::vector<store::CollectorRunRecord> runs_of(const std::string& id) {
    auto runs = ws->store().collector_runs(id, 100);
    EXPECT_TRUE(runs.ok());
    return runs.ok() ? runs.value() : std::vector<store::CollectorRunRecord>{};
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  WorkspaceOptions options;
  std::unique_ptr<Workspace> ws;
};

TEST_F(SchedulerTest, RunsAtItsFirstDueTimeAndNotAgainBeforeTheNext) {
  add_file_collector("policy", "*/5 * * * *");
  EXPECT_TRUE(pass(kT0 + kPeriod - 1).runs.empty()) << "created at T0+10: first fire is T0+300";

  DueRuns first = pass(kT0 + kPeriod);
  ASSERT_EQ(first.runs.size(), 1u);
  const store::CollectorRunRecord& r = first.runs[0];
  EXPECT_EQ(r.collector_id, "policy");
  EXPECT_EQ(r.trigger, "schedule");
  EXPECT_EQ(r.scheduled_for, kT0 + kPeriod);
  EXPECT_EQ(r.missed, 0);
  EXPECT_EQ(r.runner, kRunner);
  EXPECT_EQ(r.outcome, "pass") << r.message;
  EXPECT_FALSE(r.evidence_id.empty());

  for (d::Timestamp t : {kT0 + kPeriod, kT0 + kPeriod + 1, kT0 + 2 * kPeriod - 1})
    EXPECT_TRUE(pass(t).runs.empty()) << "at T0+" << (t - kT0);
  EXPECT_EQ(runs_of("policy").size(), 1u);

  DueRuns second = pass(kT0 + 2 * kPeriod + 30);
  ASSERT_EQ(second.runs.size(), 1u);
  EXPECT_EQ(second.runs[0].scheduled_for, kT0 + 2 * kPeriod);
  EXPECT_EQ(second.runs[0].missed, 0);
  EXPECT_EQ(runs_of("policy").size(), 2u);
}

TEST_F(SchedulerTest, AGapOfThreePeriodsRunsOnceAndReportsTwoMissed) {
  add_file_collector("policy", "*/5 * * * *");
  ASSERT_EQ(pass(kT0 + kPeriod).runs.size(), 1u);
  // Down from T0+300 to T0+1200 + 20 s: fire times T0+600, T0+900 and T0+1200 passed. cron.h:
  // one run for the latest, the others are missed.
  DueRuns late = pass(kT0 + 4 * kPeriod + 20);
  ASSERT_EQ(late.runs.size(), 1u);
  EXPECT_EQ(late.runs[0].scheduled_for, kT0 + 4 * kPeriod);
  EXPECT_EQ(late.runs[0].missed, 2);
  // The missed count is in the stored run too, and nothing is caught up.
  auto runs = runs_of("policy");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].missed, 2);
  EXPECT_TRUE(pass(kT0 + 4 * kPeriod + 40).runs.empty());
}

TEST_F(SchedulerTest, ManyManualRunsDoNotHideTheLastScheduledOne) {
  add_file_collector("policy", "*/5 * * * *");
  ASSERT_EQ(pass(kT0 + kPeriod).runs.size(), 1u);
  for (int i = 0; i < 25; ++i) {
    auto run = run_collector(*ws, "policy", {"manual", std::nullopt, 0, "cli"},
                             {"admin", kT0 + kPeriod + 1 + i});
    ASSERT_TRUE(run.ok()) << run.status().message();
  }
  DueRuns next = pass(kT0 + 2 * kPeriod + 5);
  ASSERT_EQ(next.runs.size(), 1u);
  EXPECT_EQ(next.runs[0].missed, 0);
}

TEST_F(SchedulerTest, ADisabledCollectorNeverRuns) {
  add_file_collector("off", "*/5 * * * *", /*enabled=*/false);
  add_file_collector("manual", "");  // on demand only
  for (d::Timestamp t = kT0; t <= kT0 + 12 * kPeriod; t += kPeriod / 2) {
    DueRuns p = pass(t);
    EXPECT_TRUE(p.runs.empty() && p.busy.empty() && p.failures.empty());
  }
  EXPECT_TRUE(runs_of("off").empty());
  EXPECT_TRUE(runs_of("manual").empty());
}

TEST_F(SchedulerTest, AFailingCollectorDoesNotStopTheOthers) {
  // Sorted by id, the broken ones come first. "a-broken": a configuration the runner refuses (the
  // database was edited behind the service's back). "b-missing": a file that is gone (an error
  // outcome, not a runner failure).
  store::CollectorRecord broken;
  broken.id = "a-broken";
  broken.name = "Broken";
  broken.kind = "file";
  broken.config_json = R"({"path": "relative/path"})";
  broken.schedule = "*/5 * * * *";
  broken.controls = {"ORG-01"};
  ASSERT_TRUE(ws->store().put_collector(broken, std::nullopt, {"admin", kT0}).ok());
  add_file_collector("b-missing", "*/5 * * * *");
  std::filesystem::remove(dir / "b-missing.txt");
  add_file_collector("d-good", "*/5 * * * *");

  DueRuns p = pass(kT0 + kPeriod);
  EXPECT_TRUE(p.failures.empty());
  std::map<std::string, store::CollectorRunRecord> by_id;
  for (const auto& r : p.runs) by_id[r.collector_id] = r;
  ASSERT_TRUE(by_id.count("a-broken"));
  EXPECT_EQ(by_id["a-broken"].outcome, "error");
  EXPECT_NE(by_id["a-broken"].message.find("path"), std::string::npos) << by_id["a-broken"].message;
  EXPECT_EQ(by_id["a-broken"].scheduled_for, kT0 + kPeriod);
  ASSERT_TRUE(by_id.count("b-missing"));
  EXPECT_EQ(by_id["b-missing"].outcome, "error");
  ASSERT_TRUE(by_id.count("d-good"));
  EXPECT_EQ(by_id["d-good"].outcome, "pass") << by_id["d-good"].message;

  // A failed run counts as the run for its fire time: no retry before the next one.
  EXPECT_TRUE(pass(kT0 + kPeriod + 30).runs.empty());
  EXPECT_EQ(pass(kT0 + 2 * kPeriod).runs.size(), p.runs.size());
}

TEST_F(SchedulerTest, ALeaseHeldByAnotherRunnerMakesItSkip) {
  add_file_collector("policy", "*/5 * * * *");
  const d::Timestamp now = kT0 + kPeriod;
  ASSERT_TRUE(ws->store().acquire_lease("collector:policy", "serve@other:2", now, 120).value());
  DueRuns p = pass(now);
  EXPECT_TRUE(p.runs.empty());
  EXPECT_EQ(p.busy, std::vector<std::string>{"policy"});
  EXPECT_TRUE(runs_of("policy").empty());
  // Our own runner name does not make it ours either.
  ASSERT_TRUE(ws->store().release_lease("collector:policy", "serve@other:2").ok());
  ASSERT_TRUE(ws->store().acquire_lease("collector:policy", kRunner, now, 120).value());
  EXPECT_EQ(pass(now + 10).busy, std::vector<std::string>{"policy"});
  // Once the lease expires, the due run is made (still standing for T0+300).
  DueRuns later = pass(now + 121);
  ASSERT_EQ(later.runs.size(), 1u);
  EXPECT_EQ(later.runs[0].scheduled_for, now);
  EXPECT_EQ(later.runs[0].missed, 0);
}

TEST_F(SchedulerTest, RunsAndFailuresAreJournaled) {
  add_file_collector("policy", "*/5 * * * *");
  auto before = ws->store().journal_seq();
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(pass(kT0 + kPeriod).runs.size(), 1u);
  auto entries = ws->store().journal(before.value(), 100);
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> actions;
  for (const auto& e : entries.value()) actions.push_back(e.action);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "collector.run"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "check.result"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "evidence.add"), actions.end());
  for (const auto& e : entries.value()) EXPECT_EQ(e.actor, "scheduler");
  EXPECT_TRUE(ws->store().verify_journal().value().ok);
}

TEST_F(SchedulerTest, AStopRequestEndsThePassBeforeTheNextCollector) {
  add_file_collector("one", "*/5 * * * *");
  add_file_collector("two", "*/5 * * * *");
  std::stop_source stop;
  stop.request_stop();
  DueRuns p = pass(kT0 + kPeriod, stop.get_token());
  EXPECT_TRUE(p.stopped);
  EXPECT_TRUE(p.runs.empty());
}

TEST_F(SchedulerTest, TheServerThreadRunsDueCollectorsAndStopsAtOnce) {
  add_file_collector("policy", "*/5 * * * *");
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  {
    // A tick far longer than the test: the first pass is at start, and stopping does not wait
    // for the next tick.
    CollectorScheduler scheduler({options, kRunner, [] { return kT0 + 4 * kPeriod; },
                                  std::chrono::hours(1),
                                  [&](const std::string& line) {
                                    std::lock_guard lock(lines_mutex);
                                    lines.push_back(line);
                                  }});
    for (int i = 0; i < 500 && scheduler.passes() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(scheduler.passes(), 1u);
    scheduler.stop();  // the destructor joins the thread
  }
  auto runs = runs_of("policy");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].scheduled_for, kT0 + 4 * kPeriod);
  EXPECT_EQ(runs[0].missed, 3);  // T0+300 … T0+900 passed before the first run
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("scheduler":"run")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"("missed":3)"), std::string::npos) << lines[0];
}

TEST_F(SchedulerTest, StoppingTheServerThreadDoesNotWaitForTheTick) {
  const auto start = std::chrono::steady_clock::now();
  {
    CollectorScheduler scheduler({options, kRunner, [] { return kT0; }, std::chrono::hours(1), {}});
    for (int i = 0; i < 500 && scheduler.passes() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(SchedulerTest, ServerThreadFailuresAreLoggedOnceAndItKeepsGoing) {
  WorkspaceOptions missing = options;
  missing.data_dir = dir / "nowhere";
  missing.db_url = "";  // SQLite in a directory that does not exist: cannot open
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  {
    CollectorScheduler scheduler({missing, kRunner, [] { return kT0; },
                                  std::chrono::milliseconds(5),
                                  [&](const std::string& line) {
                                    std::lock_guard lock(lines_mutex);
                                    lines.push_back(line);
                                  }});
    for (int i = 0; i < 500 && scheduler.passes() < 5; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(scheduler.passes(), 5u);
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("scheduler":"error")"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace crosswalk::service
