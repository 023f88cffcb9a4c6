// Fairness metrics checked against values the Fairlearn and AIF360 projects publish, and against
// small cases computed by hand (empty groups, zero denominators, weights, intersections).
#include "domain/fairness.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crosswalk::domain {
namespace {

struct Row {
  int label, prediction;
  std::vector<std::string> groups;
  double weight = 1;
};

FairnessTally tally_of(std::vector<std::string> attributes, const std::vector<Row>& rows) {
  FairnessTally t(std::move(attributes));
  for (const Row& r : rows) {
    std::vector<std::string_view> values(r.groups.begin(), r.groups.end());
    EXPECT_TRUE(t.add(values, r.prediction == 1, r.label == 1, r.weight).ok());
  }
  return t;
}

FairnessPolicy small_groups() {
  FairnessPolicy p;
  p.min_group_rows = 1;
  return p;
}

const Disparity& metric(const FairnessView& v, const std::string& name) {
  for (const Disparity& d : v.disparities)
    if (d.metric == name) return d;
  throw std::runtime_error("no metric " + name);
}

const GroupResult& group(const FairnessView& v, const std::string& label) {
  for (const GroupResult& g : v.groups)
    if (g.label == label) return g;
  throw std::runtime_error("no group " + label);
}

// Fairlearn's user guide, "Common fairness metrics" (docs/user_guide/assessment/
// common_fairness_metrics.rst): demographic_parity_difference 0.25, demographic_parity_ratio
// 0.666…, equalized_odds_difference 1.0, equalized_odds_ratio 0.0.
FairnessTally fairlearn_guide_example() {
  const int y_true[] = {0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  const int y_pred[] = {0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0};
  const char* sf[] = {"b", "b", "a", "b", "b", "c", "c", "c", "a",
                      "a", "c", "a", "b", "c", "c", "b", "c", "c"};
  std::vector<Row> rows;
  for (int i = 0; i < 18; ++i) rows.push_back({y_true[i], y_pred[i], {sf[i]}});
  return tally_of({"sf"}, rows);
}

TEST(Fairness, MatchesTheValuesOfFairlearnsUserGuide) {
  auto r = evaluate_fairness(fairlearn_guide_example(), small_groups());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->views.size(), 1u);
  const FairnessView& v = r->views[0];
  EXPECT_DOUBLE_EQ(*metric(v, "demographic_parity_difference").value, 0.25);
  EXPECT_DOUBLE_EQ(*metric(v, "demographic_parity_ratio").value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*metric(v, "equalized_odds_difference").value, 1.0);
  EXPECT_DOUBLE_EQ(*metric(v, "equalized_odds_ratio").value, 0.0);
  // The per-group counts behind them (by hand): a: TP1 FN1 FP2 TN0, b: TP3 FN2 FP0 TN1.
  const GroupResult& a = group(v, "sf=a");
  EXPECT_EQ(a.counts.tp, 1);
  EXPECT_EQ(a.counts.fn, 1);
  EXPECT_EQ(a.counts.fp, 2);
  EXPECT_EQ(a.counts.tn, 0);
  EXPECT_DOUBLE_EQ(*a.rates.selection.value(), 0.75);
  EXPECT_DOUBLE_EQ(*a.rates.fpr.value(), 1.0);
  EXPECT_DOUBLE_EQ(*group(v, "sf=b").rates.tpr.value(), 0.6);
  EXPECT_DOUBLE_EQ(*group(v, "sf=c").rates.precision.value(), 0.5);
  EXPECT_DOUBLE_EQ(*metric(v, "equal_opportunity_difference").value, 0.6 - 0.4);
  // 0.25 > 0.1 and 1.0 > 0.1: the default limits fail.
  EXPECT_EQ(r->verdict, Verdict::kFail);
  EXPECT_EQ(metric(v, "equalized_odds_difference").worst_group, "sf=b");
}

// AIF360 tests/test_classification_metric.py, test_multiclass_confusion_matrix: with labels 0
// and 1 favourable, feat 2 unprivileged and feats 0, 1 privileged, the confusion matrix is
// TP 7, FN 1, TN 2, FP 0 and false_negative_rate_difference (unprivileged − privileged) is −0.2.
TEST(Fairness, MatchesAif360sFalseNegativeRateDifference) {
  const int feat[] = {0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
  const int label[] = {1, 0, 0, 1, 0, 2, 1, 0, 2, 1};
  const int pred[] = {1, 0, 0, 0, 2, 2, 1, 0, 2, 1};
  std::vector<Row> rows;
  for (int i = 0; i < 10; ++i)
    rows.push_back({label[i] != 2, pred[i] != 2, {feat[i] == 2 ? "unprivileged" : "privileged"}});
  auto r = evaluate_fairness(tally_of({"group"}, rows), small_groups());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->overall.tp, 7);
  EXPECT_EQ(r->overall.fn, 1);
  EXPECT_EQ(r->overall.tn, 2);
  EXPECT_EQ(r->overall.fp, 0);
  const FairnessView& v = r->views[0];
  EXPECT_NEAR(*group(v, "group=unprivileged").rates.fnr.value() -
                  *group(v, "group=privileged").rates.fnr.value(),
              -0.2, 1e-15);
}

TEST(Fairness, AnUndefinedRateIsReportedWithItsReasonAndLeftOutNeverZero) {
  // Group y has no positive label: its TPR and FNR are undefined.
  std::vector<Row> rows = {{1, 1, {"x"}}, {1, 0, {"x"}}, {0, 0, {"x"}}, {0, 1, {"y"}},
                           {0, 0, {"y"}}, {1, 1, {"z"}}, {1, 1, {"z"}}, {0, 0, {"z"}}};
  auto r = evaluate_fairness(tally_of({"g"}, rows), small_groups());
  ASSERT_TRUE(r.ok());
  const FairnessView& v = r->views[0];
  const GroupResult& y = group(v, "g=y");
  EXPECT_FALSE(y.rates.tpr.value().has_value());
  EXPECT_EQ(y.rates.tpr.undefined_reason, "no_positives");
  EXPECT_EQ(y.rates.tpr.denominator, 0);
  // TPR x 0.5, z 1.0: equal opportunity over x and z only.
  const Disparity& eop = metric(v, "equal_opportunity_difference");
  EXPECT_DOUBLE_EQ(*eop.value, 0.5);
  ASSERT_EQ(eop.skipped.size(), 1u);
  EXPECT_EQ(eop.skipped[0], std::make_pair(std::string("g=y"), std::string("no_positives")));

  // Fairlearn's mode puts 0 in its place (sklearn's nan_to_num), so the difference becomes 1.
  FairnessPolicy compatible = small_groups();
  compatible.zero_for_undefined = true;
  auto f = evaluate_fairness(tally_of({"g"}, rows), compatible);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(*metric(f->views[0], "equal_opportunity_difference").value, 1.0);
  EXPECT_TRUE(group(f->views[0], "g=y").rates.tpr.zero_substituted);
}

TEST(Fairness, WeightsCountAsRowsWould) {
  // Weight 3 on a row equals three copies of it.
  std::vector<Row> weighted = {
      {1, 1, {"a"}, 3}, {0, 0, {"a"}, 1}, {1, 0, {"b"}, 2}, {0, 1, {"b"}, 0.5}};
  std::vector<Row> copied = {{1, 1, {"a"}}, {1, 1, {"a"}}, {1, 1, {"a"}},     {0, 0, {"a"}},
                             {1, 0, {"b"}}, {1, 0, {"b"}}, {0, 1, {"b"}, 0.5}};
  auto w = evaluate_fairness(tally_of({"g"}, weighted), small_groups());
  auto c = evaluate_fairness(tally_of({"g"}, copied), small_groups());
  ASSERT_TRUE(w.ok() && c.ok());
  // a: SR 3/4; b: SR 0.5/2.5 = 0.2.
  EXPECT_DOUBLE_EQ(*group(w->views[0], "g=a").rates.selection.value(), 0.75);
  EXPECT_DOUBLE_EQ(*group(w->views[0], "g=b").rates.selection.value(), 0.2);
  EXPECT_DOUBLE_EQ(*metric(w->views[0], "demographic_parity_difference").value,
                   *metric(c->views[0], "demographic_parity_difference").value);
  // Rows are counted unweighted, for the minimum group size.
  EXPECT_EQ(group(w->views[0], "g=a").counts.rows, 2u);
}

TEST(Fairness, TwoAttributesAreJudgedAloneAndIntersected) {
  std::vector<Row> rows;
  // sex × race, 4 cells; the cell (F, b) is empty.
  auto add = [&](const char* sex, const char* race, int n_selected, int n) {
    for (int i = 0; i < n; ++i) rows.push_back({1, i < n_selected ? 1 : 0, {sex, race}});
  };
  add("F", "a", 2, 4);  // SR 0.5
  add("M", "a", 3, 4);  // SR 0.75
  add("M", "b", 1, 4);  // SR 0.25
  auto r = evaluate_fairness(tally_of({"sex", "race"}, rows), small_groups());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->views.size(), 3u);
  EXPECT_EQ(r->views[2].attributes, (std::vector<std::string>{"sex", "race"}));
  EXPECT_EQ(r->views[2].groups.size(), 3u);  // only observed combinations
  EXPECT_DOUBLE_EQ(*metric(r->views[2], "demographic_parity_difference").value, 0.5);
  // Marginals: sex F 0.5, M 0.5; race a 5/8, b 1/4.
  EXPECT_DOUBLE_EQ(*metric(r->views[0], "demographic_parity_difference").value, 0.0);
  EXPECT_DOUBLE_EQ(*metric(r->views[1], "demographic_parity_difference").value, 0.625 - 0.25);
  EXPECT_EQ(group(r->views[2], "sex=M & race=b").counts.rows, 4u);
}

