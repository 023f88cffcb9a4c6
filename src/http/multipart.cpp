#include "http/multipart.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "common/utf8.h"

namespace crosswalk::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `type; name=value; other="quoted \"value\""`: the type and the parameters (names lower case).
struct HeaderValue {
  std::string type;
  std::map<std::string, std::string> params;
};

std::optional<HeaderValue> parse_header_value(std::string_view s) {
  HeaderValue out;
  std::size_t i = std::min(s.find(';'), s.size());
  out.type = lower(trim(s.substr(0, i)));
  while (i < s.size()) {
    ++i;  // the ';'
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t name_end = std::min(s.find_first_of("=;", i), s.size());
    const std::string name = lower(trim(s.substr(i, name_end - i)));
    i = name_end;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] == '"') {
        // Only \" and \\ are escapes: browsers send Windows paths with bare backslashes.
        for (++i;; ++i) {
          if (i >= s.size()) return std::nullopt;  // unterminated quote
          if (s[i] == '"') break;
          if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
          value.push_back(s[i]);
        }
        ++i;
        while (i < s.size() && s[i] != ';') ++i;
      } else {
        const std::size_t end = std::min(s.find(';', i), s.size());
        value = std::string(trim(s.substr(i, end - i)));
        i = end;
      }
    }
    if (!name.empty()) out.params[name] = std::move(value);
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 8187 `UTF-8''percent%20encoded`; nullopt for other charsets or bad encoding.
std::optional<std::string> decode_ext_value(std::string_view v) {
  const auto q1 = v.find('\''), q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos || lower(v.substr(0, q1)) != "utf-8") return std::nullopt;
  std::string out;
  for (std::size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] != '%') {
      out.push_back(v[i]);
      continue;
    }
    if (i + 2 >= v.size() || hex_value(v[i + 1]) < 0 || hex_value(v[i + 2]) < 0)
      return std::nullopt;
    out.push_back(static_cast<char>(hex_value(v[i + 1]) * 16 + hex_value(v[i + 2])));
    i += 2;
  }
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

bool valid_boundary(const std::string& b) {
  static constexpr std::string_view kChars =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
  return !b.empty() && b.size() <= 70 && b.back() != ' ' &&
         b.find_first_not_of(kChars) == std::string::npos;
}

// The body, a chunk at a time, from a file or from memory; a window of unconsumed bytes.
class BodyReader {
 public:
  BodyReader(const Request& req, std::size_t chunk) : req_(req), chunk_(chunk) {}
  ~BodyReader() {
    if (fd_ >= 0) ::close(fd_);
  }
  BodyReader(const BodyReader&) = delete;
  BodyReader& operator=(const BodyReader&) = delete;

  Status open() {
    if (req_.body_file.empty()) return Status::Ok();
    fd_ = ::open(req_.body_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Status::IoError("cannot read the request body: " + errno_text());
    return Status::Ok();
  }

  std::string_view data() const { return std::string_view(buf_).substr(pos_); }
  bool eof() const { return eof_; }
  void consume(std::size_t n) { pos_ += n; }
  void prepend(std::string_view s) { buf_.insert(0, s); }

  // Appends the next chunk of the body to the window (sets eof() at the end).
  Status more() {
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    if (req_.body_file.empty()) {
      const std::size_t n = std::min(chunk_, req_.body.size() - offset_);
      buf_.append(req_.body, offset_, n);
      offset_ += n;
      eof_ = n == 0;
      return Status::Ok();
    }
    const std::size_t old = buf_.size();
    buf_.resize(old + chunk_);
    ssize_t n;
    do n = ::read(fd_, buf_.data() + old, chunk_);
    while (n < 0 && errno == EINTR);
    buf_.resize(old + std::size_t(std::max<ssize_t>(n, 0)));
    if (n < 0) return Status::IoError("cannot read the request body: " + errno_text());
    eof_ = n == 0;
    return Status::Ok();
  }

  // Reads until the window holds at least n bytes or the body ends; false if it ended first.
  Result<bool> want(std::size_t n) {
    while (data().size() < n && !eof_) CW_RETURN_IF_ERROR(more());
    return data().size() >= n;
  }

 private:
  static std::string errno_text() { return std::strerror(errno); }
  const Request& req_;
  std::size_t chunk_;
  int fd_ = -1;
  std::size_t offset_ = 0;  // into req_.body
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
};

class Parser {
 public:
  Parser(const Request& req, std::string boundary, const std::string& scratch_dir,
         const MultipartLimits& limits)
      : in_(req, std::max<std::size_t>(limits.read_chunk, 1)),
        delimiter_("\r\n--" + boundary),
        scratch_dir_(scratch_dir),
        limits_(limits) {}

