#include "service/audit_report.h"

#include <map>

namespace crosswalk::service {
namespace d = crosswalk::domain;

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : separator) + i;
  return out;
}

std::string text(const d::FieldValues& f, const char* name) {
  return d::field_text(f, name);
}

std::string finding_type_label(const std::string& type) {
  if (type == "major-nonconformity") return "Major nonconformity";
  if (type == "minor-nonconformity") return "Minor nonconformity";
  if (type == "observation") return "Observation";
  return "Opportunity for improvement";
}

}  // namespace

std::string audit_report_file_name(const AuditView& v, bool pdf) {
  return "audit-report-" + v.audit.id + (pdf ? ".pdf" : ".md");
}

report::Document audit_report(const AuditView& v) {
  const d::FieldValues& a = v.audit.fields;
  report::Document doc;
  doc.landscape = true;
  doc.title = "Internal audit report: " + text(a, "title");
  doc.subtitle =
      v.audit.id + " · " + text(a, "status") + " · generated " + d::format_datetime(v.generated_at);

  doc.heading("Audit");
  std::vector<std::vector<std::string>> facts;
  if (!v.programme_name.empty())
    facts.push_back({"Programme", text(a, "programme") + " " + v.programme_name});
  facts.push_back({"Standards", joined(d::field_list(a, "frameworks"))});
  const auto& criteria = d::field_list(a, "requirements");
  facts.push_back({"Criteria", criteria.empty() ? "every requirement of the standards audited"
                                                : joined(criteria)});
  facts.push_back({"Scope", text(a, "scope")});
  facts.push_back({"Lead auditor", text(a, "lead_auditor")});
  if (!d::field_list(a, "auditors").empty())
    facts.push_back({"Other auditors", joined(d::field_list(a, "auditors"))});
  if (!d::field_list(a, "auditees").empty())
    facts.push_back({"Auditees", joined(d::field_list(a, "auditees"))});
  std::string dates = text(a, "planned_start");
  if (!text(a, "planned_end").empty()) dates += " to " + text(a, "planned_end");
  facts.push_back({"Dates", dates});
  if (!text(a, "report_date").empty()) facts.push_back({"Report date", text(a, "report_date")});
  doc.table({"Item", "Detail"}, std::move(facts));

  doc.heading("Conclusion");
  doc.paragraph(text(a, "conclusion").empty() ? "Not yet concluded." : text(a, "conclusion"));
  const d::AuditSummary& s = v.summary;
  doc.paragraph(
      std::to_string(s.checked) + " of " + std::to_string(s.requirements) +
      " requirements checked: " + std::to_string(s.conforming) + " conforming, " +
      std::to_string(s.nonconforming) + " nonconforming, " + std::to_string(s.not_verified) +
      " not verified. Findings: " + std::to_string(s.major) + " major and " +
      std::to_string(s.minor) + " minor nonconformities, " + std::to_string(s.observations) +
      " observations, " + std::to_string(s.opportunities) + " opportunities for improvement.");

  doc.heading("Findings");
  if (v.finding_views.empty()) doc.paragraph("No findings were raised.");
  std::map<std::string, std::vector<std::string>> actions_of;
  for (const ActionView& act : v.actions)
    for (const std::string& f : d::field_list(act.entry.fields, "findings"))
      actions_of[f].push_back(act.entry.id + " (" + std::string(d::to_string(act.state)) + ")");
  std::vector<std::vector<std::string>> findings;
  for (const FindingView& f : v.finding_views) {
    const d::FieldValues& ff = f.entry.fields;
    findings.push_back({f.entry.id, finding_type_label(text(ff, "type")),
                        text(ff, "title") + ": " + text(ff, "statement"),
                        joined(d::field_list(ff, "requirements")),
                        joined(d::field_list(ff, "controls")),
                        text(ff, "raised_by") + ", " + text(ff, "raised_on"), f.state,
                        joined(actions_of[f.entry.id])});
  }
  if (!findings.empty())
    doc.table({"Id", "Type", "Finding", "Requirements", "Controls", "Raised", "State",
               "Corrective actions"},
              std::move(findings));

  doc.heading("Corrective actions");
  if (v.actions.empty()) doc.paragraph("No corrective actions.");
  std::vector<std::vector<std::string>> actions;
  for (const ActionView& act : v.actions) {
    const d::FieldValues& f = act.entry.fields;
    std::string check = text(f, "effectiveness_check");
    if (!text(f, "verified_by").empty())
      check += " (" + text(f, "verified_by") + ", " + text(f, "verified_on") +
               ", effective: " + text(f, "effective") + ")";
    actions.push_back({act.entry.id, joined(d::field_list(f, "findings")), text(f, "root_cause"),
                       text(f, "action"), text(f, "owner"), text(f, "due_date"),
                       std::string(d::to_string(act.state)), check});
  }
  if (!actions.empty())
    doc.table(
        {"Id", "Findings", "Root cause", "Action", "Owner", "Due", "State", "Effectiveness check"},
        std::move(actions));

  doc.heading("Checklist");
  std::vector<std::vector<std::string>> rows;
  for (const d::ChecklistRow& r : v.rows) {
    std::vector<std::string> sampled, seen, by;
    for (const d::AuditRecord* c : r.checks) {
      for (const std::string& e : d::field_list(c->fields, "evidence")) sampled.push_back(e);
      if (!text(c->fields, "note").empty()) seen.push_back(text(c->fields, "note"));
      by.push_back(text(c->fields, "checked_by") + " " + text(c->fields, "checked_on"));
    }
    std::vector<std::string> found;
    for (const d::AuditRecord* f : r.findings) found.push_back(f->id);
    std::vector<std::string> controls;
    for (const d::SoaControl& c : r.controls) controls.push_back(c.id);
    rows.push_back({r.framework + " " + r.ref + " " + r.title,
                    r.applicable ? joined(controls) : "excluded: " + r.justification, r.result,
                    joined(sampled), joined(seen, "; "), joined(by, "; "), joined(found)});
  }
  doc.table({"Requirement", "Controls", "Result", "Evidence sampled", "What was seen", "Checked",
             "Findings"},
            std::move(rows));
  return doc;
}

}  // namespace crosswalk::service
