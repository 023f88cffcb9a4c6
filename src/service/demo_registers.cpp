#include "service/demo_registers.h"

#include "domain/time.h"
#include "service/registers.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

using Seed = DemoSeed;

// An internal audit under way: a programme for both standards, an audit of access, backup and
// AI monitoring with two requirements checked, a nonconformity whose corrective action is
// overdue, and an observation; the other requirements are left for the auditor to check.
Status seed_demo_audit(Workspace& ws, const std::function<d::Timestamp(int, int)>& at) {
  auto day = [&](int n) { return d::format_date(at(n, 0)); };
  const std::vector<Seed> seeds = {
      {"audit_programme",
       "web:maria",
       16,
       {{"name", {"Internal audits, first cycle"}},
        {"frameworks", {"iso27001-2022", "iso42001-2023"}},
        {"period_start", {day(16)}},
        {"period_end", {day(380)}},
        {"objectives",
         {"Every clause and Annex A theme of both standards once before certification"}},
        {"method", {"Quarterly audits by the internal auditor, independent of the areas audited"}},
        {"owner", {"Maria Keller (Head of Operations)"}},
        {"approved_by", {"Maria Keller (Head of Operations)"}},
        {"approved_on", {day(16)}}}},
      {"audit",
       "web:ada",
       60,
       {{"title", {"Access, backup and AI monitoring"}},
        {"programme", {"PROG-1"}},
        {"frameworks", {"iso27001-2022", "iso42001-2023"}},
        {"requirements",
         {"iso27001-2022:A.5.15", "iso27001-2022:A.5.18", "iso27001-2022:A.8.13",
          "iso27001-2022:9.2.1", "iso42001-2023:A.6.2.6"}},
        {"scope", {"The claims platform and the claims triage model in production"}},
        {"lead_auditor", {"Ada Brandt (internal auditor)"}},
        {"auditees", {"Platform team", "ML team"}},
        {"planned_start", {day(66)}},
        {"planned_end", {day(80)}},
        {"status", {"in-progress"}}}},
      {"audit_check",
       "web:ada",
       67,
       {{"audit", {"AUDIT-1"}},
        {"requirement", {"iso27001-2022:A.8.13"}},
        {"result", {"conforming"}},
        {"controls", {"TEC-13"}},
        {"note", {"Restore of the claims database from last week's backup sampled: complete"}},
        {"checked_by", {"Ada Brandt (internal auditor)"}},
        {"checked_on", {day(67)}}}},
      {"audit_check",
       "web:ada",
       68,
       {{"audit", {"AUDIT-1"}},
        {"requirement", {"iso27001-2022:A.5.18"}},
        {"result", {"nonconforming"}},
        {"note", {"3 of 12 sampled leavers still had access to the claims portal a month later"}},
        {"checked_by", {"Ada Brandt (internal auditor)"}},
        {"checked_on", {day(68)}}}},
      {"audit_finding",
       "web:ada",
       68,
       {{"title", {"Leavers keep access to the claims portal"}},
        {"audit", {"AUDIT-1"}},
        {"type", {"minor-nonconformity"}},
        {"requirements", {"iso27001-2022:A.5.18"}},
        {"statement", {"3 of 12 sampled leavers kept portal accounts for more than 30 days"}},
        {"raised_by", {"Ada Brandt (internal auditor)"}},
        {"raised_on", {day(68)}}}},
      {"audit_finding",
       "web:ada",
       68,
       {{"title", {"Restore runbook names a team, not a person"}},
        {"audit", {"AUDIT-1"}},
        {"type", {"observation"}},
        {"requirements", {"iso27001-2022:A.8.13"}},
        {"statement", {"Naming an on-call owner would make a night-time restore faster"}},
        {"raised_by", {"Ada Brandt (internal auditor)"}},
        {"raised_on", {day(68)}}}},
      {"corrective_action",
       "web:maria",
       69,
       {{"title", {"Disable portal accounts from the HR leaver feed"}},
        {"findings", {"FIND-1"}},
        {"correction", {"Disabled the three accounts"}},
        {"root_cause", {"Leaver tickets do not reach the portal administrators"}},
        {"action", {"The HR leaver feed disables portal accounts on the leaving date"}},
        {"owner", {"Platform team"}},
        {"due_date", {day(73)}}}},
  };
  for (const Seed& s : seeds) {
    auto saved =
        save_entry(ws, {s.kind, "", s.fields, std::nullopt, true}, {s.actor, at(s.day, 7)});
    if (!saved.ok()) return saved.status().with_context(std::string("demo ") + s.kind);
  }
  return Status::Ok();
}

