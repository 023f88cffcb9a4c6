// The demo's people, documents, courses and incidents (see demo_registers.h).
#include "domain/time.h"
#include "service/demo_registers.h"
#include "service/registers.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

using Seed = DemoSeed;

Status save_all(Workspace& ws, const std::vector<Seed>& seeds,
                const std::function<d::Timestamp(int, int)>& at) {
  for (const Seed& s : seeds) {
    auto saved =
        save_entry(ws, {s.kind, "", s.fields, std::nullopt, true}, {s.actor, at(s.day, 10)});
    if (!saved.ok()) return saved.status().with_context(std::string("demo ") + s.kind);
  }
  return Status::Ok();
}

// Changes one entry as `actor` on `day`.
Status change(Workspace& ws, const std::string& kind, const std::string& id, const char* actor,
              int day, const std::function<d::Timestamp(int, int)>& at,
              const std::function<void(d::FieldValues&)>& edit) {
  auto e = find_entry(ws, kind, id);
  if (!e.ok()) return e.status();
  d::FieldValues fields = e->fields;
  edit(fields);
  auto saved = save_entry(ws, {kind, id, fields, e->version, true}, {actor, at(day, 11)});
  return saved.ok() ? Status::Ok() : saved.status().with_context("demo " + kind + " " + id);
}

}  // namespace

