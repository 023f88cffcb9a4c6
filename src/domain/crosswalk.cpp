#include "domain/crosswalk.h"

namespace crosswalk::domain {

bool Crosswalk::add_entry(MappingEntry e) {
  if (index_.count(e.target_ref)) return false;
  index_.emplace(e.target_ref, entries_.size());
  entries_.push_back(std::move(e));
  return true;
}

const MappingEntry* Crosswalk::find(const std::string& target_ref) const {
  auto it = index_.find(target_ref);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

bool passes_status_through(Relation r) {
  return r == Relation::kEqual || r == Relation::kSubset;
}

}  // namespace crosswalk::domain
