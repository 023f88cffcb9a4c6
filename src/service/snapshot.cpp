#include "service/snapshot.h"

#include "domain/overlap.h"
#include "domain/time.h"

namespace crosswalk::service {

const domain::FrameworkAssessment* Snapshot::framework(const std::string& id) const {
  for (const auto& f : assessment.frameworks)
    if (f.framework->id == id) return &f;
  return nullptr;
}

std::optional<std::size_t> Snapshot::control_index(const std::string& id) const {
  for (std::size_t i = 0; i < org.controls.size(); ++i)
    if (org.controls[i].id == id) return i;
  return std::nullopt;
}

Result<std::unique_ptr<Snapshot>> take_snapshot(store::Store& store, domain::Timestamp now) {
  auto s = std::make_unique<Snapshot>();
  auto cat = store.load_catalog();
  if (!cat.ok()) return cat.status();
  if (cat->frameworks.empty())
    return Status::InvalidInput("the database has no catalog yet: run `crosswalk init`");
  s->catalog = std::move(cat).value();
  auto org = store.organization();
  if (!org.ok()) return org.status();
  s->org = std::move(org).value();
  s->now = now;
  s->assessment = domain::assess(s->catalog.frameworks, s->org, now);
  return s;
}

Result<domain::Projection> project(const Snapshot& s, const std::string& target,
                                   const std::string& source, bool assume_source_met) {
  const auto* t = s.framework(target);
  if (!t)
    return Status::NotFound("unknown framework '" + target + "' (see `crosswalk framework list`)");
  const auto* src = s.framework(source);
  if (!src)
    return Status::NotFound("unknown framework '" + source + "' (see `crosswalk framework list`)");
  const auto* cw = s.catalog.find_crosswalk(target, source);
  if (!cw)
    return Status::NotFound("no crosswalk from " + source + " to " + target + " in the catalog");
  return domain::project({t, src, cw, &s.catalog.templates, assume_source_met});
}

Result<std::vector<std::string>> own_work(const Snapshot& s, const std::string& target,
                                          const std::string& source) {
  const domain::FrameworkAssessment* t = s.framework(target);
  if (!t) return Status::NotFound("unknown framework '" + target + "'");
  if (!s.org.controls.empty())
    return domain::overlap(*t, source, s.org, s.assessment.controls).own_work;
  auto p = project(s, target, source, true);
  if (!p.ok()) return p.status();
  std::vector<std::string> out;
  for (const auto& it : p->items)
    if (it.status == domain::RequirementStatus::kNotMet) out.push_back(it.ref);
  return out;
}

std::vector<store::ReadinessPoint> readiness_points(const Snapshot& s) {
  std::vector<store::ReadinessPoint> out;
  const std::string day = domain::format_date(s.now);
  for (const auto& f : s.assessment.frameworks)
    out.push_back({day, f.framework->id, f.total.met, f.total.partly_met, f.total.not_met,
                   f.total.not_applicable});
  return out;
}

}  // namespace crosswalk::service
