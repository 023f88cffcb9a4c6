// Management reviews over HTTP (docs/management-review.md): a review's agenda with every input
// of clause 9.3.2 and its actions; the inputs drafted from the data for a review to come; the
// minutes; review actions with their state. Reviews and their actions are register kinds: the
// register routes create, change and list them too (a new review's empty inputs are drafted).
#include "domain/access.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/register_body.h"
#include "service/management_reviews.h"
#include "service/review_minutes.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

void Api::add_review_routes() {
  using A = d::Action;

  router_.add({"GET", "/api/v1/management-reviews/{id}", A::kRead,
               "A management review: its agenda (every input of clause 9.3.2, which are "
               "missing), decisions, actions with their state",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto v = service::management_review_view(*ws.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 return json_response(200, service::review_json(v.value()));
               }});

  router_.add({"GET", "/api/v1/management-reviews/{id}/minutes", A::kExport,
               "The minutes as ?format=pdf (default) or markdown", [this](Call& c) {
                 const std::string format = query_value(c.request, "format");
                 if (!format.empty() && format != "pdf" && format != "markdown")
                   return error_response(400, "bad_request", "format: pdf or markdown");
                 const bool pdf = format != "markdown";
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto v = service::management_review_view(*ws.value(), c.params["id"], clock_());
                 if (!v.ok()) return from_status(v.status());
                 auto r = document_download(service::review_minutes(v.value()), pdf,
                                            service::review_minutes_file_name(v.value(), pdf));
                 return r.ok() ? std::move(r.value()) : from_status(r.status());
               }});

  router_.add({"GET", "/api/v1/management-review-inputs", A::kRead,
               "The inputs of clause 9.3.2 drafted from the data: ?frameworks=a,b (default "
               "both) and ?since=YYYY-MM-DD (default: the last review held)",
               [this](Call& c) {
                 std::vector<std::string> frameworks =
                     split_commas(query_value(c.request, "frameworks"));
                 if (frameworks.empty()) frameworks = {"iso27001-2022", "iso42001-2023"};
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto snap = snapshot();
                 if (!snap.ok()) return from_status(snap.status());
                 auto facts = service::review_facts(*ws.value(), *snap.value(), frameworks,
                                                    query_value(c.request, "since"), "", clock_());
                 if (!facts.ok()) return from_status(facts.status());
                 const d::FieldValues drafts = d::draft_review_inputs(facts.value());
                 json items = json::array();
                 for (const d::ReviewInput* in : d::inputs_required(frameworks))
                   items.push_back({{"field", in->field},
                                    {"title", in->title},
                                    {"iso27001", in->iso27001},
                                    {"iso42001", in->iso42001},
                                    {"text", d::field_text(drafts, in->field)}});
                 return json_response(
                     200, {{"since", facts->since ? d::format_date(facts->since) : std::string()},
                           {"items", items}});
               }});

  router_.add({"GET", "/api/v1/review-actions", A::kRead,
               "Every action decided in a management review with its state (open, overdue, "
               "done, dropped); ?state= filters",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto actions = service::review_actions(*ws.value(), clock_());
                 if (!actions.ok()) return from_status(actions.status());
                 const std::string state = query_value(c.request, "state");
                 json items = json::array();
                 for (const auto& a : actions.value())
                   if (state.empty() || a.state == state)
                     items.push_back(service::review_action_json(a));
                 return json_response(200, {{"items", items}});
               }});
}

}  // namespace crosswalk::http
