#include "http/metrics.h"

#include <array>
#include <cstdio>

namespace crosswalk::http {
namespace {

constexpr std::array<double, 10> kBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  const std::string r = route.empty() ? "unmatched" : route;
  const std::string base = "method=\"" + escape(method) + "\",route=\"" + escape(r) + "\"";
  std::lock_guard lock(mutex_);
  ++requests_[base + ",status=\"" + std::to_string(status) + "\""];
  Series& s = latency_[base];
  if (s.buckets.empty()) s.buckets.assign(kBounds.size(), 0);
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBounds.size(); ++i)
    if (seconds <= kBounds[i]) ++s.buckets[i];
}

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP crosswalk_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE crosswalk_http_requests_total counter\n";
  for (const auto& [labels, n] : requests_)
    out += "crosswalk_http_requests_total{" + labels + "} " + std::to_string(n) + "\n";
  out += "# HELP crosswalk_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE crosswalk_http_request_duration_seconds histogram\n";
  char num[64];
  for (const auto& [labels, s] : latency_) {
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
      std::snprintf(num, sizeof num, "%g", kBounds[i]);
      out += "crosswalk_http_request_duration_seconds_bucket{" + labels + ",le=\"" + num + "\"} " +
             std::to_string(s.buckets[i]) + "\n";
    }
    out += "crosswalk_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(s.count) + "\n";
    std::snprintf(num, sizeof num, "%.6f", s.sum);
    out += "crosswalk_http_request_duration_seconds_sum{" + labels + "} " + num + "\n";
    out += "crosswalk_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(s.count) + "\n";
  }
  return out + extra;
}

}  // namespace crosswalk::http
