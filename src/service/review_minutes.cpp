#include "service/review_minutes.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

std::string text(const d::FieldValues& f, const char* name) {
  return d::field_text(f, name);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Recorded prose as blocks: lines starting with "- " become a list, other lines paragraphs.
void add_prose(report::Document& doc, const std::string& prose) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= prose.size()) {
    std::size_t end = prose.find('\n', start);
    if (end == std::string::npos) end = prose.size();
    const std::string line = prose.substr(start, end - start);
    if (line.rfind("- ", 0) == 0) {
      items.push_back(line.substr(2));
    } else {
      if (!items.empty()) doc.bullets(std::move(items));
      items.clear();
      if (!line.empty()) doc.paragraph(line);
    }
    start = end + 1;
  }
  if (!items.empty()) doc.bullets(std::move(items));
}

}  // namespace

std::string review_minutes_file_name(const ManagementReviewView& v, bool pdf) {
  return "minutes-" + v.review.id + (pdf ? ".pdf" : ".md");
}

report::Document review_minutes(const ManagementReviewView& v) {
  const d::FieldValues& r = v.review.fields;
  report::Document doc;
  doc.title = "Management review minutes: " + text(r, "title");
  doc.subtitle = v.review.id + " · " + text(r, "status") + " · generated " +
                 d::format_datetime(v.generated_at);

  doc.heading("Meeting");
  std::vector<std::vector<std::string>> facts = {
      {"Date", text(r, "meeting_date")},
      {"Standards reviewed", joined(d::field_list(r, "frameworks"))},
      {"Period reviewed",
       text(r, "since").empty() ? "up to the meeting" : "since " + text(r, "since")},
      {"Chair", text(r, "chair")},
      {"Attendees", joined(d::field_list(r, "attendees"))}};
  doc.table({"Item", "Detail"}, std::move(facts));

  doc.heading("Inputs (clause 9.3.2)");
  if (!v.missing.empty()) doc.paragraph("Not yet recorded: " + joined(v.missing) + ".");
  for (const ReviewAgendaItem& item : v.agenda) {
    doc.heading(item.input->title + " (" + d::asked_by(*item.input) + ")", 3);
    if (item.text.empty())
      doc.paragraph("Not recorded.");
    else
      add_prose(doc, item.text);
  }

  doc.heading("Decisions (clause 9.3.3)");
  if (text(r, "decisions").empty())
    doc.paragraph("Not recorded.");
  else
    add_prose(doc, text(r, "decisions"));

  doc.heading("Actions");
  if (v.actions.empty()) doc.paragraph("No actions were decided.");
  std::vector<std::vector<std::string>> actions;
  for (const ReviewActionView& a : v.actions)
    actions.push_back({a.entry.id, text(a.entry.fields, "title"), text(a.entry.fields, "owner"),
                       text(a.entry.fields, "due_date"), a.state,
                       text(a.entry.fields, "completed_on")});
  if (!actions.empty())
    doc.table({"Id", "Action", "Owner", "Due", "State", "Completed"}, std::move(actions));

  doc.heading("Sign-off");
  doc.paragraph(text(r, "signed_off_by").empty() ? "Not signed off."
                                                 : "Signed off by " + text(r, "signed_off_by") +
                                                       " on " + text(r, "signed_off_on") + ".");
  return doc;
}

}  // namespace crosswalk::service
