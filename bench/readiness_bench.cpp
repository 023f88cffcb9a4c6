// Full readiness recompute for a synthetic large organization:
// 20 frameworks x 1,000 requirements, 10,000 controls, 1,000,000 evidence items and
// 1,000,000 check results. Target: under 100 ms and under 500 MB resident.
// Baseline, in the same process: one plain pass over the same facts (the least any recompute
// must do), so the ratio says how much the readiness logic costs on top of reading the data.
//   readiness_bench [--quick]   (--quick: a tenth of the size, for the test suite)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "domain/readiness.h"

using namespace crosswalk::domain;

namespace {

constexpr Timestamp kNow = 1'800'000'000;

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

template <typename Fn>
double best_ms(int runs, Fn fn) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    best = std::min(
        best,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int scale = quick ? 10 : 1;
  const int n_frameworks = 20, n_requirements = 1000;
  const int n_controls = 10'000 / scale, n_evidence = 1'000'000 / scale,
            n_results = 1'000'000 / scale;
  const int n_checks = 2 * n_controls;

  std::mt19937_64 rng(42);
  std::vector<Framework> frameworks(n_frameworks);
  for (int f = 0; f < n_frameworks; ++f) {
    frameworks[f].id = "fw-" + std::to_string(f);
    frameworks[f].name = frameworks[f].id;
    for (int g = 0; g < 10; ++g)
      frameworks[f].groups.push_back({"G" + std::to_string(g), "Group", RequirementKind::kClause});
    for (int r = 0; r < n_requirements; ++r) {
      Requirement req;
      req.ref = std::to_string(r / 100 + 1) + "." + std::to_string(r % 100 + 1);
      req.title = "Requirement " + req.ref;
      req.group = "G" + std::to_string(r / 100);
      frameworks[f].add_requirement(std::move(req));
    }
  }
  Organization org;
  org.controls.reserve(n_controls);
  for (int c = 0; c < n_controls; ++c) {
    Control ctl{"C-" + std::to_string(c), "", "Control", "", Implementation::kImplemented, {}};
    if (rng() % 10 == 0) ctl.implementation = Implementation::kPlanned;
    for (int l = 0; l < 6; ++l) {
      const auto& fw = frameworks[rng() % n_frameworks];
      ctl.links.push_back({fw.id, fw.requirements()[rng() % n_requirements].ref,
                           rng() % 3 ? Coverage::kFull : Coverage::kPartial});
    }
    org.controls.push_back(std::move(ctl));
  }
  org.evidence.reserve(n_evidence);
  for (int e = 0; e < n_evidence; ++e) {
    const Review review = rng() % 20 == 0 ? Review::kPending : Review::kAccepted;
    const Timestamp at = kNow - Timestamp(rng() % 400) * kSecondsPerDay;
    org.evidence.push_back(
        {std::size_t(rng() % n_controls), review, at, at + 365 * kSecondsPerDay});
  }
  for (int k = 0; k < n_checks; ++k)
    org.checks.push_back({"K-" + std::to_string(k), "check " + std::to_string(k),
                          std::size_t(k % n_controls), 30 * kSecondsPerDay});
  org.check_results.reserve(n_results);
  for (int r = 0; r < n_results; ++r)
    org.check_results.push_back({std::size_t(rng() % n_checks),
                                 rng() % 50 ? CheckOutcome::kPass : CheckOutcome::kFail,
                                 kNow - Timestamp(rng() % 60) * kSecondsPerDay});
  const double rss_facts = peak_rss_mb();

  volatile long long sink = 0;
  const double baseline = best_ms(5, [&] {
    long long s = 0;
    for (const auto& e : org.evidence) s += e.valid_until.value_or(0) > kNow;
    for (const auto& r : org.check_results) s += r.observed_at;
    for (const auto& c : org.controls) s += static_cast<long long>(c.links.size());
    sink = sink + s;
  });
  Assessment last;
  const double recompute = best_ms(5, [&] { last = assess(frameworks, org, kNow); });
  const double rss_peak = peak_rss_mb();

  int met = 0, applicable = 0;
  for (const auto& f : last.frameworks) {
    met += f.total.met;
    applicable += f.total.applicable();
  }
  std::printf(
      "readiness_bench%s: %d frameworks x %d requirements, %d controls, %d evidence, %d checks, %d "
      "check results\n",
      quick ? " (quick)" : "", n_frameworks, n_requirements, n_controls, n_evidence, n_checks,
      n_results);
  std::printf("  full recompute      %8.1f ms  (best of 5; target < 100 ms)\n", recompute);
  std::printf("  baseline fact scan  %8.1f ms  ratio recompute/scan = %.1fx\n", baseline,
              recompute / baseline);
  std::printf("  resident: facts %.0f MB, peak %.0f MB (target < 500 MB)\n", rss_facts, rss_peak);
  std::printf("  result: %d of %d requirements met\n", met, applicable);
  // Only the full run judges the targets; a quick run just proves the benchmark still works.
  if (!quick && (recompute >= 100.0 || rss_peak >= 500.0)) {
    std::printf("  TARGET MISSED\n");
    return 1;
  }
  return 0;
}
