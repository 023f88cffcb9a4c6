// `crosswalk serve` as a real process on loopback, driven by curl.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../unit/temp_dir.h"
#include "../unit/test_database.h"
#include "serve_process.h"

namespace crosswalk {
namespace {

using json = nlohmann::json;
using testing::run;
using testing::spawn;

class ServerProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    db.export_to_child_processes();
    data = dir / "data";
    run(std::string(CROSSWALK_BINARY) + " --data " + data + " init");
    run(std::string(CROSSWALK_BINARY) + " --data " + data + " control adopt AI-01 ORG-01");
    run("printf 'a long enough passphrase\\n' | " CROSSWALK_BINARY " --data " + data +
        " user add alice --role admin --password-stdin");
    token = run(std::string(CROSSWALK_BINARY) + " --data " + data +
                " token create --user alice 2>/dev/null");
    token.erase(token.find_last_not_of('\n') + 1);
    start();
  }

  // Runs `crosswalk serve` on a free port (uploads limited to 8 MiB) and sets `base`.
  void start() {
    server.start(data, dir / "access.log", {"--upload-limit", "8"});
    base = server.base();
  }
  void TearDown() override { kill_server(); }
  void kill_server() { server.kill_hard(); }
  std::string curl(const std::string& args) { return run("curl -s " + args); }
  std::string auth() const { return "-H 'Authorization: Bearer " + token + "' "; }

  // Files in vault/tmp, and blobs in the vault outside it.
  std::vector<std::string> temp_files() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(data + "/vault/tmp", ec);
         it != std::filesystem::directory_iterator(); ++it)
      out.push_back(it->path().filename().string());
    return out;
  }
  std::size_t blobs() const {
    std::size_t n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(data + "/vault", ec);
         it != std::filesystem::recursive_directory_iterator(); ++it)
      n += it->is_regular_file() && it->path().parent_path() != data + "/vault/tmp";
    return n;
  }

  testing::TempDir dir;
  testing::TestDatabase db;
  std::string data, token, base;
  testing::ServeProcess server;
};

TEST_F(ServerProcess, AnswersOverHttpWithKeepAlive) {
  EXPECT_EQ(json::parse(curl(base + "/healthz"))["status"], "ok");
  EXPECT_EQ(curl("-o /dev/null -w '%{http_code}' " + base + "/api/v1/readiness"), "401");
  // Two requests on one connection: curl reports a single connect.
  const std::string out =
      curl("-o /dev/null -o /dev/null -w '%{num_connects} ' -H 'Authorization: Bearer " + token +
           "' " + base + "/api/v1/readiness " + base + "/api/v1/frameworks");
  EXPECT_EQ(out, "1 0 ");
}

TEST_F(ServerProcess, OversizedBodiesAndBadTargetsGetJsonErrors) {
  run("head -c 2000000 /dev/zero > " + (dir / "big.bin"));
  const std::string big =
      curl("-X PUT -H 'Authorization: Bearer " + token + "' --data-binary @" + (dir / "big.bin") +
           " -w ' %{http_code}' " + base + "/api/v1/controls/AI-01/status");
  EXPECT_NE(big.find("payload_too_large"), std::string::npos) << big;
  EXPECT_NE(big.find(" 413"), std::string::npos) << big;
  const std::string bad = curl("-w ' %{http_code}' '" + base + "/api/v1/%zz'");
  EXPECT_NE(bad.find(" 400"), std::string::npos) << bad;
}

TEST_F(ServerProcess, StopsGracefullyOnSigterm) {
  EXPECT_EQ(json::parse(curl(base + "/healthz"))["status"], "ok");
  const pid_t pid = server.pid();
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  server.forget_pid();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, server.output()), nullptr);
  EXPECT_EQ(std::string(line), "Crosswalk stopped\n");
}

