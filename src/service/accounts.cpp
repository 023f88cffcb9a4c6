#include "service/accounts.h"

#include <openssl/rand.h>

#include <regex>

#include "common/secrets.h"
#include "common/sha256.h"
#include "common/utf8.h"

namespace crosswalk::service {

namespace {

// Checks a new account's name and password and hashes the password.
Result<store::UserRecord> new_user(Workspace& ws, const std::string& name, const std::string& role,
                                   const std::string& password, const store::Actor& actor) {
  static const std::regex kName("[a-z0-9][a-z0-9._-]{0,63}");
  if (!std::regex_match(name, kName))
    return Status::InvalidInput(
        "user name '" + name +
        "': use 1–64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
  auto parsed = domain::parse_role(role);
  if (!parsed)
    return Status::InvalidInput("role '" + role +
                                "' is not one of admin, manager, contributor, auditor, viewer");
  if (password.size() < 12) return Status::InvalidInput("password: at least 12 characters, please");
  if (password.size() > 1024) return Status::InvalidInput("password: at most 1024 characters");
  CW_RETURN_IF_ERROR(ws.check_writable());
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  return store::UserRecord{name, *parsed, hash.value(), actor.now};
}

}  // namespace

Result<store::UserRecord> add_user(Workspace& ws, const std::string& name, const std::string& role,
                                   const std::string& password, const store::Actor& actor) {
  auto user = new_user(ws, name, role, password, actor);
  if (!user.ok()) return user.status();
  CW_RETURN_IF_ERROR(ws.store().add_user(user.value(), actor));
  return user;
}

Result<store::UserRecord> add_first_admin(Workspace& ws, const std::string& name,
                                          const std::string& password, const store::Actor& actor) {
  auto user = new_user(ws, name, "admin", password, actor);
  if (!user.ok()) return user.status();
  CW_RETURN_IF_ERROR(ws.store().add_first_user(user.value(), actor));
  return user;
}

Result<NewToken> create_token(Workspace& ws, const std::string& user, const std::string& label,
                              std::optional<int> valid_days, const store::Actor& actor,
                              const std::string& scope) {
  if (valid_days && *valid_days <= 0)
    return Status::InvalidInput("--expires-days: must be a positive number of days");
  if (label.size() > 200) return Status::InvalidInput("--label: at most 200 characters");
  if (scope != "full" && scope != "import")
    return Status::InvalidInput("--scope '" + printable_excerpt(scope, 40) + "': full or import");
  CW_RETURN_IF_ERROR(ws.check_writable());
  if (scope == "import") {
    // A token that could import nothing is a mistake better caught now than in a pipeline.
    auto users = ws.store().users();
    if (!users.ok()) return users.status();
    for (const auto& u : users.value())
      if (u.name == user && !domain::allows(u.role, domain::Action::kImport))
        return Status::InvalidInput("--scope import: " + user + " is a " +
                                    std::string(domain::to_string(u.role)) +
                                    ", whose role may not import");
  }
  NewToken t;
  t.secret = new_api_token();
  unsigned char id[6];
  RAND_bytes(id, sizeof id);
  t.record.id =
      "tok-" + sha256_hex(std::string(reinterpret_cast<const char*>(id), sizeof id)).substr(0, 12);
  t.record.user = user;
  t.record.label = label;
  t.record.token_sha256 = sha256_hex(t.secret);
  t.record.scope = scope;
  t.record.created_at = actor.now;
  if (valid_days)
    t.record.expires_at = actor.now + domain::Timestamp{*valid_days} * domain::kSecondsPerDay;
  CW_RETURN_IF_ERROR(ws.store().add_token(t.record, actor));
  return t;
}

Status set_password(Workspace& ws, const std::string& name, const std::string& password,
                    const store::Actor& actor) {
  if (password.size() < 12) return Status::InvalidInput("password: at least 12 characters, please");
  if (password.size() > 1024) return Status::InvalidInput("password: at most 1024 characters");
  CW_RETURN_IF_ERROR(ws.check_writable());
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  return ws.store().set_password_hash(name, hash.value(), actor);
}

Status change_own_password(Workspace& ws, const std::string& name, const std::string& current,
                           const std::string& next, const store::Actor& actor) {
  auto users = ws.store().users();
  if (!users.ok()) return users.status();
  for (const auto& u : users.value())
    if (u.name == name) {
      if (!verify_password(u.password_hash, current))
        return Status::InvalidInput("the current password is wrong");
      if (next == current) return Status::InvalidInput("the new password is the current one");
      return set_password(ws, name, next, actor);
    }
  return Status::NotFound("unknown user '" + name + "'");
}

Status set_role(Workspace& ws, const std::string& name, const std::string& role,
                const store::Actor& actor) {
  auto parsed = domain::parse_role(role);
  if (!parsed)
    return Status::InvalidInput("role '" + role +
                                "' is not one of admin, manager, contributor, auditor, viewer");
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().set_role(name, *parsed, actor);
}

Status remove_user(Workspace& ws, const std::string& name, const store::Actor& actor) {
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().remove_user(name, actor);
}

Status revoke_token(Workspace& ws, const std::string& token_id, const store::Actor& actor) {
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().revoke_token(token_id, actor);
}

}  // namespace crosswalk::service
