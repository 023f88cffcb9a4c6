// Group fairness of a binary classifier's predictions, as fairlearn and AIF360 define it
// (docs/measurements.md). Every rate keeps its numerator and denominator; a rate whose
// denominator is 0 is undefined with a reason, never 0 (unless fairlearn's substitution is asked
// for, to cross-check with it).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/short_equal.h"
#include "common/status.h"

namespace crosswalk::domain {

// Weighted confusion counts (weight 1 per row when the log has no weight column).
struct Confusion {
  double tp = 0, fp = 0, tn = 0, fn = 0;
  std::uint64_t rows = 0;

  double n() const { return tp + fp + tn + fn; }
  void add(bool predicted, bool actual, double weight) {
    ++rows;
    if (predicted)
      (actual ? tp : fp) += weight;
    else
      (actual ? fn : tn) += weight;
  }
  Confusion& operator+=(const Confusion& o);
};

struct Rate {
  double numerator = 0, denominator = 0;
  std::string undefined_reason;   // set when the denominator is 0
  bool zero_substituted = false;  // fairlearn-compatible mode put 0 in place of an undefined rate

  std::optional<double> value() const;
};

// The rates of one group. The favourable rate is the selection rate when the positive
// prediction is the favourable outcome, otherwise its complement.
struct GroupRates {
  Rate selection, favourable, base, tpr, fpr, fnr, precision;
};
GroupRates rates_of(const Confusion& c, bool favourable_is_positive, bool zero_for_undefined);

// Counts of every observed combination of the sensitive attributes' values; constant memory
// in the number of rows.
class FairnessTally {
 public:
  static constexpr std::size_t kMaxAttributes = 4;
  static constexpr std::uint32_t kMaxValuesPerAttribute = 65535;

  explicit FairnessTally(std::vector<std::string> attributes);

  // `values` holds one value per attribute, in order. InvalidInput when an attribute has more
  // than kMaxValuesPerAttribute distinct values.
  Status add(std::span<const std::string_view> values, bool predicted, bool actual, double weight);

  const std::vector<std::string>& attributes() const { return attributes_; }
  // The values seen of attribute `a`, in order of first appearance.
  const std::vector<std::string>& values(std::size_t a) const { return values_[a]; }
  // Every observed cell: per attribute the index of its value, and its counts.
  struct Cell {
    std::vector<std::uint32_t> value_index;
    Confusion counts;
  };
  std::vector<Cell> cells() const;
  std::uint64_t rows() const { return rows_; }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> attributes_;
  std::vector<std::vector<std::string>> values_;
  static constexpr std::uint32_t kNotFound = ~std::uint32_t{0};
  static constexpr std::size_t kScanLimit = 8;
  std::vector<std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>> index_;
  std::vector<std::uint32_t> last_value_;  // per attribute, the index of the last value seen
  std::vector<ShortValues> scanned_;       // per attribute, its values while few
  std::unordered_map<std::uint64_t, std::uint32_t> cell_of_key_;
  // A direct-mapped cache in front of cell_of_key_ (whose lookup divides by a prime): the few
  // cells of a log are found here. Slots hold key + 1, so that 0 is free.
  static constexpr std::size_t kCacheSlots = 256;
  std::array<std::uint64_t, kCacheSlots> cached_key_{};
  std::array<std::uint32_t, kCacheSlots> cached_cell_{};
  std::vector<std::uint64_t> keys_;
  std::vector<Confusion> counts_;
  std::uint64_t rows_ = 0;
};

enum class Verdict { kPass, kFail, kInconclusive };
std::string_view to_string(Verdict v);

struct FairnessPolicy {
  // Groups with fewer rows are reported but left out of every disparity (`insufficient_sample`).
  std::uint64_t min_group_rows = 30;
  bool favourable_is_positive = true;
  bool zero_for_undefined = false;  // fairlearn's substitution of 0 for undefined rates
  // The reference of the disparate impact ratio, attribute → value; for an attribute without
  // one, the eligible group with the highest favourable rate (the four-fifths rule's reading).
  std::map<std::string, std::string> reference;
  // Limits; an unset one is reported without a verdict.
  std::optional<double> max_demographic_parity_difference = 0.1;
  std::optional<double> min_demographic_parity_ratio;
  std::optional<double> max_equalized_odds_difference = 0.1;
  std::optional<double> min_equalized_odds_ratio;
  std::optional<double> max_equal_opportunity_difference;
  std::optional<double> min_disparate_impact_ratio = 0.8;
  // Who set a limit (e.g. "AI system AIS-1"), by limit name, with the value they set: reports
  // name that source while the limit still has that value.
  std::map<std::string, std::pair<double, std::string>> limit_origins;
};

struct GroupResult {
  std::vector<std::string> key;  // one value per attribute of the view
  std::string label;             // "sex=F" or "sex=F & race=b"
  Confusion counts;
  GroupRates rates;
  bool insufficient_sample = false;
  bool is_reference = false;
  std::optional<Rate> disparate_impact;  // favourable rate / the reference's
};

struct Disparity {
  std::string metric;  // demographic_parity_difference, …, disparate_impact_ratio
  std::string method;  // how groups are combined, e.g. "max - min over groups"
  std::optional<double> value;
  std::string undefined_reason;
  std::string worst_group, best_group;  // the groups that set the value (labels)
  // Groups left out, with why: insufficient_sample, no_positives, no_negatives, ….
  std::vector<std::pair<std::string, std::string>> skipped;
  std::optional<double> limit;
  bool limit_is_max = true;
  std::optional<Verdict> verdict;  // unset when there is no limit
};

struct FairnessView {
  std::vector<std::string> attributes;
  std::vector<GroupResult> groups;
  std::string reference_group;  // label; "" when none could be chosen
  std::vector<Disparity> disparities;
  Verdict verdict = Verdict::kPass;
};

struct FairnessReport {
  Confusion overall;
  GroupRates overall_rates;
  // One view per sensitive attribute, then their intersection when there are several.
  std::vector<FairnessView> views;
  Verdict verdict = Verdict::kPass;
  std::vector<std::string> findings;  // one line per failed or inconclusive limit
};

// InvalidInput when there are no rows or an attribute has a single value.
Result<FairnessReport> evaluate_fairness(const FairnessTally& tally, const FairnessPolicy& policy);

}  // namespace crosswalk::domain
