#include "domain/management_review.h"
#include "domain/field_rules.h"

#include <algorithm>
#include <map>

namespace crosswalk::domain {

namespace {

bool reviews(const std::vector<std::string>& frameworks, std::string_view prefix) {
  return std::any_of(frameworks.begin(), frameworks.end(),
                     [&](const std::string& f) { return f.rfind(prefix, 0) == 0; });
}

std::string percent(int met, int total) {
  return total ? std::to_string(met * 100 / total) + " %" : "–";
}

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}

std::string listed(const std::vector<std::string>& items, std::size_t at_most = 8) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < at_most; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > at_most) out += " and " + std::to_string(items.size() - at_most) + " more";
  return out;
}

std::string period(const ReviewFacts& f) {
  return f.since ? "since " + format_date(f.since) : "so far (no earlier management review)";
}

std::string previous_actions(const ReviewFacts& f) {
  if (f.previous_actions.empty()) return "No actions from earlier management reviews.";
  int open = 0, done = 0, dropped = 0, overdue = 0;
  std::vector<std::string> out;
  for (const auto& a : f.previous_actions) {
    const std::string& state = a.state;
    if (state == "done") ++done;
    if (state == "dropped") ++dropped;
    if (state == "open") ++open;
    if (state == "overdue") ++overdue;
    out.push_back("- " + a.id + " (" + a.review + ") " + a.title + ": " + state + ", " + a.owner +
                  ", due " + a.due);
  }
  out.insert(out.begin(), std::to_string(f.previous_actions.size()) +
                              " actions from earlier reviews: " + std::to_string(done) + " done, " +
                              std::to_string(open) + " open, " + std::to_string(overdue) +
                              " overdue, " + std::to_string(dropped) + " dropped.");
  return lines(out);
}

// One line per kind (a first review of a large organization lists a few of each, and a count).
std::string context_changes(const ReviewFacts& f) {
  std::vector<std::string> kinds;
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> by_kind;
  for (const auto& c : f.changes) {
    if (!by_kind.count(c.kind_label)) kinds.push_back(c.kind_label);
    auto& [added, changed] = by_kind[c.kind_label];
    (c.added ? added : changed).push_back(c.id + " " + c.name);
  }
  std::vector<std::string> out;
  for (const std::string& kind : kinds) {
    const auto& [added, changed] = by_kind[kind];
    std::string line = "- " + kind + ": ";
    if (!added.empty()) line += std::to_string(added.size()) + " added (" + listed(added) + ")";
    if (!changed.empty())
      line += std::string(added.empty() ? "" : "; ") + std::to_string(changed.size()) +
              " changed (" + listed(changed) + ")";
    out.push_back(line);
  }
  for (const std::string& s : f.soa_changes) out.push_back("- " + s);
  if (out.empty()) return "";
  out.insert(out.begin(), "Recorded " + period(f) +
                              " (assets, AI systems, suppliers, Statement of Applicability); add "
                              "the external and internal issues behind them:");
  return lines(out);
}

std::string performance(const ReviewFacts& f) {
  std::vector<std::string> out;
  for (const auto& r : f.readiness) {
    std::string line = "- " + r.name + " readiness: " + std::to_string(r.met) + " of " +
                       std::to_string(r.total) + " requirements met (" + percent(r.met, r.total) +
                       ")";
    if (r.met_then)
      line += ", " + std::string(*r.met_then <= r.met ? "up" : "down") + " from " +
              std::to_string(*r.met_then) + " " + period(f);
    out.push_back(line + ".");
  }
  out.push_back("- Controls failing their checks: " +
                (f.failing_controls.empty() ? std::string("none") : listed(f.failing_controls)) +
                "; evidence out of date: " +
                (f.stale_controls.empty() ? std::string("none") : listed(f.stale_controls)) + ".");
  out.push_back("- Monitoring and measurement " + period(f) + ": " +
                std::to_string(f.measurements) + " AI measurements recorded" +
                (f.failed_measurements.empty()
                     ? std::string(", none over its limits")
                     : ", over their limits: " + listed(f.failed_measurements)) +
                ".");
  out.push_back("- Nonconformities " + period(f) + ": " + std::to_string(f.nonconformities_raised) +
                " raised, " + std::to_string(f.nonconformities_open) +
                " not closed. Corrective actions: " + std::to_string(f.actions_open) + " open, " +
                std::to_string(f.actions_overdue) + " overdue, " +
                std::to_string(f.actions_ineffective) + " found not effective, " +
                std::to_string(f.actions_closed) + " closed.");
  return lines(out);
}

