// Risk scoring and the rules a risk entry must follow (ISO 27001 6.1.2/6.1.3, ISO 42001 6.1):
// score = likelihood × impact on the organization's matrix, named levels by score band, and an
// acceptance threshold above which accepting a residual risk needs a written rationale.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/register.h"
#include "domain/time.h"

namespace crosswalk::domain {

struct RiskBand {
  std::string name;
  int up_to = 0;  // the highest score in this band
};

struct RiskMatrix {
  std::string id;
  std::string name;
  std::vector<std::string> likelihood, impact;  // level names, lowest first
  std::vector<RiskBand> bands;                  // by ascending up_to; the last covers the top
  int acceptance_threshold = 0;

  int max_score() const { return static_cast<int>(likelihood.size() * impact.size()); }
  // The band of a score in 1..max_score().
  const RiskBand& band_of(int score) const;
};

// The matrix used when the organization has not written one: 5×5, Low ≤ 4, Medium ≤ 9,
// High ≤ 16, Critical ≤ 25; scores up to 9 may be accepted.
RiskMatrix default_risk_matrix();
// A matrix from a risk_matrix entry's fields (already normalized): 2 to 10 levels per axis,
// bands strictly ascending with distinct names, the last reaching the top score.
Result<RiskMatrix> risk_matrix_from(const std::string& id, const FieldValues& fields);

struct RiskRating {
  int likelihood = 0, impact = 0, score = 0;
  std::string level;
};

// What a risk's entry means on its matrix (the entry must have passed check_risk).
struct RiskEvaluation {
  RiskRating inherent;
  std::optional<RiskRating> residual;
  // The rating that counts now: the residual one once assessed, the inherent one before.
  RiskRating current() const { return residual ? *residual : inherent; }
  bool within_appetite = false;  // current score ≤ acceptance threshold
  bool accepted = false;
  bool review_overdue = false;
  // untreated | in-treatment | awaiting-acceptance | accepted | avoided
  std::string status;
};

// The rules beyond field types: levels within the matrix, residual both-or-neither and not
// above inherent, what each category and treatment requires, acceptance by a named person on a
// date not in the future, and a rationale when accepting above the threshold.
Status check_risk(const RiskMatrix& matrix, const FieldValues& risk, Timestamp now);
RiskEvaluation evaluate_risk(const RiskMatrix& matrix, const FieldValues& risk, Timestamp now);

// Risks per cell of one matrix, likelihood rows from the highest down, impact columns from the
// lowest: what the heat map draws.
struct HeatMapCell {
  int likelihood = 0, impact = 0, score = 0;
  std::string level;
  std::vector<std::string> risk_ids;
};
struct HeatMap {
  std::vector<std::vector<HeatMapCell>> rows;
};
HeatMap heat_map(const RiskMatrix& matrix,
                 const std::vector<std::pair<std::string, RiskRating>>& risks);

// A harm line of an impact assessment, "SEVERITY/LIKELIHOOD description" with levels 1-5.
struct Harm {
  int severity = 0, likelihood = 0;
  std::string description;
};
Result<Harm> parse_harm(const std::string& line);
// A 1-5 level on a scale of `levels` (rounded up, so a severe harm stays at the top).
int rescale_level(int level_of_five, int levels);

}  // namespace crosswalk::domain
