// Byte-level pieces of JSON syntax used by JsonStream: byte classes, string scanning, number and
// escape checks.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crosswalk::ingest::json_lexer {

enum ByteClass : std::uint8_t {
  kOther,
  kSpace,
  kQuote,
  kOpenObject,
  kCloseObject,
  kOpenArray,
  kCloseArray,
  kColon,
  kComma,
  kLiteral,  // t, f, n
  kNumber,   // -, 0-9
};

constexpr std::array<std::uint8_t, 256> make_byte_classes() {
  std::array<std::uint8_t, 256> t{};
  for (char c : {' ', '\t', '\n', '\r'}) t[static_cast<unsigned char>(c)] = kSpace;
  t['"'] = kQuote;
  t['{'] = kOpenObject;
  t['}'] = kCloseObject;
  t['['] = kOpenArray;
  t[']'] = kCloseArray;
  t[':'] = kColon;
  t[','] = kComma;
  t['t'] = t['f'] = t['n'] = kLiteral;
  t['-'] = kNumber;
  for (char c = '0'; c <= '9'; ++c) t[static_cast<unsigned char>(c)] = kNumber;
  return t;
}
inline constexpr std::array<std::uint8_t, 256> kClass = make_byte_classes();

inline std::uint8_t byte_class(char c) {
  return kClass[static_cast<unsigned char>(c)];
}

inline bool is_number_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

inline bool is_hex(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Index of the first '"', '\\' or control character in [p, e), or e - p. May read up to 15 bytes
// past `e`: callers keep a padded buffer.
inline std::size_t find_string_special(const char* p, const char* e) {
  const char* const start = p;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  while (p < e) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                     _mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits)); mask != 0) {
      const std::size_t at = static_cast<std::size_t>(p - start) + __builtin_ctz(mask);
      return std::min(at, static_cast<std::size_t>(e - start));
    }
    p += 16;
  }
  return static_cast<std::size_t>(e - start);
#else
  while (p < e) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20) break;
    ++p;
  }
  return static_cast<std::size_t>(p - start);
#endif
}

// One 64-byte block, classified: bit i of each mask is byte i.
struct BlockBits {
  std::uint64_t quote = 0;      // '"'
  std::uint64_t backslash = 0;  // '\\'
  std::uint64_t space = 0;      // ' ', '\t', '\n', '\r'
  std::uint64_t op = 0;         // '{', '}', '[', ']', ':', ','
  std::uint64_t control = 0;    // below 0x20
};

// Reads 64 bytes at p.
inline BlockBits classify_block(const char* p) {
  BlockBits r;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i bit5 = _mm_set1_epi8(0x20);  // '[' | 0x20 == '{', ']' | 0x20 == '}'
  const __m128i open = _mm_set1_epi8('{');
  const __m128i close = _mm_set1_epi8('}');
  const __m128i colon = _mm_set1_epi8(':');
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i control_max = _mm_set1_epi8(0x1F);
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const int shift = 16 * k;
    auto bits = [&](__m128i m) {
      return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(m))) << shift;
    };
    r.quote |= bits(_mm_cmpeq_epi8(v, quote));
    r.backslash |= bits(_mm_cmpeq_epi8(v, backslash));
    r.space |= bits(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, cr))));
    const __m128i folded = _mm_or_si128(v, bit5);
    r.op |=
        bits(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)),
                          _mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, comma))));
    r.control |= bits(_mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v));
  }
#else
  for (int i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (c == '"') r.quote |= bit;
    if (c == '\\') r.backslash |= bit;
    if (kClass[c] == kSpace) r.space |= bit;
    if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',') r.op |= bit;
    if (c < 0x20) r.control |= bit;
  }
#endif
  return r;
}

// Bit i set when an odd number of bits 0..i of x are set: the inside of strings from their quotes.
inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_valid_number(std::string_view s);

bool is_simple_escape(char c);  // the letter after '\' other than 'u'

// "'x'" for a printable byte, "byte 0xNN" otherwise.
std::string describe_byte(unsigned char c);

// The body of a string the scanner has validated, with escapes resolved (lone surrogates become
// U+FFFD).
void unescape(std::string_view raw, std::string* out);

}  // namespace crosswalk::ingest::json_lexer
