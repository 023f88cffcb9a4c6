// Keeping the registers: saving an entry with every rule checked (fields, the kind's rules, the
// risk matrix, who may sign off), the views that say what entries mean (risk ratings and
// status, heat maps), and AI risks raised from an impact assessment's harms. The CLI, the API
// and the web pages all save through here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/register.h"
#include "domain/risk.h"
#include "service/workspace.h"

namespace crosswalk::service {

struct SaveEntry {
  std::string kind;
  std::string id;  // "" to create with the next id
  domain::FieldValues fields;
  std::optional<std::int64_t> expected_version;  // set to update
  // May accept risks, sign off assessments and record deployment approvals (Action kSignOff).
  bool may_sign_off = false;
  // The caller's role, checked against the kind's write_action (audit checks and findings);
  // nullopt for the CLI, trusted like its other writes.
  std::optional<domain::Role> role = std::nullopt;
};

struct SavedEntry {
  std::string id;
  // What the save changed beyond what was sent, e.g. a sign-off voided by an edit.
  std::vector<std::string> notices;
};

Result<SavedEntry> save_entry(Workspace& ws, const SaveEntry& request, const store::Actor& actor);
// The entry or NotFound naming the kind.
Result<store::RegisterEntry> find_entry(Workspace& ws, const std::string& kind,
                                        const std::string& id);
// The kind, or NotFound listing the kinds.
Result<const domain::RegisterKind*> register_kind(const std::string& kind);

// The organization's matrices by id; "" is the built-in default, used by risks naming none.
Result<std::vector<domain::RiskMatrix>> risk_matrices(Workspace& ws);

struct RiskView {
  store::RegisterEntry entry;
  domain::RiskMatrix matrix;
  domain::RiskEvaluation evaluation;
};
Result<std::vector<RiskView>> risk_views(Workspace& ws, domain::Timestamp now);
// One risk's view (its own matrix read, not every risk's).
Result<RiskView> risk_view(Workspace& ws, store::RegisterEntry risk, domain::Timestamp now);

struct MatrixHeatMap {
  domain::RiskMatrix matrix;
  domain::HeatMap map;
};
// One heat map per matrix in use, of inherent or current (residual once assessed) ratings.
std::vector<MatrixHeatMap> heat_maps(const std::vector<RiskView>& risks, bool residual);

// Creates an AI risk for each harm of the assessment that has none yet (matched by title),
// rated on the default matrix from the harm's severity and likelihood. Returns the new ids.
Result<std::vector<std::string>> raise_risks_from_assessment(Workspace& ws,
                                                             const std::string& assessment_id,
                                                             const store::Actor& actor);

}  // namespace crosswalk::service
