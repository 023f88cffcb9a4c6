// Documents and courses in the browser: a document's approved versions, its approval (managers
// and administrators) and periodic review, who has acknowledged the approved version; a course
// and who has completed its current version. Editors record acknowledgements and completions
// from these pages.
#include "domain/documents.h"
#include "service/duties.h"
#include "service/registers.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

const char* duty_class(d::DutyState s) {
  switch (s) {
    case d::DutyState::kDone:
      return "met";
    case d::DutyState::kDue:
      return "partly_met";
    case d::DutyState::kOverdue:
      return "not_met";
  }
  return "";
}

// The duties table and the select of people who still owe it.
void add_duties(json& data, const std::vector<d::Duty>& duties) {
  json rows = json::array(), owing = json::array();
  for (const d::Duty& duty : duties) {
    rows.push_back({{"person", duty.person},
                    {"href", "/registers/person/" + duty.person},
                    {"name", duty.name},
                    {"state", d::duty_state_name(duty.state)},
                    {"class", duty_class(duty.state)},
                    {"due", duty.due_on},
                    {"done", duty.done_on}});
    if (duty.state != d::DutyState::kDone)
      owing.push_back({{"person", duty.person}, {"name", duty.name}});
  }
  const d::DutyCounts n = d::count_duties(duties);
  data["duties"] = rows;
  data["owing"] = owing;
  data["any_owing"] = !owing.empty();
  data["counts"] = {{"people", n.people}, {"done", n.done}, {"due", n.due}, {"overdue", n.overdue}};
}

json links_json(const std::vector<std::string>& ids, const std::string& base,
                const std::string& suffix = "") {
  json out = json::array();
  for (const std::string& id : ids) out.push_back({{"id", id}, {"href", base + id + suffix}});
  return out;
}

json requirement_links(const std::vector<std::string>& refs) {
  json out = json::array();
  for (const std::string& r : refs) {
    const auto colon = r.find(':');
    out.push_back(
        {{"id", r},
         {"href", "/frameworks/" + r.substr(0, colon) + "/requirements/" + r.substr(colon + 1)}});
  }
  return out;
}

http::Response document_page(http::Api& api, http::Call& c, const std::string& error, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto v = service::document_view(*ws.value(), c.params.at("id"), api.now());
  if (!v.ok()) return status_page(c, v.status());
  const d::FieldValues& f = v->document.fields;
  json versions = json::array();
  for (const service::ApprovedVersion& a : v->versions)
    versions.push_back({{"version", a.version},
                        {"approved_by", a.approved_by},
                        {"approved_on", a.approved_on},
                        {"change_note", a.change_note}});
  const std::string base = "/documents/" + v->document.id;
  json data = {{"id", v->document.id},
               {"title", d::field_text(f, "title")},
               {"type", d::field_text(f, "type")},
               {"version", d::field_text(f, "version")},
               {"state", v->state},
               {"state_class", v->state == "approved"     ? "met"
                               : v->state == "review-due" ? "stale"
                               : v->state == "draft"      ? "partly_met"
                                                          : ""},
               {"owner", d::field_text(f, "owner")},
               {"summary", d::field_text(f, "summary")},
               {"location", d::field_text(f, "location")},
               {"change_note", d::field_text(f, "change_note")},
               {"files", links_json(d::field_list(f, "evidence"), "/api/v1/evidence/", "/file")},
               {"controls", links_json(d::field_list(f, "controls"), "/controls/")},
               {"requirements", requirement_links(d::field_list(f, "requirements"))},
               {"audience", joined(d::field_list(f, "audience"))},
               {"approved_by", d::field_text(f, "approved_by")},
               {"approved_on", d::field_text(f, "approved_on")},
               {"reviewed_on", d::field_text(f, "reviewed_on")},
               {"next_review", v->next_review},
               {"review_due", v->state == "review-due"},
               {"draft", v->state == "draft"},
               {"in_force", v->state == "approved" || v->state == "review-due"},
               {"versions", versions},
               {"entry_version", v->document.version},
               {"approve_action", base + "/approve"},
               {"reviewed_action", base + "/reviewed"},
               {"ack_action", base + "/acknowledgements"},
               {"edit_href", "/registers/document/" + v->document.id},
               {"acks_href", "/registers/acknowledgement"},
               {"today", d::format_date(api.now())},
               {"error", error},
               {"notice", query(c, "notice")}};
  data["needs_ack"] = d::acknowledgement_obligation(f).has_value();
  add_duties(data, v->duties);
  return page(c, "Document " + v->document.id, "documents", "document", data, status);
}