TEST_F(ServerProcess, FiveMebibytesGoUpAndComeBackIntact) {
  const std::string file = dir / "scan.bin";
  run("head -c 5242880 /dev/urandom > " + file);
  const std::string sha = run("sha256sum " + file).substr(0, 64);
  const std::string created =
      curl(auth() + "-F control=AI-01 -F control=ORG-01 -F valid_days=365 -F 'file=@" + file +
           ";filename=scan 2024.bin' -w '\\n%{http_code}' " + base + "/api/v1/evidence");
  ASSERT_EQ(created.substr(created.rfind('\n') + 1), "201") << created;
  const json e = json::parse(created.substr(0, created.rfind('\n')));
  EXPECT_EQ(e["sha256"], sha);
  EXPECT_EQ(e["size"], 5242880);
  EXPECT_EQ(e["filename"], "scan 2024.bin");
  EXPECT_TRUE(temp_files().empty());

  const std::string copy = dir / "copy.bin", headers = dir / "headers.txt";
  EXPECT_EQ(curl(auth() + "-D " + headers + " -o " + copy + " -w '%{http_code}' " + base +
                 "/api/v1/evidence/" + e["id"].get<std::string>() + "/file"),
            "200");
  EXPECT_EQ(run("cmp " + file + " " + copy + " && echo same"), "same\n");
  EXPECT_EQ(run("sha256sum " + copy).substr(0, 64), sha);
  const std::string h = run("cat " + headers);
  EXPECT_NE(h.find("Content-Type: application/octet-stream"), std::string::npos) << h;
  EXPECT_NE(h.find("Content-Length: 5242880"), std::string::npos) << h;
  EXPECT_NE(h.find("Content-Disposition: attachment; filename=\"scan 2024.bin\""),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("ETag: \"" + sha + "\""), std::string::npos) << h;
  EXPECT_NE(h.find("X-Content-Type-Options: nosniff"), std::string::npos) << h;
}

TEST_F(ServerProcess, UploadsOverTheLimitGet413AndLeaveNoFile) {
  const std::string file = dir / "big.bin";
  run("head -c 9000000 /dev/zero > " + file);
  // With a Content-Length the server refuses at once; chunked, it stops at the limit.
  for (const std::string extra : {"", "-H 'Transfer-Encoding: chunked' "}) {
    const std::string out = curl(auth() + extra + "-F control=AI-01 -F 'file=@" + file +
                                 "' -w ' %{http_code}' " + base + "/api/v1/evidence");
    EXPECT_NE(out.find("payload_too_large"), std::string::npos) << extra << out;
    EXPECT_NE(out.find("limited to 8 MiB"), std::string::npos) << extra << out;
    ASSERT_GE(out.size(), 4u) << extra;
    EXPECT_EQ(out.substr(out.size() - 4), " 413") << extra << out;
    EXPECT_TRUE(temp_files().empty()) << extra;
  }
  EXPECT_EQ(blobs(), 0u);
  EXPECT_EQ(json::parse(curl(auth() + base + "/api/v1/evidence"))["total"], 0);
  EXPECT_EQ(json::parse(curl(base + "/healthz"))["status"], "ok");  // still serving
}

TEST_F(ServerProcess, UploadsWithoutTheRightToUploadAreRefusedBeforeTheirBodyIsStored) {
  const std::string file = dir / "seven.bin";
  run("head -c 7000000 /dev/zero > " + file);
  // A slow sender: were the body stored before the check, the refusal would take 7 s.
  const std::string limited = "--limit-rate 1M -F control=AI-01 -F 'file=@" + file + "' ";
  const auto t0 = std::chrono::steady_clock::now();
  std::string out = curl(limited + "-w ' %{http_code}' " + base + "/api/v1/evidence");
  EXPECT_EQ(out.substr(out.size() - 4), " 401") << out;
  out = curl("-H 'Authorization: Bearer cwt_forged' " + limited + "-w ' %{http_code}' " + base +
             "/api/v1/evidence");
  EXPECT_EQ(out.substr(out.size() - 4), " 401") << out;
  out = curl(limited + "-w ' %{http_code}' " + base + "/evidence/upload");
  EXPECT_EQ(out.substr(out.size() - 4), " 303") << "a page upload sends the anonymous to sign in";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_TRUE(temp_files().empty());
  EXPECT_EQ(blobs(), 0u);
  EXPECT_EQ(json::parse(curl(base + "/healthz"))["status"], "ok");
}

