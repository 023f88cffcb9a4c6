// Request counts and latencies per route, in Prometheus' text format.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace crosswalk::http {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // Counters and histograms; `extra` is appended as is (gauges computed at scrape time).
  std::string render(const std::string& extra) const;

 private:
  struct Series {
    long long count = 0;
    double sum = 0;
    std::vector<long long> buckets;  // cumulative at render time, per bound here
  };
  mutable std::mutex mutex_;
  std::map<std::string, long long> requests_;  // label set -> count
  std::map<std::string, Series> latency_;      // label set -> histogram
};

}  // namespace crosswalk::http