TEST(Fairness, DisparateImpactFollowsTheFourFifthsRuleOrANamedReference) {
  std::vector<Row> rows;
  auto add = [&](const char* g, int selected, int n) {
    for (int i = 0; i < n; ++i) rows.push_back({0, i < selected ? 1 : 0, {g}});
  };
  add("a", 50, 100);  // 0.50
  add("b", 39, 100);  // 0.39: 0.78 of a's rate, under four fifths
  add("c", 45, 100);  // 0.45: 0.9
  FairnessPolicy p;
  p.max_demographic_parity_difference.reset();
  p.max_equalized_odds_difference.reset();
  auto r = evaluate_fairness(tally_of({"g"}, rows), p);
  ASSERT_TRUE(r.ok());
  const Disparity& di = metric(r->views[0], "disparate_impact_ratio");
  EXPECT_DOUBLE_EQ(*di.value, 0.39 / 0.5);
  EXPECT_EQ(di.worst_group, "g=b");
  EXPECT_EQ(r->views[0].reference_group, "g=a");
  EXPECT_EQ(*di.verdict, Verdict::kFail);
  EXPECT_EQ(r->verdict, Verdict::kFail);
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_NE(r->findings[0].find("disparate_impact_ratio 0.78 < 0.8"), std::string::npos)
      << r->findings[0];

  // Against c, b's ratio is 0.39/0.45 = 0.8667 and a's is above 1: passes.
  p.reference = {{"g", "c"}};
  auto c = evaluate_fairness(tally_of({"g"}, rows), p);
  ASSERT_TRUE(c.ok());
  const Disparity& dic = metric(c->views[0], "disparate_impact_ratio");
  EXPECT_DOUBLE_EQ(*dic.value, 0.39 / 0.45);
  EXPECT_DOUBLE_EQ(*group(c->views[0], "g=a").disparate_impact->value(), 0.5 / 0.45);
  EXPECT_EQ(c->verdict, Verdict::kPass);

  // When the favourable outcome is the negative prediction, rates are complemented.
  p.reference.clear();
  p.favourable_is_positive = false;
  auto n = evaluate_fairness(tally_of({"g"}, rows), p);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->views[0].reference_group, "g=b");  // 0.61 favourable
  EXPECT_DOUBLE_EQ(*metric(n->views[0], "disparate_impact_ratio").value, 0.5 / 0.61);
}

