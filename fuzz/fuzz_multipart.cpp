// libFuzzer target: read_multipart, the reader of every upload (docs/fuzzing.md). Byte 0 of the
// input picks the read size (1 to 64 bytes, or 97, 509, 4096, 64 KiB), byte 1 holds flags (bit 0:
// the body comes from a file, as the server streams uploads, rather than from memory; bit 1: the
// Content-Type is the input's next line rather than "multipart/form-data; boundary=XyZ"; bit 2:
// small limits), the rest is the body. The body is read a second time from memory in one read:
// both readings must agree, so no refill or carry-over can change what a form holds.
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include "fuzz_support.h"
#include "http/multipart.h"

namespace {

using crosswalk::fuzz::broken;
using crosswalk::fuzz::check_json;
namespace http = crosswalk::http;

// Files a form left in its scratch directory (there must be none once it is destroyed).
std::size_t files_in(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return 0;  // not made yet: no file part so far
  std::size_t n = 0;
  while (const dirent* e = ::readdir(d))
    if (std::string_view(e->d_name) != "." && std::string_view(e->d_name) != "..") ++n;
  ::closedir(d);
  return n;
}

const std::string& scratch_dir() {
  static const std::string dir = [] {
    char name[] = "/tmp/crosswalk-fuzz-multipart.XXXXXX";
    if (!::mkdtemp(name)) broken("mkdtemp failed");
    return std::string(name);
  }();
  return dir;
}

std::string content_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// What a form holds, files by content, to compare two readings.
std::string summary(const http::MultipartForm& form) {
  std::string out;
  for (const auto& [name, values] : form.fields)
    for (const auto& v : values) out += "field " + name + "=" + v + "\n";
  for (const auto& f : form.files)
    out += "file " + f.field + " " + f.filename + " " + f.content_type + " " +
           std::to_string(f.size) + ":" + content_of(f.file.path()) + "\n";
  return out;
}

void check_form(const http::MultipartForm& form, const http::MultipartLimits& limits) {
  std::size_t parts = form.files.size();
  for (const auto& [name, values] : form.fields) {
    if (name.empty() || values.empty()) broken("empty field name or no value");
    parts += values.size();
    for (const auto& v : values) {
      if (v.size() > limits.field_bytes) broken("field over the limit", name);
      check_json({{name, v}});  // fields become JSON: valid UTF-8 only
    }
  }
  if (parts > limits.parts) broken("more parts than the limit", std::to_string(parts));
  for (const auto& f : form.files) {
    if (f.field.empty()) broken("file part without a name");
    check_json({{"field", f.field}});
    struct stat st {};
    if (::stat(f.file.path().c_str(), &st) != 0) broken("file part not on disk", f.file.path());
    if (st.st_size != f.size) broken("file size differs from the file on disk");
  }
}

struct Reading {
  bool ok = false;
  std::string what;  // the form's summary, or the error
};

Reading read(const http::Request& req, const http::MultipartLimits& limits) {
  Reading r;
  {
    auto form = http::read_multipart(req, scratch_dir(), limits);
    if (form.ok()) {
      check_form(form.value(), limits);
      r = {true, summary(form.value())};
    } else {
      if (form.status().code() != crosswalk::Status::Code::kInvalidInput)
        broken("not InvalidInput:", form.status().message());
      if (form.status().message().empty()) broken("empty error message");
      check_json({{"error", form.status().message()}});
      r = {false, form.status().message()};
    }
  }
  if (files_in(scratch_dir()) != 0) broken("a temp file outlived its form");
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static constexpr std::size_t kSizes[] = {97, 509, 4096, 64 * 1024};
  http::MultipartLimits limits;
  limits.read_chunk = data[0] < 192 ? data[0] % 64 + 1 : kSizes[data[0] % 4];
  const bool from_file = data[1] & 1, own_type = data[1] & 2, small = data[1] & 4;
  if (small) {
    limits.field_bytes = 16;
    limits.header_bytes = 100;
    limits.parts = 4;
  }
  std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string type = "multipart/form-data; boundary=XyZ";
  if (own_type) {
    const auto eol = std::min(rest.find('\n'), rest.size());
    type = std::string(rest.substr(0, eol));
    rest.remove_prefix(std::min(eol + 1, rest.size()));
  }

  http::Request req;
  req.method = "POST";
  req.path = "/api/v1/evidence";
  req.headers["content-type"] = type;
  static crosswalk::fuzz::MemoryFile body_file;
  if (from_file)
    req.body_file = body_file.hold(rest);
  else
    req.body = std::string(rest);
  const Reading chunked = read(req, limits);

  http::Request whole = req;
  whole.body = std::string(rest);
  whole.body_file.clear();
  http::MultipartLimits one_read = limits;
  one_read.read_chunk = rest.size() + 1;
  const Reading reference = read(whole, one_read);
  if (chunked.ok != reference.ok || chunked.what != reference.what)
    broken("the read size changed the outcome", chunked.what + "\n-- vs --\n" + reference.what);
  return 0;
}
