// Management reviews (docs/management-review.md): the facts of the period under review gathered
// from every part of the data and drafted into the inputs of clause 9.3.2, one review with its
// agenda and actions, and every review action with its state.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/management_review.h"
#include "service/registers.h"
#include "service/snapshot.h"
#include "service/workspace.h"

namespace crosswalk::service {

// What the data says about the standards `frameworks` since `since` (a YYYY-MM-DD day; "" for
// the meeting date of the latest review before `now`, or everything when there is none).
Result<domain::ReviewFacts> review_facts(Workspace& ws, const Snapshot& s,
                                         const std::vector<std::string>& frameworks,
                                         const std::string& since, const std::string& review_id,
                                         domain::Timestamp now);
// The drafted inputs (management_review fields) for a review of `frameworks` since `since`.
Result<domain::FieldValues> draft_review_inputs(Workspace& ws,
                                                const std::vector<std::string>& frameworks,
                                                const std::string& since, domain::Timestamp now);
// A new review's empty inputs, drafted (save_entry calls it when a review is created).
Status fill_review_drafts(Workspace& ws, domain::FieldValues& review, domain::Timestamp now);

struct ReviewActionView {
  store::RegisterEntry entry;
  std::string state;  // domain::review_action_state
};
struct ReviewAgendaItem {
  const domain::ReviewInput* input = nullptr;
  std::string text;
  bool required = false;  // one of the standards reviewed asks for it
};
struct ManagementReviewView {
  store::RegisterEntry review;
  std::vector<ReviewAgendaItem> agenda;   // the inputs, in the order of clause 9.3.2
  std::vector<ReviewActionView> actions;  // decided in this review
  std::vector<std::string> missing;       // titles of required inputs not yet recorded
  domain::Timestamp generated_at = 0;
};
Result<ManagementReviewView> management_review_view(Workspace& ws, const std::string& id,
                                                    domain::Timestamp now);
// Every review action with its state, by id.
Result<std::vector<ReviewActionView>> review_actions(Workspace& ws, domain::Timestamp now);

nlohmann::ordered_json review_json(const ManagementReviewView& view);
nlohmann::ordered_json review_action_json(const ReviewActionView& action);

}  // namespace crosswalk::service
