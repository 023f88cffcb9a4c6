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

}  // namespace crosswalk::domain
