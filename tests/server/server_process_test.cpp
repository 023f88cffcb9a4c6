// `crosswalk serve` as a real process on loopback, driven by curl.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "../unit/temp_dir.h"

extern char** environ;

namespace crosswalk {
namespace {

using json = nlohmann::json;

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

class ServerProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    data = dir / "data";
    run(std::string(CROSSWALK_BINARY) + " --data " + data + " init");
    run("printf 'a long enough passphrase\\n' | " CROSSWALK_BINARY " --data " + data +
        " user add alice --role admin --password-stdin");
    token = run(std::string(CROSSWALK_BINARY) + " --data " + data +
                " token create --user alice 2>/dev/null");
    token.erase(token.find_last_not_of('\n') + 1);

    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string log = dir / "access.log";
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = {CROSSWALK_BINARY, "--data",   data,
                                     "serve",          "--listen", "127.0.0.1:0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&pid, CROSSWALK_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    stdout_ = ::fdopen(out[0], "r");
    char line[256] = {};
    ASSERT_NE(std::fgets(line, sizeof line, stdout_), nullptr) << "server printed nothing";
    const std::string first(line);
    const auto colon = first.rfind(':');
    ASSERT_NE(colon, std::string::npos) << first;
    base = "http://127.0.0.1:" +
           first.substr(colon + 1, first.find_first_not_of("0123456789", colon + 1) - colon - 1);
  }
  void TearDown() override {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (stdout_) std::fclose(stdout_);
  }
  std::string curl(const std::string& args) { return run("curl -s " + args); }

  testing::TempDir dir;
  std::string data, token, base;
  pid_t pid = -1;
  FILE* stdout_ = nullptr;
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
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  pid = -1;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, stdout_), nullptr);
  EXPECT_EQ(std::string(line), "Crosswalk stopped\n");
}

}  // namespace
}  // namespace crosswalk
