// What the fuzz targets share: how a broken invariant is reported (the harness aborts, libFuzzer
// keeps the input), an in-memory file for code that reads by path, and the JSON check that
// everything shown or journaled must pass (docs/fuzzing.md).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace crosswalk::fuzz {

[[noreturn]] inline void broken(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %s %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// An anonymous in-memory file (memfd) named /proc/self/fd/N.
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("crosswalk-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) broken("memfd_create failed");
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the content; returns the path to open.
  const std::string& hold(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0) broken("ftruncate failed");
    for (std::size_t done = 0; done < size;) {
      const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) broken("pwrite failed");
      done += static_cast<std::size_t>(n);
    }
    return path_;
  }
  const std::string& hold(std::string_view s) {
    return hold(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  }

 private:
  int fd_;
  std::string path_;
};

// Everything the server hands out ends up in JSON (API answers, the journal), and nlohmann::json
// throws on invalid UTF-8 when it serializes: dump it here as the server would.
inline void check_json(const nlohmann::json& j) {
  const std::string text = j.dump();  // throws (uncaught: a crash) on invalid UTF-8
  (void)text;
}

}  // namespace crosswalk::fuzz
