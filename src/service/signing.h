// Ed25519 signatures (libsodium) over JSON documents, so that a measurement's numbers can be
// checked by anyone holding the public key, long after and away from the server.
//
// The signed bytes are the document without its "signature" member, serialized with object
// keys sorted bytewise, no whitespace, and numbers in their shortest round-trip form
// (nlohmann::json's dump()). The signature member says so.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace crosswalk::service {

class Workspace;

// A fresh key pair (public and secret key base64, id "KEY-" + the public key's first 12 hex
// digits of its SHA-256).
store::SigningKey new_signing_key(domain::Timestamp now);

// The id of the key whose public key (base64) this is, "KEY-" + the first 12 hex digits of the
// SHA-256 of its bytes; "" when it is not an Ed25519 public key.
std::string signing_key_id(const std::string& public_key);

// The canonical bytes that are signed.
std::string canonical_bytes(const nlohmann::json& document);

// `document` with a "signature" member added.
Result<nlohmann::json> sign_document(nlohmann::json document, const store::SigningKey& key);

// Ok when the signature is valid for one of `keys` (matched by key id); InvalidInput saying why
// not (no signature, unknown key, altered document).
Status verify_document(const nlohmann::json& document, const std::vector<store::SigningKey>& keys);

}  // namespace crosswalk::service
