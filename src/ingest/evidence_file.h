// The evidence file a collector run writes into the caller's output directory. Its name comes
// from a fixed prefix and random hex, never from configuration or tool output.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace crosswalk::ingest {

class EvidenceFile {
 public:
  // Creates "<dir>/<prefix>-<16 hex><extension>" (O_EXCL, O_NOFOLLOW), making `dir` if needed.
  static Result<EvidenceFile> create(const std::string& dir, std::string_view prefix,
                                     std::string_view extension);

  EvidenceFile(EvidenceFile&& other) noexcept;
  EvidenceFile& operator=(EvidenceFile&&) = delete;
  EvidenceFile(const EvidenceFile&) = delete;
  EvidenceFile& operator=(const EvidenceFile&) = delete;
  ~EvidenceFile();  // removes the file unless keep() was called

  const std::string& path() const { return path_; }
  int fd() const { return fd_; }
  Status write(std::string_view data);
  // Closes the file and hands it to the caller: it is no longer removed.
  Result<std::string> keep();

 private:
  EvidenceFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

}  // namespace crosswalk::ingest
