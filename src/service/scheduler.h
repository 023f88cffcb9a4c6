// The collector scheduler inside `crosswalk serve`: a background thread that, at start and then
// every tick, runs the collectors whose cron schedule is due (run_due_collectors), on a database
// connection of its own. Several servers on one database may each run it: the collectors' leases
// let one of them make each scheduled run.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "domain/time.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct SchedulerOptions {
  WorkspaceOptions workspace;
  std::string runner;  // recorded with each run: "serve@HOST:PID"
  std::function<domain::Timestamp()> clock;
  std::chrono::milliseconds tick{30'000};
  // One JSON line (no newline) per run made, collector left to another runner, or failure; a
  // failure that repeats is logged once until it changes.
  std::function<void(const std::string& line)> log;
};

// "serve@HOST:PID" for this process.
std::string scheduler_runner_name();

class CollectorScheduler {
 public:
  // Starts the thread; its first pass is at once.
  explicit CollectorScheduler(SchedulerOptions options);
  // stop(), then waits for the thread.
  ~CollectorScheduler();
  CollectorScheduler(const CollectorScheduler&) = delete;
  CollectorScheduler& operator=(const CollectorScheduler&) = delete;

  // Wakes the thread and ends it: no further collector starts. A run already started finishes
  // first (a command collector at the latest at its timeout).
  void stop();
  // Passes completed so far.
  std::uint64_t passes() const { return passes_; }

 private:
  void loop(std::stop_token stop);
  void pass(std::stop_token stop);
  void log(const std::string& line);
  // Logs a failure unless the same one was the last logged for `key`.
  void log_failure(const std::string& key, const std::string& collector,
                   const std::string& message);

  SchedulerOptions options_;
  std::unique_ptr<Workspace> ws_;  // the thread's own connection, opened on its first pass
  std::map<std::string, std::string> last_failure_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::atomic<std::uint64_t> passes_{0};
  std::jthread thread_;  // last: started once everything it uses exists
};

}  // namespace crosswalk::service