http::Response course_page(http::Api& api, http::Call& c, const std::string& error, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto v = service::course_view(*ws.value(), c.params.at("id"), api.now());
  if (!v.ok()) return status_page(c, v.status());
  const d::FieldValues& f = v->course.fields;
  json records = json::array();
  for (const auto& r : v->records)
    records.push_back({{"id", r.id},
                       {"person", d::field_text(r.fields, "person")},
                       {"version", d::field_text(r.fields, "course_version")},
                       {"completed_on", d::field_text(r.fields, "completed_on")},
                       {"result", d::field_text(r.fields, "result")}});
  json data = {{"id", v->course.id},
               {"title", d::field_text(f, "title")},
               {"topic", d::field_text(f, "topic")},
               {"version", d::field_text(f, "version")},
               {"version_date", d::field_text(f, "version_date")},
               {"content", d::field_text(f, "content")},
               {"delivery", d::field_text(f, "delivery")},
               {"owner", d::field_text(f, "owner")},
               {"required_for", joined(d::field_list(f, "required_for"))},
               {"within", d::field_text(f, "complete_within_days")},
               {"repeat", d::field_text(f, "repeat_every_months")},
               {"retired_on", d::field_text(f, "retired_on")},
               {"controls", links_json(d::field_list(f, "controls"), "/controls/")},
               {"requirements", requirement_links(d::field_list(f, "requirements"))},
               {"records", records},
               {"record_action", "/courses/" + v->course.id + "/records"},
               {"edit_href", "/registers/course/" + v->course.id},
               {"today", d::format_date(api.now())},
               {"error", error},
               {"notice", query(c, "notice")}};
  add_duties(data, v->duties);
  return page(c, "Course " + v->course.id, "training", "course", data, status);
}

using PageFn = http::Response (*)(http::Api&, http::Call&, const std::string&, int);

// Saves a change built from the current entry; a refusal shows `again` with the message.
http::Response save_and_return(http::Api& api, http::Call& c, service::SaveEntry request,
                               const std::string& to, PageFn again) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  request.may_sign_off = c.who && d::allows(c.who->role, d::Action::kSignOff);
  if (c.who) request.role = c.who->role;
  auto saved = service::save_entry(*ws.value(), request, {actor_name(c), api.now()});
  if (saved.ok()) {
    const std::string notice = saved->notices.empty() ? "saved " + saved->id : saved->notices[0];
    return redirect(to + "?notice=" + http::percent_encode(notice));
  }
  const auto code = saved.status().code();
  if (code != Status::Code::kInvalidInput && code != Status::Code::kConflict &&
      code != Status::Code::kNotFound && code != Status::Code::kPermissionDenied)
    return status_page(c, saved.status());
  return again(api, c, saved.status().message(), form_refusal_status(saved.status()));
}

// Approves the document's version as read (its entry version), or marks it reviewed today.
http::Response change_document(http::Api& api, http::Call& c, bool approve) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string& id = c.params.at("id");
  auto doc = service::find_entry(*ws.value(), "document", id);
  if (!doc.ok()) return status_page(c, doc.status());
  const http::Form form = form_of(c.request);
  if (std::strtoll(form.get("version").c_str(), nullptr, 10) != doc->version)
    return document_page(api, c, "The document changed since you opened it: read it again first.",
                         409);
  d::FieldValues fields = doc->fields;
  const std::string today = d::format_date(api.now());
  if (approve) {
    fields["approved_by"] = {c.who ? c.who->user : actor_name(c)};
    fields["approved_on"] = {today};
    fields.erase("reviewed_on");
  } else {
    fields["reviewed_on"] = {today};
  }
  return save_and_return(api, c, {"document", id, fields, doc->version}, "/documents/" + id,
                         document_page);
}

