#include "service/signing.h"

#include <sodium.h>

#include "common/sha256.h"

namespace crosswalk::service {
namespace {

constexpr const char* kCanonicalization =
    "JSON without the signature member, object keys sorted bytewise, no whitespace, numbers in "
    "shortest round-trip form";

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool from_base64(const std::string& text, std::vector<unsigned char>& out, std::size_t size) {
  out.assign(size, 0);
  std::size_t got = 0;
  return sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &got, nullptr,
                           sodium_base64_VARIANT_ORIGINAL) == 0 &&
         got == size;
}

}  // namespace

store::SigningKey new_signing_key(domain::Timestamp now) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work without its RNG
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  store::SigningKey key;
  key.public_key = base64(pk, sizeof pk);
  key.secret_key = base64(sk, sizeof sk);
  sodium_memzero(sk, sizeof sk);
  key.id = "KEY-" +
           sha256_hex(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk)).substr(0, 12);
  key.created_at = now;
  return key;
}

std::string canonical_bytes(const nlohmann::json& document) {
  nlohmann::json copy = document;  // nlohmann::json keeps object keys in std::map order
  if (copy.is_object()) copy.erase("signature");
  return copy.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string signing_key_id(const std::string& public_key) {
  std::vector<unsigned char> pk;
  if (!from_base64(public_key, pk, crypto_sign_PUBLICKEYBYTES)) return "";
  return "KEY-" + sha256_hex(std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()))
                      .substr(0, 12);
}

Result<nlohmann::json> sign_document(nlohmann::json document, const store::SigningKey& key) {
  if (sodium_init() < 0) return Status::IoError("libsodium could not start");
  std::vector<unsigned char> sk;
  if (!from_base64(key.secret_key, sk, crypto_sign_SECRETKEYBYTES))
    return Status::Corruption("signing key " + key.id + " is not a valid Ed25519 secret key");
  const std::string bytes = canonical_bytes(document);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), sk.data());
  sodium_memzero(sk.data(), sk.size());
  document["signature"] = {{"algorithm", "ed25519"},
                           {"key_id", key.id},
                           {"public_key", key.public_key},
                           {"canonicalization", kCanonicalization},
                           {"value", base64(sig, sizeof sig)}};
  return document;
}

Status verify_document(const nlohmann::json& document, const std::vector<store::SigningKey>& keys) {
  if (sodium_init() < 0) return Status::IoError("libsodium could not start");
  if (!document.is_object() || !document.contains("signature") ||
      !document["signature"].is_object())
    return Status::InvalidInput("the document has no signature");
  const auto& s = document["signature"];
  if (s.value("algorithm", "") != "ed25519")
    return Status::InvalidInput("unknown signature algorithm '" + s.value("algorithm", "") + "'");
  const std::string key_id = s.value("key_id", "");
  const store::SigningKey* key = nullptr;
  for (const auto& k : keys)
    if (k.id == key_id) key = &k;
  if (!key) return Status::InvalidInput("signed by key '" + key_id + "', which is not one of ours");
  std::vector<unsigned char> pk, sig;
  if (!from_base64(key->public_key, pk, crypto_sign_PUBLICKEYBYTES))
    return Status::Corruption("public key " + key->id + " is not a valid Ed25519 key");
  if (!from_base64(s.value("value", ""), sig, crypto_sign_BYTES))
    return Status::InvalidInput("the signature value is not a base64 Ed25519 signature");
  const std::string bytes = canonical_bytes(document);
  if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                  bytes.size(), pk.data()) != 0)
    return Status::InvalidInput("the signature does not match: the document was altered");
  return Status::Ok();
}

}  // namespace crosswalk::service
