// Lenient readers over simdjson On-Demand values taken from a JsonStream element: a field of the
// wrong type reads as absent (tools disagree on types; the syntax was checked by the stream).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "ingest/json_stream.h"
#include "ingest/normalize.h"

namespace crosswalk::ingest::ondemand_fields {

namespace ondemand = simdjson::ondemand;
using normalize::parse_double;
using simdjson::error_code;

inline simdjson::padded_string_view padded(const JsonElement& e) {
  return simdjson::padded_string_view(e.text.data(), e.text.size(), e.text.size() + kJsonPadding);
}

// InvalidInput at the element for an error simdjson found in it.
inline Status element_error(const std::string& file, const JsonElement& e, error_code err) {
  return json_error_at(file, e.offset,
                       std::string("invalid JSON value: ") + simdjson::error_message(err));
}

// The value of an element that is a JSON string; "" for anything else.
inline std::string string_value(ondemand::parser& p, const JsonElement& e) {
  ondemand::document doc;
  std::string_view s;
  if (p.iterate(padded(e)).get(doc) != simdjson::SUCCESS || doc.get_string().get(s)) return {};
  return std::string(s);
}

// A member's key. Keys are compared as they are in the text (no copy) unless they hold an escape.
inline error_code key_of(ondemand::field& field, std::string_view* key) {
  const char* const start = field.key().raw();
  const char* end = start;
  while (*end != '"') {
    if (*end == '\\') return field.unescaped_key().get(*key);
    ++end;
  }
  *key = std::string_view(start, static_cast<std::size_t>(end - start));
  return simdjson::SUCCESS;
}

// Calls fn(key, value) -> error_code for each member of `obj`.
template <class F>
error_code for_each_field(ondemand::object& obj, F&& fn) {
  for (auto member : obj) {
    ondemand::field field;
    if (error_code err = std::move(member).get(field)) return err;
    std::string_view key;
    if (error_code err = key_of(field, &key)) return err;
    if (error_code err = fn(key, field.value())) return err;
  }
  return simdjson::SUCCESS;
}

// The same over a value, which is ignored when it is not an object.
template <class F>
error_code for_each_field(ondemand::value& v, F&& fn) {
  ondemand::object obj;
  if (v.get_object().get(obj) != simdjson::SUCCESS) return simdjson::SUCCESS;
  return for_each_field(obj, fn);
}

// Calls fn(value) -> error_code for each item of `v`, which is ignored when it is not an array.
template <class F>
error_code for_each_item(ondemand::value& v, F&& fn) {
  ondemand::array arr;
  if (v.get_array().get(arr) != simdjson::SUCCESS) return simdjson::SUCCESS;
  for (auto item : arr) {
    ondemand::value value;
    if (error_code err = std::move(item).get(value)) return err;
    if (error_code err = fn(value)) return err;
  }
  return simdjson::SUCCESS;
}

inline std::string_view str(ondemand::value& v) {
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

inline std::optional<std::int64_t> int64(ondemand::value& v) {
  std::int64_t i = 0;
  if (v.get_int64().get(i) != simdjson::SUCCESS) return std::nullopt;
  return i;
}

inline std::optional<bool> boolean(ondemand::value& v) {
  bool b = false;
  if (v.get_bool().get(b) != simdjson::SUCCESS) return std::nullopt;
  return b;
}

// A number, or a string holding one ("5.3").
inline std::optional<double> number(ondemand::value& v) {
  ondemand::json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return std::nullopt;
  if (type == ondemand::json_type::string) return parse_double(str(v));
  double d = 0;
  if (type != ondemand::json_type::number || v.get_double().get(d) != simdjson::SUCCESS)
    return std::nullopt;
  return d;
}

// The "text" member of a SARIF/OCSF message-like object ({"text": …}).
inline error_code text_member(ondemand::value& v, std::string_view* out) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "text") *out = str(value);
    return simdjson::SUCCESS;
  });
}

}  // namespace crosswalk::ingest::ondemand_fields
