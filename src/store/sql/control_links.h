// A control's requirement links in the database and in journal entries, shared by adoption and
// by controls people write or rewrite.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/control_template.h"
#include "store/sql/database.h"

namespace crosswalk::store::sql {

nlohmann::json links_json(const std::vector<domain::RequirementLink>& links);
// Adds the links; replace_links first removes the control's current ones.
Status insert_links(Database& db, const std::string& control_id,
                    const std::vector<domain::RequirementLink>& links);
Status replace_links(Database& db, const std::string& control_id,
                     const std::vector<domain::RequirementLink>& links);

}  // namespace crosswalk::store::sql
