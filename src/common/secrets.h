// Password hashing (Argon2id through libsodium) and API tokens (random, stored as SHA-256).
#pragma once

#include <string>

#include "common/status.h"

namespace crosswalk {

// Argon2id with libsodium's interactive limits (64 MiB, 2 passes); the result embeds its salt
// and parameters. Fails only when memory cannot be allocated.
Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);

// "cwt_" and 43 URL-safe characters: 256 random bits. Shown once; only its SHA-256 is stored
// (enough for a secret with that much entropy, and cheap to check on every request).
std::string new_api_token();

}  // namespace crosswalk
