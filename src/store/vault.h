// Content-addressed evidence blobs: vault/ab/abcdef…, written once (temp file, fsync, rename,
// fsync of the directory) and never modified, so a crash leaves either the whole blob or none.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace crosswalk::store {

struct StoredBlob {
  std::string sha256;
  std::int64_t size = 0;
};

class Vault {
 public:
  explicit Vault(std::string root) : root_(std::move(root)) {}

  // Streams the file into the vault, hashing as it copies. Idempotent for equal content.
  Result<StoredBlob> put_file(const std::string& path) const;
  // Moves a file written in temp_dir() (an upload) into the vault: hashed, flushed and renamed,
  // never copied. The file is gone afterwards, whatever the outcome.
  Result<StoredBlob> put_temp_file(const std::string& path) const;
  // Where files on their way into the vault are written: same file system, so rename works.
  std::string temp_dir() const { return root_ + "/tmp"; }
  std::string path_of(const std::string& sha256) const;
  // Re-hashes a stored blob: Corruption if it no longer matches its name.
  Status verify(const std::string& sha256) const;

 private:
  std::string root_;
};

}  // namespace crosswalk::store
