// The validating scanner behind JsonStream::skip and capture: one pass over a value of any size,
// reading more of the file as it goes.
#include <array>
#include <cstring>
#include <string>

#include "ingest/json_lexer.h"
#include "ingest/json_stream.h"

namespace crosswalk::ingest {

using namespace json_lexer;

namespace {
constexpr std::size_t kMaxNumberBytes = 4096;

// A backslash followed by `e`, which starts no escape. A byte other than printable ASCII (a
// control character, the first byte of a UTF-8 sequence) is named, never copied into the message:
// half a UTF-8 sequence there made the message itself invalid UTF-8 (found by fuzz_sarif).
std::string invalid_escape(char e) {
  const auto c = static_cast<unsigned char>(e);
  if (c >= 0x21 && c <= 0x7E) return "invalid escape '\\" + std::string(1, e) + "' in a string";
  return "invalid escape in a string: '\\' followed by " + describe_byte(c);
}
}  // namespace

Status JsonStream::scan_value(bool keep_text) {
  std::size_t at = pos_;
  std::size_t mark = pos_;
  switch (byte_class(buf_[pos_])) {
    case kOpenObject:
    case kOpenArray:
      return scan_container(keep_text);
    case kQuote:
      CW_RETURN_IF_ERROR(scan_string(&at, &mark, keep_text));
      break;
    case kNumber:
      CW_RETURN_IF_ERROR(scan_number(&at, &mark, keep_text));
      break;
    case kLiteral:
      CW_RETURN_IF_ERROR(scan_literal(&at, &mark, keep_text));
      break;
    default:
      return unexpected(pos_, "a value");
  }
  pos_ = at;
  return Status::Ok();
}

namespace {

enum class Scalar { kOk, kNeedMore, kInvalid };

// The number or literal starting at b[at] (it ends before white space, a structural character or a
// quote): valid, invalid, or possibly continued past `end`.
Scalar check_scalar(const char* b, std::size_t at, std::size_t end, bool eof) {
  std::size_t stop = at;
  while (stop < end) {
    const std::uint8_t cls = byte_class(b[stop]);
    if (cls == kSpace || cls == kQuote || (cls >= kOpenObject && cls <= kComma)) break;
    if (++stop - at > kMaxNumberBytes) return Scalar::kInvalid;
  }
  if (stop == end && !eof) return Scalar::kNeedMore;
  const std::string_view token(b + at, stop - at);
  if (b[at] == 't') return token == "true" ? Scalar::kOk : Scalar::kInvalid;
  if (b[at] == 'f') return token == "false" ? Scalar::kOk : Scalar::kInvalid;
  if (b[at] == 'n') return token == "null" ? Scalar::kOk : Scalar::kInvalid;
  return is_valid_number(token) ? Scalar::kOk : Scalar::kInvalid;
}

// What a block's backslashes do: `escaped` marks the bytes they escape, `escapes` the backslashes
// that escape (of two in a row, only the first). Backslashes are rare: a plain loop over them.
struct Escapes {
  std::uint64_t escaped = 0;
  std::uint64_t escapes = 0;
  std::uint64_t carry = 0;  // the next block's first byte is escaped
};

Escapes find_escapes(std::uint64_t backslash, std::uint64_t carry_in) {
  Escapes e;
  e.escaped = carry_in;
  std::uint64_t pending = backslash & ~carry_in;
  while (pending != 0) {
    const int i = __builtin_ctzll(pending);
    e.escapes |= std::uint64_t{1} << i;
    if (i == 63) {
      e.carry = 1;
      break;
    }
    e.escaped |= std::uint64_t{2} << i;
    pending &= ~((std::uint64_t{3}) << i);
  }
  return e;
}

// The grammar inside a container, per token. A state knows which container it is in where that
// matters (after a value: ',' leads to a key or to a value).
enum State : std::uint8_t {
  kValue,          // after ':' or after ',' in an array
  kValueOrClose,   // after '['
  kKeyOrClose,     // after '{'
  kKey,            // after ',' in an object
  kAfterKey,       // expecting ':'
  kAfterInObject,  // after a member's value
  kAfterInArray,   // after an item
  kStates,
};

// What a token does in a state: codes below kDone are the next state.
enum Action : std::uint8_t {
  kDone = kStates,  // a value is complete: the next state is "after" in the current container
  kScalar,          // a number or literal starts: check it, then as kDone
  kPushObject,
  kPushArray,
  kPop,  // the current container closes
  kError,
};

// Indexed by state and by the token's byte.
constexpr std::array<std::array<std::uint8_t, 256>, kStates> make_transitions() {
  std::array<std::array<std::uint8_t, 11>, kStates> t{};
  for (auto& row : t) row.fill(kError);
  for (std::uint8_t s : {kValue, kValueOrClose}) {
    t[s][kQuote] = kDone;
    t[s][kNumber] = t[s][kLiteral] = kScalar;
    t[s][kOpenObject] = kPushObject;
    t[s][kOpenArray] = kPushArray;
  }
  t[kValueOrClose][kCloseArray] = kPop;
  t[kKeyOrClose][kQuote] = t[kKey][kQuote] = kAfterKey;
  t[kKeyOrClose][kCloseObject] = kPop;
  t[kAfterKey][kColon] = kValue;
  t[kAfterInObject][kComma] = kKey;
  t[kAfterInObject][kCloseObject] = kPop;
  t[kAfterInArray][kComma] = kValue;
  t[kAfterInArray][kCloseArray] = kPop;
  std::array<std::array<std::uint8_t, 256>, kStates> by_byte{};
  for (std::size_t s = 0; s < kStates; ++s)
    for (std::size_t c = 0; c < 256; ++c) by_byte[s][c] = t[s][kClass[c]];
  return by_byte;
}
constexpr auto kTransitions = make_transitions();

const char* expected_in(std::uint8_t state) {
  switch (state) {
    case kValue:
      return "a value";
    case kValueOrClose:
      return "a value or ']'";
    case kKeyOrClose:
      return "a string key or '}'";
    case kKey:
      return "a string key";
    case kAfterKey:
      return "':' after an object key";
    case kAfterInObject:
      return "',' or '}' after an object member";
    default:
      return "',' or ']' after an array item";
  }
}

}  // namespace

// A whole object or array, 64 bytes at a time: each block is classified with SIMD, strings are
// found from their quotes (prefix XOR), and only tokens (structural characters, the opening quote
// of each string, the first byte of each number or literal) go through the grammar's state machine.
Status JsonStream::scan_container(bool keep_text) {
  const std::int64_t start = offset();
  const int room = options_.max_depth - depth();
  std::uint8_t* const containers = containers_.data();
  int inner = 0;
  std::uint8_t state = kValue;
  std::uint8_t after = kAfterInArray;  // the state after a value in the current container
  std::size_t mark = pos_;             // kept in the buffer while capturing
  std::size_t block = pos_;            // start of the current block
  std::size_t resume = pos_;           // tokens before this one are done
  std::size_t last_token = pos_;       // the opening quote of a string that goes on
  std::uint64_t in_string_carry = 0;   // all ones when the block starts inside a string
  std::uint64_t scalar_carry = 0;      // 1 when the block starts inside a number or literal
  std::uint64_t escape_carry = 0;      // 1 when the block's first byte is escaped
  bool need_more = false;
  for (;;) {
    if (need_more || (block + 64 > end_ && !eof_)) {
      std::size_t shift = 0;
      bool got = false;
      CW_RETURN_IF_ERROR(fill(keep_text ? mark : block, keep_text, &shift, &got));
      block -= shift;
      resume -= shift;
      mark -= shift;
      last_token -= shift;
      need_more = false;
      continue;
    }
    if (block >= end_) {
      pos_ = end_;
      if (in_string_carry != 0) {
        return truncated("in the string starting at byte " +
                         std::to_string(base_ + static_cast<std::int64_t>(last_token)));
      }
      return truncated("in the value starting at byte " + std::to_string(start));
    }
    char* const b = buf_.get();
    if (end_ - block < 64) std::memset(b + end_, ' ', 64);  // the last block, at end of file
    const BlockBits bits = classify_block(b + block);
    Escapes escapes;
    if ((bits.backslash | escape_carry) != 0) escapes = find_escapes(bits.backslash, escape_carry);
    const std::uint64_t quotes = bits.quote & ~escapes.escaped;
    const std::uint64_t in_string = prefix_xor(quotes) ^ in_string_carry;
    const std::uint64_t scalar = ~(bits.space | bits.op | quotes | in_string);
    std::uint64_t escape_errors = 0;
    for (std::uint64_t e = escapes.escapes & in_string; e != 0 && !need_more; e &= e - 1) {
      const std::size_t at = block + static_cast<std::size_t>(__builtin_ctzll(e));
      const std::size_t need = at + 2 <= end_ && b[at + 1] == 'u' ? 6 : 2;
      if (at + need > end_) {
        need_more = !eof_;  // at end of file the string is reported as truncated
        continue;
      }
      bool ok = need == 2 ? is_simple_escape(b[at + 1]) : true;
      for (std::size_t k = 2; k < need; ++k)
        ok = ok && is_hex(static_cast<unsigned char>(b[at + k]));
      if (!ok) escape_errors |= std::uint64_t{1} << (at - block);
    }
    if (need_more) continue;
    const std::uint64_t errors = (bits.control & in_string) | escape_errors;
    std::uint64_t tokens =
        (bits.op & ~in_string) | (quotes & in_string) | (scalar & ~((scalar << 1) | scalar_carry));
    if (resume > block) tokens &= ~std::uint64_t{0} << (resume - block);
    while (tokens != 0) {
      const int i = __builtin_ctzll(tokens);
      if ((errors & ((std::uint64_t{2} << i) - 1)) != 0) break;  // reported below
      tokens &= tokens - 1;
      const std::size_t at = block + static_cast<std::size_t>(i);
      const std::uint8_t action = kTransitions[state][static_cast<unsigned char>(b[at])];
      if (action <= kDone) {  // most tokens: keys, ':', strings, ','
        state = action == kDone ? after : action;
        continue;
      }
      if (action == kScalar) {
        const Scalar check = check_scalar(b, at, end_, eof_);
        if (check == Scalar::kNeedMore) {
          resume = at;
          need_more = true;
          break;
        }
        if (check == Scalar::kInvalid) return invalid_scalar(at);
        state = after;
      } else if (action == kPushObject || action == kPushArray) {
        if (inner >= room) {
          return error_here(
              at, "nesting deeper than " + std::to_string(options_.max_depth) + " levels");
        }
        containers[inner++] = action == kPushObject;
        state = action == kPushObject ? kKeyOrClose : kValueOrClose;
        after = action == kPushObject ? kAfterInObject : kAfterInArray;
      } else if (action == kPop) {
        if (--inner == 0) {
          pos_ = at + 1;
          return Status::Ok();
        }
        after = containers[inner - 1] ? kAfterInObject : kAfterInArray;
        state = after;
      } else {
        return unexpected(at, expected_in(state));
      }
    }
    if (need_more) continue;
    if (tokens != 0 || errors != 0) return string_error(block, errors, escape_errors);
    if ((in_string >> 63) != 0) {  // a string goes on: where it starts, for a truncated file
      if (const std::uint64_t opens = quotes & in_string; opens != 0)
        last_token = block + 63 - static_cast<std::size_t>(__builtin_clzll(opens));
    }
    in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
    scalar_carry = scalar >> 63;
    escape_carry = escapes.carry;
    block += 64;
    resume = block;
  }
}

Status JsonStream::invalid_scalar(std::size_t at) const {
  const char c = buf_[at];
  return error_here(at, c == 't'   ? "invalid literal (expected true)"
                        : c == 'f' ? "invalid literal (expected false)"
                        : c == 'n' ? "invalid literal (expected null)"
                                   : "invalid number");
}

// The first error of a block inside its strings: a control character or a bad escape.
Status JsonStream::string_error(std::size_t block, std::uint64_t errors,
                                std::uint64_t escape_errors) const {
  const std::uint64_t first = errors & (0 - errors);
  const std::size_t at = block + static_cast<std::size_t>(__builtin_ctzll(errors));
  if ((escape_errors & first) != 0) {
    if (buf_[at + 1] == 'u') return error_here(at, "invalid \\u escape in a string");
    return error_here(at, invalid_escape(buf_[at + 1]));
  }
  return error_here(at, "control character " + describe_byte(static_cast<unsigned char>(buf_[at])) +
                            " in a string (it must be escaped)");
}

Status JsonStream::scan_string(std::size_t* at_io, std::size_t* mark_io, bool keep_text) {
  const std::int64_t start = base_ + static_cast<std::int64_t>(*at_io);
  std::size_t at = *at_io + 1;
  for (;;) {
    const char* b = buf_.get();
    const std::size_t k = at + find_string_special(b + at, b + end_);
    if (k < end_) {
      const auto c = static_cast<unsigned char>(b[k]);
      if (c == '"') {
        *at_io = k + 1;
        return Status::Ok();
      }
      if (c == '\\') {
        const bool complete = k + 2 <= end_ && (b[k + 1] != 'u' || k + 6 <= end_);
        if (complete) {
          const char e = b[k + 1];
          if (e == 'u') {
            for (std::size_t i = 2; i < 6; ++i) {
              if (!is_hex(static_cast<unsigned char>(b[k + i])))
                return error_here(k, "invalid \\u escape in a string");
            }
            at = k + 6;
            continue;
          }
          if (!is_simple_escape(e)) return error_here(k, invalid_escape(e));
          at = k + 2;
          continue;
        }
        at = k;  // read on, then look at the escape again
      } else {
        return error_here(
            k, "control character " + describe_byte(c) + " in a string (it must be escaped)");
      }
    } else {
      at = end_;
    }
    std::size_t shift = 0;
    bool more = false;
    if (!keep_text) *mark_io = at;
    CW_RETURN_IF_ERROR(fill(*mark_io, keep_text, &shift, &more));
    at -= shift;
    *mark_io -= shift;
    if (!more) {
      pos_ = end_;
      return truncated("in the string starting at byte " + std::to_string(start));
    }
  }
}

Status JsonStream::scan_number(std::size_t* at_io, std::size_t* mark_io, bool keep_text) {
  std::size_t from = *at_io;
  std::size_t at = from;
  for (;;) {
    const char* b = buf_.get();
    while (at < end_ && is_number_byte(static_cast<unsigned char>(b[at]))) ++at;
    if (at - from > kMaxNumberBytes) return error_here(from, "number too long");
    if (at < end_ || eof_) break;
    std::size_t shift = 0;
    bool more = false;
    CW_RETURN_IF_ERROR(fill(keep_text ? *mark_io : from, keep_text, &shift, &more));
    at -= shift;
    from -= shift;
    if (keep_text) *mark_io -= shift;
    if (!more) break;
  }
  if (!is_valid_number(std::string_view(buf_.get() + from, at - from)))
    return error_here(from, "invalid number");
  *at_io = at;
  return Status::Ok();
}

Status JsonStream::scan_literal(std::size_t* at_io, std::size_t* mark_io, bool keep_text) {
  std::size_t at = *at_io;
  const std::string_view word = buf_[at] == 't' ? "true" : buf_[at] == 'f' ? "false" : "null";
  while (end_ - at < word.size() && !eof_) {
    std::size_t shift = 0;
    bool more = false;
    CW_RETURN_IF_ERROR(fill(keep_text ? *mark_io : at, keep_text, &shift, &more));
    at -= shift;
    if (keep_text) *mark_io -= shift;
    if (!more) break;
  }
  const std::size_t have = std::min(end_ - at, word.size());
  if (std::string_view(buf_.get() + at, have) != word.substr(0, have))
    return error_here(at, "invalid literal (expected " + std::string(word) + ")");
  if (have < word.size()) {
    pos_ = end_;
    return truncated("in the literal " + std::string(word));
  }
  *at_io = at + word.size();
  return Status::Ok();
}

}  // namespace crosswalk::ingest
