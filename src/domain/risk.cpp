#include "domain/risk.h"

#include <charconv>
#include <set>

namespace crosswalk::domain {

namespace {

Status bad(const std::string& field, const std::string& why) {
  return Status::InvalidInput("field " + field + ": " + why);
}

std::optional<int> level_of(const FieldValues& risk, const std::string& name) {
  const std::string& v = field_text(risk, name);
  if (v.empty()) return std::nullopt;
  int n = 0;
  std::from_chars(v.data(), v.data() + v.size(), n);
  return n;
}

RiskRating rating(const RiskMatrix& m, int likelihood, int impact) {
  int score = likelihood * impact;
  return {likelihood, impact, score, m.band_of(score).name};
}

// The start of `day` (YYYY-MM-DD), for comparisons with now.
Timestamp day_start(const std::string& day) {
  return parse_datetime(day).value_or(0);
}

}  // namespace

const RiskBand& RiskMatrix::band_of(int score) const {
  for (const RiskBand& b : bands)
    if (score <= b.up_to) return b;
  return bands.back();
}

RiskMatrix default_risk_matrix() {
  return {"default",
          "Default 5×5",
          {"Rare", "Unlikely", "Possible", "Likely", "Almost certain"},
          {"Negligible", "Minor", "Moderate", "Major", "Severe"},
          {{"Low", 4}, {"Medium", 9}, {"High", 16}, {"Critical", 25}},
          9};
}

Result<RiskMatrix> risk_matrix_from(const std::string& id, const FieldValues& fields) {
  RiskMatrix m;
  m.id = id;
  m.name = field_text(fields, "name");
  m.likelihood = field_list(fields, "likelihood");
  m.impact = field_list(fields, "impact");
  for (const char* axis : {"likelihood", "impact"}) {
    std::size_t n = field_list(fields, axis).size();
    if (n < 2 || n > 10)
      return bad(axis, "a matrix has 2 to 10 levels per axis, got " + std::to_string(n));
  }
  std::set<std::string> names;
  int previous = 0;
  for (const std::string& line : field_list(fields, "bands")) {
    auto colon = line.rfind(':');
    RiskBand b;
    if (colon == std::string::npos || colon == 0)
      return bad("bands", "\"" + line + "\" is not NAME:HIGHEST_SCORE");
    b.name = line.substr(0, colon);
    std::string number = line.substr(colon + 1);
    while (!number.empty() && number.front() == ' ') number.erase(0, 1);
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), b.up_to);
    if (ec != std::errc() || end != number.data() + number.size() || number.empty())
      return bad("bands", "\"" + line + "\": the highest score is not a whole number");
    if (b.up_to <= previous)
      return bad("bands", "\"" + line + "\": scores must rise from one level to the next");
    if (!names.insert(b.name).second) return bad("bands", "level " + b.name + " appears twice");
    previous = b.up_to;
    m.bands.push_back(std::move(b));
  }
  if (m.bands.empty()) return bad("bands", "at least one level is needed");
  if (previous < m.max_score())
    return bad("bands", "the last level ends at " + std::to_string(previous) +
                            " but scores reach " + std::to_string(m.max_score()));
  m.acceptance_threshold = level_of(fields, "acceptance_threshold").value_or(0);
  if (m.acceptance_threshold > m.max_score())
    return bad("acceptance_threshold", std::to_string(m.acceptance_threshold) +
                                           " is above the highest score " +
                                           std::to_string(m.max_score()));
  return m;
}

