#include "ingest/xml_prescan.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace crosswalk::ingest {
namespace {

constexpr std::string_view kBangWords[] = {"--", "[CDATA[", "DOCTYPE", "ENTITY"};

bool is_prefix_of_bang_word(const std::string& s) {
  for (std::string_view w : kBangWords)
    if (w.starts_with(s)) return true;
  return false;
}

// Index of the first of `a`, `b`, `c` in data[i, size), or size.
std::size_t find_any(const char* data, std::size_t i, std::size_t size, char a, char b, char c) {
  while (i < size && data[i] != a && data[i] != b && data[i] != c) ++i;
  return i;
}

std::size_t find(const char* data, std::size_t i, std::size_t size, char c) {
  const void* p = std::memchr(data + i, c, size - i);
  return p == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(p) - data);
}

}  // namespace

Status XmlPrescan::check_encoding(unsigned char first, unsigned char second) {
  // The offsets and the entity check read ASCII-compatible bytes; libxml2 checks UTF-8 itself.
  const bool utf16_bom = (first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE);
  const bool ebcdic = first == 0x4C && second == 0x6F;
  if (utf16_bom || ebcdic || first == 0 || second == 0)
    return Status::InvalidInput(
        "line 1: UTF-16, UTF-32 and EBCDIC documents are not accepted (convert to UTF-8)");
  return Status::Ok();
}

void XmlPrescan::bang(char c) {
  bang_ += c;
  if (bang_ == "--") {
    state_ = State::kComment, run_ = 0;
  } else if (bang_ == "[CDATA[") {
    state_ = State::kCData, run_ = 0;
  } else if (bang_ == "DOCTYPE") {
    state_ = State::kDoctype, quote_ = 0;
  } else if (!is_prefix_of_bang_word(bang_)) {
    state_ = State::kDecl, quote_ = 0;  // <!ELEMENT, <!ATTLIST, <!NOTATION, or malformed
  }
}

// Markup inside a start tag or declaration: skips quoted values, stops after '>'.
std::size_t XmlPrescan::tag(const char* data, std::size_t i, std::size_t size) {
  if (quote_ != 0) {
    const std::size_t end = find(data, i, size, quote_);
    if (end == size) return size;
    quote_ = 0, prev_ = data[end];
    return end + 1;
  }
  const std::size_t end = find_any(data, i, size, '>', '"', '\'');
  if (end == size) {
    if (size > i) prev_ = data[size - 1];
    return size;
  }
  const char before = end > i ? data[end - 1] : prev_;
  if (data[end] == '>') {
    if (state_ == State::kStartTag && before != '/') ++open_;
    end_markup();
  } else {
    quote_ = data[end];
  }
  prev_ = data[end];
  return end + 1;
}

Status XmlPrescan::feed(const char* data, std::size_t size) {
  for (std::size_t i = 0; pos_ + static_cast<std::int64_t>(i) < 2 && i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (pos_ + static_cast<std::int64_t>(i) == 0)
      first_byte_ = c;
    else
      CW_RETURN_IF_ERROR(check_encoding(first_byte_, c));
  }
  const std::int64_t line_at_start = line_;
  for (std::size_t i = 0; i < size;) {
    if (state_ == State::kText) {  // the bulk of a document: jump to the next markup
      i = find(data, i, size, '<');
      if (i < size) tag_start_ = pos_ + static_cast<std::int64_t>(i++), state_ = State::kLt;
      continue;
    }
    if (state_ == State::kStartTag || state_ == State::kDecl) {
      i = tag(data, i, size);
      continue;
    }
    const char c = data[i++];
    switch (state_) {
      case State::kLt:
        if (c == '/') {
          state_ = State::kEndTag;
        } else if (c == '?') {
          state_ = State::kPi, run_ = 0;
        } else if (c == '!') {
          state_ = State::kBang, bang_.clear();
        } else {
          starts_.push_back(tag_start_);
          root_seen_ = true;
          state_ = State::kStartTag, quote_ = 0, prev_ = c;
        }
        break;
      case State::kBang:
        bang(c);
        if (bang_ == "ENTITY") {
          const std::int64_t line = line_at_start + std::count(data, data + i, '\n');
          return Status::InvalidInput("line " + std::to_string(line) +
                                      ": entity declarations are not accepted");
        }
        break;
      case State::kEndTag:
        if (c == '>') state_ = State::kText, --open_;
        break;
      case State::kComment:
      case State::kCData:
        if (c == (state_ == State::kComment ? '-' : ']')) {
          ++run_;
        } else {
          if (c == '>' && run_ >= 2) end_markup();
          run_ = 0;
        }
        break;
      case State::kPi:
        if (c == '>' && run_ > 0) end_markup();
        run_ = c == '?';
        break;
      case State::kDoctype:
        if (quote_ != 0) {
          if (c == quote_) quote_ = 0;
        } else if (c == '"' || c == '\'') {
          quote_ = c;
        } else if (in_subset_ && c == '<') {
          tag_start_ = pos_ + static_cast<std::int64_t>(i) - 1, state_ = State::kLt;
        } else if (c == '[' || c == ']') {
          in_subset_ = c == '[';
        } else if (c == '>' && !in_subset_) {
          state_ = State::kText;
        }
        break;
      default:
        break;
    }
  }
  // Lines matter only before the root element, where a DOCTYPE may be.
  if (!root_seen_) line_ += std::count(data, data + size, '\n');
  pos_ += static_cast<std::int64_t>(size);
  return Status::Ok();
}

std::int64_t XmlPrescan::pop_start_tag() {
  if (starts_.empty()) return -1;
  const std::int64_t offset = starts_.front();
  starts_.pop_front();
  return offset;
}

}  // namespace crosswalk::ingest
