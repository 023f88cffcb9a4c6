#include "service/duties.h"

#include <algorithm>
#include <map>

#include "domain/documents.h"
#include "service/register_json.h"
#include "service/registers.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using json = nlohmann::ordered_json;

namespace {

Result<std::vector<d::Person>> people_of(Workspace& ws) {
  auto entries = ws.store().register_entries("person");
  if (!entries.ok()) return entries.status();
  std::vector<d::Person> out;
  for (const auto& e : entries.value()) out.push_back(d::person_from(e.id, e.fields));
  return out;
}

// The entries of `kind` whose `link` field names `id`, newest first.
Result<std::vector<store::RegisterEntry>> records_for(Workspace& ws, const std::string& kind,
                                                      const std::string& link,
                                                      const std::string& id) {
  auto entries = ws.store().register_entries(kind);
  if (!entries.ok()) return entries.status();
  std::vector<store::RegisterEntry> out;
  for (auto& e : entries.value())
    if (d::field_text(e.fields, link) == id) out.push_back(std::move(e));
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<d::Completion> completions_of(const std::vector<store::RegisterEntry>& records,
                                          const std::string& version_field,
                                          const std::string& date_field) {
  std::vector<d::Completion> out;
  for (const auto& r : records)
    out.push_back({d::field_text(r.fields, "person"), d::field_text(r.fields, version_field),
                   d::field_text(r.fields, date_field)});
  return out;
}

std::vector<ApprovedVersion> approved_versions(const std::vector<store::RegisterEntry>& history) {
  std::vector<ApprovedVersion> out;
  for (const auto& h : history) {  // newest first
    const std::string& on = d::field_text(h.fields, "approved_on");
    const std::string& version = d::field_text(h.fields, "version");
    if (on.empty()) continue;
    if (!out.empty() && out.back().version == version && out.back().approved_on == on) continue;
    bool seen = false;
    for (const auto& v : out) seen = seen || (v.version == version && v.approved_on == on);
    if (!seen)
      out.push_back({version, d::field_text(h.fields, "approved_by"), on,
                     d::field_text(h.fields, "change_note")});
  }
  return out;
}

}  // namespace

Result<DocumentView> document_view(Workspace& ws, const std::string& id, d::Timestamp now) {
  auto doc = find_entry(ws, "document", id);
  if (!doc.ok()) return doc.status();
  DocumentView v;
  v.document = std::move(doc.value());
  v.state = d::document_state(v.document.fields, now);
  v.next_review = d::document_next_review(v.document.fields);
  auto history = ws.store().register_history("document", id);
  if (!history.ok()) return history.status();
  v.versions = approved_versions(history.value());
  auto people = people_of(ws);
  if (!people.ok()) return people.status();
  auto acks = records_for(ws, "acknowledgement", "document", id);
  if (!acks.ok()) return acks.status();
  v.acknowledgements = std::move(acks.value());
  if (auto o = d::acknowledgement_obligation(v.document.fields))
    v.duties = d::duties_of(*o, people.value(),
                            completions_of(v.acknowledgements, "version", "acknowledged_on"), now);
  return v;
}

Result<CourseView> course_view(Workspace& ws, const std::string& id, d::Timestamp now) {
  auto course = find_entry(ws, "course", id);
  if (!course.ok()) return course.status();
  CourseView v;
  v.course = std::move(course.value());
  auto people = people_of(ws);
  if (!people.ok()) return people.status();
  auto records = records_for(ws, "training_record", "course", id);
  if (!records.ok()) return records.status();
  v.records = std::move(records.value());
  if (auto o = d::training_obligation(v.course.fields))
    v.duties = d::duties_of(*o, people.value(),
                            completions_of(v.records, "course_version", "completed_on"), now);
  return v;
}

Result<DutyAttention> duty_attention(Workspace& ws, d::Timestamp now) {
  DutyAttention out;
  auto people = people_of(ws);
  if (!people.ok()) return people.status();
  // Every document's or course's records, read once and grouped by what they complete.
  auto completions_by = [&](const std::string& record_kind, const std::string& link,
                            const std::string& version_field, const std::string& date_field)
      -> Result<std::map<std::string, std::vector<d::Completion>>> {
    auto records = ws.store().register_entries(record_kind);
    if (!records.ok()) return records.status();
    std::map<std::string, std::vector<d::Completion>> out;
    for (const auto& r : records.value())
      out[d::field_text(r.fields, link)].push_back({d::field_text(r.fields, "person"),
                                                    d::field_text(r.fields, version_field),
                                                    d::field_text(r.fields, date_field)});
    return out;
  };
  auto tally = [&](const std::string& what_kind, const store::RegisterEntry& e,
                   const std::optional<d::Obligation>& o,
                   std::map<std::string, std::vector<d::Completion>>& done) {
    if (!o) return;
    for (const d::Duty& duty : d::duties_of(*o, people.value(), done[e.id], now)) {
      ++out.people;
      if (duty.state == d::DutyState::kDone) ++out.done;
      if (duty.state == d::DutyState::kDue) ++out.due;
      if (duty.state == d::DutyState::kOverdue)
        out.overdue.push_back({duty.person, duty.name, what_kind, e.id,
                               d::field_text(e.fields, "title"), o->version, duty.due_on});
    }
  };
  auto documents = ws.store().register_entries("document");
  if (!documents.ok()) return documents.status();
  auto acks = completions_by("acknowledgement", "document", "version", "acknowledged_on");
  if (!acks.ok()) return acks.status();
  for (const auto& doc : documents.value()) {
    tally("document", doc, d::acknowledgement_obligation(doc.fields), acks.value());
    if (d::document_state(doc.fields, now) == "review-due") out.documents_review_due.push_back(doc);
  }
  auto courses = ws.store().register_entries("course");
  if (!courses.ok()) return courses.status();
  auto records = completions_by("training_record", "course", "course_version", "completed_on");
  if (!records.ok()) return records.status();
  for (const auto& course : courses.value())
    tally("course", course, d::training_obligation(course.fields), records.value());
  std::sort(out.overdue.begin(), out.overdue.end(), [](const OverdueDuty& a, const OverdueDuty& b) {
    return std::tie(a.due_on, a.person_name, a.what_id) <
           std::tie(b.due_on, b.person_name, b.what_id);
  });
  return out;
}

Status prepare_duty_record(Workspace& ws, const std::string& kind, d::FieldValues& fields,
                           const d::FieldValues& before, bool creating) {
  if (kind == "document" && !creating) return d::check_document_revision(before, fields);
  const bool ack = kind == "acknowledgement";
  if (!creating || (!ack && kind != "training_record")) return Status::Ok();
  const std::string parent_kind = ack ? "document" : "course";
  const std::string version_field = ack ? "version" : "course_version";
  const std::string date_field = ack ? "acknowledged_on" : "completed_on";
  const std::string& parent_id = d::field_text(fields, parent_kind);
  auto parent = find_entry(ws, parent_kind, parent_id);
  if (!parent.ok()) return parent.status().with_context("field " + parent_kind);
  if (d::field_text(fields, version_field).empty())
    fields[version_field] = {d::field_text(parent->fields, "version")};
  if (ack) CW_RETURN_IF_ERROR(d::check_acknowledgement(fields, parent_id, parent->fields));
  auto earlier = records_for(ws, kind, parent_kind, parent_id);
  if (!earlier.ok()) return earlier.status();
  for (const auto& e : earlier.value()) {
    if (d::field_text(e.fields, "person") != d::field_text(fields, "person") ||
        d::field_text(e.fields, version_field) != d::field_text(fields, version_field))
      continue;
    // Courses repeated on a cycle are taken again; the same day twice is a duplicate.
    if (ack || d::field_text(e.fields, date_field) == d::field_text(fields, date_field))
      return Status::InvalidInput("field person: " + d::field_text(fields, "person") +
                                  (ack ? " already acknowledged " : " already completed ") +
                                  parent_id + " version " + d::field_text(fields, version_field) +
                                  " on " + d::field_text(e.fields, date_field) + " (" + e.id + ")");
  }
  return Status::Ok();
}

json duty_json(const d::Duty& duty) {
  json out = {
      {"person", duty.person}, {"name", duty.name}, {"state", d::duty_state_name(duty.state)}};
  if (!duty.due_on.empty()) out["due_on"] = duty.due_on;
  if (!duty.done_on.empty()) out["done_on"] = duty.done_on;
  return out;
}

namespace {

json duties_json(const std::vector<d::Duty>& duties) {
  const d::DutyCounts n = d::count_duties(duties);
  json people = json::array();
  for (const d::Duty& duty : duties) people.push_back(duty_json(duty));
  return {{"people", n.people},
          {"done", n.done},
          {"due", n.due},
          {"overdue", n.overdue},
          {"duties", people}};
}

}  // namespace

json document_json(const DocumentView& v) {
  json versions = json::array();
  for (const ApprovedVersion& a : v.versions)
    versions.push_back({{"version", a.version},
                        {"approved_by", a.approved_by},
                        {"approved_on", a.approved_on},
                        {"change_note", a.change_note}});
  json acks = json::array();
  for (const auto& a : v.acknowledgements) acks.push_back(entry_json(a));
  return {{"document", entry_json(v.document)},
          {"state", v.state},
          {"next_review", v.next_review},
          {"approved_versions", versions},
          {"acknowledgement", duties_json(v.duties)},
          {"acknowledgements", acks}};
}

json course_json(const CourseView& v) {
  json records = json::array();
  for (const auto& r : v.records) records.push_back(entry_json(r));
  return {{"course", entry_json(v.course)},
          {"completion", duties_json(v.duties)},
          {"training_records", records}};
}

json duty_attention_json(const DutyAttention& a) {
  json overdue = json::array();
  for (const OverdueDuty& o : a.overdue)
    overdue.push_back({{"person", o.person_id},
                       {"name", o.person_name},
                       {o.what_kind, o.what_id},
                       {"title", o.what_title},
                       {"version", o.version},
                       {"due_on", o.due_on}});
  json review_due = json::array();
  for (const auto& doc : a.documents_review_due) review_due.push_back(doc.id);
  return {{"people_duties", a.people},
          {"done", a.done},
          {"due", a.due},
          {"overdue", overdue},
          {"documents_review_due", review_due}};
}

}  // namespace crosswalk::service
