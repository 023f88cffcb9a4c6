#include "domain/fairness.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "common/short_equal.h"

namespace crosswalk::domain {

Confusion& Confusion::operator+=(const Confusion& o) {
  tp += o.tp;
  fp += o.fp;
  tn += o.tn;
  fn += o.fn;
  rows += o.rows;
  return *this;
}

std::optional<double> Rate::value() const {
  if (zero_substituted) return 0.0;
  if (denominator == 0) return std::nullopt;
  return numerator / denominator;
}

namespace {

Rate make_rate(double numerator, double denominator, std::string_view reason_if_undefined,
               bool zero_for_undefined) {
  Rate r{numerator, denominator, "", false};
  if (denominator == 0) {
    r.undefined_reason = reason_if_undefined;
    r.zero_substituted = zero_for_undefined;
  }
  return r;
}

}  // namespace

GroupRates rates_of(const Confusion& c, bool favourable_is_positive, bool zero_for_undefined) {
  const bool z = zero_for_undefined;
  GroupRates r;
  r.selection = make_rate(c.tp + c.fp, c.n(), "empty_group", z);
  r.favourable =
      make_rate(favourable_is_positive ? c.tp + c.fp : c.tn + c.fn, c.n(), "empty_group", z);
  r.base = make_rate(c.tp + c.fn, c.n(), "empty_group", z);
  r.tpr = make_rate(c.tp, c.tp + c.fn, "no_positives", z);
  r.fnr = make_rate(c.fn, c.tp + c.fn, "no_positives", z);
  r.fpr = make_rate(c.fp, c.fp + c.tn, "no_negatives", z);
  r.precision = make_rate(c.tp, c.tp + c.fp, "no_predicted_positives", z);
  return r;
}

FairnessTally::FairnessTally(std::vector<std::string> attributes)
    : attributes_(std::move(attributes)),
      values_(attributes_.size()),
      index_(attributes_.size()),
      last_value_(attributes_.size(), 0),
      scanned_(attributes_.size()) {}

Status FairnessTally::add(std::span<const std::string_view> values, bool predicted, bool actual,
                          double weight) {
  std::uint64_t key = 0;
  for (std::size_t a = 0; a < values.size(); ++a) {
    const auto& seen = values_[a];
    const std::string_view value = values[a];
    std::uint32_t v = kNotFound;
    // Logs hold few groups: found by their keys (short values) or the last one and a scan,
    // most cells without hashing.
    if (value.size() <= 8 && seen.size() <= kScanLimit) {
      if (std::size_t i = scanned_[a].find(value); i != ShortValues::kNotFound)
        v = static_cast<std::uint32_t>(i);
    } else if (last_value_[a] < seen.size() && short_equal(seen[last_value_[a]], value)) {
      v = last_value_[a];
    } else if (seen.size() <= kScanLimit) {
      for (std::uint32_t i = 0; i < seen.size(); ++i)
        if (short_equal(seen[i], value)) v = i;
    } else if (auto it = index_[a].find(value); it != index_[a].end()) {
      v = it->second;
    }
    if (v == kNotFound) {
      if (seen.size() >= kMaxValuesPerAttribute)
        return Status::InvalidInput("column '" + attributes_[a] + "' has more than " +
                                    std::to_string(kMaxValuesPerAttribute) +
                                    " distinct values: is it really a sensitive attribute?");
      v = static_cast<std::uint32_t>(seen.size());
      values_[a].emplace_back(value);
      index_[a].emplace(values_[a].back(), v);
      if (values_[a].size() <= kScanLimit) scanned_[a].push_back(value);
    }
    last_value_[a] = v;
    key |= std::uint64_t{v} << (16 * a);
  }
  const std::size_t slot = (key * 0x9E3779B97F4A7C15ULL) >> 56;
  if (cached_key_[slot] != key + 1) {
    auto [it, inserted] = cell_of_key_.try_emplace(key, static_cast<std::uint32_t>(counts_.size()));
    if (inserted) {
      counts_.emplace_back();
      keys_.push_back(key);
    }
    cached_key_[slot] = key + 1;
    cached_cell_[slot] = it->second;
  }
  counts_[cached_cell_[slot]].add(predicted, actual, weight);
  ++rows_;
  return Status::Ok();
}

std::vector<FairnessTally::Cell> FairnessTally::cells() const {
  std::vector<Cell> out;
  out.reserve(counts_.size());
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    Cell c;
    for (std::size_t a = 0; a < attributes_.size(); ++a)
      c.value_index.push_back(static_cast<std::uint32_t>((keys_[i] >> (16 * a)) & 0xFFFF));
    c.counts = counts_[i];
    out.push_back(std::move(c));
  }
  return out;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "";
}

