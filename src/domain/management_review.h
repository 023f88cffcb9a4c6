// Management review (clause 9.3 of ISO/IEC 27001:2022 and ISO/IEC 42001:2023) as one agenda for
// both standards: the inputs of 9.3.2 (which letter of which standard each answers), a draft
// of each input written from what the organization's data says about the period reviewed, and
// the rules a held review and its actions follow.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/register.h"
#include "domain/time.h"

namespace crosswalk::domain {

// One input of clause 9.3.2: the management_review field holding it, and the standards whose
// 9.3.2 ask for it (with the item letter).
struct ReviewInput {
  std::string field, title, help;
  std::string iso27001, iso42001;  // e.g. "a", "d 1-3"; "" when that standard does not ask
};
const std::vector<ReviewInput>& review_inputs();
// "ISO/IEC 27001 9.3.2 b; ISO/IEC 42001 9.3.2 b": where the standards ask for the input.
std::string asked_by(const ReviewInput& input);

// The inputs a review of these standards must cover (those one of them asks for).
std::vector<const ReviewInput*> inputs_required(const std::vector<std::string>& frameworks);

// What the data says about the period reviewed; the service gathers it.
struct ReviewFacts {
  Timestamp since = 0, until = 0;  // since 0: no earlier review
  std::vector<std::string> frameworks;

  struct Action {
    std::string id, review, title, owner, due;
    std::string state;  // review_action_state: open | overdue | done | dropped
  };
  std::vector<Action> previous_actions;  // of earlier reviews

  struct Change {
    std::string kind_label, id, name;  // "AI system", "AIS-2", "Fraud screening"
    bool added = true;                 // added in the period, else changed
  };
  std::vector<Change> changes;           // assets, AI systems, suppliers added or changed
  std::vector<std::string> soa_changes;  // "ISO 27001 SoA version 2 approved on …"

  struct Readiness {
    std::string framework, name;
    int met = 0, total = 0;
    std::optional<int> met_then;  // at the start of the period, when recorded
  };
  std::vector<Readiness> readiness;
  std::vector<std::string> failing_controls, stale_controls;
  int measurements = 0;
  std::vector<std::string> failed_measurements;  // "MEA-… subject (kind)"

  struct Audit {
    std::string id, title, status, report_date;
    int checked = 0, requirements = 0, major = 0, minor = 0, observations = 0, opportunities = 0;
  };
  std::vector<Audit> audits;  // planned, held or reported in the period
  int nonconformities_raised = 0, nonconformities_open = 0;
  int actions_open = 0, actions_overdue = 0, actions_ineffective = 0, actions_closed = 0;

  int risks = 0, risks_new = 0, risks_untreated = 0, risks_awaiting_acceptance = 0;
  int risks_reviews_overdue = 0;
  std::vector<std::pair<std::string, int>> risks_by_level;  // current level → count
  std::vector<std::string> risks_above_appetite;            // "RISK-3 title (High)"

  struct Assessment {
    std::string id, title, system, decision, residual, signed_off_on;
  };
  std::vector<Assessment> impact_assessments;  // done or signed off in the period

  std::vector<std::string> opportunities;  // open observations and opportunities from audits
};

// A draft of each input's text (field → text) written from the facts. Inputs the data cannot
// speak to (feedback from interested parties, changes in their expectations) are left empty:
// the people in the review write them.
FieldValues draft_review_inputs(const ReviewFacts& facts);

// A held review records every input its standards ask for, its attendees and its decisions; a
// sign-off needs a held review, a name and a date on or after the meeting.
Status check_management_review(const FieldValues& review, Timestamp now);
// A done action has a completion date (and only a done one).
Status check_review_action(const FieldValues& action, Timestamp now);
// "open", "overdue", "done", "dropped".
std::string review_action_state(const FieldValues& action, Timestamp now);

}  // namespace crosswalk::domain
