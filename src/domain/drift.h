// Data drift between a reference and a current sample of one column: PSI, Jensen–Shannon distance
// and (numeric columns) the two-sample Kolmogorov–Smirnov test, with the bins behind them, and a
// separate verdict against policy thresholds. Pure: callers pass the values (missing ones removed
// and counted by them). Definitions: docs/measurements-drift.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace crosswalk::domain {

struct DriftOptions {
  // Numeric columns: reference-quantile bins asked for (2 … 10000); fewer remain when quantiles
  // coincide.
  std::size_t bins = 10;
  // PSI only: the proportion an empty bin counts as, in (0, 1); not renormalised (as Evidently).
  double epsilon = 1e-4;
  // The KS p-value is exact (lattice paths, no ties assumed) when n_ref · n_cur is at most this,
  // asymptotic (Kolmogorov distribution) above. 0: always asymptotic.
  std::uint64_t ks_exact_max_product = 10000;
};

enum class KsPValueMethod { kExact, kAsymptotic };

struct NumericDrift {
  std::size_t reference_size = 0;
  std::size_t current_size = 0;
  std::size_t requested_bins = 0;
  double epsilon = 0;
  // Interior bin edges, ascending and distinct; the outer edges are −∞ and +∞ (not stored). Bin k
  // is (edges[k−1], edges[k]]: a value equal to an edge is in the bin the edge closes.
  std::vector<double> edges;
  // Per bin (edges.size() + 1 of them): counts, raw proportions (count / size, before epsilon),
  // and PSI terms (r_k − c_k)·ln(r_k / c_k) after the epsilon rule.
  std::vector<std::uint64_t> reference_counts;
  std::vector<std::uint64_t> current_counts;
  std::vector<double> reference_proportions;
  std::vector<double> current_proportions;
  std::vector<double> psi_terms;
  double psi = 0;
  double js_distance = 0;   // base 2, in [0, 1]
  double ks_statistic = 0;  // D = sup |F_ref − F_cur|, exact
  double ks_location = 0;   // the smallest value x where |F_ref(x) − F_cur(x)| = D
  double ks_p_value = 1;    // two-sided
  KsPValueMethod ks_p_value_method = KsPValueMethod::kAsymptotic;
};

// Drift of a numeric column. The samples are the non-missing values; NaN or ±∞, an empty sample
// or bad options are InvalidInput.
Result<NumericDrift> numeric_drift(std::span<const double> reference,
                                   std::span<const double> current, const DriftOptions& options);

struct CategoryDrift {
  std::string category;
  std::uint64_t reference_count = 0;
  std::uint64_t current_count = 0;
  double reference_proportion = 0;  // raw, before epsilon
  double current_proportion = 0;
  double psi_term = 0;
  bool unseen_in_reference = false;  // reference_count == 0 and current_count > 0
  bool vanished = false;             // reference_count > 0 and current_count == 0
};

struct CategoricalDrift {
  std::uint64_t reference_total = 0;
  std::uint64_t current_total = 0;
  double epsilon = 0;
  // Every key of either map, in key order (a key counted zero in both contributes 0 everywhere).
  std::vector<CategoryDrift> categories;
  double psi = 0;
  double js_distance = 0;               // base 2, in [0, 1]
  double total_variation = 0;           // ½ Σ |r_k − c_k|
  double l_infinity = 0;                // max |r_k − c_k|
  std::size_t unseen_in_reference = 0;  // categories with current mass and no reference mass
};

// Drift of a categorical column from the counts per category (missing values are a category only
// if the caller makes them one). A total of zero, a total that overflows or bad options are
// InvalidInput. Only `epsilon` of the options is used.
Result<CategoricalDrift> categorical_drift(
    const std::map<std::string, std::uint64_t>& reference_counts,
    const std::map<std::string, std::uint64_t>& current_counts, const DriftOptions& options);

// Policy thresholds, to be stored with their provenance beside the verdict.
struct DriftThresholds {
  // PSI < psi_moderate: none; [psi_moderate, psi_major): moderate; ≥ psi_major: major.
  double psi_moderate = 0.1;
  double psi_major = 0.25;
  double js = 0.1;  // JS distance (base 2) ≥ js: drift
  // Off unless set. KS p ≤ ks_p: drift (0.05 is the usual value); D ≥ ks_d: drift.
  std::optional<double> ks_p;
  std::optional<double> ks_d;
  // Who set psi_major when it is not the convention (e.g. "AI system AIS-1"), with the value.
  std::optional<std::pair<double, std::string>> psi_major_origin;
};

inline constexpr double kConventionalKsP = 0.05;

enum class DriftLevel { kNone, kModerate, kMajor };

struct DriftVerdict {
  DriftLevel level = DriftLevel::kNone;  // psi_level, raised to moderate by any other flag
  DriftLevel psi_level = DriftLevel::kNone;
  bool js_drift = false;
  std::optional<bool> ks_p_drift;  // set when the threshold is
  std::optional<bool> ks_d_drift;
};

// Thresholds that are NaN, negative, or with psi_moderate > psi_major, are InvalidInput.
Result<DriftVerdict> classify_drift(const NumericDrift& drift, const DriftThresholds& thresholds);
// The KS thresholds do not apply to categories and are ignored.
Result<DriftVerdict> classify_drift(const CategoricalDrift& drift,
                                    const DriftThresholds& thresholds);

std::string_view to_string(DriftLevel level);       // "none", "moderate", "major"
std::string_view to_string(KsPValueMethod method);  // "exact", "asymptotic"

// The Kolmogorov distribution's survival function Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}
// (scipy.stats.kstwobign.sf), in [0, 1]; 1 for λ ≤ 0.
double kolmogorov_survival(double lambda);

}  // namespace crosswalk::domain