TEST_F(ServerProcess, AServerKilledMidUploadLeavesNoBlobAndCleansUpOnRestart) {
  const std::string file = dir / "slow.bin";
  run("head -c 3000000 /dev/urandom > " + file);
  // About 15 s at this rate: plenty of time to kill the server halfway.
  const pid_t client =
      spawn({"curl", "-s", "--limit-rate", "200K", "-H", "Authorization: Bearer " + token, "-F",
             "control=AI-01", "-F", "file=@" + file, base + "/api/v1/evidence"});
  ASSERT_GT(client, 0);
  std::string partial;
  for (int i = 0; i < 100 && partial.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const auto& name : temp_files()) {
      std::error_code ec;
      if (name.rfind("upload-", 0) == 0 &&
          std::filesystem::file_size(data + "/vault/tmp/" + name, ec) > 100'000)
        partial = name;
    }
  }
  ASSERT_FALSE(partial.empty()) << "the upload never reached the server";
  kill_server();
  ::waitpid(client, nullptr, 0);                               // curl sees the connection drop
  EXPECT_EQ(temp_files(), std::vector<std::string>{partial});  // what the killed server left
  EXPECT_EQ(blobs(), 0u);

  start();
  EXPECT_TRUE(temp_files().empty());
  EXPECT_EQ(blobs(), 0u);
  EXPECT_EQ(json::parse(curl(auth() + base + "/api/v1/evidence"))["total"], 0);
}

// The scheduler's first pass is at startup: a collector created (by a fixed clock) long ago is
// due at once, and the server runs it on its own, recording the fire times it missed.
TEST_F(ServerProcess, RunsACollectorWhoseScheduleIsDueAtStartup) {
  kill_server();
  std::ofstream(dir / "policy.txt") << "information security policy v1";
  const std::string add =
      std::string("CROSSWALK_NOW=2024-01-01 ") + CROSSWALK_BINARY + " --data " + data +
      " collector add policy --name Policy --kind file --config '{\"path\": \"" +
      (dir / "policy.txt") + "\"}' --schedule '0 * * * *' --control ORG-01";
  ASSERT_NE(run(add).find("Added collector policy"), std::string::npos);
  auto runs = [&] {
    return json::parse(
        run(std::string(CROSSWALK_BINARY) + " --data " + data + " collector runs --json"));
  };

  // Not with --no-scheduler.
  server.start(data, dir / "quiet.log", {"--no-scheduler"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(runs().empty());
  kill_server();

  server.start(data, dir / "access.log");
  json r = json::array();
  for (int i = 0; i < 100 && r.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    r = runs();
  }
  ASSERT_EQ(r.size(), 1u) << "the scheduler did not run the due collector";
  EXPECT_EQ(r[0]["collector"], "policy");
  EXPECT_EQ(r[0]["trigger"], "schedule");
  EXPECT_EQ(r[0]["outcome"], "pass") << r[0]["message"];
  EXPECT_GT(r[0]["missed"].get<long>(), 1000) << "hourly since 2024-01-01";
  EXPECT_EQ(r[0]["runner"].get<std::string>().rfind("serve@", 0), 0u) << r[0]["runner"];
  // Logged just after it is recorded.
  const std::string line = R"("scheduler":"run","collector":"policy")";
  std::string logged;
  for (int i = 0; i < 50 && logged.find(line) == std::string::npos; ++i) {
    std::ifstream log(dir / "access.log");
    logged.assign(std::istreambuf_iterator<char>(log), {});
    if (logged.find(line) == std::string::npos)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(logged.find(line), std::string::npos) << logged;

  // It stops promptly on SIGTERM though its next pass is 30 s away.
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
  ASSERT_EQ(::waitpid(server.pid(), nullptr, 0), server.pid());
  server.forget_pid();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace crosswalk
