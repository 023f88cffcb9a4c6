#include "domain/projection.h"

#include <unordered_map>

namespace crosswalk::domain {

std::string_view to_string(Basis b) {
  switch (b) {
    case Basis::kControls:
      return "controls";
    case Basis::kMapping:
      return "mapping";
    case Basis::kNone:
      return "none";
    case Basis::kExcluded:
      return "excluded";
  }
  return "?";
}

namespace {

// Combined status of the applicable source requirements: met if all are met, partly met if
// any is met or partly met, not met otherwise (or when none is applicable).
RequirementStatus combine(const std::vector<SourceStatus>& sources) {
  int applicable = 0, met = 0, some = 0;
  for (const SourceStatus& s : sources) {
    if (s.status == RequirementStatus::kNotApplicable) continue;
    ++applicable;
    if (s.status == RequirementStatus::kMet) ++met;
    if (s.status != RequirementStatus::kNotMet) ++some;
  }
  if (applicable == 0) return RequirementStatus::kNotMet;
  if (met == applicable) return RequirementStatus::kMet;
  return some > 0 ? RequirementStatus::kPartlyMet : RequirementStatus::kNotMet;
}

std::string describe_sources(const std::string& framework, const std::vector<SourceStatus>& s) {
  std::string out = framework;
  for (std::size_t i = 0; i < s.size(); ++i)
    out += (i ? ", " : " ") + s[i].ref + " (" + std::string(to_string(s[i].status)) + ")";
  return out;
}

void infer_from_mapping(ProjectionItem& item, const MappingEntry& entry,
                        const ProjectionInput& in) {
  MappingUsed used{{}, entry.relation, entry.strength, entry.rationale};
  for (const std::string& ref : entry.source_refs) {
    RequirementStatus s = RequirementStatus::kNotMet;
    if (in.assume_source_met) {
      s = RequirementStatus::kMet;
    } else if (auto i = in.source->framework->index_of(ref)) {
      s = in.source->requirements[*i].status;
    }
    used.sources.push_back({ref, s});
  }
  const std::string relation(to_string(entry.relation));
  item.basis = Basis::kMapping;
  if (entry.relation == Relation::kNone || used.sources.empty()) {
    item.status = RequirementStatus::kNotMet;
    item.reason = "gap: no " + in.source->framework->name + " counterpart; " + entry.rationale;
  } else {
    const RequirementStatus combined = combine(used.sources);
    const std::string from = "inferred from " +
                             describe_sources(in.source->framework->name, used.sources) + " via " +
                             relation + "/" + std::string(to_string(entry.strength));
    if (passes_status_through(entry.relation)) {
      item.status = combined;
      item.reason = from + "; " + entry.rationale;
    } else {
      item.status = combined == RequirementStatus::kNotMet ? RequirementStatus::kNotMet
                                                           : RequirementStatus::kPartlyMet;
      item.reason = from + ": at most partly met; " + entry.rationale;
    }
  }
  item.via.push_back(std::move(used));
}

}  // namespace

Projection project(const ProjectionInput& in) {
  Projection out;
  out.target = in.target->framework->id;
  out.source = in.source->framework->id;
  out.assume_source_met = in.assume_source_met;

  // Templates that link each target ref: full coverage first.
  std::unordered_map<std::string, std::vector<std::string>> full, partial;
  for (const ControlTemplate& t : *in.templates)
    for (const RequirementLink& l : t.links)
      if (l.framework == out.target)
        (l.coverage == Coverage::kFull ? full : partial)[l.ref].push_back(t.id);

  const auto& reqs = in.target->framework->requirements();
  for (std::size_t r = 0; r < reqs.size(); ++r) {
    const Requirement& req = reqs[r];
    const RequirementAssessment& direct = in.target->requirements[r];
    ProjectionItem item;
    item.ref = req.ref;
    const MappingEntry* entry = in.crosswalk->find(req.ref);
    if (direct.status == RequirementStatus::kNotApplicable) {
      item.status = direct.status;
      item.basis = Basis::kExcluded;
      item.reason = direct.reason;
    } else if (!direct.controls.empty()) {
      item.status = direct.status;
      item.basis = Basis::kControls;
      item.reason = direct.reason;
    } else if (entry) {
      infer_from_mapping(item, *entry, in);
    } else {
      item.status = RequirementStatus::kNotMet;
      item.basis = Basis::kNone;
      item.reason = "no control is linked and the crosswalk has no entry for it";
    }
    if (item.status == RequirementStatus::kPartlyMet || item.status == RequirementStatus::kNotMet) {
      item.closing_templates = full[req.ref];
      for (const std::string& id : partial[req.ref]) item.closing_templates.push_back(id);
    }
    if (req.assessable) out.tally.add(item.status);
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace crosswalk::domain
