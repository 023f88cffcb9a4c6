#include "service/scheduler.h"

#include <unistd.h>

#include <exception>
#include <nlohmann/json.hpp>

#include "service/collectors.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using nlohmann::ordered_json;

std::string scheduler_runner_name() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return std::string("serve@") + host + ":" + std::to_string(::getpid());
}

CollectorScheduler::CollectorScheduler(SchedulerOptions options) : options_(std::move(options)) {
  thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

CollectorScheduler::~CollectorScheduler() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void CollectorScheduler::stop() {
  thread_.request_stop();
}

void CollectorScheduler::loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    try {
      pass(stop);
    } catch (const std::exception& e) {  // never take the server down with the thread
      log_failure("", "", std::string("scheduler pass failed: ") + e.what());
      ws_.reset();
    }
    ++passes_;
    std::unique_lock lock(mutex_);
    // Returns at the tick, or at once when stop is requested.
    wake_.wait_for(lock, stop, options_.tick, [] { return false; });
  }
  ws_.reset();
}

void CollectorScheduler::pass(std::stop_token stop) {
  if (!ws_) {
    auto opened = Workspace::open(options_.workspace, false);
    if (!opened.ok()) return log_failure("", "", opened.status().message());
    ws_ = std::move(opened).value();
  }
  const d::Timestamp now = options_.clock();
  auto done = run_due_collectors(*ws_, options_.runner, now, stop);
  if (!done.ok()) {
    log_failure("", "", done.status().message());
    ws_.reset();  // reconnect at the next pass
    return;
  }
  last_failure_.erase("");
  for (const store::CollectorRunRecord& r : done->runs) {
    ordered_json line = {
        {"ts", d::format_datetime(now)},
        {"scheduler", "run"},
        {"collector", r.collector_id},
        {"outcome", r.outcome},
        {"scheduled_for", r.scheduled_for ? ordered_json(d::format_datetime(*r.scheduled_for))
                                          : ordered_json(nullptr)},
        {"missed", r.missed},
        {"evidence", r.evidence_id},
        {"message", r.message}};
    log(line.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    last_failure_.erase(r.collector_id);
  }
  for (const std::string& id : done->busy) {
    ordered_json line = {{"ts", d::format_datetime(now)},
                         {"scheduler", "busy"},
                         {"collector", id},
                         {"message", "running elsewhere or already run for this time"}};
    log(line.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
  }
  for (const CollectorFailure& f : done->failures)
    log_failure(f.collector_id, f.collector_id, f.status.message());
}

void CollectorScheduler::log(const std::string& line) {
  if (options_.log) options_.log(line);
}

void CollectorScheduler::log_failure(const std::string& key, const std::string& collector,
                                     const std::string& message) {
  auto [it, fresh] = last_failure_.try_emplace(key, message);
  if (!fresh && it->second == message) return;
  it->second = message;
  ordered_json line = {{"ts", d::format_datetime(options_.clock())}, {"scheduler", "error"}};
  if (!collector.empty()) line["collector"] = collector;
  line["error"] = message;
  log(line.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
}

}  // namespace crosswalk::service
