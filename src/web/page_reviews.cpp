// A management review in the browser: the meeting, the agenda of clause 9.3.2 with each input as
// recorded (and which are still missing), the decisions, the actions it decided with their
// state, the sign-off (managers and administrators), and the minutes.
#include "http/register_body.h"
#include "service/management_reviews.h"
#include "service/review_minutes.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

const char* action_class(const std::string& state) {
  if (state == "overdue") return "fail";
  if (state == "done") return "met";
  return "";
}

http::Response review_page(http::Api& api, http::Call& c, const std::string& error, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  auto v = service::management_review_view(*ws.value(), c.params.at("id"), api.now());
  if (!v.ok()) return status_page(c, v.status());
  const d::FieldValues& r = v->review.fields;

  json agenda = json::array();
  for (const service::ReviewAgendaItem& item : v->agenda)
    agenda.push_back({{"field", item.input->field},
                      {"title", item.input->title},
                      {"asked_by", d::asked_by(*item.input)},
                      {"text", item.text},
                      {"missing", item.required && item.text.empty()}});
  json actions = json::array();
  for (const service::ReviewActionView& a : v->actions)
    actions.push_back({{"id", a.entry.id},
                       {"href", "/registers/review_action/" + a.entry.id},
                       {"title", d::field_text(a.entry.fields, "title")},
                       {"owner", d::field_text(a.entry.fields, "owner")},
                       {"due", d::field_text(a.entry.fields, "due_date")},
                       {"state", a.state},
                       {"state_class", action_class(a.state)}});
  const std::string base = "/reviews/" + v->review.id;
  const bool held = d::field_text(r, "status") == "held";
  const bool signed_off = !d::field_text(r, "signed_off_by").empty();
  json data = {{"id", v->review.id},
               {"title", d::field_text(r, "title")},
               {"status", d::field_text(r, "status")},
               {"meeting_date", d::field_text(r, "meeting_date")},
               {"since", d::field_text(r, "since")},
               {"frameworks", joined(d::field_list(r, "frameworks"))},
               {"chair", d::field_text(r, "chair")},
               {"attendees", joined(d::field_list(r, "attendees"))},
               {"agenda", agenda},
               {"missing", joined(v->missing)},
               {"decisions", d::field_text(r, "decisions")},
               {"actions", actions},
               {"new_action_href", "/registers/review_action?review=" + v->review.id + "#new"},
               {"edit_href", "/registers/management_review/" + v->review.id},
               {"minutes_pdf", base + "/minutes?format=pdf"},
               {"minutes_md", base + "/minutes?format=markdown"},
               {"signed_off", signed_off},
               {"signed_off_by", d::field_text(r, "signed_off_by")},
               {"signed_off_on", d::field_text(r, "signed_off_on")},
               {"can_sign_off", held && !signed_off && v->missing.empty()},
               {"sign_off_action", base + "/sign-off"},
               {"version", v->review.version},
               {"error", error},
               {"notice", query(c, "notice")}};
  return page(c, "Management review " + v->review.id, "reviews", "review", data, status);
}

// Signs the minutes off as the signed-in manager today; a review changed since the page was read
// (its version) is refused rather than signed unseen.
http::Response sign_off(http::Api& api, http::Call& c) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string& id = c.params.at("id");
  auto review = service::find_entry(*ws.value(), "management_review", id);
  if (!review.ok()) return status_page(c, review.status());
  const http::Form form = form_of(c.request);
  const std::int64_t seen = std::strtoll(form.get("version").c_str(), nullptr, 10);
  if (seen != review->version)
    return review_page(
        api, c, "The review changed since you opened it: read it again before signing off.", 409);
  d::FieldValues fields = review->fields;
  fields["signed_off_by"] = {c.who ? c.who->user : actor_name(c)};
  fields["signed_off_on"] = {d::format_date(api.now())};
  service::SaveEntry request{"management_review", id, fields, review->version, true};
  auto saved = service::save_entry(*ws.value(), request, {actor_name(c), api.now()});
  if (saved.ok()) return redirect("/reviews/" + id + "?notice=signed%20off");
  const auto code = saved.status().code();
  if (code != Status::Code::kInvalidInput && code != Status::Code::kConflict)
    return status_page(c, saved.status());
  return review_page(api, c, saved.status().message(), form_refusal_status(saved.status()));
}

}  // namespace

void add_review_pages(http::Api& api) {
  add_page(api, "GET", "/reviews/{id}", d::Action::kRead,
           "A management review: agenda of clause 9.3.2, decisions, actions, sign-off, minutes",
           [&api](http::Call& c) { return review_page(api, c, "", 200); });
  add_page(api, "POST", "/reviews/{id}/sign-off", d::Action::kSignOff,
           "Sign off a held management review's minutes",
           [&api](http::Call& c) { return sign_off(api, c); });
  add_page(api, "GET", "/reviews/{id}/minutes", d::Action::kExport,
           "The minutes of a management review (?format=pdf or markdown)", [&api](http::Call& c) {
             const std::string format = query(c, "format");
             if (!format.empty() && format != "pdf" && format != "markdown")
               return error_page(c, 400, "Please check what you entered",
                                 "The format is pdf or markdown.");
             auto ws = api.workspace();
             if (!ws.ok()) return status_page(c, ws.status());
             auto v = service::management_review_view(*ws.value(), c.params.at("id"), api.now());
             if (!v.ok()) return status_page(c, v.status());
             const bool pdf = format != "markdown";
             auto r = http::document_download(service::review_minutes(v.value()), pdf,
                                              service::review_minutes_file_name(v.value(), pdf));
             return r.ok() ? std::move(r.value()) : status_page(c, r.status());
           });
}

}  // namespace crosswalk::web
