#include "service/sessions.h"

#include "common/secrets.h"
#include "common/sha256.h"

namespace crosswalk::service {

Result<Login> login(Workspace& ws, const std::string& name, const std::string& password,
                    const std::string& remote, domain::Timestamp now) {
  Login result;
  auto failures = ws.store().login_failures_since(name, remote, now - kLoginWindow);
  if (!failures.ok()) return failures.status();
  if (failures->first >= kMaxFailuresPerUser || failures->second >= kMaxFailuresPerRemote) {
    result.outcome = LoginOutcome::kRateLimited;
    return result;
  }
  auto users = ws.store().users();
  if (!users.ok()) return users.status();
  const store::UserRecord* user = nullptr;
  for (const auto& u : users.value())
    if (u.name == name) user = &u;
  // An unknown name costs the same Argon2id work as a known one, so timing does not tell them
  // apart.
  static const std::string unknown_user_hash = hash_password("no user has this password").value();
  const bool ok = verify_password(user ? user->password_hash : unknown_user_hash, password) && user;
  if (!ok) {
    CW_RETURN_IF_ERROR(ws.store().record_login_failure(name, remote, now));
    return result;
  }
  result.outcome = LoginOutcome::kOk;
  result.user = *user;
  result.cookie = new_api_token().substr(4);  // 256 random bits, URL-safe
  result.session = {sha256_hex(result.cookie), user->name, new_api_token().substr(4), now,
                    now + kSessionLifetime};
  CW_RETURN_IF_ERROR(ws.store().add_session(result.session));
  return result;
}

}  // namespace crosswalk::service
