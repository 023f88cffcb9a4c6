#include "measure/report_json.h"

namespace crosswalk::measure {

using nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

ordered_json optional_number(const std::optional<double>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json counts_json(const d::Confusion& c) {
  return {{"rows", c.rows}, {"n", c.n()}, {"tp", c.tp}, {"fp", c.fp}, {"tn", c.tn}, {"fn", c.fn}};
}

ordered_json rates_json(const d::GroupRates& r) {
  return {{"selection_rate", rate_json(r.selection)},
          {"favourable_rate", rate_json(r.favourable)},
          {"base_rate", rate_json(r.base)},
          {"tpr", rate_json(r.tpr)},
          {"fpr", rate_json(r.fpr)},
          {"fnr", rate_json(r.fnr)},
          {"precision", rate_json(r.precision)}};
}

ordered_json disparity_json(const d::Disparity& x) {
  ordered_json j = {
      {"metric", x.metric}, {"method", x.method}, {"value", optional_number(x.value)}};
  if (!x.value) j["undefined_reason"] = x.undefined_reason;
  if (!x.worst_group.empty()) j["worst_group"] = x.worst_group;
  if (!x.best_group.empty()) j["best_group"] = x.best_group;
  ordered_json skipped = ordered_json::array();
  for (const auto& [group, reason] : x.skipped)
    skipped.push_back({{"group", group}, {"reason", reason}});
  j["skipped"] = skipped;
  if (x.limit) {
    j["limit"] = {{x.limit_is_max ? "max" : "min", *x.limit}};
    j["verdict"] = std::string(d::to_string(*x.verdict));
  }
  return j;
}

}  // namespace

ordered_json input_json(const InputFile& input) {
  return {
      {"file", input.path}, {"sha256", input.sha256}, {"bytes", input.bytes}, {"rows", input.rows}};
}

ordered_json rate_json(const d::Rate& rate) {
  ordered_json j = {{"value", optional_number(rate.value())},
                    {"numerator", rate.numerator},
                    {"denominator", rate.denominator}};
  if (!rate.undefined_reason.empty()) j["undefined_reason"] = rate.undefined_reason;
  if (rate.zero_substituted) j["zero_substituted"] = true;
  return j;
}

ordered_json fairness_json(const d::FairnessReport& report) {
  ordered_json views = ordered_json::array();
  for (const d::FairnessView& v : report.views) {
    ordered_json groups = ordered_json::array();
    for (const d::GroupResult& g : v.groups) {
      ordered_json gj = {{"group", g.label},
                         {"values", g.key},
                         {"counts", counts_json(g.counts)},
                         {"rates", rates_json(g.rates)},
                         {"insufficient_sample", g.insufficient_sample}};
      if (g.is_reference) gj["reference"] = true;
      if (g.disparate_impact) gj["disparate_impact"] = rate_json(*g.disparate_impact);
      groups.push_back(std::move(gj));
    }
    ordered_json disparities = ordered_json::array();
    for (const d::Disparity& x : v.disparities) disparities.push_back(disparity_json(x));
    views.push_back({{"attributes", v.attributes},
                     {"reference_group", v.reference_group},
                     {"verdict", std::string(d::to_string(v.verdict))},
                     {"groups", groups},
                     {"disparities", disparities}});
  }
  return {{"verdict", std::string(d::to_string(report.verdict))},
          {"findings", report.findings},
          {"overall",
           {{"counts", counts_json(report.overall)}, {"rates", rates_json(report.overall_rates)}}},
          {"views", views}};
}

ordered_json fairness_policy_json(const d::FairnessPolicy& p) {
  ordered_json limits = ordered_json::object();
  const d::FairnessPolicy conventions;
  // The convention's words while a limit has the convention's value; who set it otherwise.
  auto limit = [&](const char* name, const std::optional<double>& v,
                   const std::optional<double>& conventional, const char* convention) {
    if (!v) return;
    std::string source = conventional && *conventional == *v ? convention : "policy";
    auto origin = p.limit_origins.find(name);
    if (origin != p.limit_origins.end() && origin->second.first == *v)
      source = origin->second.second;
    limits[name] = {{"value", *v}, {"source", source}};
  };
  limit("max_demographic_parity_difference", p.max_demographic_parity_difference,
        conventions.max_demographic_parity_difference,
        "practitioner convention |difference| <= 0.1");
  limit("min_demographic_parity_ratio", p.min_demographic_parity_ratio, std::nullopt, "");
  limit("max_equalized_odds_difference", p.max_equalized_odds_difference,
        conventions.max_equalized_odds_difference, "practitioner convention |difference| <= 0.1");
  limit("min_equalized_odds_ratio", p.min_equalized_odds_ratio, std::nullopt, "");
  limit("max_equal_opportunity_difference", p.max_equal_opportunity_difference, std::nullopt, "");
  limit("min_disparate_impact_ratio", p.min_disparate_impact_ratio,
        conventions.min_disparate_impact_ratio,
        "US-EEOC four-fifths screen (29 CFR 1607.4(D)), a screen and not a fairness verdict");
  return {{"min_group_rows", p.min_group_rows},
          {"favourable_outcome", p.favourable_is_positive ? "positive" : "negative"},
          {"undefined_rates", p.zero_for_undefined ? "zero (fairlearn-compatible)" : "undefined"},
          {"reference", p.reference},
          {"limits", limits}};
}

ordered_json quality_json(const TableQuality& q) {
  ordered_json columns = ordered_json::array();
  for (const d::ColumnQuality& c : q.columns) {
    const double rows = static_cast<double>(c.rows());
    ordered_json j = {{"column", c.name()},
                      {"missing", c.missing()},
                      {"missing_rate", rows ? static_cast<double>(c.missing()) / rows : 0.0},
                      {"distinct", c.distinct()},
                      {"distinct_capped", c.distinct_capped()},
                      {"numeric", c.numeric()},
                      {"non_numeric", c.non_numeric()}};
    if (c.numeric())
      j["summary"] = {{"min", optional_number(c.min())},
                      {"max", optional_number(c.max())},
                      {"mean", optional_number(c.mean())},
                      {"stddev", optional_number(c.stddev())}};
    if (auto top = c.top_value()) j["top_value"] = {{"value", top->first}, {"share", top->second}};
    if (c.range()) {
      j["range"] = {{"min", c.range()->min}, {"max", c.range()->max}};
      j["out_of_range"] = c.out_of_range();
      if (c.out_of_range()) j["first_out_of_range_row"] = c.first_out_of_range_row();
      if (c.non_numeric()) j["first_non_numeric_row"] = c.first_non_numeric_row();
    }
    columns.push_back(std::move(j));
  }
  return {{"verdict", std::string(d::to_string(q.report.verdict))},
          {"findings", q.report.findings},
          {"rows", q.report.rows},
          {"duplicate_rows", q.report.duplicate_rows},
          {"empty_rows", q.report.empty_rows},
          {"columns", columns}};
}

ordered_json quality_policy_json(const d::QualityPolicy& p, const QualityOptions& o) {
  ordered_json ranges = ordered_json::object();
  for (const auto& [name, r] : o.ranges) ranges[name] = {{"min", r.min}, {"max", r.max}};
  ordered_json markers = d::default_missing_markers();
  for (const std::string& m : o.extra_missing_markers) markers.push_back(m);
  return {{"max_missing_rate", p.max_missing_rate},
          {"max_duplicate_rate", p.max_duplicate_rate},
          {"max_out_of_range", p.max_out_of_range},
          {"max_non_numeric_in_ranged", p.max_non_numeric_in_ranged},
          {"missing_markers", markers},
          {"duplicates_counted", o.duplicates},
          {"ranges", ranges}};
}

namespace {

ordered_json verdict_json(const d::DriftVerdict& v) {
  ordered_json j = {{"level", std::string(d::to_string(v.level))},
                    {"psi_level", std::string(d::to_string(v.psi_level))},
                    {"js_drift", v.js_drift}};
  if (v.ks_p_drift) j["ks_p_drift"] = *v.ks_p_drift;
  if (v.ks_d_drift) j["ks_d_drift"] = *v.ks_d_drift;
  return j;
}

}  // namespace

ordered_json drift_json(const DatasetDrift& x) {
  ordered_json columns = ordered_json::array();
  for (const ColumnDrift& c : x.columns) {
    ordered_json j = {{"column", c.column},
                      {"type", c.numeric ? "numeric" : "categorical"},
                      {"reference_missing", c.reference_missing},
                      {"current_missing", c.current_missing}};
    if (!c.skipped_reason.empty()) {
      j["type"] = nullptr;
      j["skipped_reason"] = c.skipped_reason;
    }
    if (c.numbers) {
      const d::NumericDrift& n = *c.numbers;
      j["reference_size"] = n.reference_size;
      j["current_size"] = n.current_size;
      j["psi"] = n.psi;
      j["js_distance_base2"] = n.js_distance;
      j["ks"] = {{"statistic", n.ks_statistic},
                 {"location", n.ks_location},
                 {"p_value", n.ks_p_value},
                 {"p_value_method", std::string(d::to_string(n.ks_p_value_method))}};
      j["bins"] = {{"requested", n.requested_bins},
                   {"interior_edges", n.edges},
                   {"reference_counts", n.reference_counts},
                   {"current_counts", n.current_counts},
                   {"psi_terms", n.psi_terms}};
    }
    if (c.categories) {
      const d::CategoricalDrift& k = *c.categories;
      j["reference_size"] = k.reference_total;
      j["current_size"] = k.current_total;
      j["psi"] = k.psi;
      j["js_distance_base2"] = k.js_distance;
      j["total_variation"] = k.total_variation;
      j["l_infinity"] = k.l_infinity;
      ordered_json cats = ordered_json::array();
      for (const d::CategoryDrift& cat : k.categories) {
        ordered_json cj = {{"category", cat.category},
                           {"reference_count", cat.reference_count},
                           {"current_count", cat.current_count},
                           {"psi_term", cat.psi_term}};
        if (cat.unseen_in_reference) cj["unseen_in_reference"] = true;
        if (cat.vanished) cj["vanished"] = true;
        cats.push_back(std::move(cj));
      }
      j["categories"] = cats;
    }
    if (c.verdict) j["drift"] = verdict_json(*c.verdict);
    columns.push_back(std::move(j));
  }
  return {{"verdict", std::string(d::to_string(x.verdict))},
          {"findings", x.findings},
          {"drifted_share", x.drifted_share},
          {"only_in_reference", x.only_in_reference},
          {"only_in_current", x.only_in_current},
          {"columns", columns}};
}

ordered_json drift_parameters_json(const DriftSpec& spec, const d::DriftOptions& options,
                                   const d::DriftThresholds& t) {
  ordered_json thresholds = {
      {"psi_moderate", t.psi_moderate},
      {"psi_major", t.psi_major},
      {"psi_source", t.psi_major_origin && t.psi_major_origin->first == t.psi_major
                         ? t.psi_major_origin->second
                     : t.psi_moderate == 0.1 && t.psi_major == 0.25
                         ? "practitioner convention (Lewis 1994, Siddiqi 2006): 0.1 and 0.25"
                         : "policy"},
      {"js_distance_base2", t.js}};
  if (t.ks_p) thresholds["ks_p_value"] = *t.ks_p;
  if (t.ks_d) thresholds["ks_statistic"] = *t.ks_d;
  ordered_json markers = d::default_missing_markers();
  for (const std::string& m : spec.extra_missing_markers) markers.push_back(m);
  return {{"bins", options.bins},
          {"binning", "reference quantiles (linear interpolation), right-closed, open outer bins"},
          {"epsilon", options.epsilon},
          {"ks_exact_max_product", options.ks_exact_max_product},
          {"categorical", spec.categorical},
          {"missing_markers", markers},
          {"drift_share", spec.drift_share},
          {"thresholds", thresholds}};
}

}  // namespace crosswalk::measure
