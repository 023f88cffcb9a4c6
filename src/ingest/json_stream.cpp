#include "ingest/json_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/utf8.h"
#include "ingest/json_lexer.h"

namespace crosswalk::ingest {

using namespace json_lexer;

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);

namespace {
std::string errno_text() {
  return std::strerror(errno);
}
}  // namespace

JsonStream::JsonStream(std::string path, JsonStreamOptions options, int fd)
    : path_(std::move(path)), options_(std::move(options)), fd_(fd) {
  options_.chunk_bytes = std::max<std::size_t>(options_.chunk_bytes, 1);
  // Room for a read plus the start of an element carried over from the previous one; not zeroed
  // (only what is read is touched), except the padding after the bytes read.
  capacity_ = options_.chunk_bytes + std::min<std::size_t>(options_.chunk_bytes, 1u << 20);
  buf_.reset(new char[capacity_ + kJsonPadding]);
  std::memset(buf_.get(), 0, kJsonPadding);
  base_ = file_pos_ = options_.start_offset;
  containers_.resize(static_cast<std::size_t>(std::max(options_.max_depth, 0)) + 1);
}

JsonStream::~JsonStream() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<JsonStream>> JsonStream::open(const std::string& path,
                                                     JsonStreamOptions options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path + ": " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IoError(path + " is not a regular file");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::unique_ptr<JsonStream> s(new JsonStream(path, std::move(options), fd));
  CW_RETURN_IF_ERROR(s->read_first_chunk());
  return s;
}

Status JsonStream::read_first_chunk() {
  if (options_.start_offset == 0) {
    unsigned char head[4] = {};
    const ssize_t n = ::pread(fd_, head, sizeof head, 0);
    if (n < 0) return Status::IoError("cannot read " + path_ + ": " + errno_text());
    auto starts = [&](std::initializer_list<unsigned char> bom) {
      return static_cast<std::size_t>(n) >= bom.size() && std::equal(bom.begin(), bom.end(), head);
    };
    if (starts({0x00, 0x00, 0xFE, 0xFF}) || starts({0xFF, 0xFE, 0x00, 0x00}))
      return error_at(0, "the file is UTF-32 (byte order mark); JSON must be UTF-8");
    if (starts({0xFE, 0xFF}) || starts({0xFF, 0xFE}))
      return error_at(0, "the file is UTF-16 (byte order mark); JSON must be UTF-8");
    if (starts({0xEF, 0xBB, 0xBF})) base_ = file_pos_ = 3;
  }
  std::size_t shift = 0;
  bool more = false;
  return fill(0, false, &shift, &more);
}

