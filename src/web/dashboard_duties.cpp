#include "web/dashboard_duties.h"

#include "service/duties.h"
#include "service/incidents.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

// The dashboard lists a few and links to the rest.
constexpr std::size_t kShown = 5;

}  // namespace

Result<json> incidents_card(service::Workspace& ws, d::Timestamp now) {
  auto a = service::incident_attention(ws, now);
  if (!a.ok()) return a.status();
  int serious = 0;
  json items = json::array();
  for (const auto& i : a->open) {
    const std::string& severity = d::field_text(i.fields, "severity");
    if (severity != "high" && severity != "critical") continue;
    ++serious;
    if (items.size() < kShown)
      items.push_back({{"id", i.id},
                       {"href", "/incidents/" + i.id},
                       {"title", d::field_text(i.fields, "title")},
                       {"state", severity},
                       {"class", "not_met"},
                       {"detail", d::field_text(i.fields, "status") + ", detected " +
                                      d::field_text(i.fields, "detected_on")}});
  }
  for (const auto& n : a->overdue)
    if (items.size() < kShown * 2)
      items.push_back({{"id", n.entry.id},
                       {"href", "/incidents/" + d::field_text(n.entry.fields, "incident")},
                       {"title", d::field_text(n.entry.fields, "recipient")},
                       {"state", "notification overdue"},
                       {"class", "not_met"},
                       {"detail", d::field_text(n.entry.fields, "basis") + ", due " +
                                      d::field_text(n.entry.fields, "due_on")}});
  return json{{"open", a->open.size()},      {"serious", serious}, {"overdue", a->overdue.size()},
              {"unrecorded", a->unrecorded}, {"items", items},     {"any", !items.empty()}};
}

Result<json> duties_card(service::Workspace& ws, d::Timestamp now) {
  auto a = service::duty_attention(ws, now);
  if (!a.ok()) return a.status();
  json items = json::array();
  for (const service::OverdueDuty& o : a->overdue) {
    if (items.size() == kShown) break;
    const bool doc = o.what_kind == "document";
    items.push_back({{"id", o.what_id},
                     {"href", (doc ? "/documents/" : "/courses/") + o.what_id},
                     {"title", o.what_title},
                     {"state", doc ? "not acknowledged" : "not taken"},
                     {"class", "not_met"},
                     {"detail", o.person_name + " (" + o.person_id + "), version " + o.version +
                                    ", due " + o.due_on}});
  }
  json review_due = json::array();
  for (const auto& doc : a->documents_review_due)
    review_due.push_back({{"id", doc.id},
                          {"href", "/documents/" + doc.id},
                          {"title", d::field_text(doc.fields, "title")}});
  return json{{"overdue", a->overdue.size()},
              {"more", a->overdue.size() > kShown ? a->overdue.size() - kShown : 0},
              {"due", a->due},
              {"done", a->done},
              {"review_due", review_due},
              {"items", items},
              {"any", !items.empty()}};
}

}  // namespace crosswalk::web
