// Browser sign-in: password check with rate limiting, and sessions kept in the database (so any
// server replica recognises them). The cookie value is random and only its SHA-256 is stored.
#pragma once

#include <string>

#include "service/workspace.h"

namespace crosswalk::service {

constexpr domain::Timestamp kSessionLifetime = 12 * 3600;
constexpr domain::Timestamp kLoginWindow = 15 * 60;
constexpr int kMaxFailuresPerUser = 5;     // within kLoginWindow
constexpr int kMaxFailuresPerRemote = 20;  // within kLoginWindow

enum class LoginOutcome { kOk, kBadCredentials, kRateLimited };

struct Login {
  LoginOutcome outcome = LoginOutcome::kBadCredentials;
  std::string cookie;  // the session id, for the browser only
  store::SessionRecord session;
  store::UserRecord user;
};

Result<Login> login(Workspace& ws, const std::string& name, const std::string& password,
                    const std::string& remote, domain::Timestamp now);

}  // namespace crosswalk::service
