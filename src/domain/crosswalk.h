// A crosswalk between two frameworks: for each target requirement, its source counterparts.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "domain/enums.h"

namespace crosswalk::domain {

struct MappingEntry {
  std::string target_ref;
  std::vector<std::string> source_refs;
  Relation relation = Relation::kNone;
  Strength strength = Strength::kNone;
  std::string rationale;
};

class Crosswalk {
 public:
  std::string id;
  std::string target;  // framework id
  std::string source;  // framework id

  const std::vector<MappingEntry>& entries() const { return entries_; }
  // Returns false when the target ref already has an entry.
  bool add_entry(MappingEntry e);
  const MappingEntry* find(const std::string& target_ref) const;

 private:
  std::vector<MappingEntry> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Whether the relation lets the source status stand for the target (equal, subset).
bool passes_status_through(Relation r);

}  // namespace crosswalk::domain