// The first management review, held early on, with its inputs as written up then, and two
// actions: one done since (the internal audit), one still open.
Status seed_demo_review(Workspace& ws, const std::function<d::Timestamp(int, int)>& at) {
  auto day = [&](int n) { return d::format_date(at(n, 0)); };
  const d::FieldValues review = {
      {"title", {"Management review: kick-off of the management system"}},
      {"frameworks", {"iso27001-2022", "iso42001-2023"}},
      {"meeting_date", {day(20)}},
      {"chair", {"Maria Keller (Head of Operations)"}},
      {"attendees",
       {"Maria Keller (Head of Operations)", "Priya Nair (ML lead)", "Sam Otieno (Platform)",
        "Ada Brandt (internal auditor)"}},
      {"status", {"held"}},
      {"input_previous_actions", {"First review: no earlier actions."}},
      {"input_context",
       {"- The EU AI Act applies from 2026; claims triage is classed limited-risk\n"
        "- Claims volume up 30 % after the motor portfolio acquisition"}},
      {"input_interested_parties",
       {"- Two insurer customers now ask for ISO 27001 certification in their contracts\n"
        "- The works council asked how handlers' use of the triage score is monitored"}},
      {"input_performance",
       {"Controls adopted from the library; about a third implemented. No measurements yet."}},
      {"input_audits", {"No internal audit yet; the programme PROG-1 was approved."}},
      {"input_feedback", {"Customer security questionnaires: 3 answered, no open points."}},
      {"input_risks",
       {"Five risks assessed; ransomware and the container vulnerability are the highest. "
        "Treatment plans agreed with the platform team."}},
      {"input_ai_impact",
       {"AIIA-1 (claims triage) signed off with conditions: monthly fairness measurement, "
        "review after six months."}},
      {"input_opportunities", {"Automate evidence from the CI pipeline instead of screenshots."}},
      {"decisions",
       {"Target certification of both standards in one audit next year. Fund the fairness "
        "measurement pipeline. Hold the next review after the first internal audit."}},
      {"signed_off_by", {"Maria Keller (Head of Operations)"}},
      {"signed_off_on", {day(21)}}};
  auto saved = save_entry(ws, {"management_review", "", review, std::nullopt, true},
                          {"web:maria", at(21, 8)});
  if (!saved.ok()) return saved.status().with_context("demo management review");
  const std::vector<d::FieldValues> actions = {
      {{"review", {saved->id}},
       {"title", {"Run the first internal audit before the next review"}},
       {"owner", {"Ada Brandt (internal auditor)"}},
       {"due_date", {day(70)}},
       {"status", {"open"}}},
      {{"review", {saved->id}},
       {"title", {"Pipeline that measures the triage model's fairness monthly"}},
       {"owner", {"Priya Nair (ML lead)"}},
       {"due_date", {day(60)}},
       {"status", {"open"}}}};
  std::vector<std::string> ids;
  for (const d::FieldValues& a : actions) {
    auto added =
        save_entry(ws, {"review_action", "", a, std::nullopt, true}, {"web:maria", at(21, 9)});
    if (!added.ok()) return added.status().with_context("demo review action");
    ids.push_back(added->id);
  }
  // The audit started: the first action is done.
  auto first = find_entry(ws, "review_action", ids.front());
  if (!first.ok()) return first.status();
  d::FieldValues done = first->fields;
  done["status"] = {"done"};
  done["completed_on"] = {day(66)};
  auto changed = save_entry(ws, {"review_action", first->id, done, first->version, true},
                            {"web:ada", at(66, 9)});
  return changed.ok() ? Status::Ok() : changed.status().with_context("demo review action");
}

}  // namespace

