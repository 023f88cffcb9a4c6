// Typed access to a JSON document that remembers where it is, so errors can say
// "frameworks/x.json: requirements[4].kind: expected one of clause, annex_a".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace crosswalk::catalog {

class JsonReader {
 public:
  JsonReader(const nlohmann::json& node, std::string path) : node_(node), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  const nlohmann::json& node() const { return node_; }
  bool has(const char* key) const { return node_.is_object() && node_.contains(key); }

  Status require_object() const;
  // Refuses keys outside `allowed`, so a misspelt field is an error rather than silently ignored.
  Status only(std::initializer_list<const char*> allowed) const;
  Status string(const char* key, std::string& out, bool required = true) const;
  Status boolean(const char* key, bool& out, bool required = true) const;
  Status strings(const char* key, std::vector<std::string>& out, bool required = true) const;
  // Calls fn for each element of the array at key.
  template <typename Fn>
  Status each(const char* key, Fn fn, bool required = true) const {
    if (!has(key)) return required ? missing(key) : Status::Ok();
    const nlohmann::json& arr = node_.at(key);
    if (!arr.is_array()) return error(key, "expected an array");
    for (std::size_t i = 0; i < arr.size(); ++i)
      CW_RETURN_IF_ERROR(fn(JsonReader(arr[i], child(key) + "[" + std::to_string(i) + "]")));
    return Status::Ok();
  }
  JsonReader member(const char* key) const { return {node_.at(key), child(key)}; }
  Status error(const std::string& key, const std::string& why) const {
    return Status::InvalidInput(child(key) + ": " + why);
  }

 private:
  std::string child(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }
  Status missing(const char* key) const { return error(key, "required field is missing"); }

  const nlohmann::json& node_;
  std::string path_;
};

}  // namespace crosswalk::catalog
