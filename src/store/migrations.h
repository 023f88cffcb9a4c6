// Versioned schema migrations. Each runs once, in order, inside one transaction with the
// bump of schema_migrations, so a migration is either fully applied or not at all.
#pragma once

#include <string>
#include <vector>

namespace crosswalk::store {

struct Migration {
  int version;
  std::string name;
  std::string sql;  // portable SQL: INTEGER/BIGINT/TEXT, no engine-specific features
};

const std::vector<Migration>& migrations();

}  // namespace crosswalk::store
