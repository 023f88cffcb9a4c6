// A pull reader for JSON files of any size, in constant memory. It walks the shallow structure
// the importers care about (objects, arrays, keys) and, for the values below, either skips them
// or captures each one whole as a contiguous buffer for simdjson On-Demand. Everything it passes
// over is validated: structure, strings, numbers, literals, UTF-8, nesting depth, element size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace crosswalk::ingest {

enum class JsonKind { kObject, kArray, kString, kNumber, kBool, kNull };

// simdjson reads up to this many bytes past the end of the text it parses.
inline constexpr std::size_t kJsonPadding = 64;

// One complete value taken from the stream. `text` is followed in memory by kJsonPadding readable
// bytes; both stay valid until the next call on the stream.
struct JsonElement {
  std::string_view text;
  std::int64_t offset = 0;  // of its first byte in the file
};

struct JsonStreamOptions {
  std::size_t chunk_bytes = 4u << 20;           // bytes per read
  std::int64_t max_element_bytes = 64ll << 20;  // larger captured values are refused
  int max_depth = 256;                          // deeper nesting is refused
  std::function<void(std::int64_t)> progress;   // bytes read so far, after each read
  // To read one value again later (a second pass): where it starts, how deep it sits and its
  // path, so that limits and messages are the same as in the first pass.
  std::int64_t start_offset = 0;
  int start_depth = 0;
  std::string start_path;
};

class JsonStream {
 public:
  // Fails on an unreadable file, or a UTF-16/UTF-32 byte order mark (a UTF-8 one is skipped).
  static Result<std::unique_ptr<JsonStream>> open(const std::string& path,
                                                  JsonStreamOptions options);
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  // The kind of the next value, after whitespace. An error at end of file or where no value
  // starts.
  Result<JsonKind> peek();
  // True when only whitespace is left (several top-level values may follow each other).
  Result<bool> at_end();
  // Only whitespace may be left.
  Status finish();

  // Enter the next value, which must be an object / array.
  Status begin_object();
  Status begin_array();
  // The next member of the object entered last: its key is stored in `key` and its value is next;
  // false once the object is closed. A value the caller did not read is skipped.
  Result<bool> next_key(std::string* key);
  // Whether the array entered last has a next item (false once the array is closed).
  Result<bool> next_item();

  // Pass over the next value, validating it.
  Status skip();
  // The next value, whole.
  Result<JsonElement> capture();
  // The next value, which must be a string, unescaped.
  Status read_string(std::string* out);

  // Offset in the file of the next byte to read (after peek(): of the next value).
  std::int64_t offset() const { return base_ + static_cast<std::int64_t>(pos_); }
  // Where the reader is, as "runs[0].results[12]".
  std::string path() const;
  // InvalidInput "byte N (line L, column C): what (at path)"; line and column are found by
  // reading the file again up to `offset`.
  Status error_at(std::int64_t offset, std::string_view what) const;

 private:
  struct Level {
    bool is_object = false;
    bool first = true;
    bool in_member = false;  // between a key and the end of its value
    std::int64_t index = -1;
    std::string key;
  };

  JsonStream(std::string path, JsonStreamOptions options, int fd);
  Status read_first_chunk();
  Status fill(std::size_t keep, bool capturing, std::size_t* shift, bool* got_more);
  Status validate_new_bytes(bool at_eof);
  Status skip_whitespace();
  Status expect_value_start();
  Status consume_pending_value();
  Status scan_value(bool keep_text);
  Status scan_container(bool keep_text);
  Status invalid_scalar(std::size_t at) const;
  Status string_error(std::size_t block, std::uint64_t errors, std::uint64_t escape_errors) const;
  Status scan_string(std::size_t* at, std::size_t* mark, bool keep_text);
  Status scan_number(std::size_t* at, std::size_t* mark, bool keep_text);
  Status scan_literal(std::size_t* at, std::size_t* mark, bool keep_text);
  Status error_here(std::size_t at, std::string_view what) const;
  Status unexpected(std::size_t at, std::string_view expected) const;
  Status truncated(std::string_view inside) const;
  void restore_padding();
  void after_value();
  int depth() const { return options_.start_depth + static_cast<int>(levels_.size()); }

  std::string path_;
  JsonStreamOptions options_;
  int fd_ = -1;
  std::unique_ptr<char[]> buf_;  // capacity_ bytes + kJsonPadding
  std::size_t capacity_ = 0;
  std::size_t pos_ = 0;        // next byte to read
  std::size_t end_ = 0;        // end of the bytes in buf_
  std::size_t utf8_done_ = 0;  // bytes before this are known to be valid UTF-8
  std::int64_t base_ = 0;      // file offset of buf_[0]
  std::int64_t file_pos_ = 0;  // file offset of the next read
  bool eof_ = false;
  std::vector<Level> levels_;
  bool value_pending_ = true;  // a value is due (the document, a member's or an item's)
  bool top_level_done_ = false;
  std::vector<std::uint8_t> containers_;  // per depth inside scan_value: 1 object, 0 array
  // capture() puts spaces after the element for simdjson and puts the bytes back here.
  std::size_t stash_at_ = 0;
  bool stashed_ = false;
  char stash_[kJsonPadding] = {};
};

// InvalidInput "byte N (line L, column C): what (at json_path)"; line and column are found by
// reading `file` again up to `offset`.
Status json_error_at(const std::string& file, std::int64_t offset, std::string_view what,
                     std::string_view json_path = {});

// Calls fn(key) -> Status for each member of the object that comes next; fn may read the member's
// value (otherwise it is skipped).
template <class F>
Status for_each_member(JsonStream& stream, F&& fn) {
  CW_RETURN_IF_ERROR(stream.begin_object());
  std::string key;
  for (;;) {
    Result<bool> more = stream.next_key(&key);
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
    CW_RETURN_IF_ERROR(fn(key));
  }
}

// Calls fn() -> Status for each item of the array that comes next; fn may read the item.
template <class F>
Status for_each_item(JsonStream& stream, F&& fn) {
  CW_RETURN_IF_ERROR(stream.begin_array());
  for (;;) {
    Result<bool> more = stream.next_item();
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
    CW_RETURN_IF_ERROR(fn());
  }
}

// Whether the next value is of `kind` (an error only for bad syntax or end of file).
inline Result<bool> next_is(JsonStream& stream, JsonKind kind) {
  Result<JsonKind> next = stream.peek();
  if (!next.ok()) return next.status();
  return *next == kind;
}

}  // namespace crosswalk::ingest
