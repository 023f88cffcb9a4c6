// Two `crosswalk serve` processes on one database, requests spread across both, as behind a
// load balancer: on PostgreSQL (each server with its own data directory, as on its own
// machine) and on SQLite (both on one data directory, as on one machine).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "serve_process.h"

namespace crosswalk {
namespace {

using json = nlohmann::json;
using testing::run;

class Replicas : public ::testing::Test {
 protected:
  void SetUp() override {
    db.export_to_child_processes();
    cli("init");
    cli("control adopt --all");
    run("printf 'a long enough passphrase\\n' | " CROSSWALK_BINARY " --data " + data_a +
        " user add alice --role admin --password-stdin");
    token = cli("token create --user alice 2>/dev/null");
    token.erase(token.find_last_not_of('\n') + 1);
    a.start(data_a, dir / "a.log");
    b.start(data_b(), dir / "b.log");
  }
  // On PostgreSQL the second server has a data directory of its own.
  std::string data_b() const { return db.postgres() ? dir / "data-b" : data_a; }
  std::string cli(const std::string& args) {
    return run(CROSSWALK_BINARY " --data " + data_a + " " + args);
  }
  std::string auth() const { return "-H 'Authorization: Bearer " + token + "' "; }
  // curl -s, and the HTTP status appended after a space.
  std::string call(const std::string& args) {
    return run("curl -s " + args + " -w ' %{http_code}'");
  }
  static int status_of(const std::string& out) { return std::stoi(out.substr(out.rfind(' ') + 1)); }
  static json body_of(const std::string& out) { return json::parse(out.substr(0, out.rfind(' '))); }
  std::string add_note(const testing::ServeProcess& s, const std::string& note) {
    return call(auth() +
                "-H 'Content-Type: application/json' -d '{\"controls\":[\"ORG-02\"],"
                "\"note\":\"" +
                note + "\"}' " + s.base() + "/api/v1/evidence");
  }
  std::set<std::string> notes(const testing::ServeProcess& s) {
    std::set<std::string> out;
    for (int offset = 0;; offset += 500) {
      const json page =
          body_of(call(auth() + "'" + s.base() +
                       "/api/v1/evidence?limit=500&offset=" + std::to_string(offset) + "'"));
      for (const auto& e : page["items"]) out.insert(e["note"].get<std::string>());
      if (page["items"].size() < 500) return out;
    }
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  std::string data_a = dir / "data-a";
  std::string token;
  testing::ServeProcess a, b;
};

TEST_F(Replicas, WritesOnEitherServerAreReadOnBoth) {
  std::vector<std::thread> writers;
  std::atomic<int> created{0};
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i)
        created += status_of(add_note(w % 2 ? b : a,
                                      "w" + std::to_string(w) + "-" + std::to_string(i))) == 201;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(created, 40);
  EXPECT_EQ(notes(a).size(), 40u);
  EXPECT_EQ(notes(a), notes(b));
  // Readiness moves on both: the cache of each server follows the journal, not its own writes.
  const std::string ready_a = call(auth() + a.base() + "/api/v1/readiness");
  cli("control set-status ORG-02 implemented");
  EXPECT_NE(call(auth() + b.base() + "/api/v1/readiness"), ready_a);
  EXPECT_EQ(call(auth() + a.base() + "/api/v1/readiness"),
            call(auth() + b.base() + "/api/v1/readiness"));
  EXPECT_NE(cli("journal verify").find("journal ok"), std::string::npos);
}

TEST_F(Replicas, ASessionStartedOnOneServerWorksAndEndsOnTheOther) {
  const std::string jar = dir / "cookies";
  const std::string login =
      call("-c " + jar +
           " -H 'Content-Type: application/json' -d "
           "'{\"name\":\"alice\",\"password\":\"a long enough passphrase\"}' " +
           a.base() + "/api/v1/session");
  ASSERT_EQ(status_of(login), 200) << login;
  const std::string csrf = body_of(login)["csrf_token"];
  EXPECT_EQ(status_of(call("-b " + jar + " " + b.base() + "/api/v1/session")), 200);
  EXPECT_EQ(status_of(call("-b " + jar + " -X DELETE -H 'X-CSRF-Token: " + csrf + "' " + b.base() +
                           "/api/v1/session")),
            200);
  ;
  EXPECT_EQ(status_of(call("-b " + jar + " " + a.base() + "/api/v1/session")), 401);

  // Failed sign-ins count on every server: the limit cannot be dodged by switching.
  int last = 0;
  for (int i = 0; i < 6; ++i)
    last =
        status_of(call("-H 'Content-Type: application/json' -d "
                       "'{\"name\":\"alice\",\"password\":\"wrong\"}' " +
                       (i % 2 ? b : a).base() + "/api/v1/session"));
  EXPECT_EQ(last, 429);
}

TEST_F(Replicas, TwoConflictingEditsOnTwoServersGiveOne409) {
  const json control = body_of(call(auth() + a.base() + "/api/v1/controls/ORG-03"));
  const std::string version = std::to_string(control["version"].get<int>());
  std::string out_a, out_b;
  auto edit = [&](const testing::ServeProcess& s, const std::string& owner, std::string& out) {
    out = call(auth() + "-X PUT -H 'Content-Type: application/json' -H 'If-Match: \"" + version +
               "\"' -d '{\"owner\":\"" + owner + "\"}' " + s.base() +
               "/api/v1/controls/ORG-03/owner");
  };
  std::thread ta([&] { edit(a, "alice", out_a); });
  std::thread tb([&] { edit(b, "bob", out_b); });
  ta.join();
  tb.join();
  const std::multiset<int> codes{status_of(out_a), status_of(out_b)};
  EXPECT_EQ(codes, (std::multiset<int>{200, 409})) << out_a << "\n" << out_b;
  const std::string winner = status_of(out_a) == 200 ? "alice" : "bob";
  EXPECT_EQ(body_of(call(auth() + b.base() + "/api/v1/controls/ORG-03"))["owner"], winner);
}

TEST_F(Replicas, AFileUploadedToOneServerDownloadsFromTheOther) {
  const std::string file = dir / "scan.bin";
  run("head -c 3000000 /dev/urandom > " + file);
  const std::string up =
      call(auth() + "-F control=ORG-01 -F 'file=@" + file + "' " + a.base() + "/api/v1/evidence");
  ASSERT_EQ(status_of(up), 201) << up;
  const std::string id = body_of(up)["id"];
  const std::string got = dir / "got.bin";
  EXPECT_EQ(
      status_of(call(auth() + "-o " + got + " " + b.base() + "/api/v1/evidence/" + id + "/file")),
      200);
  EXPECT_EQ(run("cmp -s " + file + " " + got + " && echo same"), "same\n");
}

// A server killed in the middle of requests: every write that was answered 201 is there, on
// the other server, the journal is one valid chain, and the files match their hashes.
TEST_F(Replicas, AServerKilledMidRequestLosesNothingAcknowledged) {
  std::atomic<bool> stop{false};
  std::mutex m;
  std::set<std::string> acknowledged;
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; !stop; ++i) {
        const std::string note = "k" + std::to_string(w) + "-" + std::to_string(i);
        const std::string out = add_note(w ? b : a, note);  // b dies under writer 1
        if (status_of(out) == 201) {
          std::lock_guard lock(m);
          acknowledged.insert(note);
        }
      }
    });
  // An upload in flight too, slowed down so that the kill lands inside it.
  const std::string file = dir / "slow.bin";
  run("head -c 2000000 /dev/urandom > " + file);
  const pid_t upload = testing::spawn({"curl", "-s", "--limit-rate", "500K", "-H",
                                       "Authorization: Bearer " + token, "-F", "control=ORG-01",
                                       "-F", "file=@" + file, b.base() + "/api/v1/evidence"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  b.kill_hard();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& t : writers) t.join();
  ::waitpid(upload, nullptr, 0);

  EXPECT_GT(acknowledged.size(), 10u);
  const std::set<std::string> stored = notes(a);
  for (const std::string& note : acknowledged) EXPECT_TRUE(stored.count(note)) << note << " lost";
  EXPECT_NE(cli("journal verify").find("journal ok"), std::string::npos);
  EXPECT_NE(cli("evidence verify").find("ok"), std::string::npos);
  // The killed server comes back and serves what the other wrote meanwhile.
  b.start(data_b(), dir / "b2.log");
  EXPECT_EQ(status_of(add_note(b, "after restart")), 201);
  EXPECT_EQ(notes(b), notes(a));
}

}  // namespace
}  // namespace crosswalk