Status check_risk(const RiskMatrix& m, const FieldValues& risk, Timestamp now) {
  const int likelihoods = static_cast<int>(m.likelihood.size());
  const int impacts = static_cast<int>(m.impact.size());
  for (const auto& [field, top] : {std::pair<std::string, int>{"inherent_likelihood", likelihoods},
                                   {"inherent_impact", impacts},
                                   {"residual_likelihood", likelihoods},
                                   {"residual_impact", impacts}}) {
    auto v = level_of(risk, field);
    if (v && *v > top)
      return bad(field, std::to_string(*v) + " is above the matrix's " + std::to_string(top) +
                            " levels (" + m.name + ")");
  }
  auto rl = level_of(risk, "residual_likelihood");
  auto ri = level_of(risk, "residual_impact");
  if (rl.has_value() != ri.has_value())
    return bad(rl ? "residual_impact" : "residual_likelihood",
               "residual likelihood and impact are assessed together");
  int inherent = *level_of(risk, "inherent_likelihood") * *level_of(risk, "inherent_impact");
  if (rl && *rl * *ri > inherent)
    return bad("residual_impact", "the residual score " + std::to_string(*rl * *ri) +
                                      " is above the inherent score " + std::to_string(inherent));

  const std::string& category = field_text(risk, "category");
  if (category == "security") {
    if (field_text(risk, "threat").empty())
      return bad("threat", "an information-security risk names its threat");
    if (field_list(risk, "cia").empty())
      return bad("cia", "say which of confidentiality, integrity, availability it affects");
  } else if (category == "ai") {
    if (field_list(risk, "ai_systems").empty())
      return bad("ai_systems", "an AI risk names the AI systems it concerns");
    if (field_text(risk, "risk_source").empty())
      return bad("risk_source", "an AI risk names its source (bias, robustness, …)");
  }

  const std::string& treatment = field_text(risk, "treatment");
  if (treatment == "modify" && field_list(risk, "controls").empty())
    return bad("controls", "a risk modified by controls names them");
  if (treatment == "share" && field_list(risk, "suppliers").empty() &&
      field_text(risk, "treatment_plan").empty())
    return bad("suppliers", "a shared risk names who shares it (suppliers or treatment plan)");
  if (treatment == "avoid" && field_text(risk, "treatment_plan").empty())
    return bad("treatment_plan", "an avoided risk says how the activity is stopped");
  if (rl && treatment.empty())
    return bad("treatment", "a residual rating follows a treatment; choose one");

  const std::string& by = field_text(risk, "accepted_by");
  const std::string& on = field_text(risk, "accepted_on");
  if (by.empty() != on.empty())
    return bad(by.empty() ? "accepted_by" : "accepted_on",
               "an acceptance names the person and the date");
  if (!on.empty()) {
    if (day_start(on) > now) return bad("accepted_on", on + " is in the future");
    if (!treatment.empty() && treatment != "retain" && !rl)
      return bad("accepted_on", "assess the residual risk before accepting it");
    int current = rl ? *rl * *ri : inherent;
    if (current > m.acceptance_threshold && field_text(risk, "acceptance_note").empty())
      return bad("acceptance_note",
                 "accepting a score of " + std::to_string(current) + " above the threshold " +
                     std::to_string(m.acceptance_threshold) + " needs a written rationale");
  }
  return Status::Ok();
}

RiskEvaluation evaluate_risk(const RiskMatrix& m, const FieldValues& risk, Timestamp now) {
  RiskEvaluation e;
  e.inherent = rating(m, level_of(risk, "inherent_likelihood").value_or(1),
                      level_of(risk, "inherent_impact").value_or(1));
  auto rl = level_of(risk, "residual_likelihood");
  auto ri = level_of(risk, "residual_impact");
  if (rl && ri) e.residual = rating(m, *rl, *ri);
  e.within_appetite = e.current().score <= m.acceptance_threshold;
  e.accepted = !field_text(risk, "accepted_on").empty();
  const std::string& review = field_text(risk, "review_date");
  e.review_overdue = !review.empty() && day_start(review) + kSecondsPerDay <= now;
  const std::string& treatment = field_text(risk, "treatment");
  if (e.accepted)
    e.status = "accepted";
  else if (treatment == "avoid" && e.residual)
    e.status = "avoided";
  else if (treatment.empty())
    e.status = e.within_appetite ? "awaiting-acceptance" : "untreated";
  else if (!e.residual && treatment != "retain")
    e.status = "in-treatment";
  else
    e.status = "awaiting-acceptance";
  return e;
}

HeatMap heat_map(const RiskMatrix& m,
                 const std::vector<std::pair<std::string, RiskRating>>& risks) {
  HeatMap map;
  const int likelihoods = static_cast<int>(m.likelihood.size());
  const int impacts = static_cast<int>(m.impact.size());
  for (int l = likelihoods; l >= 1; --l) {
    std::vector<HeatMapCell> row;
    for (int i = 1; i <= impacts; ++i) row.push_back({l, i, l * i, m.band_of(l * i).name, {}});
    map.rows.push_back(std::move(row));
  }
  for (const auto& [id, r] : risks)
    if (r.likelihood >= 1 && r.likelihood <= likelihoods && r.impact >= 1 && r.impact <= impacts)
      map.rows[likelihoods - r.likelihood][r.impact - 1].risk_ids.push_back(id);
  return map;
}

Result<Harm> parse_harm(const std::string& line) {
  auto fail = [&] {
    return Status::InvalidInput("field harms: \"" + line +
                                "\" does not start with SEVERITY/LIKELIHOOD (1-5 each)");
  };
  if (line.size() < 5 || line[1] != '/' || line[3] != ' ') return fail();
  Harm h{line[0] - '0', line[2] - '0', line.substr(4)};
  if (h.severity < 1 || h.severity > 5 || h.likelihood < 1 || h.likelihood > 5) return fail();
  while (!h.description.empty() && h.description.front() == ' ') h.description.erase(0, 1);
  if (h.description.empty()) return fail();
  return h;
}

int rescale_level(int level_of_five, int levels) {
  return (level_of_five * levels + 4) / 5;
}

}  // namespace crosswalk::domain