Status JsonStream::fill(std::size_t keep, bool capturing, std::size_t* shift, bool* got_more) {
  restore_padding();
  *shift = 0;
  *got_more = false;
  if (eof_) return Status::Ok();
  if (capturing && static_cast<std::int64_t>(end_ - keep) > options_.max_element_bytes) {
    return error_at(base_ + static_cast<std::int64_t>(keep),
                    "the value starting here is larger than the limit of " +
                        std::to_string(options_.max_element_bytes) + " bytes");
  }
  keep = std::min(keep, utf8_done_);  // bytes not yet validated stay
  if (keep > 0) {
    std::memmove(buf_.get(), buf_.get() + keep, end_ - keep);
    end_ -= keep;
    utf8_done_ -= keep;
    pos_ = pos_ >= keep ? pos_ - keep : 0;
    base_ += static_cast<std::int64_t>(keep);
    *shift = keep;
  }
  if (capacity_ - end_ < options_.chunk_bytes) {
    const std::size_t grown = std::max(capacity_ * 2, end_ + options_.chunk_bytes);
    std::unique_ptr<char[]> bigger(new char[grown + kJsonPadding]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    std::memset(bigger.get() + end_, 0, kJsonPadding);
    buf_ = std::move(bigger);
    capacity_ = grown;
  }
  ssize_t n = 0;
  do {
    n = ::pread(fd_, buf_.get() + end_, options_.chunk_bytes, file_pos_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Status::IoError("cannot read " + path_ + ": " + errno_text());
  if (n == 0) {
    eof_ = true;
    return validate_new_bytes(true);
  }
  end_ += static_cast<std::size_t>(n);
  std::memset(buf_.get() + end_, 0, kJsonPadding);
  file_pos_ += n;
  *got_more = true;
  if (options_.progress) options_.progress(file_pos_);
  return validate_new_bytes(false);
}

Status JsonStream::validate_new_bytes(bool at_eof) {
  const char* b = buf_.get();
  std::size_t to = end_;
  if (!at_eof) {  // a sequence cut by the end of the read is checked after the next read
    for (std::size_t k = to; k > utf8_done_ && to - k < 4;) {
      const auto c = static_cast<unsigned char>(b[--k]);
      if ((c & 0xC0) == 0x80) continue;
      const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (k + len > to) to = k;
      break;
    }
  }
  if (!simdjson::validate_utf8(b + utf8_done_, to - utf8_done_)) {
    const std::string_view part(b + utf8_done_, to - utf8_done_);
    std::size_t i = 0;
    while (i < part.size()) {
      const std::size_t len = utf8_sequence(part, i);
      if (len == 0) break;
      i += len;
    }
    const auto bad = static_cast<unsigned char>(i < part.size() ? part[i] : 0);
    return error_at(base_ + static_cast<std::int64_t>(utf8_done_ + i),
                    "invalid UTF-8 (" + describe_byte(bad) + ")");
  }
  utf8_done_ = to;
  return Status::Ok();
}

void JsonStream::restore_padding() {
  if (!stashed_) return;
  std::memcpy(buf_.get() + stash_at_, stash_, kJsonPadding);
  stashed_ = false;
}

Status JsonStream::skip_whitespace() {
  restore_padding();
  for (;;) {
    const char* b = buf_.get();
    while (pos_ < end_ && byte_class(b[pos_]) == kSpace) ++pos_;
    if (pos_ < end_) return Status::Ok();
    std::size_t shift = 0;
    bool more = false;
    CW_RETURN_IF_ERROR(fill(pos_, false, &shift, &more));
    if (!more) return Status::Ok();
  }
}

Status JsonStream::expect_value_start() {
  CW_RETURN_IF_ERROR(skip_whitespace());
  if (pos_ == end_) return truncated("where a value was expected");
  return Status::Ok();
}

void JsonStream::after_value() {
  value_pending_ = false;
  if (levels_.empty()) top_level_done_ = true;
}

Status JsonStream::consume_pending_value() {
  if (!value_pending_) return Status::Ok();
  return skip();
}

Result<JsonKind> JsonStream::peek() {
  CW_RETURN_IF_ERROR(expect_value_start());
  switch (byte_class(buf_[pos_])) {
    case kOpenObject:
      return JsonKind::kObject;
    case kOpenArray:
      return JsonKind::kArray;
    case kQuote:
      return JsonKind::kString;
    case kNumber:
      return JsonKind::kNumber;
    case kLiteral:
      return buf_[pos_] == 'n' ? JsonKind::kNull : JsonKind::kBool;
    default:
      return unexpected(pos_, "a JSON value");
  }
}

Result<bool> JsonStream::at_end() {
  CW_RETURN_IF_ERROR(skip_whitespace());
  return pos_ == end_;
}

Status JsonStream::finish() {
  CW_RETURN_IF_ERROR(skip_whitespace());
  if (!top_level_done_ && pos_ == end_) return truncated("where a value was expected");
  if (pos_ != end_) return unexpected(pos_, "the end of the file after the JSON value");
  return Status::Ok();
}

Status JsonStream::begin_object() {
  CW_RETURN_IF_ERROR(expect_value_start());
  if (buf_[pos_] != '{') return unexpected(pos_, "an object '{'");
  if (depth() >= options_.max_depth) return error_here(pos_, "nesting is too deep");
  ++pos_;
  levels_.push_back(Level{true, true, false, -1, {}});
  value_pending_ = false;
  return Status::Ok();
}

Status JsonStream::begin_array() {
  CW_RETURN_IF_ERROR(expect_value_start());
  if (buf_[pos_] != '[') return unexpected(pos_, "an array '['");
  if (depth() >= options_.max_depth) return error_here(pos_, "nesting is too deep");
  ++pos_;
  levels_.push_back(Level{false, true, false, -1, {}});
  value_pending_ = false;
  return Status::Ok();
}

Result<bool> JsonStream::next_key(std::string* key) {
  CW_RETURN_IF_ERROR(consume_pending_value());
  Level& level = levels_.back();
  level.in_member = false;
  CW_RETURN_IF_ERROR(skip_whitespace());
  if (pos_ == end_) return truncated("in an object");
  char c = buf_[pos_];
  if (c == '}') {
    ++pos_;
    levels_.pop_back();
    after_value();
    return false;
  }
  if (!level.first) {
    if (c != ',') return unexpected(pos_, "',' or '}' after an object member");
    ++pos_;
    CW_RETURN_IF_ERROR(skip_whitespace());
    if (pos_ == end_) return truncated("in an object");
    c = buf_[pos_];
  }
  if (c != '"') return unexpected(pos_, level.first ? "a string key or '}'" : "a string key");
  level.first = false;
  std::size_t at = pos_;
  std::size_t mark = pos_;
  CW_RETURN_IF_ERROR(scan_string(&at, &mark, true));
  pos_ = at;
  unescape(std::string_view(buf_.get() + mark + 1, at - mark - 2), key);
  CW_RETURN_IF_ERROR(skip_whitespace());
  if (pos_ == end_) return truncated("in an object");
  if (buf_[pos_] != ':') return unexpected(pos_, "':' after an object key");
  ++pos_;
  level.key = *key;
  level.in_member = true;
  value_pending_ = true;
  return true;
}

Result<bool> JsonStream::next_item() {
  CW_RETURN_IF_ERROR(consume_pending_value());
  CW_RETURN_IF_ERROR(skip_whitespace());
  if (pos_ == end_) return truncated("in an array");
  Level& level = levels_.back();
  const char c = buf_[pos_];
  if (c == ']') {
    ++pos_;
    levels_.pop_back();
    after_value();
    return false;
  }
  if (!level.first) {
    if (c != ',') return unexpected(pos_, "',' or ']' after an array item");
    ++pos_;
  }
  level.first = false;
  ++level.index;
  value_pending_ = true;
  return true;
}

Status JsonStream::skip() {
  CW_RETURN_IF_ERROR(expect_value_start());
  CW_RETURN_IF_ERROR(scan_value(false));
  after_value();
  return Status::Ok();
}

Result<JsonElement> JsonStream::capture() {
  CW_RETURN_IF_ERROR(expect_value_start());
  const std::int64_t offset = this->offset();
  CW_RETURN_IF_ERROR(scan_value(true));
  after_value();
  // scan_value may have moved the bytes: the value ends at pos_ and starts at `offset`.
  const auto size = static_cast<std::size_t>(this->offset() - offset);
  if (static_cast<std::int64_t>(size) > options_.max_element_bytes) {
    return error_at(offset, "the value starting here is larger than the limit of " +
                                std::to_string(options_.max_element_bytes) + " bytes");
  }
  stash_at_ = pos_;
  std::memcpy(stash_, buf_.get() + pos_, kJsonPadding);
  std::memset(buf_.get() + pos_, ' ', kJsonPadding);
  stashed_ = true;
  return JsonElement{std::string_view(buf_.get() + pos_ - size, size), offset};
}

Status JsonStream::read_string(std::string* out) {
  CW_RETURN_IF_ERROR(expect_value_start());
  if (buf_[pos_] != '"') return unexpected(pos_, "a string");
  std::size_t at = pos_;
  std::size_t mark = pos_;
  CW_RETURN_IF_ERROR(scan_string(&at, &mark, true));
  pos_ = at;
  unescape(std::string_view(buf_.get() + mark + 1, at - mark - 2), out);
  after_value();
  return Status::Ok();
}

std::string JsonStream::path() const {
  std::string s = options_.start_path;
  for (const Level& level : levels_) {
    if (level.is_object) {
      if (!level.in_member) break;
      if (!s.empty()) s += '.';
      s += level.key;
    } else {
      if (level.index < 0) break;
      s += '[' + std::to_string(level.index) + ']';
    }
  }
  return s;
}

Status JsonStream::error_here(std::size_t at, std::string_view what) const {
  return error_at(base_ + static_cast<std::int64_t>(at), what);
}

Status JsonStream::unexpected(std::size_t at, std::string_view expected) const {
  return error_here(at, "expected " + std::string(expected) + ", found " +
                            describe_byte(static_cast<unsigned char>(buf_[at])));
}

Status JsonStream::truncated(std::string_view inside) const {
  const std::int64_t end = base_ + static_cast<std::int64_t>(end_);
  return error_at(end, "unexpected end of file " + std::string(inside) +
                           " (the file ends at byte " + std::to_string(end) + "; truncated?)");
}

Status JsonStream::error_at(std::int64_t offset, std::string_view what) const {
  return json_error_at(path_, offset, what, path());
}

Status json_error_at(const std::string& file, std::int64_t offset, std::string_view what,
                     std::string_view json_path) {
  std::int64_t line = 1;
  std::int64_t column = 1;
  if (const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    std::vector<char> block(1 << 16);
    for (std::int64_t done = 0; done < offset;) {
      const auto want = static_cast<std::size_t>(
          std::min<std::int64_t>(static_cast<std::int64_t>(block.size()), offset - done));
      const ssize_t n = ::pread(fd, block.data(), want, done);
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(block[static_cast<std::size_t>(i)]);
        if (c == '\n') {
          ++line;
          column = 1;
        } else if ((c & 0xC0) != 0x80) {
          ++column;
        }
      }
      done += n;
    }
    ::close(fd);
  }
  std::string message = "byte " + std::to_string(offset) + " (line " + std::to_string(line) +
                        ", column " + std::to_string(column) + "): " + std::string(what);
  if (!json_path.empty()) message += " (at " + std::string(json_path) + ")";
  return Status::InvalidInput(std::move(message));
}

}  // namespace crosswalk::ingest
