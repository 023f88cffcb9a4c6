#include "domain/drift.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

namespace crosswalk::domain {
namespace {

constexpr std::size_t kMaxBins = 10000;
// The exact KS p-value walks n·m lattice points; beyond this the asymptotic one is good anyway.
constexpr std::uint64_t kMaxExactProduct = 100'000'000;

Status check_options(const DriftOptions& options) {
  if (options.bins < 2 || options.bins > kMaxBins)
    return Status::InvalidInput("drift bins must be between 2 and " + std::to_string(kMaxBins) +
                                ", got " + std::to_string(options.bins));
  if (!(options.epsilon > 0 && options.epsilon < 1))
    return Status::InvalidInput("drift epsilon must be greater than 0 and less than 1");
  if (options.ks_exact_max_product > kMaxExactProduct)
    return Status::InvalidInput("ks_exact_max_product must be at most " +
                                std::to_string(kMaxExactProduct));
  return Status::Ok();
}

Status check_sample(std::span<const double> values, const char* which) {
  if (values.empty())
    return Status::InvalidInput(std::string(which) + " sample is empty (no non-missing values)");
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return Status::InvalidInput(std::string(which) + " value " + std::to_string(i) +
                                  " is not finite (NaN or infinity)");
  return Status::Ok();
}

// As numpy's _lerp: exact at t = 0 and t = 1, and monotone in t.
double lerp(double a, double b, double t) {
  double diff = b - a;
  double v;
  if (!std::isfinite(diff))  // a and b far apart near the limits of double
    v = a * (1 - t) + b * t;
  else
    v = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  return std::clamp(v, a, b);
}

// Quantiles k/bins, k = 1 … bins−1, of sorted values by linear interpolation between order
// statistics (Hyndman–Fan type 7, numpy.quantile's default): position h = (n−1)·k/bins, split
// into its integer part and fraction exactly; equal quantiles are kept once.
std::vector<double> quantile_edges(const std::vector<double>& sorted, std::size_t bins) {
  std::vector<double> edges;
  std::uint64_t last = sorted.size() - 1;
  for (std::size_t k = 1; k < bins; ++k) {
    std::uint64_t num = last * k;
    std::uint64_t j = num / bins;
    std::uint64_t rem = num % bins;
    double e = rem == 0 ? sorted[j]
                        : lerp(sorted[j], sorted[j + 1],
                               static_cast<double>(rem) / static_cast<double>(bins));
    if (edges.empty() || e != edges.back()) edges.push_back(e);
  }
  return edges;
}

// Counts per bin (edges[k−1], edges[k]] of sorted values.
std::vector<std::uint64_t> bin_counts(const std::vector<double>& sorted,
                                      const std::vector<double>& edges) {
  std::vector<std::uint64_t> counts;
  std::size_t below = 0;  // values ≤ the previous edge
  for (double e : edges) {
    std::size_t upto = std::upper_bound(sorted.begin(), sorted.end(), e) - sorted.begin();
    counts.push_back(upto - below);
    below = upto;
  }
  counts.push_back(sorted.size() - below);
  return counts;
}

double psi_term(double r, double c, double epsilon) {
  if (r == 0) r = epsilon;
  if (c == 0) c = epsilon;
  return (r - c) * std::log(r / c);
}

// x·ln(x/y), 0 for x = 0 (scipy.special.rel_entr for y > 0).
double rel_entr(double x, double y) {
  return x == 0 ? 0 : x * std::log(x / y);
}

// Jensen–Shannon distance base 2 of two proportion vectors, in scipy's order of operations.
double js_distance(const std::vector<double>& r, const std::vector<double>& c) {
  double left = 0;
  double right = 0;
  for (std::size_t k = 0; k < r.size(); ++k) {
    double m = (r[k] + c[k]) / 2;
    left += rel_entr(r[k], m);
    right += rel_entr(c[k], m);
  }
  double js = (left + right) / std::numbers::ln2;
  return std::clamp(std::sqrt(std::max(js / 2, 0.0)), 0.0, 1.0);
}

std::vector<double> proportions(const std::vector<std::uint64_t>& counts, std::uint64_t total) {
  std::vector<double> p;
  p.reserve(counts.size());
  for (std::uint64_t c : counts) p.push_back(static_cast<double>(c) / static_cast<double>(total));
  return p;
}

std::uint64_t abs_diff(std::uint64_t a, std::uint64_t b) {
  return a > b ? a - b : b - a;
}

// P(D ≥ h/(n·m)) for two samples of sizes n and m without ties: the share of the monotone lattice
// paths from (0,0) to (n,m) (all equally likely) that reach a point (i,j) with |i·m − j·n| ≥ h.
// Walked as probabilities (a step from (i,j) goes right with probability (n−i)/(n−i+m−j)), the
// mass of each path is added when it first reaches such a point: a sum of non-negative terms, so
// small p-values keep their relative precision.
double ks_exact_p(std::uint64_t n, std::uint64_t m, std::uint64_t h) {
  if (h == 0) return 1;
  std::vector<double> prev(m + 1, 0.0);  // row i−1: mass that is still inside
  std::vector<double> row(m + 1, 0.0);
  double outside = 0;
  for (std::uint64_t i = 0; i <= n; ++i) {
    for (std::uint64_t j = 0; j <= m; ++j) {
      double in = 0;
      if (i == 0 && j == 0) {
        in = 1;
      } else {
        if (i > 0) {
          auto left = static_cast<double>(n - (i - 1) + m - j);
          in += prev[j] * (static_cast<double>(n - (i - 1)) / left);
        }
        if (j > 0) {
          auto left = static_cast<double>(n - i + m - (j - 1));
          in += row[j - 1] * (static_cast<double>(m - (j - 1)) / left);
        }
      }
      if (abs_diff(i * m, j * n) >= h) {
        outside += in;
        row[j] = 0;
      } else {
        row[j] = in;
      }
    }
    std::swap(prev, row);
  }
  return std::clamp(outside, 0.0, 1.0);
}

}  // namespace

double kolmogorov_survival(double lambda) {
  if (!(lambda > 0)) return 1;
  if (lambda < 1) {
    // The alternating series converges slowly here; use the Jacobi theta form of the CDF,
    // K(λ) = √(2π)/λ · Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}.
    double s = 0;
    for (int k = 1; k < 100; ++k) {
      double odd = 2.0 * k - 1;
      double term =
          std::exp(-odd * odd * std::numbers::pi * std::numbers::pi / (8 * lambda * lambda));
      s += term;
      if (term <= s * 1e-17) break;
    }
    double cdf = std::sqrt(2 * std::numbers::pi) / lambda * s;
    return std::clamp(1 - cdf, 0.0, 1.0);
  }
  double s = 0;
  for (int k = 1; k < 100; ++k) {
    double term = std::exp(-2.0 * k * k * lambda * lambda);
    s += (k % 2 == 1) ? term : -term;
    if (term <= std::abs(s) * 1e-17) break;
  }
  return std::clamp(2 * s, 0.0, 1.0);
}

Result<NumericDrift> numeric_drift(std::span<const double> reference,
                                   std::span<const double> current, const DriftOptions& options) {
  CW_RETURN_IF_ERROR(check_options(options));
  CW_RETURN_IF_ERROR(check_sample(reference, "reference"));
  CW_RETURN_IF_ERROR(check_sample(current, "current"));
  std::uint64_t n = reference.size();
  std::uint64_t m = current.size();
  if (n > std::numeric_limits<std::uint64_t>::max() / m)
    return Status::InvalidInput("drift samples are too large (n_ref · n_cur overflows)");

  std::vector<double> ref(reference.begin(), reference.end());
  std::vector<double> cur(current.begin(), current.end());
  std::sort(ref.begin(), ref.end());
  std::sort(cur.begin(), cur.end());

  NumericDrift d;
  d.reference_size = ref.size();
  d.current_size = cur.size();
  d.requested_bins = options.bins;
  d.epsilon = options.epsilon;
  d.edges = quantile_edges(ref, options.bins);
  d.reference_counts = bin_counts(ref, d.edges);
  d.current_counts = bin_counts(cur, d.edges);
  d.reference_proportions = proportions(d.reference_counts, n);
  d.current_proportions = proportions(d.current_counts, m);
  for (std::size_t k = 0; k < d.reference_counts.size(); ++k) {
    d.psi_terms.push_back(
        psi_term(d.reference_proportions[k], d.current_proportions[k], options.epsilon));
    d.psi += d.psi_terms.back();
  }
  d.js_distance = js_distance(d.reference_proportions, d.current_proportions);

  // KS: F_ref = i/n and F_cur = j/m after all values equal to v, so ties move both ECDFs at once;
  // |F_ref − F_cur| = |i·m − j·n| / (n·m), kept as an integer until the end.
  std::uint64_t best = 0;
  std::size_t i = 0;
  std::size_t j = 0;
  d.ks_location = std::min(ref.front(), cur.front());
  while (i < ref.size() || j < cur.size()) {
    double v = (j == cur.size() || (i < ref.size() && ref[i] <= cur[j])) ? ref[i] : cur[j];
    while (i < ref.size() && ref[i] == v) ++i;
    while (j < cur.size() && cur[j] == v) ++j;
    std::uint64_t diff = abs_diff(i * m, j * n);
    if (diff > best) {
      best = diff;
      d.ks_location = v;
    }
  }
  d.ks_statistic = static_cast<double>(best) / static_cast<double>(n * m);
  if (n * m <= options.ks_exact_max_product) {
    d.ks_p_value = ks_exact_p(n, m, best);
    d.ks_p_value_method = KsPValueMethod::kExact;
  } else {
    double en = static_cast<double>(n) * static_cast<double>(m) / static_cast<double>(n + m);
    d.ks_p_value = kolmogorov_survival(std::sqrt(en) * d.ks_statistic);
    d.ks_p_value_method = KsPValueMethod::kAsymptotic;
  }
  return d;
}

Result<CategoricalDrift> categorical_drift(
    const std::map<std::string, std::uint64_t>& reference_counts,
    const std::map<std::string, std::uint64_t>& current_counts, const DriftOptions& options) {
  CW_RETURN_IF_ERROR(check_options(options));
  CategoricalDrift d;
  d.epsilon = options.epsilon;
  auto total_of = [](const std::map<std::string, std::uint64_t>& counts, const char* which,
                     std::uint64_t& total) {
    for (const auto& [category, count] : counts) {
      if (count > std::numeric_limits<std::uint64_t>::max() - total)
        return Status::InvalidInput(std::string(which) + " category counts overflow");
      total += count;
    }
    if (total == 0)
      return Status::InvalidInput(std::string(which) + " sample is empty (all counts are zero)");
    return Status::Ok();
  };
  CW_RETURN_IF_ERROR(total_of(reference_counts, "reference", d.reference_total));
  CW_RETURN_IF_ERROR(total_of(current_counts, "current", d.current_total));

  auto add = [&](const std::string& category) {
    CategoryDrift c;
    c.category = category;
    if (auto it = reference_counts.find(category); it != reference_counts.end())
      c.reference_count = it->second;
    if (auto it = current_counts.find(category); it != current_counts.end())
      c.current_count = it->second;
    c.reference_proportion =
        static_cast<double>(c.reference_count) / static_cast<double>(d.reference_total);
    c.current_proportion =
        static_cast<double>(c.current_count) / static_cast<double>(d.current_total);
    c.psi_term = psi_term(c.reference_proportion, c.current_proportion, options.epsilon);
    c.unseen_in_reference = c.reference_count == 0 && c.current_count > 0;
    c.vanished = c.reference_count > 0 && c.current_count == 0;
    d.categories.push_back(std::move(c));
  };
  // Both maps are sorted: merge their keys.
  auto r = reference_counts.begin();
  auto c = current_counts.begin();
  while (r != reference_counts.end() || c != current_counts.end()) {
    if (c == current_counts.end() || (r != reference_counts.end() && r->first < c->first)) {
      add((r++)->first);
    } else {
      if (r != reference_counts.end() && r->first == c->first) ++r;
      add((c++)->first);
    }
  }

  std::vector<double> rp;
  std::vector<double> cp;
  for (const CategoryDrift& k : d.categories) {
    d.psi += k.psi_term;
    double gap = std::abs(k.reference_proportion - k.current_proportion);
    d.total_variation += gap;
    d.l_infinity = std::max(d.l_infinity, gap);
    if (k.unseen_in_reference) ++d.unseen_in_reference;
    rp.push_back(k.reference_proportion);
    cp.push_back(k.current_proportion);
  }
  d.total_variation = std::min(d.total_variation / 2, 1.0);
  d.js_distance = js_distance(rp, cp);
  return d;
}

namespace {

Status check_thresholds(const DriftThresholds& t) {
  auto bad = [](double v, double hi) { return !(v >= 0 && v <= hi); };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (bad(t.psi_moderate, kInf) || bad(t.psi_major, kInf) || std::isinf(t.psi_moderate) ||
      std::isinf(t.psi_major))
    return Status::InvalidInput("PSI thresholds must be finite and not negative");
  if (t.psi_moderate > t.psi_major)
    return Status::InvalidInput("PSI moderate threshold is above the major one");
  if (bad(t.js, 1)) return Status::InvalidInput("JS distance threshold must be in [0, 1]");
  if (t.ks_p && bad(*t.ks_p, 1)) return Status::InvalidInput("KS p threshold must be in [0, 1]");
  if (t.ks_d && bad(*t.ks_d, 1)) return Status::InvalidInput("KS D threshold must be in [0, 1]");
  return Status::Ok();
}

DriftVerdict psi_js_verdict(double psi, double js, const DriftThresholds& t) {
  DriftVerdict v;
  v.psi_level = psi >= t.psi_major      ? DriftLevel::kMajor
                : psi >= t.psi_moderate ? DriftLevel::kModerate
                                        : DriftLevel::kNone;
  v.js_drift = js >= t.js;
  v.level = v.psi_level;
  if (v.js_drift && v.level == DriftLevel::kNone) v.level = DriftLevel::kModerate;
  return v;
}

}  // namespace

Result<DriftVerdict> classify_drift(const NumericDrift& drift, const DriftThresholds& thresholds) {
  CW_RETURN_IF_ERROR(check_thresholds(thresholds));
  DriftVerdict v = psi_js_verdict(drift.psi, drift.js_distance, thresholds);
  if (thresholds.ks_p) v.ks_p_drift = drift.ks_p_value <= *thresholds.ks_p;
  if (thresholds.ks_d) v.ks_d_drift = drift.ks_statistic >= *thresholds.ks_d;
  if (v.level == DriftLevel::kNone &&
      (v.ks_p_drift.value_or(false) || v.ks_d_drift.value_or(false)))
    v.level = DriftLevel::kModerate;
  return v;
}

Result<DriftVerdict> classify_drift(const CategoricalDrift& drift,
                                    const DriftThresholds& thresholds) {
  CW_RETURN_IF_ERROR(check_thresholds(thresholds));
  return psi_js_verdict(drift.psi, drift.js_distance, thresholds);
}

std::string_view to_string(DriftLevel level) {
  switch (level) {
    case DriftLevel::kNone:
      return "none";
    case DriftLevel::kModerate:
      return "moderate";
    case DriftLevel::kMajor:
      return "major";
  }
  return "none";
}

std::string_view to_string(KsPValueMethod method) {
  return method == KsPValueMethod::kExact ? "exact" : "asymptotic";
}

}  // namespace crosswalk::domain
