// Tiny frameworks for domain tests.
#pragma once

#include "domain/framework.h"

namespace crosswalk::domain::testing {

inline Framework make_framework(const std::string& id,
                                const std::vector<std::pair<std::string, RequirementKind>>& refs) {
  Framework f;
  f.id = id;
  f.name = id;
  f.groups = {{"4", "Clauses", RequirementKind::kClause, ""},
              {"A.5", "Annex", RequirementKind::kAnnexA, ""}};
  for (const auto& [ref, kind] : refs) {
    Requirement r;
    r.ref = ref;
    r.title = "Requirement " + ref;
    r.kind = kind;
    r.group = kind == RequirementKind::kClause ? "4" : "A.5";
    f.add_requirement(r);
  }
  return f;
}

}  // namespace crosswalk::domain::testing