namespace crosswalk {
namespace {

// PostgreSQL stops under a running server (a restart, a failover): requests get a clear 503
// and change nothing; once it is back, the server reconnects by itself.
TEST(DatabaseOutage, IsA503ThatChangesNothingAndTheServerRecovers) {
  if (testing::postgres_test_url().empty()) GTEST_SKIP() << "a PostgreSQL test (the pg. run)";
  testing::TempDir dir;
  const std::string cluster = dir / "pg";
  const std::string script = CROSSWALK_SOURCE_DIR "/scripts/pg_test_server.sh";
  std::string url = run(script + " start " + cluster + " 2>&1");
  url.erase(url.find_last_not_of('\n') + 1);
  ASSERT_EQ(url.rfind("postgresql://", 0), 0u) << url;
  ::setenv("CROSSWALK_DB", url.c_str(), 1);
  const std::string data = dir / "data";
  run(CROSSWALK_BINARY " --data " + data + " init && " CROSSWALK_BINARY " --data " + data +
      " control adopt ORG-01 && printf 'a long enough passphrase\\n' | " CROSSWALK_BINARY
      " --data " +
      data + " user add alice --role admin --password-stdin");
  std::string token = run(CROSSWALK_BINARY " --data " + data + " token create --user alice");
  token.erase(token.find_last_not_of('\n') + 1);
  testing::ServeProcess server;
  server.start(data, dir / "access.log");
  auto call = [&](const std::string& args) {
    return run("curl -s -H 'Authorization: Bearer " + token + "' " + args + " -w ' %{http_code}'");
  };
  auto note = [&](const std::string& text) {
    return call("-H 'Content-Type: application/json' -d '{\"controls\":[\"ORG-01\"],\"note\":\"" +
                text + "\"}' " + server.base() + "/api/v1/evidence");
  };
  EXPECT_EQ(note("before").substr(note("before").size() - 3), "201");

  run(script + " stop " + cluster);
  const std::string refused = note("during");
  EXPECT_EQ(refused.substr(refused.size() - 3), "503") << refused;
  EXPECT_NE(refused.find("database_unavailable"), std::string::npos) << refused;
  const std::string read = call(server.base() + "/api/v1/evidence");
  EXPECT_EQ(read.substr(read.size() - 3), "503") << read;
  const std::string page = call(server.base() + "/");  // a web page says so too
  EXPECT_EQ(page.substr(page.size() - 3), "503") << page;
  EXPECT_NE(page.find("The database cannot be reached"), std::string::npos) << page;

  std::string again = run(script + " start " + cluster + " 2>&1");
  again.erase(again.find_last_not_of('\n') + 1);
  if (again != url) GTEST_SKIP() << "the port was taken meanwhile: " << again;
  const std::string after = note("after");
  EXPECT_EQ(after.substr(after.size() - 3), "201") << after;
  const std::string list = call(server.base() + "/api/v1/evidence");
  EXPECT_EQ(list.find("during"), std::string::npos) << "a refused write was stored";
  EXPECT_NE(list.find("after"), std::string::npos);
  // A restart between two requests is not even noticed: the next read or write reconnects.
  again = run(script + " stop " + cluster + " && " + script + " start " + cluster + " 2>&1");
  again.erase(again.find_last_not_of('\n') + 1);
  if (again != url) GTEST_SKIP() << "the port was taken meanwhile: " << again;
  for (const char* text : {"first after restart", "second after restart"}) {
    const std::string out = note(text);
    EXPECT_EQ(out.substr(out.size() - 3), "201") << out;
  }
  const std::string listed = call(server.base() + "/api/v1/evidence");
  EXPECT_EQ(listed.substr(listed.size() - 3), "200") << listed;
  EXPECT_NE(run(CROSSWALK_BINARY " --data " + data + " journal verify").find("journal ok"),
            std::string::npos);
  server.kill_hard();
  run(script + " stop " + cluster);
}

}  // namespace
}  // namespace crosswalk
