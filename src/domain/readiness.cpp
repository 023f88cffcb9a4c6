#include "domain/readiness.h"

#include <string_view>
#include <unordered_map>

namespace crosswalk::domain {

void Tally::add(RequirementStatus s) {
  switch (s) {
    case RequirementStatus::kMet:
      ++met;
      break;
    case RequirementStatus::kPartlyMet:
      ++partly_met;
      break;
    case RequirementStatus::kNotMet:
      ++not_met;
      break;
    case RequirementStatus::kNotApplicable:
      ++not_applicable;
      break;
  }
}

double Tally::percent() const {
  const int n = applicable();
  return n == 0 ? 0.0 : 100.0 * met / n;
}

namespace {

// Lists up to three controls that are not operating, with their state.
std::string not_operating_list(const std::vector<LinkedControl>& links, const Organization& org,
                               const std::vector<ControlStatus>& statuses) {
  std::string out;
  int shown = 0;
  for (const LinkedControl& l : links) {
    if (statuses[l.control].state == ControlState::kOperating) continue;
    if (shown == 3) return out + ", …";
    if (shown++) out += ", ";
    out +=
        org.controls[l.control].id + " (" + std::string(to_string(statuses[l.control].state)) + ")";
  }
  return out;
}

RequirementAssessment assess_requirement(const Requirement& req,
                                         const RequirementDecision* decision,
                                         std::vector<LinkedControl> links, const Organization& org,
                                         const std::vector<ControlStatus>& statuses) {
  RequirementAssessment a;
  a.controls = std::move(links);
  if (decision && decision->excluded && req.kind == RequirementKind::kAnnexA) {
    a.status = RequirementStatus::kNotApplicable;
    a.reason = "excluded in the Statement of Applicability: " + decision->justification;
    return a;
  }
  if (a.controls.empty()) {
    a.status = RequirementStatus::kNotMet;
    a.reason = "no control is linked to it";
    return a;
  }
  int operating = 0;
  bool full = false, partial = false;
  for (const LinkedControl& l : a.controls) {
    if (statuses[l.control].state == ControlState::kOperating) ++operating;
    (l.coverage == Coverage::kFull ? full : partial) = true;
  }
  const bool jointly = partial && decision && decision->partial_links_jointly_sufficient;
  const bool covered = full || jointly;
  const int n = int(a.controls.size());
  if (operating == n && covered) {
    a.status = RequirementStatus::kMet;
    a.reason = std::to_string(n) +
               (n == 1 ? " linked control operating" : " linked controls operating") +
               (full ? " with full coverage" : "; partial controls marked jointly sufficient");
  } else if (operating == n) {
    a.status = RequirementStatus::kPartlyMet;
    a.reason =
        "linked controls operate but only cover it partly: no full-coverage control, "
        "and the partial ones are not marked jointly sufficient";
  } else if (operating > 0) {
    a.status = RequirementStatus::kPartlyMet;
    a.reason = std::to_string(operating) + " of " + std::to_string(n) +
               " linked controls operating; not operating: " +
               not_operating_list(a.controls, org, statuses);
  } else {
    a.status = RequirementStatus::kNotMet;
    a.reason = "no linked control is operating: " + not_operating_list(a.controls, org, statuses);
  }
  return a;
}

}  // namespace

Assessment assess(const std::vector<Framework>& frameworks, const Organization& org,
                  Timestamp now) {
  Assessment out;
  out.controls = evaluate_controls(org, now);

  std::unordered_map<std::string_view, std::size_t> framework_index;
  for (std::size_t f = 0; f < frameworks.size(); ++f) framework_index[frameworks[f].id] = f;

  // links[f][r]: the controls linked to requirement r of framework f.
  std::vector<std::vector<std::vector<LinkedControl>>> links(frameworks.size());
  for (std::size_t f = 0; f < frameworks.size(); ++f)
    links[f].resize(frameworks[f].requirements().size());
  for (std::size_t c = 0; c < org.controls.size(); ++c) {
    for (const RequirementLink& l : org.controls[c].links) {
      auto f = framework_index.find(l.framework);
      if (f == framework_index.end()) continue;
      auto r = frameworks[f->second].index_of(l.ref);
      if (r) links[f->second][*r].push_back({c, l.coverage});
    }
  }

  std::vector<std::vector<const RequirementDecision*>> decisions(frameworks.size());
  for (std::size_t f = 0; f < frameworks.size(); ++f)
    decisions[f].assign(frameworks[f].requirements().size(), nullptr);
  for (const RequirementDecision& d : org.decisions) {
    auto f = framework_index.find(d.framework);
    if (f == framework_index.end()) continue;
    auto r = frameworks[f->second].index_of(d.ref);
    if (r) decisions[f->second][*r] = &d;
  }

  out.frameworks.reserve(frameworks.size());
  for (std::size_t f = 0; f < frameworks.size(); ++f) {
    const Framework& fw = frameworks[f];
    FrameworkAssessment fa;
    fa.framework = &fw;
    fa.requirements.reserve(fw.requirements().size());
    for (const RequirementGroup& g : fw.groups) fa.by_group.push_back({g.id, {}});
    std::unordered_map<std::string_view, std::size_t> group_index;
    for (std::size_t g = 0; g < fa.by_group.size(); ++g) group_index[fa.by_group[g].group] = g;

    for (std::size_t r = 0; r < fw.requirements().size(); ++r) {
      const Requirement& req = fw.requirements()[r];
      fa.requirements.push_back(
          assess_requirement(req, decisions[f][r], std::move(links[f][r]), org, out.controls));
      if (!req.assessable) continue;
      const RequirementStatus s = fa.requirements.back().status;
      fa.total.add(s);
      auto g = group_index.find(req.group);
      if (g != group_index.end()) fa.by_group[g->second].tally.add(s);
    }
    out.frameworks.push_back(std::move(fa));
  }
  return out;
}

}  // namespace crosswalk::domain
