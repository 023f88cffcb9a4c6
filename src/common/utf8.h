// UTF-8 checks for text that arrives as raw bytes (form fields, file names) and must become JSON.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crosswalk {

// The length of the well-formed UTF-8 sequence starting at s[at] (1-4), or 0 if it is not one
// (overlong forms, surrogates and values above U+10FFFF are not well-formed). `code_point` gets
// its value when not null.
std::size_t utf8_sequence(std::string_view s, std::size_t at, char32_t* code_point = nullptr);

bool is_valid_utf8(std::string_view s);

// A C0 control character or DEL; with `allow_newlines`, line feeds, carriage returns and tabs
// are allowed (multi-line text).
bool has_control_character(std::string_view s, bool allow_newlines);

// Text from a file or a tool, made safe to show: invalid UTF-8 and control characters become
// '?', and it is cut at `max_bytes` (on a character boundary, with "…").
std::string printable_excerpt(std::string_view text, std::size_t max_bytes = 160);

}  // namespace crosswalk
