#include "service/readiness_report.h"

#include <cstdio>

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

std::string percent(const d::Tally& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f %%", t.percent());
  return buf;
}

std::vector<std::string> tally_row(std::string first, std::string second, const d::Tally& t) {
  return {std::move(first),
          std::move(second),
          percent(t),
          std::to_string(t.met),
          std::to_string(t.partly_met),
          std::to_string(t.not_met),
          std::to_string(t.not_applicable)};
}

std::string status_words(d::RequirementStatus s) {
  switch (s) {
    case d::RequirementStatus::kMet:
      return "met";
    case d::RequirementStatus::kPartlyMet:
      return "partly met";
    case d::RequirementStatus::kNotMet:
      return "not met";
    case d::RequirementStatus::kNotApplicable:
      return "not applicable";
  }
  return "";
}

}  // namespace

report::Document readiness_report(const Snapshot& s, const d::FrameworkAssessment& f) {
  report::Document doc;
  doc.title = "Readiness: " + f.framework->name;
  doc.subtitle = f.framework->title + " · generated " + d::format_datetime(s.now);
  doc.landscape = true;
  doc.paragraph(
      "A requirement is met when the controls linked to it cover it and all of them operate "
      "(implemented, with accepted, unexpired evidence and passing checks); readiness is met "
      "requirements over applicable ones. Partly met is not counted as met.");
  doc.table({"Standard", "", "Ready", "Met", "Partly met", "Not met", "Not applicable"},
            {tally_row(f.framework->name, "", f.total)});

  doc.heading("By clause and theme");
  std::vector<std::vector<std::string>> groups;
  for (const d::GroupTally& g : f.by_group) {
    const d::RequirementGroup* group = f.framework->find_group(g.group);
    groups.push_back(tally_row(g.group, group ? group->title : "", g.tally));
  }
  doc.table({"Group", "Title", "Ready", "Met", "Partly met", "Not met", "Not applicable"},
            std::move(groups));

  doc.heading("Requirements not met");
  std::vector<std::vector<std::string>> gaps;
  const auto& list = f.framework->requirements();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const d::RequirementAssessment& a = f.requirements[i];
    if (a.status != d::RequirementStatus::kNotMet && a.status != d::RequirementStatus::kPartlyMet)
      continue;
    std::string controls;
    for (const auto& link : a.controls)
      controls += (controls.empty() ? "" : ", ") + s.org.controls[link.control].id;
    gaps.push_back({list[i].ref, list[i].title, status_words(a.status), a.reason,
                    controls.empty() ? "none" : controls});
  }
  if (gaps.empty())
    doc.paragraph("Every applicable requirement is met.");
  else
    doc.table({"Requirement", "Title", "Status", "Why", "Controls"}, std::move(gaps));
  return doc;
}

}  // namespace crosswalk::service
