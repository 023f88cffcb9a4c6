#include "oscal/ids.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace crosswalk::oscal {

namespace {

bool is_letter(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool kept_as_is(unsigned char c) {
  return (c < 0x80 && is_letter(c)) || is_digit(c) || c == '.' || c == '-';
}

std::string escaped(std::string_view ref) {
  std::string out = "_";
  for (unsigned char c : ref) {
    if (kept_as_is(c)) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "_%02X", c);
      out += buf;
    }
  }
  return out;
}

// The reference `id` is the escaped form of, if it is one.
std::optional<std::string> unescaped(std::string_view id) {
  if (id.size() < 2 || id[0] != '_') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i < id.size(); ++i) {
    auto c = static_cast<unsigned char>(id[i]);
    if (c == '_') {
      if (i + 2 >= id.size() || !is_hex(static_cast<unsigned char>(id[i + 1])) ||
          !is_hex(static_cast<unsigned char>(id[i + 2])))
        return std::nullopt;
      out += static_cast<char>(std::stoi(std::string(id.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (escaped(out) != id) return std::nullopt;
  return out;
}

// Crosswalk's UUID namespace: uuid5(URL namespace, "https://crosswalk.local/oscal").
constexpr std::array<unsigned char, 16> kNamespace = {
    0x6b, 0x1f, 0x52, 0x0e, 0x8d, 0x3a, 0x5c, 0x41, 0x9e, 0x27, 0x04, 0xd2, 0x6f, 0x83, 0xa1, 0x5b};

}  // namespace

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  auto first = static_cast<unsigned char>(s[0]);
  if (!is_letter(first) && first != '_') return false;
  for (unsigned char c : s.substr(1))
    if (!is_letter(c) && !is_digit(c) && c != '.' && c != '-' && c != '_') return false;
  return true;
}

std::string encode_id(std::string_view ref) {
  if (is_token(ref)) {
    // A token is kept as it is unless it is what another reference encodes to ("_4.1").
    auto inner = unescaped(ref);
    if (!inner || encode_id(*inner) != ref) return std::string(ref);
  }
  return escaped(ref);
}

std::string decode_id(std::string_view id) {
  auto inner = unescaped(id);
  if (inner && encode_id(*inner) == id) return *inner;
  return std::string(id);
}

std::string uuid_v5(std::string_view name) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1 &&
            EVP_DigestUpdate(ctx, kNamespace.data(), kNamespace.size()) == 1 &&
            EVP_DigestUpdate(ctx, name.data(), name.size()) == 1 &&
            EVP_DigestFinal_ex(ctx, digest.data(), &len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("OpenSSL: SHA-1 failed");
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  std::string out;
  char buf[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    out += buf;
  }
  return out;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!is_hex(c)) {
      return false;
    }
  }
  return (s[14] == '4' || s[14] == '5') &&
         std::string_view("89abAB").find(s[19]) != std::string_view::npos;
}

}  // namespace crosswalk::oscal
