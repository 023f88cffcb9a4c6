// Drift metrics on hand-computed samples, known distributions, and values from scipy.
#include "domain/drift.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crosswalk::domain {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

NumericDrift drift_of(const std::vector<double>& ref, const std::vector<double>& cur,
                      DriftOptions options = {}) {
  auto r = numeric_drift(ref, cur, options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : NumericDrift{};
}

CategoricalDrift categories_of(const std::map<std::string, std::uint64_t>& ref,
                               const std::map<std::string, std::uint64_t>& cur,
                               DriftOptions options = {}) {
  auto r = categorical_drift(ref, cur, options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : CategoricalDrift{};
}

// x·log2(x/m), 0 for x = 0.
double kl2(double x, double m) {
  return x == 0 ? 0 : x * std::log2(x / m);
}

// The same generators are written in Python next to the scipy values below.
// Numerical Recipes LCG: s = (1664525·s + 1013904223) mod 2^32; u = s / 2^32 (exact in double).
struct Lcg {
  std::uint32_t s;
  double next() {
    s = 1664525u * s + 1013904223u;
    return s / 4294967296.0;
  }
  std::uint32_t next_int() {
    s = 1664525u * s + 1013904223u;
    return s;
  }
};

// Irwin–Hall: the sum of 12 uniforms minus 6, approximately standard normal (mean 0, variance 1);
// exact in double (multiples of 2^−32 below 12), so Python gets the same values.
std::vector<double> normalish(std::uint32_t seed, std::size_t n, double shift) {
  Lcg g{seed};
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    for (int k = 0; k < 12; ++k) s += g.next();
    v.push_back(s - 6 + shift);
  }
  return v;
}

// Integers 0 … mod−1: many ties.
std::vector<double> small_ints(std::uint32_t seed, std::size_t n, std::uint32_t mod) {
  Lcg g{seed};
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<double>(g.next_int() % mod));
  return v;
}

std::vector<double> grid(int from, int to) {  // from … to−1
  std::vector<double> v;
  for (int i = from; i < to; ++i) v.push_back(i);
  return v;
}

// --- Numeric: hand-computed ---------------------------------------------------------------------