// Six people; the security policy acknowledged by all but one engineer; the AI policy in its
// second version, which not everyone has read yet; an incident procedure still in draft; the
// yearly security awareness course and a responsible-AI course the new claims handler is late
// for; a closed phishing incident with its lesson, a biased-output incident being handled and a
// misdirected claims export whose notification to the supervisory authority nobody recorded.
Status seed_demo_people(Workspace& ws, const std::function<d::Timestamp(int, int)>& at) {
  auto day = [&](int n) { return d::format_date(at(n, 0)); };
  const char* maria = "web:maria";
  std::vector<Seed> people = {
      {"person",
       maria,
       1,
       {{"name", {"Maria Keller"}}, {"job_roles", {"manager"}}, {"team", {"Operations"}}}},
      {"person",
       maria,
       1,
       {{"name", {"Priya Nair"}}, {"job_roles", {"data scientist"}}, {"team", {"ML team"}}}},
      {"person",
       maria,
       1,
       {{"name", {"Sam Otieno"}}, {"job_roles", {"engineer"}}, {"team", {"Platform team"}}}},
      {"person",
       maria,
       1,
       {{"name", {"Ada Brandt"}}, {"job_roles", {"auditor"}}, {"team", {"Security & Compliance"}}}},
      {"person",
       maria,
       1,
       {{"name", {"Tom Becker"}}, {"job_roles", {"engineer"}}, {"team", {"Platform team"}}}},
      {"person",
       maria,
       50,
       {{"name", {"Lena Fischer"}},
        {"job_roles", {"claims handler"}},
        {"team", {"Claims"}},
        {"started_on", {day(50)}}}},
  };
  CW_RETURN_IF_ERROR(save_all(ws, people, at));

  const std::vector<Seed> documents = {
      {"document",
       maria,
       5,
       {{"title", {"Information security policy"}},
        {"type", {"policy"}},
        {"version", {"1.0"}},
        {"summary",
         {"Commitment of management, objectives, roles, and the rules every member "
          "of staff follows when handling claims data."}},
        {"location", {"https://intranet.northwind.example/policies/infosec"}},
        {"owner", {"Maria Keller (Head of Operations)"}},
        {"controls", {"MS-06", "ORG-01"}},
        {"requirements", {"iso27001-2022:5.2", "iso27001-2022:A.5.1"}},
        {"audience", {"everyone"}},
        {"review_every_months", {"12"}},
        {"approved_by", {"Maria Keller (Head of Operations)"}},
        {"approved_on", {day(5)}}}},
      {"document",
       maria,
       10,
       {{"title", {"AI policy"}},
        {"type", {"policy"}},
        {"version", {"1.0"}},
        {"summary",
         {"How Northwind develops and uses AI: purposes allowed, impact assessment "
          "before deployment, human oversight of the triage score."}},
        {"owner", {"Priya Nair (ML lead)"}},
        {"controls", {"AI-01", "MS-07"}},
        {"requirements", {"iso42001-2023:5.2", "iso42001-2023:A.2.2"}},
        {"audience", {"data scientist", "engineer", "claims handler", "manager"}},
        {"review_every_months", {"12"}},
        {"approved_by", {"Maria Keller (Head of Operations)"}},
        {"approved_on", {day(10)}}}},
      {"document",
       "web:sam",
       60,
       {{"title", {"Incident response procedure"}},
        {"type", {"procedure"}},
        {"version", {"0.3"}},
        {"summary",
         {"Reporting, triage, containment, notification and lessons learned, for "
          "security and AI incidents alike."}},
        {"owner", {"Sam Otieno (Platform)"}},
        {"controls", {"ORG-21", "ORG-22", "ORG-23"}},
        {"audience", {"engineer", "data scientist"}},
        {"review_every_months", {"12"}}}},
  };
  CW_RETURN_IF_ERROR(save_all(ws, documents, at));
  std::vector<Seed> acks;
  const std::pair<const char*, int> security_acks[] = {
      {"PERSON-1", 6}, {"PERSON-2", 8}, {"PERSON-3", 9}, {"PERSON-4", 12}};
  for (const auto& [person, n] : security_acks)
    acks.push_back({"acknowledgement",
                    maria,
                    n,
                    {{"document", {"DOC-1"}},
                     {"person", {person}},
                     {"acknowledged_on", {day(n)}},
                     {"method", {"signed on the intranet"}}}});
  for (const auto& [person, n] : {std::pair{"PERSON-2", 11}, std::pair{"PERSON-3", 14}})
    acks.push_back({"acknowledgement",
                    maria,
                    n,
                    {{"document", {"DOC-2"}},
                     {"person", {person}},
                     {"acknowledged_on", {day(n)}},
                     {"method", {"signed on the intranet"}}}});
  CW_RETURN_IF_ERROR(save_all(ws, acks, at));
  // Version 1.1 of the AI policy adds the works council's question on oversight.
  CW_RETURN_IF_ERROR(change(ws, "document", "DOC-2", "web:priya", 38, at, [&](auto& f) {
    f["version"] = {"1.1"};
    f["change_note"] = {"Claims handlers may override the triage score and must record why"};
  }));
  CW_RETURN_IF_ERROR(change(ws, "document", "DOC-2", maria, 40, at, [&](auto& f) {
    f["approved_by"] = {"Maria Keller (Head of Operations)"};
    f["approved_on"] = {day(40)};
  }));
  CW_RETURN_IF_ERROR(save_all(
      ws,
      {{"acknowledgement",
        maria,
        40,
        {{"document", {"DOC-2"}}, {"person", {"PERSON-1"}}, {"acknowledged_on", {day(40)}}}},
       {"acknowledgement",
        maria,
        41,
        {{"document", {"DOC-2"}}, {"person", {"PERSON-2"}}, {"acknowledged_on", {day(41)}}}},
       {"acknowledgement",
        maria,
        52,
        {{"document", {"DOC-2"}}, {"person", {"PERSON-6"}}, {"acknowledged_on", {day(52)}}}}},
      at));

  const std::vector<Seed> courses = {
      {"course",
       maria,
       3,
       {{"title", {"Security awareness"}},
        {"topic", {"security-awareness"}},
        {"version", {"2026"}},
        {"version_date", {day(3)}},
        {"content", {"Phishing, passwords and MFA, handling claims data, reporting incidents."}},
        {"delivery", {"e-learning, 40 minutes"}},
        {"required_for", {"everyone"}},
        {"complete_within_days", {"30"}},
        {"repeat_every_months", {"12"}},
        {"controls", {"MS-23", "PEO-08"}},
        {"requirements", {"iso27001-2022:7.3", "iso27001-2022:A.6.3"}},
        {"owner", {"Security & Compliance"}}}},
      {"course",
       "web:priya",
       30,
       {{"title", {"Responsible use of the triage score"}},
        {"topic", {"responsible-ai"}},
        {"version", {"1"}},
        {"version_date", {day(30)}},
        {"content",
         {"What the score means and does not, known limits, when to override, how "
          "to report a suspected bias."}},
        {"delivery", {"workshop"}},
        {"required_for", {"claims handler", "data scientist"}},
        {"complete_within_days", {"21"}},
        {"controls", {"MS-22"}},
        {"requirements", {"iso42001-2023:7.2", "iso42001-2023:7.3"}},
        {"owner", {"Priya Nair (ML lead)"}}}},
  };
  CW_RETURN_IF_ERROR(save_all(ws, courses, at));
  std::vector<Seed> records;
  for (const auto& [person, n] : {std::pair{"PERSON-1", 7}, std::pair{"PERSON-2", 10},
                                  std::pair{"PERSON-3", 12}, std::pair{"PERSON-4", 20}})
    records.push_back({"training_record",
                       maria,
                       n,
                       {{"course", {"COURSE-1"}},
                        {"person", {person}},
                        {"completed_on", {day(n)}},
                        {"result", {"passed"}}}});
  records.push_back({"training_record",
                     "web:priya",
                     35,
                     {{"course", {"COURSE-2"}},
                      {"person", {"PERSON-2"}},
                      {"completed_on", {day(35)}},
                      {"result", {"ran the workshop"}}}});
  CW_RETURN_IF_ERROR(save_all(ws, records, at));

  const std::vector<Seed> incidents = {
      {"incident",
       "web:sam",
       22,
       {{"title", {"Phishing mail with a fake invoice link"}},
        {"category", {"security"}},
        {"type", {"phishing"}},
        {"severity", {"medium"}},
        {"status", {"reported"}},
        {"description",
         {"An engineer entered his password on a page imitating the invoicing "
          "tool; MFA stopped the sign-in."}},
        {"detected_on", {day(22)}},
        {"reported_by", {"Tom Becker"}},
        {"handler", {"Sam Otieno (Platform)"}},
        {"timeline",
         {day(22) + " 09:12 mail received by 14 people",
          day(22) + " 09:40 password entered, MFA prompt denied",
          day(22) + " 10:05 reported to security, password reset"}},
        {"personal_data", {"no"}}}},
      {"incident",
       "web:priya",
       70,
       {{"title", {"Triage score lower for claims filed in Turkish"}},
        {"category", {"ai"}},
        {"type", {"biased-output"}},
        {"severity", {"high"}},
        {"status", {"contained"}},
        {"description",
         {"A claims handler noticed that claims filed in Turkish were sent to "
          "manual review twice as often; the translation step drops fields."}},
        {"occurred_on", {day(64)}},
        {"detected_on", {day(70)}},
        {"reported_by", {"Lena Fischer"}},
        {"handler", {"Priya Nair (ML lead)"}},
        {"ai_systems", {"AIS-1"}},
        {"personal_data", {"no"}},
        {"containment", {"Score suppressed for non-German claims; all go to manual review."}},
        {"risks", {"RISK-3"}}}},
      {"incident",
       "web:sam",
       73,
       {{"title", {"Claims export sent to the wrong broker"}},
        {"category", {"security"}},
        {"type", {"data-breach"}},
        {"severity", {"medium"}},
        {"status", {"triaged"}},
        {"description",
         {"A weekly export of 40 claims with names and addresses went to a "
          "broker who is not party to them; the broker confirmed deletion."}},
        {"detected_on", {day(73)}},
        {"reported_by", {"Maria Keller"}},
        {"handler", {"Sam Otieno (Platform)"}},
        {"assets", {"ASSET-1"}},
        {"personal_data", {"yes"}}}},
  };
  CW_RETURN_IF_ERROR(save_all(ws, incidents, at));
  CW_RETURN_IF_ERROR(change(ws, "incident", "INC-1", "web:sam", 30, at, [&](auto& f) {
    f["status"] = {"closed"};
    f["resolved_on"] = {day(22)};
    f["closed_on"] = {day(30)};
    f["root_cause"] = {"The look-alike domain was not blocked; the mail passed the filter."};
    f["lessons_learned"] = {"MFA worked. Block newly registered look-alike domains."};
  }));
  return save_all(
      ws,
      {{"incident_notification",
        "web:priya",
        71,
        {{"incident", {"INC-2"}},
         {"recipient", {"Insurer customer (contract, clause 14)"}},
         {"basis", {"contract"}},
         {"due_on", {day(77)}}}},
       {"corrective_action",
        "web:sam",
        40,
        {{"title", {"Block newly registered look-alike domains"}},
         {"incidents", {"INC-1"}},
         {"root_cause", {"The mail filter accepted a domain registered the day before"}},
         {"action", {"Enable the filter's new-domain quarantine"}},
         {"owner", {"Sam Otieno (Platform)"}},
         {"due_date", {day(45)}},
         {"completed_on", {day(40)}}}}},
      at);
}

}  // namespace crosswalk::service