  Result<MultipartForm> run() {
    CW_RETURN_IF_ERROR(in_.open());
    // The first delimiter has no CRLF before it when there is no preamble.
    in_.prepend("\r\n");
    for (;;) {
      const auto at = in_.data().find(delimiter_);
      if (at != std::string_view::npos) {
        in_.consume(at + delimiter_.size());
        break;
      }
      if (in_.eof())
        return Status::InvalidInput(
            "malformed multipart body: the boundary given in Content-Type never occurs");
      in_.consume(keepable());
      CW_RETURN_IF_ERROR(in_.more());
    }
    for (std::size_t part = 1;; ++part) {
      auto w = in_.want(2);
      if (!w.ok()) return w.status();
      if (in_.data().substr(0, 2) == "--") return std::move(form_);  // the closing delimiter
      // Transport padding, then the line break that ends the delimiter line.
      for (;;) {
        if (!(w = in_.want(1)).ok()) return w.status();
        if (!w.value() || (in_.data()[0] != ' ' && in_.data()[0] != '\t')) break;
        in_.consume(1);
      }
      if (!(w = in_.want(2)).ok()) return w.status();
      if (!w.value()) return truncated();
      if (in_.data().substr(0, 2) != "\r\n")
        return Status::InvalidInput("malformed multipart body: the boundary before part " +
                                    std::to_string(part) + " is not followed by a line break");
      in_.consume(2);
      if (part > limits_.parts)
        return Status::InvalidInput("the form has more than " + std::to_string(limits_.parts) +
                                    " parts");
      CW_RETURN_IF_ERROR(read_part(part));
    }
  }

 private:
  // While searching, all but the last delimiter-length bytes can be let go: a delimiter may
  // start in them and end in the next chunk.
  std::size_t keepable() const {
    const std::size_t n = in_.data().size(), keep = delimiter_.size() - 1;
    return n > keep ? n - keep : 0;
  }

  static Status truncated() {
    return Status::InvalidInput(
        "truncated multipart body: it ends before the closing boundary (--BOUNDARY--)");
  }

  Status read_part(std::size_t part) {
    const std::string where = "part " + std::to_string(part);
    std::size_t header_end;
    for (;;) {
      const std::string_view d = in_.data();
      if (d.substr(0, 2) == "\r\n") {
        header_end = 0;
        break;
      }
      header_end = d.find("\r\n\r\n");
      if (header_end != std::string_view::npos && header_end <= limits_.header_bytes) {
        header_end += 2;  // keep the CRLF ending the last header line
        break;
      }
      if (d.size() > limits_.header_bytes + 4)
        return Status::InvalidInput(where + ": its headers are longer than " +
                                    std::to_string(limits_.header_bytes) + " bytes");
      if (in_.eof()) return truncated();
      CW_RETURN_IF_ERROR(in_.more());
    }
    const std::string headers(in_.data().substr(0, header_end));
    in_.consume(header_end + 2);

    std::optional<HeaderValue> disposition;
    std::string content_type;
    for (std::size_t at = 0; at < headers.size();) {
      const std::size_t eol = headers.find("\r\n", at);
      const std::string_view line = std::string_view(headers).substr(at, eol - at);
      at = eol + 2;
      const auto colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0)
        return Status::InvalidInput(where + ": malformed header line (expected Name: value)");
      const std::string name = lower(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        disposition = parse_header_value(value);
        if (!disposition)
          return Status::InvalidInput(where + ": malformed Content-Disposition header");
      } else if (name == "content-type") {
        content_type = std::string(value);
      }
    }
    if (!disposition || disposition->type != "form-data")
      return Status::InvalidInput(where + ": no Content-Disposition: form-data header");
    const auto name = disposition->params.find("name");
    if (name == disposition->params.end() || name->second.empty())
      return Status::InvalidInput(where + ": no name in its Content-Disposition");
    if (!is_valid_utf8(name->second))
      return Status::InvalidInput(where + ": its name is not UTF-8 text");
    const std::string field = name->second;

