#include "service/model_card.h"

#include <algorithm>
#include <set>

#include "report/markdown.h"
#include "service/registers.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

std::string text_or(const d::FieldValues& f, const std::string& name,
                    const std::string& otherwise = "Not documented.") {
  const std::string& v = d::field_text(f, name);
  return v.empty() ? otherwise : v;
}

std::vector<std::string> list_or_none(const std::vector<std::string>& items) {
  return items.empty() ? std::vector<std::string>{"None recorded."} : items;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Result<report::Document> model_card(Workspace& ws, const std::string& system_id,
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

  report::Document doc;
  doc.title = "Model card: " + d::field_text(s, "name") + ", model version " + model_version;
  doc.subtitle = "AI system " + system_id + " (register version " +
                 std::to_string(system->version) + "), owner " + text_or(s, "owner") +
                 ". Generated " + d::format_date(now) +
                 " by Crosswalk from the registers; every statement below is a recorded entry.";

  doc.heading("Intended use");
  doc.paragraph(text_or(s, "purpose"));
  doc.bullets({"Intended use: " + text_or(s, "intended_use"),
               "Reasonably foreseeable misuse: " + text_or(s, "foreseeable_misuse"),
               "Our role: " + joined(d::field_list(s, "role")),
               "Life-cycle stage: " + text_or(s, "lifecycle_stage"),
               "EU AI Act risk class: " + text_or(s, "eu_ai_act_class", "not assessed"),
               "Autonomy: " + text_or(s, "autonomy", "not stated")});
  doc.heading("Models");
  doc.bullets(list_or_none(d::field_list(s, "models")));
  doc.heading("Data");
  doc.bullets(list_or_none(d::field_list(s, "data_sources")));

  std::vector<const store::RegisterEntry*> version_events;
  for (const auto& e : events.value())
    if (d::field_text(e.fields, "ai_system") == system_id &&
        d::field_text(e.fields, "model_version") == model_version)
      version_events.push_back(&e);
  std::stable_sort(version_events.begin(), version_events.end(), [](const auto* a, const auto* b) {
    return d::field_text(a->fields, "date") < d::field_text(b->fields, "date");
  });

  doc.heading("Evaluation");
  std::set<std::string> measurement_ids;
  for (const auto* e : version_events)
    for (const auto& m : d::field_list(e->fields, "measurements")) measurement_ids.insert(m);
  std::vector<store::MeasurementRecord> measured;
  for (const auto& id : measurement_ids) {
    auto m = ws.store().measurement(id);
    if (!m.ok()) return m.status();
    if (m.value()) measured.push_back(*m.value());
  }
  auto own = ws.store().measurements(system_id, 20);
  if (!own.ok()) return own.status();
  for (const auto& m : own.value())
    if (!measurement_ids.count(m.id)) measured.push_back(m);
  if (measured.empty()) {
    doc.paragraph("No measurement of this system is recorded.");
  } else {
    doc.paragraph(
        "Signed measurements; each document's signature is checked offline by crosswalk ai "
        "verify on the exported evidence file.");
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : measured)
      rows.push_back({m.id + (measurement_ids.count(m.id) ? " (this version)" : ""),
                      d::format_date(m.created_at), m.kind, m.verdict, m.summary, m.evidence_id});
    doc.table({"Measurement", "Date", "Kind", "Verdict", "Result", "Evidence"}, rows);
  }

  doc.heading("Life cycle of version " + model_version);
  if (version_events.empty()) {
    doc.paragraph(
        "No life-cycle event is recorded for this version: who designed, trained, validated and "
        "approved it is not documented.");
  } else {
    std::vector<std::vector<std::string>> rows;
    bool approved = false;
    for (const auto* e : version_events) {
      const auto& f = e->fields;
      approved = approved || d::field_text(f, "event") == "deployment-approved";
      rows.push_back({d::field_text(f, "date"), d::field_text(f, "event"),
                      d::field_text(f, "actor"), d::field_text(f, "rationale"),
                      joined(d::field_list(f, "measurements")),
                      joined(d::field_list(f, "evidence"))});
    }
    doc.table({"Date", "Event", "Who", "Rationale", "Measurements", "Evidence"}, rows);
    doc.paragraph(approved ? "Deployment of this version was approved (see above)."
                           : "No deployment approval is recorded for this version.");
  }

  doc.heading("Impact assessments");
  std::vector<std::string> assessed;
  for (const auto& a : assessments.value()) {
    if (d::field_text(a.fields, "ai_system") != system_id) continue;
    const auto& f = a.fields;
    assessed.push_back(a.id + " " + d::field_text(f, "title") + " (version " +
                       std::to_string(a.version) + "): decision " +
                       text_or(f, "decision", "pending") + ", residual impact " +
                       text_or(f, "residual_impact", "not stated") + ", " +
                       (d::field_text(f, "signed_off_by").empty()
                            ? std::string("not signed off")
                            : "signed off by " + d::field_text(f, "signed_off_by") + " on " +
                                  d::field_text(f, "signed_off_on")));
  }
  if (assessed.empty())
    doc.paragraph("No impact assessment is recorded.");
  else
    doc.bullets(assessed);

  doc.heading("Risks and limitations");
  std::vector<std::vector<std::string>> risk_rows;
  for (const auto& r : risks.value()) {
    const auto& systems = d::field_list(r.entry.fields, "ai_systems");
    if (std::find(systems.begin(), systems.end(), system_id) == systems.end()) continue;
    const auto rating = r.evaluation.current();
    risk_rows.push_back({r.entry.id + " " + d::field_text(r.entry.fields, "title"),
                         d::field_text(r.entry.fields, "risk_source"),
                         std::to_string(rating.score) + " " + rating.level,
                         text_or(r.entry.fields, "treatment", "none chosen"), r.evaluation.status});
  }
  if (risk_rows.empty())
    doc.paragraph("No AI risk is recorded for this system.");
  else
    doc.table({"Risk", "Source", "Current rating", "Treatment", "Status"}, risk_rows);

  doc.heading("Human oversight");
  doc.paragraph(text_or(s, "human_oversight"));
  doc.heading("Affected stakeholders");
  doc.bullets(list_or_none(d::field_list(s, "stakeholders")));
  return doc;
}

Result<std::string> model_card_markdown(Workspace& ws, const std::string& system_id,
                                        const std::string& model_version, d::Timestamp now) {
  auto doc = model_card(ws, system_id, model_version, now);
  if (!doc.ok()) return doc.status();
  return report::to_markdown(doc.value());
}

}  // namespace crosswalk::service