std::string audit_results(const ReviewFacts& f) {
  if (f.audits.empty()) return "No internal audit " + period(f) + ".";
  std::vector<std::string> out;
  for (const auto& a : f.audits)
    out.push_back("- " + a.id + " " + a.title + " (" + a.status +
                  (a.report_date.empty() ? "" : ", reported " + a.report_date) +
                  "): " + std::to_string(a.checked) + " of " + std::to_string(a.requirements) +
                  " requirements checked; " + std::to_string(a.major) + " major and " +
                  std::to_string(a.minor) + " minor nonconformities, " +
                  std::to_string(a.observations) + " observations, " +
                  std::to_string(a.opportunities) + " opportunities.");
  return lines(out);
}

std::string risk_results(const ReviewFacts& f) {
  if (f.risks == 0) return "The risk register is empty.";
  std::string levels;
  for (const auto& [level, n] : f.risks_by_level)
    levels += (levels.empty() ? "" : ", ") + std::to_string(n) + " " + level;
  std::vector<std::string> out = {
      std::to_string(f.risks) + " risks (" + levels + "), " + std::to_string(f.risks_new) +
      " new " + period(f) + "; " + std::to_string(f.risks_untreated) + " untreated, " +
      std::to_string(f.risks_awaiting_acceptance) + " awaiting acceptance, " +
      std::to_string(f.risks_reviews_overdue) + " with an overdue review."};
  if (!f.risks_above_appetite.empty())
    out.push_back(
        "Above the acceptance threshold and not accepted: " + listed(f.risks_above_appetite) + ".");
  return lines(out);
}

std::string impact_results(const ReviewFacts& f) {
  if (f.impact_assessments.empty()) return "No AI system impact assessment " + period(f) + ".";
  std::vector<std::string> out;
  for (const auto& a : f.impact_assessments)
    out.push_back(
        "- " + a.id + " " + a.title + " (" + a.system +
        "): " + (a.decision.empty() ? "no decision yet" : a.decision) +
        (a.residual.empty() ? "" : ", residual impact " + a.residual) +
        (a.signed_off_on.empty() ? ", not signed off" : ", signed off " + a.signed_off_on) + ".");
  return lines(out);
}

std::string opportunities(const ReviewFacts& f) {
  std::vector<std::string> out;
  for (const std::string& o : f.opportunities) out.push_back("- " + o);
  if (out.empty()) return "";
  out.insert(out.begin(), "Open observations and opportunities from audits:");
  return lines(out);
}

}  // namespace

const std::vector<ReviewInput>& review_inputs() {
  static const std::vector<ReviewInput> inputs = {
      {"input_previous_actions", "Status of actions from previous management reviews", "", "a",
       "a"},
      {"input_context", "Changes in external and internal issues",
       "Relevant to the management system (clause 4.1)", "b", "b"},
      {"input_interested_parties", "Changes in needs and expectations of interested parties",
       "Clause 4.2: customers, regulators, staff, people affected by AI systems", "c", "c"},
      {"input_performance",
       "Performance: nonconformities, corrective actions, monitoring and "
       "measurement, objectives",
       "Trends; readiness against both standards", "d 1, 2, 4", "d 1, 2"},
      {"input_audits", "Audit results", "Internal and external audits", "d 3", "d 3"},
      {"input_feedback", "Feedback from interested parties", "", "e", ""},
      {"input_risks", "Results of risk assessment and status of the risk treatment plan", "", "f",
       ""},
      {"input_ai_impact", "Results of AI system impact assessments",
       "Clause 8.4 and 6.1.4 of ISO/IEC 42001", "", "d"},
      {"input_opportunities", "Opportunities for continual improvement", "", "g", "e"},
  };
  return inputs;
}

