#include "domain/framework.h"

namespace crosswalk::domain {

bool Framework::add_requirement(Requirement r) {
  if (index_.count(r.ref)) return false;
  index_.emplace(r.ref, requirements_.size());
  requirements_.push_back(std::move(r));
  return true;
}

std::optional<std::size_t> Framework::index_of(const std::string& ref) const {
  auto it = index_.find(ref);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const Requirement* Framework::find(const std::string& ref) const {
  auto i = index_of(ref);
  return i ? &requirements_[*i] : nullptr;
}

const RequirementGroup* Framework::find_group(const std::string& id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

namespace {

bool same_requirement(const Requirement& a, const Requirement& b) {
  return a.title == b.title && a.statement == b.statement && a.guidance == b.guidance &&
         a.assessable == b.assessable && a.parent == b.parent && a.group == b.group &&
         a.kind == b.kind;
}

}  // namespace

FrameworkChanges compare_frameworks(const Framework* before, const Framework& after) {
  FrameworkChanges out;
  for (const Requirement& r : after.requirements()) {
    const Requirement* old = before ? before->find(r.ref) : nullptr;
    if (!old)
      out.added.push_back(r.ref);
    else if (!same_requirement(*old, r))
      out.changed.push_back(r.ref);
  }
  if (before)
    for (const Requirement& r : before->requirements())
      if (!after.find(r.ref)) out.removed.push_back(r.ref);
  return out;
}

}  // namespace crosswalk::domain
