#include "service/management_reviews.h"

#include <algorithm>
#include <map>

#include "domain/register_rules.h"
#include "service/audits.h"
#include "service/register_json.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

namespace {

// The meeting date of the latest review held before `before` (a day), other than `except`.
Result<std::string> previous_review_day(Workspace& ws, const std::string& before,
                                        const std::string& except) {
  auto reviews = ws.store().register_entries("management_review");
  if (!reviews.ok()) return reviews.status();
  std::string latest;
  for (const auto& r : reviews.value()) {
    const std::string& day = d::field_text(r.fields, "meeting_date");
    if (r.id != except && d::field_text(r.fields, "status") == "held" && day < before &&
        day > latest)
      latest = day;
  }
  return latest;
}

bool in_period(const std::string& day, const std::string& since) {
  return !day.empty() && day >= since;
}

Status gather_changes(Workspace& ws, d::Timestamp since, d::ReviewFacts& f) {
  for (const char* kind : {"asset", "ai_system", "supplier"}) {
    auto entries = ws.store().register_entries(kind);
    if (!entries.ok()) return entries.status();
    const d::RegisterKind* k = d::find_register_kind(kind);
    for (const auto& e : entries.value()) {
      if (e.updated_at < since) continue;
      f.changes.push_back(
          {k->label, e.id, d::field_text(e.fields, k->title_field), e.created_at >= since});
    }
  }
  for (const char* scope : {"iso27001-2022", "iso42001-2023", "combined"}) {
    auto approvals = ws.store().soa_approvals(scope);
    if (!approvals.ok()) return approvals.status();
    for (const auto& a : approvals.value())
      if (a.approved_at >= since)
        f.soa_changes.push_back("Statement of Applicability (" + std::string(scope) + ") version " +
                                std::to_string(a.version) + " approved by " + a.approved_by +
                                " on " + d::format_date(a.approved_at));
  }
  return Status::Ok();
}

Status gather_performance(Workspace& ws, const Snapshot& s, const std::string& since_day,
                          d::ReviewFacts& f) {
  for (const std::string& id : f.frameworks) {
    const d::FrameworkAssessment* fa = s.framework(id);
    if (!fa) continue;
    d::ReviewFacts::Readiness r{id, fa->framework->name, fa->total.met, fa->total.applicable(),
                                std::nullopt};
    if (!since_day.empty()) {
      auto history = ws.store().readiness_history(id, since_day);
      if (!history.ok()) return history.status();
      if (!history->empty()) r.met_then = history->front().met;
    }
    f.readiness.push_back(r);
  }
  for (std::size_t i = 0; i < s.org.controls.size(); ++i) {
    const d::ControlState state = s.assessment.controls[i].state;
    if (state == d::ControlState::kFailing) f.failing_controls.push_back(s.org.controls[i].id);
    if (state == d::ControlState::kStale) f.stale_controls.push_back(s.org.controls[i].id);
  }
  auto measurements = ws.store().measurements("", 100000);
  if (!measurements.ok()) return measurements.status();
  for (const auto& m : measurements.value()) {
    if (m.created_at < f.since) continue;
    ++f.measurements;
    if (m.verdict == "fail")
      f.failed_measurements.push_back(m.id + " " + m.subject + " (" + m.kind + ")");
  }
  return Status::Ok();
}

Status gather_audits(Workspace& ws, const Snapshot& s, const std::string& since_day,
                     d::Timestamp now, d::ReviewFacts& f) {
  auto audits = ws.store().register_entries("audit");
  if (!audits.ok()) return audits.status();
  for (const auto& a : audits.value()) {
    const std::string& status = d::field_text(a.fields, "status");
    if (status == "cancelled") continue;
    if (!in_period(d::field_text(a.fields, "report_date"), since_day) &&
        !in_period(d::field_text(a.fields, "planned_start"), since_day) && status != "in-progress")
      continue;
    auto v = audit_view(ws, s, a.id, now);
    if (!v.ok()) return v.status();
    const d::AuditSummary& sum = v->summary;
    f.audits.push_back({a.id, d::field_text(a.fields, "title"), status,
                        d::field_text(a.fields, "report_date"), sum.checked, sum.requirements,
                        sum.major, sum.minor, sum.observations, sum.opportunities});
  }
  auto findings = audit_findings(ws, now);
  if (!findings.ok()) return findings.status();
  for (const FindingView& x : findings.value()) {
    const std::string& type = d::field_text(x.entry.fields, "type");
    if (d::is_nonconformity(type)) {
      if (in_period(d::field_text(x.entry.fields, "raised_on"), since_day))
        ++f.nonconformities_raised;
      if (x.state != "closed") ++f.nonconformities_open;
    } else if (x.state == "open") {
      f.opportunities.push_back(x.entry.id + " " + d::field_text(x.entry.fields, "title") + " (" +
                                type + ")");
    }
  }
  auto actions = corrective_actions(ws, now);
  if (!actions.ok()) return actions.status();
  for (const ActionView& a : actions.value()) {
    switch (a.state) {
      case d::ActionState::kOpen:
      case d::ActionState::kCompleted:
        ++f.actions_open;
        break;
      case d::ActionState::kOverdue:
        ++f.actions_overdue;
        break;
      case d::ActionState::kIneffective:
        ++f.actions_ineffective;
        break;
      case d::ActionState::kClosed:
        if (in_period(d::field_text(a.entry.fields, "closed_on"), since_day)) ++f.actions_closed;
        break;
    }
  }
  return Status::Ok();
}

Status gather_risks(Workspace& ws, d::Timestamp now, d::ReviewFacts& f) {
  auto risks = risk_views(ws, now);
  if (!risks.ok()) return risks.status();
  std::map<std::string, int> by_level;
  for (const RiskView& r : risks.value()) {
    ++f.risks;
    const d::RiskRating current = r.evaluation.current();
    ++by_level[current.level];
    if (r.entry.created_at >= f.since) ++f.risks_new;
    if (r.evaluation.status == "untreated") ++f.risks_untreated;
    if (r.evaluation.status == "awaiting-acceptance") ++f.risks_awaiting_acceptance;
    if (r.evaluation.review_overdue) ++f.risks_reviews_overdue;
    if (!r.evaluation.within_appetite && !r.evaluation.accepted)
      f.risks_above_appetite.push_back(r.entry.id + " " + d::field_text(r.entry.fields, "title") +
                                       " (" + current.level + ")");
  }
  f.risks_by_level.assign(by_level.begin(), by_level.end());
  return Status::Ok();
}

Status gather_assessments(Workspace& ws, const std::string& since_day, d::ReviewFacts& f) {
  auto assessments = ws.store().register_entries("impact_assessment");
  if (!assessments.ok()) return assessments.status();
  for (const auto& a : assessments.value()) {
    const std::string& signed_on = d::field_text(a.fields, "signed_off_on");
    if (a.updated_at < f.since && !in_period(signed_on, since_day)) continue;
    f.impact_assessments.push_back({a.id, d::field_text(a.fields, "title"),
                                    d::field_text(a.fields, "ai_system"),
                                    d::field_text(a.fields, "decision"),
                                    d::field_text(a.fields, "residual_impact"), signed_on});
  }
  return Status::Ok();
}

}  // namespace