std::string asked_by(const ReviewInput& in) {
  std::string out;
  if (!in.iso27001.empty()) out = "ISO/IEC 27001 9.3.2 " + in.iso27001;
  if (!in.iso42001.empty())
    out += std::string(out.empty() ? "" : "; ") + "ISO/IEC 42001 9.3.2 " + in.iso42001;
  return out;
}

std::vector<const ReviewInput*> inputs_required(const std::vector<std::string>& frameworks) {
  const bool security = reviews(frameworks, "iso27001");
  const bool ai = reviews(frameworks, "iso42001");
  std::vector<const ReviewInput*> out;
  for (const ReviewInput& in : review_inputs())
    if ((security && !in.iso27001.empty()) || (ai && !in.iso42001.empty())) out.push_back(&in);
  return out;
}

FieldValues draft_review_inputs(const ReviewFacts& f) {
  FieldValues out;
  auto put = [&](const char* field, std::string text) {
    if (!text.empty()) out[field] = {std::move(text)};
  };
  put("input_previous_actions", previous_actions(f));
  put("input_context", context_changes(f));
  put("input_performance", performance(f));
  put("input_audits", audit_results(f));
  if (reviews(f.frameworks, "iso27001")) put("input_risks", risk_results(f));
  if (reviews(f.frameworks, "iso42001")) put("input_ai_impact", impact_results(f));
  put("input_opportunities", opportunities(f));
  return out;
}

Status check_management_review(const FieldValues& r, Timestamp now) {
  const std::string& held_on = field_text(r, "meeting_date");
  if (!field_text(r, "since").empty() && field_text(r, "since") > held_on)
    return field_error("since", field_text(r, "since") + " is after the meeting " + held_on);
  const bool held = field_text(r, "status") == "held";
  if (held) {
    CW_RETURN_IF_ERROR(date_not_in_future(r, "meeting_date", now));
    if (field_list(r, "attendees").empty())
      return field_error("attendees", "a held review names who attended");
    for (const ReviewInput* in : inputs_required(field_list(r, "frameworks")))
      if (field_text(r, in->field).empty())
        return field_error(in->field, "a held review records every input of clause 9.3.2: \"" +
                                          in->title +
                                          "\" is empty (write what was said, or that there "
                                          "was nothing to report)");
    if (field_text(r, "decisions").empty())
      return field_error("decisions", "a held review records its decisions (clause 9.3.3)");
  }
  const bool by = !field_text(r, "signed_off_by").empty();
  const bool on = !field_text(r, "signed_off_on").empty();
  if (by != on)
    return field_error(by ? "signed_off_on" : "signed_off_by",
                       "a sign-off names the person and the date");
  if (by && !held) return field_error("signed_off_by", "only a held review is signed off");
  if (on && field_text(r, "signed_off_on") < held_on)
    return field_error("signed_off_on",
                       field_text(r, "signed_off_on") + " is before the meeting " + held_on);
  return date_not_in_future(r, "signed_off_on", now);
}

Status check_review_action(const FieldValues& a, Timestamp now) {
  const bool done = field_text(a, "status") == "done";
  const bool completed = !field_text(a, "completed_on").empty();
  if (done && !completed) return field_error("completed_on", "a done action has a completion date");
  if (!done && completed) return field_error("status", "an action with a completion date is done");
  return date_not_in_future(a, "completed_on", now);
}

std::string review_action_state(const FieldValues& a, Timestamp now) {
  const std::string& status = field_text(a, "status");
  if (status == "open" && !field_text(a, "due_date").empty() &&
      field_text(a, "due_date") < format_date(now))
    return "overdue";
  return status;
}

}  // namespace crosswalk::domain