Status seed_demo_registers(Workspace& ws, const std::function<d::Timestamp(int, int)>& at) {
  const std::string accepted_on = d::format_date(at(10, 0));
  const std::vector<Seed> seeds = {
      {"asset",
       "web:maria",
       2,
       {{"name", {"Customer claims database"}},
        {"type", {"information"}},
        {"owner", {"Platform team"}},
        {"classification", {"confidential"}},
        {"location", {"CloudCo eu-west, PostgreSQL"}},
        {"criticality", {"high"}}}},
      {"asset",
       "web:maria",
       2,
       {{"name", {"Claims training dataset 2025"}},
        {"type", {"dataset"}},
        {"owner", {"ML team"}},
        {"classification", {"restricted"}},
        {"criticality", {"high"}}}},
      {"asset",
       "web:maria",
       2,
       {{"name", {"Triage model registry"}},
        {"type", {"model"}},
        {"owner", {"ML team"}},
        {"classification", {"internal"}},
        {"criticality", {"medium"}}}},
      {"supplier",
       "web:maria",
       3,
       {{"name", {"CloudCo"}},
        {"supplies", {"cloud"}},
        {"description", {"Hosting of the claims platform and the model serving cluster"}},
        {"assets", {"ASSET-1", "ASSET-3"}},
        {"contract_ref", {"MSA-2025-014"}},
        {"dpa_ref", {"DPA-2025-014"}},
        {"assessed_on", {d::format_date(at(3, 0))}},
        {"assessment_result", {"approved"}},
        {"owner", {"Security & Compliance"}}}},
      {"supplier",
       "web:maria",
       3,
       {{"name", {"LabelWorks"}},
        {"supplies", {"data", "service"}},
        {"description", {"Annotation of claim documents for training"}},
        {"assets", {"ASSET-2"}},
        {"contract_ref", {"SOW-2025-031"}},
        {"dpa_ref", {"DPA-2025-031"}},
        {"assessed_on", {d::format_date(at(3, 0))}},
        {"assessment_result", {"approved-with-conditions"}},
        {"owner", {"ML team"}}}},
      {"ai_system",
       "web:maria",
       4,
       {{"name", {"Claims triage"}},
        {"purpose", {"Ranks incoming insurance claims by urgency and routes them to a handler"}},
        {"intended_use", {"Ordering the handlers' queue; a person decides every claim"}},
        {"foreseeable_misuse", {"Using the urgency score to deny or delay claims"}},
        {"role", {"provider", "developer"}},
        {"lifecycle_stage", {"deployed"}},
        {"models", {"triage-gbm v2.3"}},
        {"data_sources",
         {"training: claims 2021-2025 with handler outcomes (internal, pseudonymised)",
          "validation: holdout of Q4 2025 claims",
          "production: new claims from the claims portal"}},
        {"autonomy", {"human-on-the-loop"}},
        {"human_oversight",
         {"Handlers see the score and its top factors and can re-order the queue; weekly review "
          "of re-ordered claims by the claims lead"}},
        {"stakeholders", {"claimants", "claims handlers", "insurer customers"}},
        {"eu_ai_act_class", {"limited-risk"}},
        {"owner", {"ML team"}},
        {"review_date", {d::format_date(at(95, 0))}},
        {"assets", {"ASSET-2", "ASSET-3"}},
        {"suppliers", {"SUP-1", "SUP-2"}},
        {"min_disparate_impact", {"0.8"}},
        {"psi_limit", {"0.25"}}}},
      {"impact_assessment",
       "web:maria",
       8,
       {{"title", {"Claims triage 2026"}},
        {"ai_system", {"AIS-1"}},
        {"scope", {"Claims triage v2 for household and motor claims in the EU"}},
        {"intended_uses", {"Ordering the handlers' queue by urgency"}},
        {"affected", {"claimants", "claims handlers"}},
        {"benefits", {"Urgent claims (water damage, injury) reach a handler hours earlier"}},
        {"harms",
         {"4/2 claims from older claimants ranked as less urgent",
          "3/3 handlers over-rely on the score and stop reading the claim",
          "4/1 claim documents exposed through the model's logs"}},
        {"existing_measures", {"Human decision on every claim; pseudonymised training data"}},
        {"planned_measures", {"Monthly fairness measurement by age band; log redaction"}},
        {"residual_impact", {"moderate"}},
        {"decision", {"proceed-with-conditions"}},
        {"conditions", {"Monthly fairness measurement; review after six months"}},
        {"signed_off_by", {"Maria Keller (Head of Operations)"}},
        {"signed_off_on", {d::format_date(at(8, 0))}}}},
      {"risk",
       "web:demo",
       10,
       {{"title", {"Ransomware encrypts the claims database"}},
        {"category", {"security"}},
        {"assets", {"ASSET-1"}},
        {"threat", {"ransomware"}},
        {"vulnerability", {"backups reachable from production credentials"}},
        {"cia", {"integrity", "availability"}},
        {"inherent_likelihood", {"3"}},
        {"inherent_impact", {"5"}},
        {"treatment", {"modify"}},
        {"controls", {"TEC-13", "TEC-07", "TEC-02"}},
        {"residual_likelihood", {"2"}},
        {"residual_impact", {"3"}},
        {"owner", {"Platform team"}},
        {"review_date", {d::format_date(at(85, 0))}},
        {"accepted_by", {"Maria Keller (Head of Operations)"}},
        {"accepted_on", {accepted_on}}}},
      {"risk",
       "web:demo",
       10,
       {{"title", {"Critical vulnerability in a public container image"}},
        {"category", {"security"}},
        {"assets", {"ASSET-3"}},
        {"threat", {"exploitation of a known vulnerability"}},
        {"cia", {"confidentiality", "integrity"}},
        {"inherent_likelihood", {"4"}},
        {"inherent_impact", {"4"}},
        {"treatment", {"modify"}},
        {"controls", {"TEC-08", "TEC-30"}},
        {"owner", {"Platform team"}},
        {"review_date", {d::format_date(at(40, 0))}}}},
      {"risk",
       "web:demo",
       11,
       {{"title", {"Cloud region outage stops claims intake"}},
        {"category", {"security"}},
        {"assets", {"ASSET-1"}},
        {"threat", {"provider outage"}},
        {"cia", {"availability"}},
        {"inherent_likelihood", {"2"}},
        {"inherent_impact", {"4"}},
        {"treatment", {"share"}},
        {"suppliers", {"SUP-1"}},
        {"treatment_plan", {"CloudCo SLA 99.95 % with service credits; multi-zone deployment"}},
        {"residual_likelihood", {"2"}},
        {"residual_impact", {"3"}},
        {"owner", {"Security & Compliance"}},
        {"accepted_by", {"Maria Keller (Head of Operations)"}},
        {"accepted_on", {accepted_on}}}},
      {"risk",
       "web:maria",
       12,
       {{"title", {"Training data drifts from current claims"}},
        {"category", {"ai"}},
        {"ai_systems", {"AIS-1"}},
        {"risk_source", {"data-quality"}},
        {"affected_parties", {"claimants"}},
        {"inherent_likelihood", {"3"}},
        {"inherent_impact", {"3"}},
        {"treatment", {"modify"}},
        {"controls", {"AI-19", "AI-23"}},
        {"residual_likelihood", {"2"}},
        {"residual_impact", {"2"}},
        {"owner", {"ML team"}}}},
  };
  for (const Seed& s : seeds) {
    auto saved =
        save_entry(ws, {s.kind, "", s.fields, std::nullopt, true}, {s.actor, at(s.day, 5)});
    if (!saved.ok()) return saved.status().with_context(std::string("demo ") + s.kind);
  }
  // The assessment's harms become AI risks; the first is then treated by validation.
  auto raised = raise_risks_from_assessment(ws, "AIIA-1", {"web:maria", at(13, 5)});
  if (!raised.ok()) return raised.status();
  auto bias = find_entry(ws, "risk", raised->front());
  if (!bias.ok()) return bias.status();
  d::FieldValues fields = bias->fields;
  fields["risk_source"] = {"bias"};
  fields["treatment"] = {"modify"};
  fields["controls"] = {"AI-17", "AI-11"};
  fields["treatment_plan"] = {"Monthly fairness measurement by age band (four-fifths screen)"};
  auto treated =
      save_entry(ws, {"risk", bias->id, fields, bias->version, true}, {"web:maria", at(14, 5)});
  if (!treated.ok()) return treated.status();

  const std::vector<Seed> events = {
      {"lifecycle_event",
       "web:maria",
       5,
       {{"ai_system", {"AIS-1"}},
        {"model_version", {"triage-gbm v2.3"}},
        {"event", {"data-approved"}},
        {"actor", {"Priya Nair (ML lead)"}},
        {"date", {d::format_date(at(5, 0))}},
        {"rationale", {"Claims 2021-2025 pseudonymised; LabelWorks annotations spot-checked"}}}},
      {"lifecycle_event",
       "web:maria",
       6,
       {{"ai_system", {"AIS-1"}},
        {"model_version", {"triage-gbm v2.3"}},
        {"event", {"trained"}},
        {"actor", {"Priya Nair (ML lead)"}},
        {"date", {d::format_date(at(6, 0))}},
        {"rationale", {"Gradient boosting, 412 features; reproducible from the pipeline tag"}}}},
      {"lifecycle_event",
       "web:maria",
       15,
       {{"ai_system", {"AIS-1"}},
        {"model_version", {"triage-gbm v2.3"}},
        {"event", {"deployment-approved"}},
        {"actor", {"Maria Keller (Head of Operations)"}},
        {"date", {d::format_date(at(15, 0))}},
        {"rationale", {"Impact assessment AIIA-1 signed off with conditions"}}}},
  };
  for (const Seed& s : events) {
    auto saved =
        save_entry(ws, {s.kind, "", s.fields, std::nullopt, true}, {s.actor, at(s.day, 6)});
    if (!saved.ok()) return saved.status().with_context("demo life-cycle event");
  }
  CW_RETURN_IF_ERROR(seed_demo_review(ws, at));
  CW_RETURN_IF_ERROR(seed_demo_audit(ws, at));
  return seed_demo_people(ws, at);
}

}  // namespace crosswalk::service
