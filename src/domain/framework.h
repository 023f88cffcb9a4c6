// A standard as a list of requirements (clause requirements and Annex A controls).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/enums.h"

namespace crosswalk::domain {

struct RequirementGroup {
  std::string id;  // "4", "A.5"
  std::string title;
  RequirementKind kind = RequirementKind::kClause;
  std::string parent;  // the enclosing group's id, for frameworks imported with nested groups
};

struct Requirement {
  std::string ref;  // "4.1", "6.1.4", "A.5.1", "A.10.4"
  std::string title;
  RequirementKind kind = RequirementKind::kClause;
  std::string group;
  std::string subgroup;  // optional finer grouping, e.g. ISO 42001's A.6.1 / A.6.2 objectives
  std::string subgroup_title;
  bool assessable = true;
  std::string parent;     // the control this one enhances ("ac-2" for "ac-2.1"), if any
  std::string statement;  // what the requirement asks, as imported (Markdown); "" for ISO's
  std::string guidance;
  std::string note;
  // ISO/IEC 27002-style attributes: name -> values (empty for frameworks without them).
  std::map<std::string, std::vector<std::string>> attributes;
};

class Framework {
 public:
  std::string id;  // "iso27001-2022"
  std::string name;
  std::string title;
  std::string version;
  std::vector<RequirementGroup> groups;
  // Where an imported framework came from, as JSON (model, file, sha256, document title and
  // version, when and by whom); "" for the frameworks of the built-in catalog.
  std::string origin;

  bool imported() const { return !origin.empty(); }

  const std::vector<Requirement>& requirements() const { return requirements_; }
  // Returns false when the ref is already present.
  bool add_requirement(Requirement r);
  std::optional<std::size_t> index_of(const std::string& ref) const;
  const Requirement* find(const std::string& ref) const;
  const RequirementGroup* find_group(const std::string& id) const;

 private:
  std::vector<Requirement> requirements_;
  std::unordered_map<std::string, std::size_t> index_;
};

// What a new version of a framework adds, drops and changes (title, statement, guidance,
// assessable, place), as requirement refs in framework order.
struct FrameworkChanges {
  std::vector<std::string> added, removed, changed;
};
FrameworkChanges compare_frameworks(const Framework* before, const Framework& after);

}  // namespace crosswalk::domain
