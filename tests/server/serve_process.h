// `crosswalk serve` as a real process on loopback, and the shell around it, for tests.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

extern char** environ;

namespace crosswalk::testing {

// Runs a shell command; returns its standard output.
inline std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

// Starts a program; its output goes to /dev/null.
inline pid_t spawn(std::vector<std::string> args) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// One `crosswalk --data DATA serve` on a free port (the database: CROSSWALK_DB if set), its
// access log in LOG. Killed with SIGKILL when it goes out of scope.
class ServeProcess {
 public:
  ServeProcess() = default;
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  ~ServeProcess() { kill_hard(); }

  // Sets base() ("http://127.0.0.1:PORT"); a failure is a test failure.
  void start(const std::string& data, const std::string& log,
             const std::vector<std::string>& extra = {}) {
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = {CROSSWALK_BINARY, "--data",   data,
                                     "serve",          "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&pid_, CROSSWALK_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    stdout_ = ::fdopen(out[0], "r");
    char line[256] = {};
    ASSERT_NE(std::fgets(line, sizeof line, stdout_), nullptr) << "server printed nothing";
    const std::string first(line);
    const auto colon = first.rfind(':');
    ASSERT_NE(colon, std::string::npos) << first;
    base_ = "http://127.0.0.1:" +
            first.substr(colon + 1, first.find_first_not_of("0123456789", colon + 1) - colon - 1);
  }
  void kill_hard() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    if (stdout_) std::fclose(stdout_);
    stdout_ = nullptr;
  }

  const std::string& base() const { return base_; }
  pid_t pid() const { return pid_; }
  void forget_pid() { pid_ = -1; }  // the caller reaped it
  FILE* output() const { return stdout_; }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  std::string base_;
};

}  // namespace crosswalk::testing