TEST(NumericDrift, HandComputedPsiAndJsOnTwoBins) {
  // Reference {1,2,3,4}, 2 bins: the median, h = (4−1)·1/2 = 1.5, is 2 + (3−2)·0.5 = 2.5.
  // Bins (−∞, 2.5], (2.5, +∞): reference 2, 2 → r = (0.5, 0.5); current {1,1,1,4}: 3, 1 →
  // c = (0.75, 0.25).
  // PSI = (0.5−0.75)·ln(0.5/0.75) + (0.5−0.25)·ln(0.5/0.25) = 0.25·ln 1.5 + 0.25·ln 2
  //     = 0.25·ln 3 = 0.274653…
  // JS: m = (0.625, 0.375); KL(r‖m) = 0.5·log2 0.8 + 0.5·log2(4/3) = 0.0465545…,
  // KL(c‖m) = 0.75·log2 1.2 + 0.25·log2(2/3) = 0.0510347…; distance = √(½·0.0975892…) = 0.220895…
  DriftOptions o;
  o.bins = 2;
  NumericDrift d = drift_of({4, 2, 3, 1}, {1, 4, 1, 1}, o);
  EXPECT_EQ(d.requested_bins, 2u);
  EXPECT_EQ(d.edges, std::vector<double>{2.5});
  EXPECT_EQ(d.reference_counts, (std::vector<std::uint64_t>{2, 2}));
  EXPECT_EQ(d.current_counts, (std::vector<std::uint64_t>{3, 1}));
  EXPECT_EQ(d.reference_proportions, (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(d.current_proportions, (std::vector<double>{0.75, 0.25}));
  EXPECT_NEAR(d.psi, 0.25 * std::log(3.0), 1e-15);
  EXPECT_NEAR(d.psi, 0.274653072167027, 1e-14);
  ASSERT_EQ(d.psi_terms.size(), 2u);
  EXPECT_NEAR(d.psi_terms[0], 0.25 * std::log(1.5), 1e-15);
  EXPECT_NEAR(d.psi_terms[1], 0.25 * std::log(2.0), 1e-15);
  double js =
      std::sqrt(0.5 * (kl2(0.5, 0.625) + kl2(0.5, 0.375) + kl2(0.75, 0.625) + kl2(0.25, 0.375)));
  EXPECT_NEAR(d.js_distance, js, 1e-15);
  EXPECT_NEAR(d.js_distance, 0.220895, 1e-6);
  // KS: F_ref − F_cur at 1: 1/4 − 3/4; at 2: 2/4 − 3/4; at 3: 3/4 − 3/4; at 4: 0. D = 1/2 at 1.
  EXPECT_EQ(d.ks_statistic, 0.5);
  EXPECT_EQ(d.ks_location, 1.0);
}

TEST(NumericDrift, QuantilesInterpolateLinearlyBetweenOrderStatistics) {
  // numpy.quantile([1,2,3,4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]: h = 0.75, 1.5, 2.25.
  DriftOptions o;
  o.bins = 4;
  NumericDrift d = drift_of({1, 2, 3, 4}, {1, 2, 3, 4}, o);
  EXPECT_EQ(d.edges, (std::vector<double>{1.75, 2.5, 3.25}));
  EXPECT_EQ(d.reference_counts, (std::vector<std::uint64_t>{1, 1, 1, 1}));
}

TEST(NumericDrift, AValueEqualToAnEdgeIsInTheBinTheEdgeCloses) {
  // Reference 0 … 10 (11 values), 2 bins: the median is exactly 5 (h = 10·1/2 = 5).
  DriftOptions o;
  o.bins = 2;
  NumericDrift d = drift_of(grid(0, 11), {5, 5, 5.000000000000001}, o);
  EXPECT_EQ(d.edges, std::vector<double>{5});
  EXPECT_EQ(d.reference_counts, (std::vector<std::uint64_t>{6, 5}));  // 0…5 | 6…10
  EXPECT_EQ(d.current_counts, (std::vector<std::uint64_t>{2, 1}));    // 5, 5 | 5 + 1 ulp
}

TEST(NumericDrift, CoincidingQuantilesAreMergedIntoFewerBins) {
  // Reference eight 0s, 1, 2; deciles at h = 0.9·k: k = 1…7 fall between 0s (edge 0),
  // k = 8: h = 7.2 → 0 + 0.2·(1 − 0) = 0.2, k = 9: h = 8.1 → 1 + 0.1·(2 − 1) = 1.1.
  std::vector<double> ref = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
  NumericDrift d = drift_of(ref, {0, 0.1, 0.5, 3});
  EXPECT_EQ(d.requested_bins, 10u);
  ASSERT_EQ(d.edges.size(), 3u);  // 4 bins remain
  EXPECT_EQ(d.edges[0], 0.0);
  EXPECT_DOUBLE_EQ(d.edges[1], 0.2);
  EXPECT_DOUBLE_EQ(d.edges[2], 1.1);
  EXPECT_EQ(d.reference_counts, (std::vector<std::uint64_t>{8, 0, 1, 1}));
  EXPECT_EQ(d.current_counts, (std::vector<std::uint64_t>{1, 1, 1, 1}));
  // Bin 2 is empty in the reference only: its PSI term uses ε for r.
  EXPECT_NEAR(d.psi_terms[1], (1e-4 - 0.25) * std::log(1e-4 / 0.25), 1e-15);
  EXPECT_EQ(d.reference_counts.size(), d.psi_terms.size());
  EXPECT_EQ(d.current_proportions.size(), d.edges.size() + 1);
}

TEST(NumericDrift, KsEvaluatesTheEcdfsAfterAllEqualValues) {
  // Reference {1,2,2,3}, current {2,2,2,4}:
  //   x = 1: F_ref = 1/4, F_cur = 0   → 1/4
  //   x = 2: F_ref = 3/4, F_cur = 3/4 → 0
  //   x = 3: F_ref = 1,   F_cur = 3/4 → 1/4
  //   x = 4: 1, 1                     → 0
  // D = 1/4 (first at x = 1). Stepping through the 2s one at a time would see 1/2 or 3/4.
  NumericDrift d = drift_of({3, 2, 1, 2}, {2, 4, 2, 2});
  EXPECT_EQ(d.ks_statistic, 0.25);
  EXPECT_EQ(d.ks_location, 1.0);
}

TEST(NumericDrift, KsExactPValuesCountLatticePaths) {
  // n = m = 2, D = 1: of the C(4,2) = 6 orders, 2 are fully separated → p = 1/3.
  NumericDrift d = drift_of({1, 2}, {3, 4});
  EXPECT_EQ(d.ks_statistic, 1.0);
  EXPECT_EQ(d.ks_p_value_method, KsPValueMethod::kExact);
  EXPECT_NEAR(d.ks_p_value, 1.0 / 3, 1e-15);
  // n = m = 3, D = 1: 2 of C(6,3) = 20 → 0.1.
  EXPECT_NEAR(drift_of({1, 2, 3}, {4, 5, 6}).ks_p_value, 0.1, 1e-15);
  // n = m = 1: D is 1 whatever happens → p = 1.
  EXPECT_NEAR(drift_of({0}, {1}).ks_p_value, 1.0, 1e-15);
  // n = 2, m = 1, ref {1,3}, cur {2}: D = 1/2 (at 1 and at 2); every one of the 3 orders has
  // |F_ref − F_cur| ≥ 1/2 somewhere → p = 1.
  NumericDrift e = drift_of({1, 3}, {2});
  EXPECT_EQ(e.ks_statistic, 0.5);
  EXPECT_NEAR(e.ks_p_value, 1.0, 1e-15);
  // Swapping the samples changes neither D nor p.
  NumericDrift f = drift_of({4, 5, 6}, {1, 2, 3});
  EXPECT_EQ(f.ks_statistic, 1.0);
  EXPECT_NEAR(f.ks_p_value, 0.1, 1e-15);
}

// --- Numeric: identical, shifted, known distributions -------------------------------------------

TEST(NumericDrift, IdenticalSamplesShowNoDrift) {
  std::vector<double> v = normalish(7, 500, 0);
  for (std::uint64_t exact_limit : {std::uint64_t{0}, std::uint64_t{1'000'000}}) {
    DriftOptions o;
    o.ks_exact_max_product = exact_limit;
    NumericDrift d = drift_of(v, v, o);
    EXPECT_EQ(d.edges.size(), 9u);
    EXPECT_EQ(d.psi, 0.0);
    EXPECT_EQ(d.js_distance, 0.0);
    EXPECT_EQ(d.ks_statistic, 0.0);
    EXPECT_EQ(d.ks_p_value, 1.0);
    EXPECT_EQ(d.ks_p_value_method,
              exact_limit == 0 ? KsPValueMethod::kAsymptotic : KsPValueMethod::kExact);
  }
}

TEST(NumericDrift, InputOrderDoesNotMatter) {
  std::vector<double> ref = normalish(3, 300, 0);
  std::vector<double> cur = normalish(4, 200, 0.2);
  NumericDrift a = drift_of(ref, cur);
  std::reverse(ref.begin(), ref.end());
  std::rotate(cur.begin(), cur.begin() + 77, cur.end());
  NumericDrift b = drift_of(ref, cur);
  EXPECT_EQ(a.edges, b.edges);
  EXPECT_EQ(a.current_counts, b.current_counts);
  EXPECT_EQ(a.psi, b.psi);
  EXPECT_EQ(a.js_distance, b.js_distance);
  EXPECT_EQ(a.ks_statistic, b.ks_statistic);
  EXPECT_EQ(a.ks_p_value, b.ks_p_value);
}

TEST(NumericDrift, UniformGridShiftedByATenthOfItsRange) {
  // Reference 0 … 9999, current 1000 … 10999.
  // Deciles: h = 9999·k/10, e.g. k = 1 → 999 + 0.9 = 999.9, k = 9 → 8999.1; each reference bin
  // holds 1000 values (r_k = 0.1). Current: bin 0 empty, bins 1–8 1000 each, bin 9
  // (8999.1, +∞) 2000.
  // PSI = (0.1 − ε)·ln(0.1/ε) + (0.1 − 0.2)·ln(0.1/0.2) = 0.0999·ln 1000 + 0.1·ln 2 = 0.759400…
  // JS: m = (0.05, 0.1 ×8, 0.15): KL(r‖m) = 0.1·log2 2 + 0.1·log2(2/3) = 0.0415037…,
  //     KL(c‖m) = 0.2·log2(4/3) = 0.0830075…; distance = √0.0622556… = 0.249511…
  // KS: F_ref − F_cur = 0.1 exactly on [999, 1000) and nowhere larger: D = 0.1; n = m = 10^4,
  // en = 5000, λ = √5000·0.1 = 7.071…, p = Q(λ) ≈ 2·e^(−100) = 7.44e−44.
  NumericDrift d = drift_of(grid(0, 10000), grid(1000, 11000));
  ASSERT_EQ(d.edges.size(), 9u);
  EXPECT_DOUBLE_EQ(d.edges[0], 999.9);
  EXPECT_DOUBLE_EQ(d.edges[8], 8999.1);
  EXPECT_EQ(d.reference_counts, std::vector<std::uint64_t>(10, 1000));
  EXPECT_EQ(d.current_counts,
            (std::vector<std::uint64_t>{0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 2000}));
  EXPECT_NEAR(d.psi, 0.0999 * std::log(1000.0) + 0.1 * std::log(2.0), 1e-14);
  EXPECT_NEAR(d.psi, 0.759400, 1e-6);
  EXPECT_NEAR(d.js_distance, std::sqrt(0.5 * (0.1 + kl2(0.1, 0.15) + kl2(0.2, 0.15))), 1e-15);
  EXPECT_NEAR(d.js_distance, 0.249511, 1e-6);
  EXPECT_EQ(d.ks_statistic, 0.1);
  EXPECT_EQ(d.ks_location, 999.0);
  EXPECT_EQ(d.ks_p_value_method, KsPValueMethod::kAsymptotic);
  EXPECT_NEAR(d.ks_p_value / (2 * std::exp(-100.0)), 1.0, 1e-12);
}

TEST(NumericDrift, NormalShiftedByHalfASigmaIsAMajorPsiShift) {
  // For two normals one σ·δ apart PSI (Jeffreys divergence) tends to δ² = 0.25 as bins get fine;
  // ten decile bins lose a little of it. D tends to 2Φ(δ/2) − 1 = 0.197. The JS divergence tends
  // to δ²/8 nats = 0.0451 bits, a distance of 0.212.
  NumericDrift d = drift_of(normalish(11, 20000, 0), normalish(12, 20000, 0.5));
  EXPECT_GT(d.psi, 0.2);
  EXPECT_LT(d.psi, 0.27);
  EXPECT_NEAR(d.ks_statistic, 0.197, 0.02);
  EXPECT_LT(d.ks_p_value, 1e-100);
  EXPECT_GT(d.js_distance, 0.18);
  EXPECT_LT(d.js_distance, 0.22);
  // A small shift is no drift on PSI.
  NumericDrift small = drift_of(normalish(11, 20000, 0), normalish(12, 20000, 0.05));
  EXPECT_LT(small.psi, 0.01);
}

// --- Numeric: edge cases and bad input ---------------------------------------------------------

TEST(NumericDrift, AConstantReferenceLeavesOneEdgeAndTwoBins) {
  // Every quantile of {5,5,5,5} is 5: one edge, bins (−∞, 5] and (5, +∞).
  std::vector<double> ref(4, 5.0);
  NumericDrift same = drift_of(ref, {5, 5});
  EXPECT_EQ(same.edges, std::vector<double>{5});
  EXPECT_EQ(same.reference_counts, (std::vector<std::uint64_t>{4, 0}));
  EXPECT_EQ(same.psi, 0.0);  // the empty bin is ε on both sides: term 0
  EXPECT_EQ(same.js_distance, 0.0);
  EXPECT_EQ(same.ks_statistic, 0.0);
  // All of the current sample above: PSI = (1 − ε)·ln(1/ε) + (ε − 1)·ln(ε/1) = 2(1 − ε)·ln(1/ε).
  NumericDrift above = drift_of(ref, {6, 7});
  EXPECT_EQ(above.current_counts, (std::vector<std::uint64_t>{0, 2}));
  EXPECT_NEAR(above.psi, 2 * (1 - 1e-4) * std::log(1e4), 1e-12);
  EXPECT_EQ(above.js_distance, 1.0);
  EXPECT_EQ(above.ks_statistic, 1.0);
  // All below shares the first bin with the reference: PSI cannot see it, KS does.
  NumericDrift below = drift_of(ref, {1, 2});
  EXPECT_EQ(below.psi, 0.0);
  EXPECT_EQ(below.js_distance, 0.0);
  EXPECT_EQ(below.ks_statistic, 1.0);
  EXPECT_EQ(below.ks_location, 2.0);
}

TEST(NumericDrift, SingleValues) {
  NumericDrift d = drift_of({3}, {3});
  EXPECT_EQ(d.edges, std::vector<double>{3});
  EXPECT_EQ(d.psi, 0.0);
  EXPECT_EQ(d.ks_p_value, 1.0);
}

TEST(NumericDrift, EmptySamplesAreRefusedNamingWhich) {
  auto r = numeric_drift({}, std::vector<double>{1.0}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(r.status().message().find("reference sample is empty"), std::string::npos);
  auto c = numeric_drift(std::vector<double>{1.0}, {}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("current sample is empty"), std::string::npos);
}

TEST(NumericDrift, NonFiniteValuesAreRefused) {
  for (double bad : {kNaN, kInf, -kInf}) {
    auto r = numeric_drift(std::vector<double>{1, bad}, std::vector<double>{1}, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput);
    EXPECT_EQ(r.status().message(), "reference value 1 is not finite (NaN or infinity)");
    auto c = numeric_drift(std::vector<double>{1}, std::vector<double>{bad, 2, 3}, {});
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().message(), "current value 0 is not finite (NaN or infinity)");
  }
}

TEST(NumericDrift, BadOptionsAreRefused) {
  std::vector<double> v = {1, 2, 3};
  auto refused = [&](DriftOptions o) {
    auto r = numeric_drift(v, v, o);
    return !r.ok() && r.status().code() == Status::Code::kInvalidInput;
  };
  for (std::size_t bins : {0, 1, 10001}) {
    DriftOptions o;
    o.bins = bins;
    EXPECT_TRUE(refused(o)) << bins;
  }
  for (double eps : {0.0, -1e-4, 1.0, kNaN}) {
    DriftOptions o;
    o.epsilon = eps;
    EXPECT_TRUE(refused(o)) << eps;
  }
  DriftOptions o;
  o.ks_exact_max_product = 100'000'001;
  EXPECT_TRUE(refused(o));
  o = {};
  o.bins = 2;
  EXPECT_FALSE(refused(o));
  o.bins = 10000;
  EXPECT_FALSE(refused(o));
}

TEST(NumericDrift, ExtremeValuesStayFinite) {
  const double big = std::numeric_limits<double>::max();
  DriftOptions o;
  o.bins = 4;
  NumericDrift d = drift_of({-big, big, 0, 1}, {-big, big}, o);
  for (double e : d.edges) EXPECT_TRUE(std::isfinite(e)) << e;
  EXPECT_TRUE(std::is_sorted(d.edges.begin(), d.edges.end()));
  EXPECT_TRUE(std::isfinite(d.psi));
}

TEST(NumericDrift, EpsilonOnlyTouchesEmptyBins) {
  std::vector<double> ref = grid(0, 100);
  std::vector<double> cur = grid(50, 100);  // bins 0–4 empty
  DriftOptions fine;
  fine.epsilon = 1e-6;
  NumericDrift a = drift_of(ref, cur);
  NumericDrift b = drift_of(ref, cur, fine);
  EXPECT_EQ(a.epsilon, 1e-4);
  EXPECT_EQ(b.epsilon, 1e-6);
  EXPECT_GT(b.psi, a.psi);  // PSI is very sensitive to ε
  // Bins 5–9: r = 0.1, c = 0.2, unaffected; bins 0–4: (0.1 − ε)·ln(0.1/ε). Not renormalised.
  EXPECT_EQ(a.psi_terms[7], b.psi_terms[7]);
  EXPECT_NEAR(a.psi_terms[7], -0.1 * std::log(0.5), 1e-15);
  EXPECT_NEAR(a.psi, 5 * (0.1 - 1e-4) * std::log(0.1 / 1e-4) + 5 * 0.1 * std::log(2.0), 1e-13);
  EXPECT_NEAR(b.psi, 5 * (0.1 - 1e-6) * std::log(0.1 / 1e-6) + 5 * 0.1 * std::log(2.0), 1e-13);
  EXPECT_EQ(a.js_distance, b.js_distance);  // JS has no ε
}

// --- Kolmogorov distribution and scipy ---------------------------------------------------------

// Values from scipy 1.10.1 / numpy 1.24.2 (Debian python3-scipy), printed with repr() by:
//
//   import numpy as np; from math import sqrt
//   from scipy.stats import ks_2samp, kstwobign; from scipy.spatial.distance import jensenshannon
//   def lcg(s):
//       while True: s = (1664525*s + 1013904223) & 0xFFFFFFFF; yield s
//   def normalish(seed, n, shift):  # a plain loop: Python 3.12's sum() is compensated
//       g = lcg(seed); out = []
//       for _ in range(n):
//           t = 0.0
//           for _ in range(12): t += next(g) / 4294967296.0
//           out.append(t - 6 + shift)
//       return np.array(out)
//   def small_ints(seed, n, mod): g = lcg(seed); return np.array([float(next(g) % mod)
//                                                                 for _ in range(n)])
//   def binned(r, c, bins=10, eps=1e-4):
//       e = np.unique(np.quantile(r, np.arange(1, bins) / bins))
//       cr = np.bincount(np.searchsorted(e, r, side='left'), minlength=len(e) + 1)
//       cc = np.bincount(np.searchsorted(e, c, side='left'), minlength=len(e) + 1)
//       a, b = cr / len(r), cc / len(c); a, b = np.where(a == 0, eps, a), np.where(b == 0, eps, b)
//       return e, cr, cc, np.sum((a - b) * np.log(a / b)), jensenshannon(cr, cc, base=2)
//   for each case (r, c), en = len(r)*len(c)/(len(r)+len(c)):
//       ks_2samp(r, c, method='asymp')            -> d, p_scipy_asymp
//       kstwobign.sf(sqrt(en) * d)                -> p_kstwobign
//       ks_2samp(r, c, method='exact').pvalue     -> p_exact (when len(r)*len(c) <= 10000)
//       binned(r, c)                              -> edges, counts, psi, js
//
// scipy's ks_2samp(method='asymp') is NOT the Kolmogorov limit: for two-sided tests it returns
// kstwo.sf(D, round(en)), the exact one-sample distribution of D_N at N = round(en). We implement
// the limit Q(√en·D) (scipy.stats.kstwobign), so we match p_kstwobign; p_scipy_asymp is kept to
// show the difference. scipy's default method ('auto') is exact when max(n, m) ≤ 10000; ours is
// exact when n·m ≤ 10000 and then matches p_exact.
struct ScipyCase {
  const char* name;
  std::vector<double> ref;
  std::vector<double> cur;
  double d;
  double p_kstwobign;
  double p_scipy_asymp;
  double p_exact;  // < 0: n·m > 10000, not computed
  std::vector<double> edges;
  std::vector<std::uint64_t> ref_counts;
  std::vector<std::uint64_t> cur_counts;
  double psi;
  double js;
};

const std::vector<ScipyCase>& scipy_cases() {
  static const std::vector<ScipyCase> cases = {
      {"A: normal-ish 500 vs 400 shifted by 0.3",
       normalish(101, 500, 0),
       normalish(202, 400, 0.3),
       0.138,
       0.000421853348617755,
       0.0003772922740407471,
       -1,
       {-1.3966284939087927, -0.8716138993389904, -0.6266325437463821, -0.2936586660332976,
        -0.04241278814151883, 0.16944866059347982, 0.4288591354154049, 0.7298126797191804,
        1.1235639854334296},
       {50, 50, 50, 50, 50, 50, 50, 50, 50, 50},
       {20, 46, 20, 35, 42, 29, 42, 43, 42, 81},
       0.15551899099456884,
       0.16592185211134547},
      {"B: integers 0-9 (300) vs 0-11 (200), ties",
       small_ints(303, 300, 10),
       small_ints(404, 200, 12),
       0.18000000000000005,
       0.0008393751436781725,
       0.0007128273472664438,
       -1,
       {1, 2, 3, 4, 5, 6, 8, 9},
       {58, 33, 32, 35, 27, 26, 55, 34, 0},
       {31, 14, 17, 20, 16, 12, 39, 15, 36},
       1.4100167828924457,
       0.31786798170382835},
      {"C: normal-ish 8 vs 6 shifted by 0.5",
       normalish(505, 8, 0),
       normalish(606, 6, 0.5),
       0.20833333333333337,
       0.998369689980837,
       0.9965277777777778,
       0.9946719946719947,
       {-1.1790672556497157, -0.9051478532142936, -0.5103305955417454, -0.2482630726881324,
        0.22049760213121772, 0.6478107052855194, 0.7648117273114621, 0.9036491761915387,
        1.557250259350985},
       {1, 1, 1, 0, 1, 1, 0, 1, 1, 1},
       {1, 1, 0, 1, 0, 0, 2, 0, 1, 0},
       8.427993059238647,
       0.7542961556875489},
      {"D: normal-ish 20 vs 20 shifted by 1",
       normalish(707, 20, 0),
       normalish(808, 20, 1.0),
       0.6499999999999999,
       0.00042780083073113627,
       0.00011761597734375035,
       0.0002704973445409677,
       {-1.3472195749171079, -0.7041689657606183, -0.4732662686146796, -0.24419418657198544,
        -0.19296813802793622, 0.005786278750747553, 0.31290016649290897, 0.49379344647750273,
        0.7032971563749015},
       {2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
       {0, 0, 0, 0, 0, 1, 2, 2, 1, 14},
       4.687284569340759,
       0.6669556564060223},
      {"E: integers 0-4 (60) vs 0-5 (150), ties, exact",
       small_ints(909, 60, 5),
       small_ints(1010, 150, 6),
       0.15000000000000002,
       0.28981865197815304,
       0.2608136346641131,
       0.2681620968324171,
       {0, 1, 2, 3, 4},
       {11, 12, 14, 10, 13, 0},
       {22, 25, 23, 32, 30, 18},
       0.9108020177937242,
       0.2662569824376384},
      {"F: grid 0-49 vs 30-129, tiny exact p",
       grid(0, 50),
       grid(30, 130),
       0.8,
       5.90380631349462e-19,
       3.123677859277349e-23,
       9.276326784730295e-22,
       {4.9, 9.8, 14.7, 19.6, 24.5, 29.4, 34.3, 39.2, 44.1},
       {5, 5, 5, 5, 5, 5, 5, 5, 5, 5},
       {0, 0, 0, 0, 0, 0, 5, 5, 5, 85},
       5.849530213928087,
       0.7501930258163101},
  };
  return cases;
}

TEST(ScipyAgreement, KsStatistic) {
  for (const ScipyCase& c : scipy_cases())
    EXPECT_NEAR(drift_of(c.ref, c.cur).ks_statistic, c.d, 1e-12) << c.name;
}

TEST(ScipyAgreement, AsymptoticPValueIsKstwobign) {
  DriftOptions o;
  o.ks_exact_max_product = 0;
  for (const ScipyCase& c : scipy_cases()) {
    NumericDrift d = drift_of(c.ref, c.cur, o);
    EXPECT_EQ(d.ks_p_value_method, KsPValueMethod::kAsymptotic);
    EXPECT_NEAR(d.ks_p_value / c.p_kstwobign, 1.0, 1e-12) << c.name;
  }
}

TEST(ScipyAgreement, ScipyAsympIsAFiniteSampleCorrectionOfIt) {
  // kstwo.sf(D, round(en)) is below the limit; the gap shrinks as en grows (A: en = 222, B: 120,
  // D: 10). Recorded so that nobody mistakes one for the other.
  DriftOptions o;
  o.ks_exact_max_product = 0;
  for (const ScipyCase& c : scipy_cases()) {
    NumericDrift d = drift_of(c.ref, c.cur, o);
    EXPECT_GT(d.ks_p_value, c.p_scipy_asymp) << c.name;
  }
  EXPECT_NEAR(drift_of(scipy_cases()[0].ref, scipy_cases()[0].cur, o).ks_p_value /
                  scipy_cases()[0].p_scipy_asymp,
              1.12, 0.01);
}

TEST(ScipyAgreement, ExactPValue) {
  for (const ScipyCase& c : scipy_cases()) {
    NumericDrift d = drift_of(c.ref, c.cur);
    if (c.p_exact < 0) {
      EXPECT_EQ(d.ks_p_value_method, KsPValueMethod::kAsymptotic) << c.name;
      continue;
    }
    EXPECT_EQ(d.ks_p_value_method, KsPValueMethod::kExact) << c.name;
    EXPECT_NEAR(d.ks_p_value / c.p_exact, 1.0, 1e-12) << c.name;
  }
}

TEST(ScipyAgreement, BinsPsiAndJensenShannon) {
  for (const ScipyCase& c : scipy_cases()) {
    NumericDrift d = drift_of(c.ref, c.cur);
    ASSERT_EQ(d.edges.size(), c.edges.size()) << c.name;
    for (std::size_t k = 0; k < c.edges.size(); ++k)
      EXPECT_NEAR(d.edges[k], c.edges[k], 1e-15 * std::max(1.0, std::abs(c.edges[k])))
          << c.name << " edge " << k;
    EXPECT_EQ(d.reference_counts, c.ref_counts) << c.name;
    EXPECT_EQ(d.current_counts, c.cur_counts) << c.name;
    EXPECT_NEAR(d.psi, c.psi, 1e-12) << c.name;
    EXPECT_NEAR(d.js_distance, c.js, 1e-12) << c.name;
  }
}

TEST(KolmogorovSurvival, MatchesScipyKstwobign) {
  // scipy.stats.kstwobign.sf(lam) for each lam, scipy 1.10.1.
  const std::vector<std::pair<double, double>> table = {
      {0.05, 1.0},
      {0.3, 0.9999906941986655},
      {0.5, 0.9639452436648751},
      {0.8, 0.5441424115741981},
      {0.9999999, 0.26999977887222576},
      {1.0, 0.26999967167735456},
      {1.2, 0.11224966667072497},
      {1.3581, 0.0499996304316674},
      {2.0, 0.0006709252557796953},
      {3.0, 3.045995948942526e-08},
      {5.0, 3.8574996959278356e-22},
      {8.0, 5.14441874528483e-56},
  };
  for (const auto& [lambda, q] : table)
    EXPECT_NEAR(kolmogorov_survival(lambda) / q, 1.0, 1e-12) << lambda;
  EXPECT_EQ(kolmogorov_survival(0), 1.0);
  EXPECT_EQ(kolmogorov_survival(-1), 1.0);
  EXPECT_EQ(kolmogorov_survival(40), 0.0);
}

// --- Categorical ---------------------------------------------------------------------------------

TEST(CategoricalDrift, UnseenAndVanishedCategories) {
  // r = (a 0.5, b 0.3, c 0.2, d 0), c = (a 0.4, b 0.3, c 0, d 0.3).
  CategoricalDrift d =
      categories_of({{"a", 50}, {"b", 30}, {"c", 20}}, {{"a", 40}, {"b", 30}, {"d", 30}});
  EXPECT_EQ(d.reference_total, 100u);
  EXPECT_EQ(d.current_total, 100u);
  ASSERT_EQ(d.categories.size(), 4u);
  const CategoryDrift& c = d.categories[2];
  EXPECT_EQ(c.category, "c");
  EXPECT_EQ(c.reference_count, 20u);
  EXPECT_EQ(c.current_count, 0u);
  EXPECT_TRUE(c.vanished);
  EXPECT_FALSE(c.unseen_in_reference);
  const CategoryDrift& nd = d.categories[3];
  EXPECT_EQ(nd.category, "d");
  EXPECT_EQ(nd.reference_count, 0u);
  EXPECT_EQ(nd.current_proportion, 0.3);
  EXPECT_TRUE(nd.unseen_in_reference);
  EXPECT_FALSE(nd.vanished);
  EXPECT_FALSE(d.categories[0].unseen_in_reference || d.categories[0].vanished);
  EXPECT_EQ(d.unseen_in_reference, 1u);
  // PSI = 0.1·ln(0.5/0.4) + 0 + (0.2 − ε)·ln(0.2/ε) + (ε − 0.3)·ln(ε/0.3)
  //     = 0.022314 + 0 + 1.519420 + 2.401110 = 3.942844…
  const double eps = 1e-4;
  double psi =
      0.1 * std::log(1.25) + (0.2 - eps) * std::log(0.2 / eps) + (eps - 0.3) * std::log(eps / 0.3);
  EXPECT_NEAR(d.psi, psi, 1e-14);
  EXPECT_NEAR(d.psi, 3.942844, 1e-6);
  EXPECT_NEAR(d.categories[3].psi_term, (eps - 0.3) * std::log(eps / 0.3), 1e-15);
  // TVD = ½(0.1 + 0 + 0.2 + 0.3) = 0.3; L∞ = 0.3.
  EXPECT_NEAR(d.total_variation, 0.3, 1e-15);
  EXPECT_NEAR(d.l_infinity, 0.3, 1e-15);
  double js = std::sqrt(0.5 * (kl2(0.5, 0.45) + kl2(0.3, 0.3) + kl2(0.2, 0.1) + kl2(0.4, 0.45) +
                               kl2(0.3, 0.3) + kl2(0.3, 0.15)));
  EXPECT_NEAR(d.js_distance, js, 1e-15);
}

TEST(CategoricalDrift, IdenticalDistributionsAtDifferentSizes) {
  CategoricalDrift d = categories_of({{"x", 10}, {"y", 30}}, {{"x", 100}, {"y", 300}});
  EXPECT_EQ(d.psi, 0.0);
  EXPECT_EQ(d.js_distance, 0.0);
  EXPECT_EQ(d.total_variation, 0.0);
  EXPECT_EQ(d.l_infinity, 0.0);
}

TEST(CategoricalDrift, DisjointCategoriesAreAtTheMaximum) {
  CategoricalDrift d = categories_of({{"old", 7}}, {{"new", 3}});
  EXPECT_EQ(d.js_distance, 1.0);
  EXPECT_EQ(d.total_variation, 1.0);
  EXPECT_EQ(d.l_infinity, 1.0);
  EXPECT_NEAR(d.psi, 2 * (1 - 1e-4) * std::log(1e4), 1e-12);
}

TEST(CategoricalDrift, KeysCountedZeroInBothContributeNothing) {
  CategoricalDrift d = categories_of({{"a", 3}, {"z", 0}}, {{"a", 5}, {"z", 0}});
  ASSERT_EQ(d.categories.size(), 2u);
  EXPECT_EQ(d.categories[1].category, "z");
  EXPECT_FALSE(d.categories[1].unseen_in_reference);
  EXPECT_FALSE(d.categories[1].vanished);
  EXPECT_EQ(d.categories[1].psi_term, 0.0);
  EXPECT_EQ(d.psi, 0.0);
  EXPECT_EQ(d.unseen_in_reference, 0u);
}

TEST(CategoricalDrift, EpsilonIsUsedForEmptyCategoriesOnly) {
  DriftOptions o;
  o.epsilon = 0.01;
  CategoricalDrift d = categories_of({{"a", 1}, {"b", 1}}, {{"a", 1}}, o);
  // r = (0.5, 0.5), c = (1, 0 → 0.01): PSI = −0.5·ln 0.5 + 0.49·ln 50; not renormalised.
  EXPECT_EQ(d.epsilon, 0.01);
  EXPECT_EQ(d.categories[1].current_proportion, 0.0);
  EXPECT_NEAR(d.psi, -0.5 * std::log(0.5) + 0.49 * std::log(50.0), 1e-14);
}

TEST(CategoricalDrift, EmptyOrOverflowingTotalsAreRefused) {
  auto empty = categorical_drift({}, {{"a", 1}}, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(empty.status().message().find("reference sample is empty"), std::string::npos);
  auto zero = categorical_drift({{"a", 1}}, {{"a", 0}}, {});
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("current sample is empty"), std::string::npos);
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  auto overflow = categorical_drift({{"a", max}, {"b", 1}}, {{"a", 1}}, {});
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("overflow"), std::string::npos);
  DriftOptions o;
  o.epsilon = 0;
  EXPECT_FALSE(categorical_drift({{"a", 1}}, {{"a", 1}}, o).ok());
}

// --- Verdicts ------------------------------------------------------------------------------------

NumericDrift with(double psi, double js, double d = 0, double p = 1) {
  NumericDrift r;
  r.psi = psi;
  r.js_distance = js;
  r.ks_statistic = d;
  r.ks_p_value = p;
  return r;
}

DriftVerdict verdict(const NumericDrift& d, const DriftThresholds& t = {}) {
  auto v = classify_drift(d, t);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? *v : DriftVerdict{};
}

TEST(DriftVerdict, PsiBandsIncludeTheirLowerBound) {
  EXPECT_EQ(verdict(with(0, 0)).level, DriftLevel::kNone);
  EXPECT_EQ(verdict(with(0.0999, 0)).level, DriftLevel::kNone);
  EXPECT_EQ(verdict(with(0.1, 0)).level, DriftLevel::kModerate);  // Evidently: psi >= 0.1
  EXPECT_EQ(verdict(with(0.2499, 0)).level, DriftLevel::kModerate);
  EXPECT_EQ(verdict(with(0.25, 0)).level, DriftLevel::kMajor);
  EXPECT_EQ(verdict(with(7, 0)).psi_level, DriftLevel::kMajor);
}

TEST(DriftVerdict, JsAndOptionalKsRaiseToModerateAtMost) {
  DriftVerdict js = verdict(with(0.01, 0.1));
  EXPECT_TRUE(js.js_drift);
  EXPECT_EQ(js.psi_level, DriftLevel::kNone);
  EXPECT_EQ(js.level, DriftLevel::kModerate);
  EXPECT_FALSE(verdict(with(0.01, 0.0999)).js_drift);
  // KS thresholds are off by default, whatever the p-value.
  DriftVerdict off = verdict(with(0, 0, 0.9, 1e-30));
  EXPECT_FALSE(off.ks_p_drift.has_value());
  EXPECT_FALSE(off.ks_d_drift.has_value());
  EXPECT_EQ(off.level, DriftLevel::kNone);
  DriftThresholds t;
  t.ks_p = kConventionalKsP;
  t.ks_d = 0.2;
  DriftVerdict p = verdict(with(0, 0, 0.1, 0.05), t);  // p ≤ 0.05 (Evidently)
  EXPECT_EQ(p.ks_p_drift, true);
  EXPECT_EQ(p.ks_d_drift, false);
  EXPECT_EQ(p.level, DriftLevel::kModerate);
  DriftVerdict dd = verdict(with(0, 0, 0.2, 0.5), t);
  EXPECT_EQ(dd.ks_p_drift, false);
  EXPECT_EQ(dd.ks_d_drift, true);
  EXPECT_EQ(dd.level, DriftLevel::kModerate);
  EXPECT_EQ(verdict(with(0.3, 0.5, 0.9, 0), t).level, DriftLevel::kMajor);
  EXPECT_EQ(verdict(with(0, 0, 0.1, 0.5), t).level, DriftLevel::kNone);
}

TEST(DriftVerdict, PolicyThresholdsApply) {
  DriftThresholds t;
  t.psi_moderate = 0.2;  // the other common cut-off
  EXPECT_EQ(verdict(with(0.15, 0), t).level, DriftLevel::kNone);
  EXPECT_EQ(verdict(with(0.2, 0), t).level, DriftLevel::kModerate);
}

TEST(DriftVerdict, CategoricalIgnoresKsThresholds) {
  CategoricalDrift c;
  c.psi = 0.05;
  c.js_distance = 0.05;
  DriftThresholds t;
  t.ks_p = 0.05;
  auto v = classify_drift(c, t);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->level, DriftLevel::kNone);
  EXPECT_FALSE(v->ks_p_drift.has_value());
  c.psi = 0.3;
  EXPECT_EQ(classify_drift(c, {})->level, DriftLevel::kMajor);
}

TEST(DriftVerdict, BadThresholdsAreRefused) {
  auto refused = [](DriftThresholds t) {
    auto v = classify_drift(with(0, 0), t);
    return !v.ok() && v.status().code() == Status::Code::kInvalidInput;
  };
  DriftThresholds t;
  EXPECT_FALSE(refused(t));
  t.psi_moderate = 0.3;  // above psi_major
  EXPECT_TRUE(refused(t));
  t = {};
  t.psi_major = kNaN;
  EXPECT_TRUE(refused(t));
  t = {};
  t.psi_major = kInf;
  EXPECT_TRUE(refused(t));
  t = {};
  t.js = -0.1;
  EXPECT_TRUE(refused(t));
  t = {};
  t.ks_p = 1.5;
  EXPECT_TRUE(refused(t));
  t = {};
  t.ks_d = kNaN;
  EXPECT_TRUE(refused(t));
}

TEST(DriftVerdict, Names) {
  EXPECT_EQ(to_string(DriftLevel::kNone), "none");
  EXPECT_EQ(to_string(DriftLevel::kModerate), "moderate");
  EXPECT_EQ(to_string(DriftLevel::kMajor), "major");
  EXPECT_EQ(to_string(KsPValueMethod::kExact), "exact");
  EXPECT_EQ(to_string(KsPValueMethod::kAsymptotic), "asymptotic");
}

}  // namespace
}  // namespace crosswalk::domain