Result<d::ReviewFacts> review_facts(Workspace& ws, const Snapshot& s,
                                    const std::vector<std::string>& frameworks,
                                    const std::string& since, const std::string& review_id,
                                    d::Timestamp now) {
  d::ReviewFacts f;
  f.frameworks = frameworks;
  f.until = now;
  std::string since_day = since;
  if (since_day.empty()) {
    auto previous = previous_review_day(ws, d::format_date(now), review_id);
    if (!previous.ok()) return previous.status();
    since_day = previous.value();
  }
  if (!since_day.empty()) {
    auto t = d::parse_datetime(since_day);
    if (!t) return Status::InvalidInput("since: \"" + since_day + "\" is not a date (YYYY-MM-DD)");
    f.since = *t;
  }

  auto actions = review_actions(ws, now);
  if (!actions.ok()) return actions.status();
  for (const ReviewActionView& a : actions.value()) {
    const d::FieldValues& x = a.entry.fields;
    if (d::field_text(x, "review") == review_id) continue;
    // What was still open at the start of the period, and what was done since.
    if (d::field_text(x, "status") != "open" &&
        !in_period(d::field_text(x, "completed_on"), since_day) && a.entry.updated_at < f.since)
      continue;
    f.previous_actions.push_back({a.entry.id, d::field_text(x, "review"), d::field_text(x, "title"),
                                  d::field_text(x, "owner"), d::field_text(x, "due_date"),
                                  a.state});
  }
  CW_RETURN_IF_ERROR(gather_changes(ws, f.since, f));
  CW_RETURN_IF_ERROR(gather_performance(ws, s, since_day, f));
  CW_RETURN_IF_ERROR(gather_audits(ws, s, since_day, now, f));
  CW_RETURN_IF_ERROR(gather_risks(ws, now, f));
  CW_RETURN_IF_ERROR(gather_assessments(ws, since_day, f));
  return f;
}

