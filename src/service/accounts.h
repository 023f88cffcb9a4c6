// People and scripts: user accounts with a role, and API tokens for scripts and CI.
#pragma once

#include <optional>
#include <string>

#include "service/workspace.h"

namespace crosswalk::service {

// Names: 1–64 of a-z 0-9 . _ -, starting with a letter or digit. Passwords: 12–1024 characters.
Result<store::UserRecord> add_user(Workspace& ws, const std::string& name, const std::string& role,
                                   const std::string& password, const store::Actor& actor);

// The first-run administrator: like add_user with role admin, but Conflict once any user exists.
Result<store::UserRecord> add_first_admin(Workspace& ws, const std::string& name,
                                          const std::string& password, const store::Actor& actor);

struct NewToken {
  store::TokenRecord record;
  std::string secret;  // shown once, never stored
};

// `scope`: "full" acts with the user's role; "import" may only push tool results and check results
// (the user's role must allow importing).
Result<NewToken> create_token(Workspace& ws, const std::string& user, const std::string& label,
                              std::optional<int> valid_days, const store::Actor& actor,
                              const std::string& scope = "full");

// A new password (same rules as add_user); the user's sessions end.
Status set_password(Workspace& ws, const std::string& name, const std::string& password,
                    const store::Actor& actor);

// A signed-in user changing their own password: the current one must match. Their sessions end
// (store::set_password_hash), so the caller signs in again.
Status change_own_password(Workspace& ws, const std::string& name, const std::string& current,
                           const std::string& next, const store::Actor& actor);

// Role changes and removals never leave the organization without an administrator.
Status set_role(Workspace& ws, const std::string& name, const std::string& role,
                const store::Actor& actor);
Status remove_user(Workspace& ws, const std::string& name, const store::Actor& actor);

Status revoke_token(Workspace& ws, const std::string& token_id, const store::Actor& actor);

}  // namespace crosswalk::service