// An acknowledgement or a training record for a person, from the document's or course's page.
http::Response record_duty(http::Api& api, http::Call& c, const std::string& kind) {
  const bool ack = kind == "acknowledgement";
  const std::string& id = c.params.at("id");
  const http::Form form = form_of(c.request);
  d::FieldValues fields{{ack ? "document" : "course", {id}},
                        {"person", {form.get("person")}},
                        {ack ? "acknowledged_on" : "completed_on", {form.get("date")}}};
  if (ack)
    fields["method"] = {"recorded in Crosswalk by " + (c.who ? c.who->user : actor_name(c))};
  else if (!form.get("result").empty())
    fields["result"] = {form.get("result")};
  return save_and_return(api, c, {kind, "", fields, std::nullopt},
                         (ack ? "/documents/" : "/courses/") + id,
                         ack ? document_page : course_page);
}

// Everyone's overdue acknowledgements and courses, and documents due for review.
http::Response duties_page(http::Api& api, http::Call& c) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto a = service::duty_attention(*ws.value(), api.now());
  if (!a.ok()) return status_page(c, a.status());
  json rows = json::array();
  for (const service::OverdueDuty& o : a->overdue) {
    const bool doc = o.what_kind == "document";
    rows.push_back({{"person", o.person_id},
                    {"name", o.person_name},
                    {"what_id", o.what_id},
                    {"what_href", (doc ? "/documents/" : "/courses/") + o.what_id},
                    {"what", o.what_title},
                    {"owes", doc ? "acknowledge" : "take"},
                    {"version", o.version},
                    {"due", o.due_on}});
  }
  json review_due = json::array();
  for (const auto& doc : a->documents_review_due)
    review_due.push_back({{"id", doc.id},
                          {"href", "/documents/" + doc.id},
                          {"title", d::field_text(doc.fields, "title")},
                          {"next_review", d::document_next_review(doc.fields)}});
  json data = {{"rows", rows},
               {"review_due", review_due},
               {"due", a->due},
               {"done", a->done},
               {"overdue", a->overdue.size()}};
  return page(c, "Overdue acknowledgements and training", "training", "duties", data);
}

}  // namespace

void add_document_pages(http::Api& api) {
  add_page(api, "GET", "/duties", d::Action::kRead,
           "Acknowledgements and courses people owe past their due date; documents due for review",
           [&api](http::Call& c) { return duties_page(api, c); });
  add_page(api, "GET", "/documents/{id}", d::Action::kRead,
           "A document: approved versions, review cycle, who acknowledged the approved version",
           [&api](http::Call& c) { return document_page(api, c, "", 200); });
  add_page(api, "POST", "/documents/{id}/approve", d::Action::kSignOff,
           "Approve a document's current version",
           [&api](http::Call& c) { return change_document(api, c, true); });
  add_page(api, "POST", "/documents/{id}/reviewed", d::Action::kEditRegisters,
           "Record that a document was reviewed today and stays as it is",
           [&api](http::Call& c) { return change_document(api, c, false); });
  add_page(api, "POST", "/documents/{id}/acknowledgements", d::Action::kEditRegisters,
           "Record a person's acknowledgement of the approved version",
           [&api](http::Call& c) { return record_duty(api, c, "acknowledgement"); });
  add_page(api, "GET", "/courses/{id}", d::Action::kRead,
           "A course: who must take its current version and who has",
           [&api](http::Call& c) { return course_page(api, c, "", 200); });
  add_page(api, "POST", "/courses/{id}/records", d::Action::kEditRegisters,
           "Record a person's completion of the course's current version",
           [&api](http::Call& c) { return record_duty(api, c, "training_record"); });
}

}  // namespace crosswalk::web
