// A light pass over the raw bytes of an XML document, ahead of libxml2, that (1) refuses entity
// declarations before the parser can see them (billion laughs, XXE) and (2) records the byte
// offset of every start tag, so that findings can point at the element they came from (libxml2's
// reader only knows the parser's position, which runs ahead of the node it reports).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "common/status.h"

namespace crosswalk::ingest {

class XmlPrescan {
 public:
  // Feeds the next bytes of the document; a non-ok Status refuses the document.
  Status feed(const char* data, std::size_t size);

  // The offset of the next start tag the parser has not reported yet, or -1 if none is known.
  std::int64_t pop_start_tag();

  // To tell a truncated file from other errors at its end.
  bool root_seen() const { return root_seen_; }
  std::int64_t open_elements() const { return open_; }

 private:
  enum class State {
    kText,
    kLt,
    kStartTag,
    kEndTag,
    kBang,
    kComment,
    kCData,
    kPi,
    kDoctype,
    kDecl
  };
  Status check_encoding(unsigned char first, unsigned char second);
  void bang(char c);
  std::size_t tag(const char* data, std::size_t i, std::size_t size);
  void end_markup() { state_ = in_subset_ ? State::kDoctype : State::kText; }

  State state_ = State::kText;
  std::int64_t pos_ = 0;  // offset of the next byte fed
  std::int64_t line_ = 1;
  bool root_seen_ =
      false;  // after the root start tag there is no DOCTYPE any more: no lines needed
  bool in_subset_ = false;  // inside the DOCTYPE's [ ... ] internal subset
  char quote_ = 0;
  char prev_ = 0;  // the byte before '>' in a start tag: '/' closes it at once
  std::int64_t open_ = 0;
  int run_ = 0;  // consecutive '-', ']' or '?' just seen, to find the end of a comment, CDATA, PI
  std::string bang_;  // the word after "<!" read so far (DOCTYPE, ENTITY, --, [CDATA[)
  std::int64_t tag_start_ = 0;
  unsigned char first_byte_ = 0;
  std::deque<std::int64_t> starts_;
};

}  // namespace crosswalk::ingest
