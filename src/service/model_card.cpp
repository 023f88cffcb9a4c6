#include "service/model_card.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "service/registers.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

// Text inside a table cell or a line: no line breaks, no cell separators, no markup.
std::string inline_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' ||
        c == ']' || c == '#' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

std::string paragraph(const d::FieldValues& f, const std::string& name,
                      const std::string& otherwise = "Not documented.") {
  const std::string& v = d::field_text(f, name);
  return v.empty() ? otherwise : inline_text(v);
}

void bullets(std::ostream& out, const std::vector<std::string>& items,
             const std::string& otherwise = "None recorded.") {
  if (items.empty()) out << otherwise << "\n";
  for (const auto& i : items) out << "- " << inline_text(i) << "\n";
  out << "\n";
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Result<std::string> model_card_markdown(Workspace& ws, const std::string& system_id,
                                        const std::string& model_version, d::Timestamp now) {
  auto system = find_entry(ws, "ai_system", system_id);
  if (!system.ok()) return system.status();
  const d::FieldValues& s = system->fields;
  auto events = ws.store().register_entries("lifecycle_event");
  if (!events.ok()) return events.status();
  auto assessments = ws.store().register_entries("impact_assessment");
  if (!assessments.ok()) return assessments.status();
  auto risks = risk_views(ws, now);
  if (!risks.ok()) return risks.status();

  std::ostringstream out;
  out << "# Model card: " << inline_text(d::field_text(s, "name")) << ", model version "
      << inline_text(model_version) << "\n\n";
  out << "AI system " << system_id << " (register version " << system->version << "), owner "
      << paragraph(s, "owner") << ". Generated " << d::format_date(now)
      << " by Crosswalk from the AI system register; every statement below is a recorded "
         "entry.\n\n";

  out << "## Intended use\n\n" << paragraph(s, "purpose") << "\n\n";
  out << "- Intended use: " << paragraph(s, "intended_use") << "\n";
  out << "- Reasonably foreseeable misuse: " << paragraph(s, "foreseeable_misuse") << "\n";
  out << "- Our role: " << inline_text(joined(d::field_list(s, "role"))) << "\n";
  out << "- Life-cycle stage: " << paragraph(s, "lifecycle_stage") << "\n";
  out << "- EU AI Act risk class: " << paragraph(s, "eu_ai_act_class", "not assessed") << "\n";
  out << "- Autonomy: " << paragraph(s, "autonomy", "not stated") << "\n\n";

  out << "## Models\n\n";
  bullets(out, d::field_list(s, "models"));
  out << "## Data\n\n";
  bullets(out, d::field_list(s, "data_sources"));

  std::vector<const store::RegisterEntry*> version_events;
  for (const auto& e : events.value())
    if (d::field_text(e.fields, "ai_system") == system_id &&
        d::field_text(e.fields, "model_version") == model_version)
      version_events.push_back(&e);
  std::sort(version_events.begin(), version_events.end(), [](const auto* a, const auto* b) {
    return d::field_text(a->fields, "date") < d::field_text(b->fields, "date");
  });

  out << "## Evaluation\n\n";
  std::set<std::string> measurement_ids;
  for (const auto* e : version_events)
    for (const auto& m : d::field_list(e->fields, "measurements")) measurement_ids.insert(m);
  auto own = ws.store().measurements(system_id, 20);
  if (!own.ok()) return own.status();
  std::vector<store::MeasurementRecord> measured;
  for (const auto& id : measurement_ids) {
    auto m = ws.store().measurement(id);
    if (!m.ok()) return m.status();
    if (m.value()) measured.push_back(*m.value());
  }
  for (const auto& m : own.value())
    if (!measurement_ids.count(m.id)) measured.push_back(m);
  if (measured.empty()) {
    out << "No measurement of this system is recorded.\n\n";
  } else {
    out << "Signed measurements (verify with `crosswalk ai verify` on the exported evidence):\n\n"
        << "| Measurement | Date | Kind | Verdict | Result | Evidence |\n"
        << "|---|---|---|---|---|---|\n";
    for (const auto& m : measured)
      out << "| " << m.id << (measurement_ids.count(m.id) ? " (this version)" : "") << " | "
          << d::format_date(m.created_at) << " | " << m.kind << " | " << m.verdict << " | "
          << inline_text(m.summary) << " | " << m.evidence_id << " |\n";
    out << "\n";
  }

  out << "## Life cycle of version " << inline_text(model_version) << "\n\n";
  if (version_events.empty()) {
    out << "No life-cycle event is recorded for this version: who designed, trained, validated "
           "and approved it is not documented.\n\n";
  } else {
    out << "| Date | Event | Who | Rationale | Measurements | Evidence |\n"
        << "|---|---|---|---|---|---|\n";
    for (const auto* e : version_events) {
      const auto& f = e->fields;
      out << "| " << d::field_text(f, "date") << " | " << d::field_text(f, "event") << " | "
          << inline_text(d::field_text(f, "actor")) << " | "
          << inline_text(d::field_text(f, "rationale")) << " | "
          << joined(d::field_list(f, "measurements")) << " | "
          << joined(d::field_list(f, "evidence")) << " |\n";
    }
    bool approved = false;
    for (const auto* e : version_events)
      approved = approved || d::field_text(e->fields, "event") == "deployment-approved";
    out << "\n"
        << (approved ? "Deployment of this version was approved (see above)."
                     : "No deployment approval is recorded for this version.")
        << "\n\n";
  }

  out << "## Impact assessments\n\n";
  bool any_assessment = false;
  for (const auto& a : assessments.value()) {
    if (d::field_text(a.fields, "ai_system") != system_id) continue;
    any_assessment = true;
    const auto& f = a.fields;
    out << "- " << a.id << " " << inline_text(d::field_text(f, "title")) << " (version "
        << a.version << "): decision " << paragraph(f, "decision", "pending")
        << ", residual impact " << paragraph(f, "residual_impact", "not stated") << ", "
        << (d::field_text(f, "signed_off_by").empty()
                ? std::string("not signed off")
                : "signed off by " + inline_text(d::field_text(f, "signed_off_by")) + " on " +
                      d::field_text(f, "signed_off_on"))
        << "\n";
  }
  out << (any_assessment ? "\n" : "No impact assessment is recorded.\n\n");

  out << "## Risks and limitations\n\n";
  bool any_risk = false;
  for (const auto& r : risks.value()) {
    const auto& systems = d::field_list(r.entry.fields, "ai_systems");
    if (std::find(systems.begin(), systems.end(), system_id) == systems.end()) continue;
    if (!any_risk)
      out << "| Risk | Source | Current rating | Treatment | Status |\n|---|---|---|---|---|\n";
    any_risk = true;
    const auto rating = r.evaluation.current();
    out << "| " << r.entry.id << " " << inline_text(d::field_text(r.entry.fields, "title")) << " | "
        << d::field_text(r.entry.fields, "risk_source") << " | " << rating.score << " "
        << inline_text(rating.level) << " | "
        << paragraph(r.entry.fields, "treatment", "none chosen") << " | " << r.evaluation.status
        << " |\n";
  }
  out << (any_risk ? "\n" : "No AI risk is recorded for this system.\n\n");

  out << "## Human oversight\n\n" << paragraph(s, "human_oversight") << "\n\n";
  out << "## Affected stakeholders\n\n";
  bullets(out, d::field_list(s, "stakeholders"));
  return out.str();
}

}  // namespace crosswalk::service
