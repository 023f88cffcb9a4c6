// Uniquely named scratch files ("upload-<pid>-<random>") that remove themselves, and the clean-up
// of those a killed process left behind.
#pragma once

#include <string>

#include "common/status.h"

namespace crosswalk {

class TempFile {
 public:
  // Creates (O_EXCL) an empty file in `dir`, making the directory if needed. The suffix is only a
  // hint for people looking at the directory.
  static Result<TempFile> create(const std::string& dir, const std::string& suffix = "");

  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&& other) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();  // closes and removes the file (it may already be gone: moved into the vault)

  const std::string& path() const { return path_; }
  // The open descriptor (write-only), or -1 once released or closed.
  int fd() const { return fd_; }
  // Hands the descriptor to the caller, who closes it; the file is still removed by ~TempFile.
  int release_fd();
  Status write(const char* data, std::size_t size);
  Status close();

 private:
  TempFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  void reset();
  std::string path_;
  int fd_ = -1;
};

// Removes the TempFile files in `dir` whose process is gone (or is this process: a restarted
// server can get the killed one's pid). Files of live processes, e.g. another server on the same
// data directory, are left alone. Returns how many were removed.
std::size_t remove_stale_temp_files(const std::string& dir);

}  // namespace crosswalk