    const auto filename = disposition->params.find("filename");
    const auto filename_ext = disposition->params.find("filename*");
    if (filename == disposition->params.end() && filename_ext == disposition->params.end()) {
      std::string value;
      CW_RETURN_IF_ERROR(read_content([&](std::string_view chunk) {
        if (value.size() + chunk.size() > limits_.field_bytes)
          return Status::InvalidInput("field '" + field + "' is longer than " +
                                      std::to_string(limits_.field_bytes) + " bytes");
        value.append(chunk);
        return Status::Ok();
      }));
      if (!is_valid_utf8(value))
        return Status::InvalidInput("field '" + field + "' is not UTF-8 text");
      form_.fields[field].push_back(std::move(value));
      return Status::Ok();
    }

    auto tmp = TempFile::create(scratch_dir_, ".part");
    if (!tmp.ok()) return tmp.status();
    UploadedFile file{field, "", content_type.empty() ? "application/octet-stream" : content_type,
                      0, std::move(tmp).value()};
    if (filename_ext != disposition->params.end())
      if (auto decoded = decode_ext_value(filename_ext->second)) file.filename = *decoded;
    if (file.filename.empty() && filename != disposition->params.end())
      file.filename = filename->second;
    CW_RETURN_IF_ERROR(read_content([&](std::string_view chunk) {
      file.size += static_cast<std::int64_t>(chunk.size());
      return file.file.write(chunk.data(), chunk.size());
    }));
    CW_RETURN_IF_ERROR(file.file.close());
    form_.files.push_back(std::move(file));
    return Status::Ok();
  }

  // Passes the part's content to `sink` a piece at a time, up to and past the next delimiter.
  template <typename Sink>
  Status read_content(Sink&& sink) {
    for (;;) {
      const std::string_view d = in_.data();
      const auto at = d.find(delimiter_);
      if (at != std::string_view::npos) {
        CW_RETURN_IF_ERROR(sink(d.substr(0, at)));
        in_.consume(at + delimiter_.size());
        return Status::Ok();
      }
      if (in_.eof()) return truncated();
      const std::size_t n = keepable();
      CW_RETURN_IF_ERROR(sink(d.substr(0, n)));
      in_.consume(n);
      CW_RETURN_IF_ERROR(in_.more());
    }
  }

  BodyReader in_;
  std::string delimiter_;
  const std::string& scratch_dir_;
  MultipartLimits limits_;
  MultipartForm form_;
};

}  // namespace

const std::vector<std::string>& MultipartForm::values(const std::string& name) const {
  static const std::vector<std::string> kNone;
  const auto it = fields.find(name);
  return it == fields.end() ? kNone : it->second;
}

std::string media_type(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';'))));
}

bool is_multipart_form(std::string_view content_type) {
  return media_type(content_type) == "multipart/form-data";
}

Result<MultipartForm> read_multipart(const Request& req, const std::string& scratch_dir,
                                     const MultipartLimits& limits) {
  const std::string* content_type = req.header("content-type");
  if (!content_type || !is_multipart_form(*content_type))
    return Status::InvalidInput("the request's Content-Type is not multipart/form-data");
  const auto value = parse_header_value(*content_type);
  if (!value) return Status::InvalidInput("malformed Content-Type header");
  const auto boundary = value->params.find("boundary");
  if (boundary == value->params.end() || boundary->second.empty())
    return Status::InvalidInput("Content-Type multipart/form-data has no boundary parameter");
  if (!valid_boundary(boundary->second))
    return Status::InvalidInput(
        "the multipart boundary must be 1 to 70 letters, digits or '()+_,-./:=? (not ending in "
        "a space)");
  return Parser(req, boundary->second, scratch_dir, limits).run();
}

}  // namespace crosswalk::http
