#include "store/sql/column_codec.h"

#include <openssl/rand.h>

namespace crosswalk::store::sql {

std::string random_id(std::string_view prefix) {
  unsigned char b[6];
  RAND_bytes(b, sizeof b);
  static const char* kHex = "0123456789abcdef";
  std::string id(prefix);
  for (unsigned char c : b) {
    id.push_back(kHex[c >> 4]);
    id.push_back(kHex[c & 15]);
  }
  return id;
}

std::string space_joined(const std::vector<std::string>& ids) {
  std::string s = " ";
  for (const std::string& id : ids) s += id + " ";
  return s;
}

std::vector<std::string> space_split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace crosswalk::store::sql
