// Risk scoring, matrices and the rules of register entries (risks, impact assessments,
// life-cycle events, suppliers).
#include "domain/risk.h"

#include <gtest/gtest.h>

#include "domain/register_rules.h"

namespace crosswalk::domain {
namespace {

const Timestamp kNow = *parse_datetime("2026-12-03T12:00:00Z");

FieldValues normalized(const std::string& kind, const FieldValues& in) {
  auto r = normalize_fields(*find_register_kind(kind), in);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : FieldValues{};
}

FieldValues security_risk() {
  return normalized("risk", {{"title", {"Laptop theft"}},
                             {"category", {"Security"}},
                             {"threat", {"theft"}},
                             {"cia", {"confidentiality"}},
                             {"inherent_likelihood", {"4"}},
                             {"inherent_impact", {"4"}},
                             {"owner", {"ciso"}}});
}

std::string problem(const FieldValues& risk, const RiskMatrix& m = default_risk_matrix()) {
  return check_risk(m, risk, kNow).message();
}

RiskMatrix three_by_three() {
  auto m =
      risk_matrix_from("M3", normalized("risk_matrix", {{"name", {"3x3"}},
                                                        {"likelihood", {"Low", "Mid", "High"}},
                                                        {"impact", {"Low", "Mid", "High"}},
                                                        {"bands", {"Green:2", "Amber:4", "Red:9"}},
                                                        {"acceptance_threshold", {"4"}}}));
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.value();
}

TEST(RiskMatrix, TheDefaultIsFiveByFiveWithFourLevels) {
  RiskMatrix m = default_risk_matrix();
  EXPECT_EQ(m.max_score(), 25);
  EXPECT_EQ(m.band_of(4).name, "Low");
  EXPECT_EQ(m.band_of(5).name, "Medium");
  EXPECT_EQ(m.band_of(16).name, "High");
  EXPECT_EQ(m.band_of(25).name, "Critical");
}

TEST(RiskMatrix, BandsMustRiseAndReachTheTopScore) {
  auto with_bands = [](std::vector<std::string> bands, std::string threshold = "2") {
    return risk_matrix_from("M",
                            normalized("risk_matrix", {{"name", {"m"}},
                                                       {"likelihood", {"a", "b", "c"}},
                                                       {"impact", {"a", "b", "c"}},
                                                       {"bands", bands},
                                                       {"acceptance_threshold", {threshold}}}));
  };
  EXPECT_TRUE(with_bands({"Low:3", "High:9"}).ok());
  EXPECT_EQ(with_bands({"Low:3", "High:8"}).status().message(),
            "field bands: the last level ends at 8 but scores reach 9");
  EXPECT_EQ(with_bands({"Low:5", "High:5", "Top:9"}).status().message(),
            "field bands: \"High:5\": scores must rise from one level to the next");
  EXPECT_EQ(with_bands({"Low:3", "Low:9"}).status().message(),
            "field bands: level Low appears twice");
  EXPECT_EQ(with_bands({"Low", "High:9"}).status().message(),
            "field bands: \"Low\" is not NAME:HIGHEST_SCORE");
  EXPECT_EQ(with_bands({"Low:3", "High:9"}, "10").status().message(),
            "field acceptance_threshold: 10 is above the highest score 9");
  auto one_level =
      risk_matrix_from("M", normalized("risk_matrix", {{"name", {"m"}},
                                                       {"likelihood", {"only"}},
                                                       {"impact", {"a", "b"}},
                                                       {"bands", {"All:2"}},
                                                       {"acceptance_threshold", {"1"}}}));
  EXPECT_EQ(one_level.status().message(),
            "field likelihood: a matrix has 2 to 10 levels per axis, got 1");
}

TEST(RiskRules, ScoresAndLevelsFollowTheMatrix) {
  FieldValues r = security_risk();
  EXPECT_EQ(problem(r), "");
  RiskEvaluation e = evaluate_risk(default_risk_matrix(), r, kNow);
  EXPECT_EQ(e.inherent.score, 16);
  EXPECT_EQ(e.inherent.level, "High");
  EXPECT_FALSE(e.residual);
  EXPECT_FALSE(e.within_appetite);
  EXPECT_EQ(e.status, "untreated");

  // On a 3×3 matrix a level of 4 does not exist.
  EXPECT_EQ(problem(r, three_by_three()),
            "field inherent_likelihood: 4 is above the matrix's 3 levels (3x3)");
  r["inherent_likelihood"] = {"3"};
  r["inherent_impact"] = {"2"};
  RiskEvaluation e3 = evaluate_risk(three_by_three(), r, kNow);
  EXPECT_EQ(e3.inherent.score, 6);
  EXPECT_EQ(e3.inherent.level, "Red");
}

TEST(RiskRules, TreatmentsRequireWhatMakesThemReal) {
  FieldValues r = security_risk();
  r["treatment"] = {"modify"};
  EXPECT_EQ(problem(r), "field controls: a risk modified by controls names them");
  r["controls"] = {"AC-1"};
  EXPECT_EQ(problem(r), "");
  EXPECT_EQ(evaluate_risk(default_risk_matrix(), r, kNow).status, "in-treatment");

  r["residual_likelihood"] = {"2"};
  EXPECT_EQ(problem(r),
            "field residual_impact: residual likelihood and impact are assessed together");
  r["residual_likelihood"] = {"5"};
  r["residual_impact"] = {"4"};
  EXPECT_EQ(problem(r),
            "field residual_impact: the residual score 20 is above the inherent score 16");
  r["residual_likelihood"] = {"2"};
  r["residual_impact"] = {"2"};
  EXPECT_EQ(problem(r), "");
  RiskEvaluation e = evaluate_risk(default_risk_matrix(), r, kNow);
  EXPECT_EQ(e.current().score, 4);
  EXPECT_EQ(e.current().level, "Low");
  EXPECT_TRUE(e.within_appetite);
  EXPECT_EQ(e.status, "awaiting-acceptance");

  FieldValues shared = security_risk();
  shared["treatment"] = {"share"};
  EXPECT_EQ(problem(shared),
            "field suppliers: a shared risk names who shares it (suppliers or treatment plan)");
  shared["treatment_plan"] = {"cyber insurance policy 2026"};
  EXPECT_EQ(problem(shared), "");

  FieldValues avoided = security_risk();
  avoided["treatment"] = {"avoid"};
  EXPECT_EQ(problem(avoided),
            "field treatment_plan: an avoided risk says how the activity is stopped");

  FieldValues rated = security_risk();
  rated["residual_likelihood"] = {"1"};
  rated["residual_impact"] = {"1"};
  EXPECT_EQ(problem(rated), "field treatment: a residual rating follows a treatment; choose one");
}

TEST(RiskRules, AcceptanceNeedsANamedPersonADateAndAboveTheThresholdARationale) {
  FieldValues r = security_risk();
  r["treatment"] = {"retain"};
  r["accepted_by"] = {"Dana (CEO)"};
  EXPECT_EQ(problem(r), "field accepted_on: an acceptance names the person and the date");
  r["accepted_on"] = {"2026-12-04"};
  EXPECT_EQ(problem(r), "field accepted_on: 2026-12-04 is in the future");
  r["accepted_on"] = {"2026-12-03"};
  EXPECT_EQ(problem(r),
            "field acceptance_note: accepting a score of 16 above the threshold 9 needs a written "
            "rationale");
  r["acceptance_note"] = {"Replacing the fleet in Q1; until then full-disk encryption."};
  EXPECT_EQ(problem(r), "");
  EXPECT_EQ(evaluate_risk(default_risk_matrix(), r, kNow).status, "accepted");

  // Modifying: the residual risk is what gets accepted, so it must be assessed first.
  FieldValues m = security_risk();
  m["treatment"] = {"modify"};
  m["controls"] = {"AC-1"};
  m["accepted_by"] = {"Dana"};
  m["accepted_on"] = {"2026-12-01"};
  EXPECT_EQ(problem(m), "field accepted_on: assess the residual risk before accepting it");
  m["residual_likelihood"] = {"1"};
  m["residual_impact"] = {"3"};
  EXPECT_EQ(problem(m), "");
}

TEST(RiskRules, ChangingAnAcceptedRisksRatingOrTreatmentVoidsTheAcceptance) {
  const RegisterKind& kind = *find_register_kind("risk");
  FieldValues accepted = security_risk();
  accepted["treatment"] = {"retain"};
  accepted["accepted_by"] = {"Dana"};
  accepted["accepted_on"] = {"2026-12-01"};
  accepted["acceptance_note"] = {"insured"};
  FieldValues rerated = accepted;
  rerated["inherent_impact"] = {"5"};
  EXPECT_TRUE(change_voids_sign_off(kind, accepted, rerated));
  FieldValues reworded = accepted;
  reworded["description"] = {"laptops of the sales team"};
  reworded["review_date"] = {"2027-06-01"};
  EXPECT_FALSE(change_voids_sign_off(kind, accepted, reworded));
  FieldValues reaccepted = rerated;
  reaccepted["accepted_on"] = {"2026-12-03"};
  EXPECT_FALSE(change_voids_sign_off(kind, accepted, reaccepted));
  EXPECT_FALSE(change_voids_sign_off(kind, security_risk(), rerated));  // nothing to void
}

TEST(RiskRules, CategoriesAskForTheirOwnFacts) {
  FieldValues sec = normalized("risk", {{"title", {"t"}},
                                        {"category", {"security"}},
                                        {"inherent_likelihood", {"1"}},
                                        {"inherent_impact", {"1"}},
                                        {"owner", {"o"}}});
  EXPECT_EQ(problem(sec), "field threat: an information-security risk names its threat");
  sec["threat"] = {"ransomware"};
  EXPECT_EQ(problem(sec),
            "field cia: say which of confidentiality, integrity, availability it affects");

  FieldValues ai = sec;
  ai["category"] = {"ai"};
  EXPECT_EQ(problem(ai), "field ai_systems: an AI risk names the AI systems it concerns");
  ai["ai_systems"] = {"AIS-1"};
  EXPECT_EQ(problem(ai), "field risk_source: an AI risk names its source (bias, robustness, …)");
  ai["risk_source"] = {"bias"};
  EXPECT_EQ(problem(ai), "");
}

TEST(RiskRules, AnOverdueReviewIsFlagged) {
  FieldValues r = security_risk();
  r["review_date"] = {"2026-12-02"};
  EXPECT_TRUE(evaluate_risk(default_risk_matrix(), r, kNow).review_overdue);
  r["review_date"] = {"2026-12-03"};
  EXPECT_FALSE(evaluate_risk(default_risk_matrix(), r, kNow).review_overdue);
}

TEST(HeatMap, PlacesRisksByLikelihoodFromTheTopAndImpactFromTheLeft) {
  RiskMatrix m = three_by_three();
  HeatMap map = heat_map(m, {{"R1", {3, 1, 3, "Amber"}},
                             {"R2", {3, 1, 3, "Amber"}},
                             {"R3", {1, 3, 3, "Amber"}},
                             {"R4", {9, 9, 81, "?"}}});
  ASSERT_EQ(map.rows.size(), 3u);
  EXPECT_EQ(map.rows[0][0].likelihood, 3);
  EXPECT_EQ(map.rows[0][0].risk_ids, (std::vector<std::string>{"R1", "R2"}));
  EXPECT_EQ(map.rows[2][2].risk_ids, (std::vector<std::string>{"R3"}));
  EXPECT_EQ(map.rows[2][0].level, "Green");
  EXPECT_EQ(map.rows[0][2].level, "Red");
}

TEST(RegisterFields, AreCheckedByTypeAndNamed) {
  const RegisterKind& risk = *find_register_kind("risk");
  auto fail = [&](FieldValues f) { return normalize_fields(risk, f).status().message(); };
  FieldValues base = {{"title", {"t"}},
                      {"category", {"ai"}},
                      {"inherent_likelihood", {"2"}},
                      {"inherent_impact", {"2"}},
                      {"owner", {"o"}}};
  EXPECT_EQ(fail({{"title", {"t"}}}), "field category: required (Category)");
  FieldValues f = base;
  f["category"] = {"weather"};
  EXPECT_EQ(fail(f), "field category: \"weather\" is not one of security, ai");
  f = base;
  f["inherent_impact"] = {"two"};
  EXPECT_EQ(fail(f), "field inherent_impact: \"two\" is not a whole number");
  f = base;
  f["review_date"] = {"03/12/2026"};
  EXPECT_EQ(fail(f), "field review_date: \"03/12/2026\" is not a date (YYYY-MM-DD)");
  f = base;
  f["colour"] = {"red"};
  EXPECT_EQ(fail(f), "field colour: Risk has no such field");
  f = base;
  f["owner"] = {"a", "b"};
  EXPECT_EQ(fail(f), "field owner: takes one value, got 2");
  f = base;
  f["title"] = {std::string("bell\a")};
  EXPECT_EQ(fail(f), "field title: contains a control character");
  f["title"] = {std::string("Latin-1 caf\xe9")};
  EXPECT_EQ(fail(f), "field title: is not UTF-8 text");
  f = base;
  f["controls"] = {"AC-1", " AC-1 ", ""};
  auto ok = normalize_fields(risk, f);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(field_list(ok.value(), "controls"), (std::vector<std::string>{"AC-1"}));
}

TEST(ImpactAssessments, HarmsAreRatedAndSignOffIsComplete) {
  const RegisterKind& kind = *find_register_kind("impact_assessment");
  FieldValues a =
      normalized("impact_assessment", {{"title", {"Hiring screen"}},
                                       {"ai_system", {"AIS-1"}},
                                       {"scope", {"CV ranking for engineering roles"}},
                                       {"affected", {"applicants"}},
                                       {"harms", {"4/2 qualified women ranked lower"}}});
  auto check = [&](const FieldValues& f) {
    return check_register_entry(kind, f, default_risk_matrix(), kNow).message();
  };
  EXPECT_EQ(check(a), "");
  auto harm = parse_harm("4/2 qualified women ranked lower");
  ASSERT_TRUE(harm.ok());
  EXPECT_EQ(harm.value().severity, 4);
  EXPECT_EQ(harm.value().likelihood, 2);
  EXPECT_EQ(harm.value().description, "qualified women ranked lower");

  FieldValues b = a;
  b["harms"] = {"severe: people hurt"};
  EXPECT_EQ(check(b),
            "field harms: \"severe: people hurt\" does not start with SEVERITY/LIKELIHOOD (1-5 "
            "each)");
  b = a;
  b["signed_off_by"] = {"Dana"};
  EXPECT_EQ(check(b), "field signed_off_on: a sign-off names the person and the date");
  b["signed_off_on"] = {"2026-12-01"};
  EXPECT_EQ(check(b), "field decision: a signed-off assessment records its decision");
  b["decision"] = {"proceed-with-conditions"};
  b["residual_impact"] = {"moderate"};
  EXPECT_EQ(check(b), "field conditions: proceeding with conditions names them");
  b["conditions"] = {"monthly fairness measurement"};
  EXPECT_EQ(check(b), "");

  // Editing the content of a signed-off assessment voids its sign-off; a new review date does not.
  FieldValues edited = b;
  edited["scope"] = {"CV ranking for all roles"};
  EXPECT_TRUE(change_voids_sign_off(kind, b, edited));
  FieldValues rescheduled = b;
  rescheduled["review_date"] = {"2027-06-01"};
  EXPECT_FALSE(change_voids_sign_off(kind, b, rescheduled));
  FieldValues resigned = edited;
  resigned["signed_off_on"] = {"2026-12-03"};
  EXPECT_FALSE(change_voids_sign_off(kind, b, resigned));
}

TEST(ImpactAssessments, HarmLevelsFitSmallerMatrices) {
  EXPECT_EQ(rescale_level(5, 3), 3);
  EXPECT_EQ(rescale_level(1, 3), 1);
  EXPECT_EQ(rescale_level(3, 3), 2);
  EXPECT_EQ(rescale_level(4, 4), 4);
  EXPECT_EQ(rescale_level(2, 5), 2);
}

TEST(LifecycleEvents, AValidationNamesItsMeasurements) {
  const RegisterKind& kind = *find_register_kind("lifecycle_event");
  FieldValues e = normalized("lifecycle_event", {{"ai_system", {"AIS-1"}},
                                                 {"model_version", {"v3"}},
                                                 {"event", {"validated"}},
                                                 {"actor", {"Priya"}},
                                                 {"date", {"2026-12-01"}},
                                                 {"rationale", {"holdout set"}}});
  EXPECT_EQ(check_register_entry(kind, e, default_risk_matrix(), kNow).message(),
            "field measurements: a validation names the measurements it rests on");
  e["measurements"] = {"MEA-1"};
  EXPECT_TRUE(check_register_entry(kind, e, default_risk_matrix(), kNow).ok());
  e["date"] = {"2027-01-01"};
  EXPECT_EQ(check_register_entry(kind, e, default_risk_matrix(), kNow).message(),
            "field date: 2027-01-01 is in the future");
  EXPECT_TRUE(kind.append_only);
}

TEST(AiSystems, FairnessAndDriftLimitsAreNumbersInRange) {
  const RegisterKind& kind = *find_register_kind("ai_system");
  FieldValues s = normalized("ai_system", {{"name", {"Screen"}},
                                           {"purpose", {"rank CVs"}},
                                           {"role", {"deployer"}},
                                           {"lifecycle_stage", {"deployed"}},
                                           {"owner", {"Priya"}},
                                           {"min_disparate_impact", {"0.8"}}});
  EXPECT_TRUE(check_register_entry(kind, s, default_risk_matrix(), kNow).ok());
  s["min_disparate_impact"] = {"80%"};
  EXPECT_EQ(check_register_entry(kind, s, default_risk_matrix(), kNow).message(),
            "field min_disparate_impact: \"80%\" is not a number from 0.0 to 1.0");
}

}  // namespace
}  // namespace crosswalk::domain
