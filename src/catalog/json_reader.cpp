#include "catalog/json_reader.h"

namespace crosswalk::catalog {

Status JsonReader::require_object() const {
  if (node_.is_object()) return Status::Ok();
  return Status::InvalidInput((path_.empty() ? "document" : path_) + ": expected an object");
}

Status JsonReader::only(std::initializer_list<const char*> allowed) const {
  for (const auto& [key, value] : node_.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return error(key, "unknown field (expected one of: " + list + ")");
    }
  }
  return Status::Ok();
}

Status JsonReader::string(const char* key, std::string& out, bool required) const {
  if (!has(key)) return required ? missing(key) : Status::Ok();
  const auto& v = node_.at(key);
  if (!v.is_string()) return error(key, "expected a string");
  out = v.get<std::string>();
  if (required && out.empty()) return error(key, "must not be empty");
  return Status::Ok();
}

Status JsonReader::boolean(const char* key, bool& out, bool required) const {
  if (!has(key)) return required ? missing(key) : Status::Ok();
  const auto& v = node_.at(key);
  if (!v.is_boolean()) return error(key, "expected true or false");
  out = v.get<bool>();
  return Status::Ok();
}

Status JsonReader::strings(const char* key, std::vector<std::string>& out, bool required) const {
  if (!has(key)) return required ? missing(key) : Status::Ok();
  const auto& v = node_.at(key);
  if (!v.is_array()) return error(key, "expected an array of strings");
  out.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string())
      return error(std::string(key) + "[" + std::to_string(i) + "]", "expected a string");
    out.push_back(v[i].get<std::string>());
  }
  return Status::Ok();
}

}  // namespace crosswalk::catalog