namespace {

Verdict worse(Verdict a, Verdict b) {
  auto rank = [](Verdict v) {
    return v == Verdict::kFail ? 2 : v == Verdict::kInconclusive ? 1 : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

std::string label_of(const std::vector<std::string>& attributes,
                     const std::vector<std::string>& key) {
  std::string s;
  for (std::size_t i = 0; i < key.size(); ++i) s += (i ? " & " : "") + attributes[i] + "=" + key[i];
  return s;
}

using RateOf = std::function<const Rate&(const GroupRates&)>;

struct Extremes {
  const GroupResult* low = nullptr;
  const GroupResult* high = nullptr;
  double low_value = 0, high_value = 0;
  std::vector<std::pair<std::string, std::string>> skipped;
  int eligible = 0;
};

Extremes extremes(const std::vector<GroupResult>& groups, const RateOf& rate) {
  Extremes e;
  for (const GroupResult& g : groups) {
    if (g.insufficient_sample) {
      e.skipped.emplace_back(g.label, "insufficient_sample");
      continue;
    }
    const Rate& r = rate(g.rates);
    auto v = r.value();
    if (!v) {
      e.skipped.emplace_back(g.label, r.undefined_reason);
      continue;
    }
    ++e.eligible;
    if (!e.low || *v < e.low_value) e.low = &g, e.low_value = *v;
    if (!e.high || *v > e.high_value) e.high = &g, e.high_value = *v;
  }
  return e;
}

constexpr std::string_view kTooFewGroups =
    "fewer than two groups with enough rows and a defined rate";

Disparity difference(std::string metric, const std::vector<GroupResult>& groups,
                     const RateOf& rate) {
  Disparity d;
  d.metric = std::move(metric);
  d.method = "max - min over groups (fairlearn between_groups)";
  Extremes e = extremes(groups, rate);
  d.skipped = std::move(e.skipped);
  if (e.eligible < 2) {
    d.undefined_reason = kTooFewGroups;
    return d;
  }
  d.value = e.high_value - e.low_value;
  d.worst_group = e.low->label;
  d.best_group = e.high->label;
  return d;
}

Disparity ratio(std::string metric, const std::vector<GroupResult>& groups, const RateOf& rate) {
  Disparity d;
  d.metric = std::move(metric);
  d.method = "min / max over groups (fairlearn between_groups)";
  Extremes e = extremes(groups, rate);
  d.skipped = std::move(e.skipped);
  if (e.eligible < 2) {
    d.undefined_reason = kTooFewGroups;
    return d;
  }
  d.worst_group = e.low->label;
  d.best_group = e.high->label;
  if (e.high_value == 0) {
    d.undefined_reason = "the highest group rate is 0";
    return d;
  }
  d.value = e.low_value / e.high_value;
  return d;
}

// Worst case of two disparities of the same kind (fairlearn's agg="worst_case").
Disparity worst_of(std::string metric, Disparity a, Disparity b, bool larger_is_worse) {
  Disparity d;
  d.metric = std::move(metric);
  d.method = std::string(larger_is_worse ? "max" : "min") + " of the TPR and FPR " +
             (larger_is_worse ? "differences" : "ratios") + " (fairlearn agg=worst_case)";
  for (const auto* part : {&a, &b})
    for (const auto& s : part->skipped)
      if (std::find(d.skipped.begin(), d.skipped.end(), s) == d.skipped.end())
        d.skipped.push_back(s);
  if (!a.value || !b.value) {
    d.undefined_reason = (!a.value ? "TPR: " + a.undefined_reason : "FPR: " + b.undefined_reason);
    return d;
  }
  const Disparity& w = (larger_is_worse ? *a.value >= *b.value : *a.value <= *b.value) ? a : b;
  d.value = w.value;
  d.worst_group = w.worst_group;
  d.best_group = w.best_group;
  return d;
}

void judge(Disparity& d, std::optional<double> limit, bool is_max) {
  if (!limit) return;
  d.limit = limit;
  d.limit_is_max = is_max;
  if (!d.value)
    d.verdict = Verdict::kInconclusive;
  else
    d.verdict =
        (is_max ? *d.value <= *limit : *d.value >= *limit) ? Verdict::kPass : Verdict::kFail;
}

// Disparate impact: every eligible group's favourable rate over the reference group's; the
// value is the lowest of those ratios.
Disparity disparate_impact(FairnessView& view, const std::optional<std::vector<std::string>>& ref,
                           bool zero_for_undefined) {
  Disparity d;
  d.metric = "disparate_impact_ratio";
  d.method = ref ? "min over groups of favourable rate / the reference group's"
                 : "min over groups of favourable rate / the highest group's (four-fifths rule)";
  GroupResult* reference = nullptr;
  for (GroupResult& g : view.groups) {
    if (ref) {
      if (g.key == *ref) reference = &g;
      continue;
    }
    if (g.insufficient_sample || !g.rates.favourable.value()) continue;
    if (!reference || *g.rates.favourable.value() > *reference->rates.favourable.value())
      reference = &g;
  }
  if (!reference) {
    d.undefined_reason =
        ref ? "the reference group " + label_of(view.attributes, *ref) + " has no rows"
            : std::string(kTooFewGroups);
    return d;
  }
  reference->is_reference = true;
  view.reference_group = reference->label;
  d.best_group = reference->label;
  if (reference->insufficient_sample) {
    d.undefined_reason = "the reference group " + reference->label + " has too few rows";
    return d;
  }
  auto ref_rate = reference->rates.favourable.value();
  if (!ref_rate || *ref_rate == 0) {
    d.undefined_reason = "the reference group " + reference->label + " has no favourable outcome";
    return d;
  }
  int compared = 0;
  for (GroupResult& g : view.groups) {
    if (&g == reference) continue;
    Rate r = make_rate(g.rates.favourable.numerator * reference->rates.favourable.denominator,
                       g.rates.favourable.denominator * reference->rates.favourable.numerator,
                       g.rates.favourable.undefined_reason, zero_for_undefined);
    g.disparate_impact = r;
    if (g.insufficient_sample) {
      d.skipped.emplace_back(g.label, "insufficient_sample");
      continue;
    }
    auto v = r.value();
    if (!v) {
      d.skipped.emplace_back(g.label, r.undefined_reason);
      continue;
    }
    ++compared;
    if (!d.value || *v < *d.value) d.value = *v, d.worst_group = g.label;
  }
  if (compared == 0) d.undefined_reason = kTooFewGroups;
  return d;
}

FairnessView view_of(const std::vector<std::string>& attributes,
                     const std::map<std::vector<std::string>, Confusion>& cells,
                     const FairnessPolicy& policy) {
  FairnessView view;
  view.attributes = attributes;
  for (const auto& [key, counts] : cells) {
    GroupResult g;
    g.key = key;
    g.label = label_of(attributes, key);
    g.counts = counts;
    g.rates = rates_of(counts, policy.favourable_is_positive, policy.zero_for_undefined);
    g.insufficient_sample = counts.rows < policy.min_group_rows;
    view.groups.push_back(std::move(g));
  }
  const auto& groups = view.groups;
  auto sr = [](const GroupRates& r) -> const Rate& { return r.selection; };
  auto tpr = [](const GroupRates& r) -> const Rate& { return r.tpr; };
  auto fpr = [](const GroupRates& r) -> const Rate& { return r.fpr; };

  Disparity dpd = difference("demographic_parity_difference", groups, sr);
  judge(dpd, policy.max_demographic_parity_difference, true);
  Disparity dpr = ratio("demographic_parity_ratio", groups, sr);
  judge(dpr, policy.min_demographic_parity_ratio, false);
  Disparity eod = worst_of("equalized_odds_difference", difference("tpr", groups, tpr),
                           difference("fpr", groups, fpr), true);
  judge(eod, policy.max_equalized_odds_difference, true);
  Disparity eor =
      worst_of("equalized_odds_ratio", ratio("tpr", groups, tpr), ratio("fpr", groups, fpr), false);
  judge(eor, policy.min_equalized_odds_ratio, false);
  Disparity eop = difference("equal_opportunity_difference", groups, tpr);
  judge(eop, policy.max_equal_opportunity_difference, true);

  std::optional<std::vector<std::string>> ref;
  std::vector<std::string> wanted;
  for (const std::string& a : attributes)
    if (auto it = policy.reference.find(a); it != policy.reference.end())
      wanted.push_back(it->second);
  if (wanted.size() == attributes.size()) ref = wanted;
  Disparity di = disparate_impact(view, ref, policy.zero_for_undefined);
  judge(di, policy.min_disparate_impact_ratio, false);

  view.disparities = {dpd, dpr, eod, eor, eop, di};
  for (const Disparity& d : view.disparities)
    if (d.verdict) view.verdict = worse(view.verdict, *d.verdict);
  return view;
}

std::string format_value(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

Result<FairnessReport> evaluate_fairness(const FairnessTally& tally, const FairnessPolicy& policy) {
  if (tally.rows() == 0) return Status::InvalidInput("the prediction log has no rows");
  const auto& attributes = tally.attributes();
  if (attributes.empty()) return Status::InvalidInput("no sensitive attribute was named");
  for (std::size_t a = 0; a < attributes.size(); ++a) {
    if (tally.values(a).size() < 2)
      return Status::InvalidInput("column '" + attributes[a] + "' has a single group ('" +
                                  tally.values(a).front() +
                                  "'): fairness compares at least two groups");
    if (auto it = policy.reference.find(attributes[a]); it != policy.reference.end()) {
      const auto& vs = tally.values(a);
      if (std::find(vs.begin(), vs.end(), it->second) == vs.end())
        return Status::InvalidInput("reference group " + attributes[a] + "=" + it->second +
                                    " does not occur in column '" + attributes[a] + "'");
    }
  }
  for (const auto& [name, value] : policy.reference)
    if (std::find(attributes.begin(), attributes.end(), name) == attributes.end())
      return Status::InvalidInput("reference group " + name + "=" + value + ": '" + name +
                                  "' is not one of the sensitive attributes");

  FairnessReport report;
  const auto cells = tally.cells();
  std::vector<std::map<std::vector<std::string>, Confusion>> per_attribute(attributes.size());
  std::map<std::vector<std::string>, Confusion> intersection;
  for (const auto& cell : cells) {
    report.overall += cell.counts;
    std::vector<std::string> key;
    for (std::size_t a = 0; a < attributes.size(); ++a) {
      const std::string& v = tally.values(a)[cell.value_index[a]];
      per_attribute[a][{v}] += cell.counts;
      key.push_back(v);
    }
    intersection[key] += cell.counts;
  }
  report.overall_rates =
      rates_of(report.overall, policy.favourable_is_positive, policy.zero_for_undefined);
  for (std::size_t a = 0; a < attributes.size(); ++a)
    report.views.push_back(view_of({attributes[a]}, per_attribute[a], policy));
  if (attributes.size() > 1) report.views.push_back(view_of(attributes, intersection, policy));

  for (const FairnessView& view : report.views) {
    report.verdict = worse(report.verdict, view.verdict);
    std::string where;
    for (std::size_t i = 0; i < view.attributes.size(); ++i)
      where += (i ? " × " : "") + view.attributes[i];
    for (const Disparity& d : view.disparities) {
      if (!d.verdict || *d.verdict == Verdict::kPass) continue;
      std::string line = where + ": " + d.metric + " ";
      if (d.value)
        line += format_value(*d.value) + (d.limit_is_max ? " > " : " < ") + format_value(*d.limit) +
                " (" + d.worst_group + " vs " + d.best_group + ")";
      else
        line += "undefined: " + d.undefined_reason;
      report.findings.push_back(std::move(line));
    }
  }
  return report;
}

}  // namespace crosswalk::domain
