#include "domain/register.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "common/utf8.h"
#include "domain/field_specs.h"
#include "domain/management_review.h"
#include "domain/register_kinds.h"
#include "domain/time.h"

namespace crosswalk::domain {

namespace {

using namespace spec;

// Internal audits (ISO 27001 / 42001 clause 9.2) and what follows from them (10.2).
void add_audit_kinds(std::vector<RegisterKind>& k) {
  k.push_back(
      {"audit_programme",
       "Audit programme",
       "Audit programmes",
       "PROG",
       "name",
       false,
       {text("name", "Name", true, "e.g. Internal audits 2026"),
        links("frameworks", "Standards covered", "framework", true),
        date("period_start", "From", true), date("period_end", "To", true),
        prose("objectives", "Objectives", true),
        prose("method", "Frequency, methods and responsibilities"), text("owner", "Owner", true),
        text("approved_by", "Approved by"), date("approved_on", "Approved on")}});
  k.push_back(
      {"audit",
       "Audit",
       "Audits",
       "AUDIT",
       "title",
       false,
       {text("title", "Title", true), link("programme", "Audit programme", "audit_programme"),
        links("frameworks", "Standards audited", "framework", true),
        links("requirements", "Audit criteria", "requirement", false,
              "The requirements audited (FRAMEWORK:REF); none means every requirement of the "
              "standards audited"),
        prose("scope", "Scope", true, "The units, sites, processes and AI systems audited"),
        text("lead_auditor", "Lead auditor", true),
        list("auditors", "Other auditors", false, "One per line"),
        list("auditees", "Auditees", false, "One per line"), date("planned_start", "Starts", true),
        date("planned_end", "Ends"),
        choice("status", "Status", {"planned", "in-progress", "completed", "cancelled"}, true),
        date("report_date", "Report date"), prose("conclusion", "Conclusion")}});
  RegisterKind check{
      "audit_check",
      "Audit check",
      "Audit checks",
      "CHECK",
      "requirement",
      false,
      {link("audit", "Audit", "audit", true),
       link("requirement", "Requirement", "requirement", true),
       choice("result", "Result", {"conforming", "nonconforming", "not-verified"}, true),
       links("evidence", "Evidence sampled", "evidence"),
       links("controls", "Controls examined", "control"),
       prose("note", "What was examined and seen"), text("checked_by", "Checked by", true),
       date("checked_on", "Checked on", true)}};
  check.write_action = Action::kRaiseFinding;
  k.push_back(std::move(check));
  RegisterKind finding{
      "audit_finding",
      "Audit finding",
      "Audit findings",
      "FIND",
      "title",
      false,
      {text("title", "Title", true), link("audit", "Audit", "audit"),
       choice("type", "Type",
              {"major-nonconformity", "minor-nonconformity", "observation",
               "opportunity-for-improvement"},
              true),
       links("requirements", "Requirements", "requirement", false,
             "FRAMEWORK:REF, e.g. iso27001-2022:A.5.24"),
       links("controls", "Controls", "control"), links("evidence", "Evidence", "evidence"),
       prose("statement", "What was found", true), text("raised_by", "Raised by", true),
       date("raised_on", "Raised on", true),
       prose("response", "Response", false, "How an observation or opportunity was answered")}};
  finding.write_action = Action::kRaiseFinding;
  k.push_back(std::move(finding));
  k.push_back({"corrective_action",
               "Corrective action",
               "Corrective actions",
               "CA",
               "title",
               false,
               {text("title", "Title", true),
                links("findings", "Findings corrected", "audit_finding", false,
                      "The findings or incidents it corrects: at least one"),
                links("incidents", "Incidents it follows", "incident"),
                prose("correction", "Immediate correction"), prose("root_cause", "Root cause"),
                prose("action", "Action", true), text("owner", "Owner", true),
                date("due_date", "Due", true), date("completed_on", "Completed on"),
                prose("effectiveness_check", "Effectiveness check", false,
                      "How the action's effect was verified, and what was seen"),
                choice("effective", "Effective", {"yes", "no"}), text("verified_by", "Verified by"),
                date("verified_on", "Verified on"), date("closed_on", "Closed on")}});
}

// Management review (clause 9.3): one agenda for both standards, and the actions it decides.
void add_review_kinds(std::vector<RegisterKind>& k) {
  std::vector<FieldSpec> fields = {
      text("title", "Title", true, "e.g. Management review, second half of 2026"),
      links("frameworks", "Standards reviewed", "framework", true),
      date("meeting_date", "Meeting date", true),
      date("since", "Reviewing since"),
      text("chair", "Chaired by", true),
      list("attendees", "Attendees", false, "One per line"),
      choice("status", "Status", {"planned", "held"}, true)};
  for (const ReviewInput& in : review_inputs()) {
    fields.push_back(prose(in.field, in.title, false,
                           (in.help.empty() ? "" : in.help + ". ") + "Asked by " + asked_by(in)));
  }
  fields.push_back(prose("decisions", "Decisions", false,
                         "Clause 9.3.3: improvement opportunities and any changes needed to the "
                         "management system; the actions go in the review's action list"));
  fields.push_back(text("signed_off_by", "Minutes signed off by"));
  fields.push_back(date("signed_off_on", "Signed off on"));
  k.push_back({"management_review", "Management review", "Management reviews", "MR", "title", false,
               std::move(fields)});
  k.push_back(
      {"review_action",
       "Review action",
       "Review actions",
       "MRA",
       "title",
       false,
       {link("review", "Decided in", "management_review", true), text("title", "Title", true),
        text("owner", "Owner", true), date("due_date", "Due", true),
        choice("status", "Status", {"open", "done", "dropped"}, true),
        date("completed_on", "Completed on"), prose("note", "Note")}});
}

std::vector<RegisterKind> make_kinds() {
  std::vector<RegisterKind> k;
  k.push_back({"risk_matrix",
               "Risk matrix",
               "Risk matrices",
               "MATRIX",
               "name",
               false,
               {text("name", "Name", true),
                list("likelihood", "Likelihood levels", true, "One name per line, lowest first"),
                list("impact", "Impact levels", true, "One name per line, lowest first"),
                list("bands", "Risk levels", true,
                     "NAME:HIGHEST_SCORE per line, lowest first, e.g. Low:4; the last one covers "
                     "the highest score"),
                {"acceptance_threshold",
                 "Acceptance threshold",
                 T::kInteger,
                 true,
                 {},
                 {},
                 1,
                 100,
                 "The highest score that may be accepted without further treatment"}}});
  k.push_back({"asset",
               "Asset",
               "Assets",
               "ASSET",
               "name",
               false,
               {text("name", "Name", true),
                choice("type", "Type",
                       {"information", "software", "hardware", "service", "people", "site",
                        "dataset", "model"},
                       true),
                prose("description", "Description"), text("owner", "Owner", true),
                choice("classification", "Classification",
                       {"public", "internal", "confidential", "restricted"}),
                text("location", "Location"),
                choice("criticality", "Criticality", {"low", "medium", "high"}),
                date("review_date", "Next review")}});
  k.push_back(
      {"ai_system",
       "AI system",
       "AI systems",
       "AIS",
       "name",
       false,
       {text("name", "Name", true),
        prose("purpose", "Purpose", true),
        prose("intended_use", "Intended use"),
        prose("foreseeable_misuse", "Reasonably foreseeable misuse"),
        choices("role", "Our role", {"provider", "developer", "deployer", "user"}, true),
        choice("lifecycle_stage", "Life-cycle stage",
               {"design", "development", "validation", "deployed", "monitoring", "retired"}, true),
        list("models", "Models and versions", false, "One per line, e.g. gradient-boosting v3.2"),
        list("data_sources", "Data sources", false,
             "One per line: use (training, validation, production), source and provenance"),
        choice("autonomy", "Autonomy",
               {"human-in-the-loop", "human-on-the-loop", "human-out-of-the-loop"}),
        prose("human_oversight", "Human oversight measures"),
        list("stakeholders", "Affected stakeholders"),
        choice("eu_ai_act_class", "EU AI Act risk class",
               {"prohibited", "high-risk", "limited-risk", "minimal-risk", "not-in-scope"}),
        text("owner", "Owner", true),
        date("review_date", "Next review"),
        links("assets", "Assets it uses", "asset"),
        links("suppliers", "Suppliers", "supplier"),
        {"min_disparate_impact",
         "Lowest acceptable disparate impact ratio",
         T::kText,
         false,
         {},
         {},
         0,
         0,
         "Fairness limit for this system's measurements, e.g. 0.8 (four-fifths)"},
        {"max_parity_difference",
         "Highest acceptable demographic parity difference",
         T::kText,
         false,
         {},
         {},
         0,
         0,
         "e.g. 0.1"},
        {"psi_limit",
         "Highest acceptable drift (PSI)",
         T::kText,
         false,
         {},
         {},
         0,
         0,
         "e.g. 0.25"}}});
  k.push_back({"supplier",
               "Supplier",
               "Suppliers",
               "SUP",
               "name",
               false,
               {text("name", "Name", true),
                choices("supplies", "Supplies",
                        {"cloud", "ai-model", "data", "software", "service", "hardware"}, true),
                prose("description", "What they provide"), links("assets", "For assets", "asset"),
                links("ai_systems", "For AI systems", "ai_system"),
                text("contract_ref", "Contract reference"),
                text("dpa_ref", "Data processing agreement"), date("assessed_on", "Assessed on"),
                choice("assessment_result", "Assessment result",
                       {"approved", "approved-with-conditions", "rejected", "pending"}),
                date("review_date", "Next review"), text("owner", "Owner", true)}});
  k.push_back({"risk",
               "Risk",
               "Risks",
               "RISK",
               "title",
               false,
               {text("title", "Title", true),
                choice("category", "Category", {"security", "ai"}, true),
                prose("description", "Description"),
                link("matrix", "Risk matrix", "risk_matrix", false),
                links("assets", "Assets", "asset"),
                text("threat", "Threat"),
                text("vulnerability", "Vulnerability"),
                choices("cia", "Affects", {"confidentiality", "integrity", "availability"}),
                links("ai_systems", "AI systems", "ai_system"),
                choice("risk_source", "Risk source",
                       {"bias", "transparency", "robustness", "misuse", "data-quality",
                        "third-party-model", "privacy", "security", "accountability", "other"}),
                list("affected_parties", "Affected parties"),
                level("inherent_likelihood", "Inherent likelihood", true),
                level("inherent_impact", "Inherent impact", true),
                choice("treatment", "Treatment", {"modify", "retain", "share", "avoid"}),
                links("controls", "Treating controls", "control"),
                prose("treatment_plan", "Treatment plan"),
                level("residual_likelihood", "Residual likelihood"),
                level("residual_impact", "Residual impact"),
                links("suppliers", "Shared with suppliers", "supplier"),
                link("impact_assessment", "From impact assessment", "impact_assessment"),
                text("owner", "Owner", true),
                date("review_date", "Next review"),
                text("accepted_by", "Residual risk accepted by"),
                date("accepted_on", "Accepted on"),
                prose("acceptance_note", "Acceptance rationale")}});
  k.push_back(
      {"impact_assessment",
       "Impact assessment",
       "Impact assessments",
       "AIIA",
       "title",
       false,
       {text("title", "Title", true), link("ai_system", "AI system", "ai_system", true),
        prose("scope", "Scope and context", true), prose("intended_uses", "Intended uses"),
        prose("foreseeable_misuse", "Reasonably foreseeable misuse"),
        list("affected", "Affected individuals, groups and society", true),
        prose("benefits", "Potential benefits"),
        list("harms", "Potential harms", true,
             "One per line: SEVERITY/LIKELIHOOD description, levels 1-5, e.g. 4/2 qualified "
             "applicants of one group rejected more often"),
        prose("existing_measures", "Existing measures"),
        prose("planned_measures", "Planned measures"),
        choice("residual_impact", "Residual impact",
               {"negligible", "low", "moderate", "high", "severe"}),
        choice("decision", "Decision", {"proceed", "proceed-with-conditions", "do-not-proceed"}),
        prose("conditions", "Conditions"), text("signed_off_by", "Signed off by"),
        date("signed_off_on", "Signed off on"), date("review_date", "Next review")}});
  k.push_back({"lifecycle_event",
               "Life-cycle event",
               "Life-cycle events",
               "EVT",
               "event",
               true,
               {link("ai_system", "AI system", "ai_system", true),
                text("model_version", "Model version", true),
                choice("event", "Event",
                       {"design-decision", "data-approved", "trained", "validated",
                        "deployment-approved", "changed", "retired"},
                       true),
                text("actor", "Who", true, "The named person who did or decided it"),
                date("date", "When", true), prose("rationale", "Rationale", true),
                links("measurements", "Measurements", "measurement"),
                links("evidence", "Evidence", "evidence")}});
  add_audit_kinds(k);
  add_review_kinds(k);
  add_document_and_training_kinds(k);
  add_incident_kinds(k);
  return k;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool multi_valued(FieldType t) {
  return t == T::kChoices || t == T::kList || t == T::kLinks;
}

Status check_value(const FieldSpec& f, std::string& v) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("field " + f.name + ": " + why);
  };
  if (!is_valid_utf8(v)) return bad("is not UTF-8 text");
  if (has_control_character(v, f.type == T::kLongText)) return bad("contains a control character");
  if (v.size() > 20000) return bad("longer than 20,000 bytes");
  switch (f.type) {
    case T::kText:
    case T::kLongText:
    case T::kList:
      return Status::Ok();
    case T::kDate:
      if (v.size() != 10 || !parse_datetime(v))
        return bad("\"" + v + "\" is not a date (YYYY-MM-DD)");
      return Status::Ok();
    case T::kInteger: {
      int n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size())
        return bad("\"" + v + "\" is not a whole number");
      if (f.max > f.min && (n < f.min || n > f.max))
        return bad(v + " is outside " + std::to_string(f.min) + "-" + std::to_string(f.max));
      v = std::to_string(n);
      return Status::Ok();
    }
    case T::kChoice:
    case T::kChoices:
      v = lower(v);
      if (std::find(f.options.begin(), f.options.end(), v) == f.options.end())
        return bad("\"" + v + "\" is not one of " + joined(f.options));
      return Status::Ok();
    case T::kLink:
    case T::kLinks:
      if (v.size() > 200 || v.find_first_of(" ,\n") != std::string::npos)
        return bad("\"" + v + "\" is not an id");
      if (f.target == "requirement" &&
          (v.find(':') == std::string::npos || v.front() == ':' || v.back() == ':'))
        return bad("\"" + v + "\" is not a requirement (FRAMEWORK:REF, e.g. iso27001-2022:A.5.24)");
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

const FieldSpec* RegisterKind::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string RegisterKind::label_in_sentence() const {
  std::string out = label;
  const bool acronym = out.size() > 1 && std::isupper(static_cast<unsigned char>(out[1]));
  if (!out.empty() && !acronym) out[0] = static_cast<char>(std::tolower(out[0]));
  return out;
}

const std::vector<RegisterKind>& register_kinds() {
  static const std::vector<RegisterKind> kinds = make_kinds();
  return kinds;
}

const RegisterKind* find_register_kind(std::string_view kind) {
  for (const auto& k : register_kinds())
    if (k.kind == kind) return &k;
  return nullptr;
}

Result<FieldValues> normalize_fields(const RegisterKind& kind, const FieldValues& input) {
  FieldValues out;
  for (const auto& [name, values] : input) {
    const FieldSpec* f = kind.field(name);
    if (!f) return Status::InvalidInput("field " + name + ": " + kind.label + " has no such field");
    std::vector<std::string> kept;
    std::set<std::string> seen;
    for (const std::string& raw : values) {
      std::string v = f->type == T::kLongText ? raw : trim(raw);
      if (trim(v).empty()) continue;
      CW_RETURN_IF_ERROR(check_value(*f, v));
      if (seen.insert(v).second) kept.push_back(std::move(v));
    }
    if (!multi_valued(f->type) && kept.size() > 1)
      return Status::InvalidInput("field " + name + ": takes one value, got " +
                                  std::to_string(kept.size()));
    if (!kept.empty()) out[name] = std::move(kept);
  }
  for (const auto& f : kind.fields)
    if (f.required && !out.count(f.name))
      return Status::InvalidInput("field " + f.name + ": required (" + f.label + ")");
  return out;
}

const std::string& field_text(const FieldValues& values, const std::string& name) {
  static const std::string empty;
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? empty : it->second.front();
}

const std::vector<std::string>& field_list(const FieldValues& values, const std::string& name) {
  static const std::vector<std::string> empty;
  auto it = values.find(name);
  return it == values.end() ? empty : it->second;
}

}  // namespace crosswalk::domain