Result<d::FieldValues> draft_review_inputs(Workspace& ws,
                                           const std::vector<std::string>& frameworks,
                                           const std::string& since, d::Timestamp now) {
  auto snap = take_snapshot(ws.store(), now);
  if (!snap.ok()) return snap.status();
  auto facts = review_facts(ws, *snap.value(), frameworks, since, "", now);
  if (!facts.ok()) return facts.status();
  return d::draft_review_inputs(facts.value());
}

Status fill_review_drafts(Workspace& ws, d::FieldValues& review, d::Timestamp now) {
  auto drafts = draft_review_inputs(ws, d::field_list(review, "frameworks"),
                                    d::field_text(review, "since"), now);
  if (!drafts.ok()) return drafts.status();
  for (auto& [field, text] : drafts.value())
    if (d::field_text(review, field).empty()) review[field] = std::move(text);
  return Status::Ok();
}

Result<std::vector<ReviewActionView>> review_actions(Workspace& ws, d::Timestamp now) {
  auto entries = ws.store().register_entries("review_action");
  if (!entries.ok()) return entries.status();
  std::vector<ReviewActionView> out;
  for (auto& e : entries.value()) {
    std::string state = d::review_action_state(e.fields, now);
    out.push_back({std::move(e), std::move(state)});
  }
  return out;
}

Result<ManagementReviewView> management_review_view(Workspace& ws, const std::string& id,
                                                    d::Timestamp now) {
  auto review = find_entry(ws, "management_review", id);
  if (!review.ok()) return review.status();
  ManagementReviewView v;
  v.review = std::move(review).value();
  v.generated_at = now;
  const auto required = d::inputs_required(d::field_list(v.review.fields, "frameworks"));
  for (const d::ReviewInput& in : d::review_inputs()) {
    const bool needed = std::find(required.begin(), required.end(), &in) != required.end();
    const std::string& text = d::field_text(v.review.fields, in.field);
    if (!needed && text.empty()) continue;
    v.agenda.push_back({&in, text, needed});
    if (needed && text.empty()) v.missing.push_back(in.title);
  }
  auto actions = review_actions(ws, now);
  if (!actions.ok()) return actions.status();
  for (auto& a : actions.value())
    if (d::field_text(a.entry.fields, "review") == id) v.actions.push_back(std::move(a));
  return v;
}

json review_action_json(const ReviewActionView& a) {
  json out = entry_json(a.entry);
  out["state"] = a.state;
  return out;
}

json review_json(const ManagementReviewView& v) {
  json agenda = json::array();
  for (const ReviewAgendaItem& item : v.agenda)
    agenda.push_back({{"field", item.input->field},
                      {"title", item.input->title},
                      {"iso27001", item.input->iso27001},
                      {"iso42001", item.input->iso42001},
                      {"required", item.required},
                      {"text", item.text}});
  json actions = json::array();
  for (const ReviewActionView& a : v.actions) actions.push_back(review_action_json(a));
  return {{"review", entry_json(v.review)},
          {"generated_at", d::format_datetime(v.generated_at)},
          {"agenda", agenda},
          {"missing_inputs", v.missing},
          {"actions", actions}};
}

}  // namespace crosswalk::service