TEST(Fairness, SmallGroupsAreReportedButDoNotDecide) {
  std::vector<Row> rows;
  for (int i = 0; i < 40; ++i) rows.push_back({(i / 2) % 2, i % 2, {"big1"}});
  for (int i = 0; i < 40; ++i) rows.push_back({(i / 2) % 2, i % 2, {"big2"}});
  for (int i = 0; i < 5; ++i) rows.push_back({1, 1, {"tiny"}});
  auto r = evaluate_fairness(tally_of({"g"}, rows), FairnessPolicy{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(group(r->views[0], "g=tiny").insufficient_sample);
  EXPECT_DOUBLE_EQ(*metric(r->views[0], "demographic_parity_difference").value, 0.0);
  EXPECT_EQ(r->verdict, Verdict::kPass);

  // With one group left, the disparity is undefined and the verdict inconclusive.
  std::vector<Row> lonely(rows.begin() + 40, rows.end());
  auto l = evaluate_fairness(tally_of({"g"}, lonely), FairnessPolicy{});
  ASSERT_TRUE(l.ok());
  EXPECT_FALSE(metric(l->views[0], "demographic_parity_difference").value);
  EXPECT_EQ(l->verdict, Verdict::kInconclusive);
}

TEST(Fairness, RefusesWhatCannotBeCompared) {
  auto empty = evaluate_fairness(FairnessTally({"g"}), small_groups());
  EXPECT_EQ(empty.status().message(), "the prediction log has no rows");
  auto single =
      evaluate_fairness(tally_of({"sex"}, {{1, 1, {"F"}}, {0, 0, {"F"}}}), small_groups());
  ASSERT_FALSE(single.ok());
  EXPECT_NE(single.status().message().find("column 'sex' has a single group ('F')"),
            std::string::npos);
  FairnessPolicy p = small_groups();
  p.reference = {{"sex", "X"}};
  auto unknown = evaluate_fairness(tally_of({"sex"}, {{1, 1, {"F"}}, {0, 0, {"M"}}}), p);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("does not occur"), std::string::npos);
}

}  // namespace
}  // namespace crosswalk::domain
