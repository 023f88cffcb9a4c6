// Content-addressed evidence blobs, written once and never modified. Two homes: a directory
// (FileVault, beside an embedded SQLite database) or the database itself (DatabaseVault, for
// PostgreSQL, so that every server replica sees every file).
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace crosswalk::store {

class Store;

struct StoredBlob {
  std::string sha256;
  std::int64_t size = 0;
};

class Vault {
 public:
  virtual ~Vault() = default;
  // Streams the file into the vault, hashing as it copies. Idempotent for equal content.
  virtual Result<StoredBlob> put_file(const std::string& path) const = 0;
  // Moves a file written in temp_dir() (an upload) into the vault. The file is gone
  // afterwards, whatever the outcome.
  virtual Result<StoredBlob> put_temp_file(const std::string& path) const = 0;
  // Where files on their way into the vault are written (uploads, downloads).
  virtual std::string temp_dir() const = 0;
  // A local file with the blob's bytes, to send or read.
  virtual Result<std::string> local_file(const std::string& sha256) const = 0;
  // Re-hashes a stored blob: Corruption if it is missing or no longer matches its name.
  virtual Status verify(const std::string& sha256) const = 0;
};

// vault/ab/abcdef…: written through a temp file, fsync, rename and fsync of the directory, so
// a crash leaves either the whole blob or none.
class FileVault final : public Vault {
 public:
  explicit FileVault(std::string root) : root_(std::move(root)) {}

  Result<StoredBlob> put_file(const std::string& path) const override;
  // Hashed, flushed and renamed, never copied: temp_dir() is on the same file system.
  Result<StoredBlob> put_temp_file(const std::string& path) const override;
  std::string temp_dir() const override { return root_ + "/tmp"; }
  Result<std::string> local_file(const std::string& sha256) const override;
  Status verify(const std::string& sha256) const override;
  std::string path_of(const std::string& sha256) const;

 private:
  std::string root_;
};

// Blobs in the database (Store::put_blob), in chunks, so no replica depends on its own disk.
// A FileVault on local disk caches what was read or written here: files are served from it,
// after their hash was checked against the name.
class DatabaseVault final : public Vault {
 public:
  DatabaseVault(Store& store, std::string cache_root)
      : store_(store), cache_(std::move(cache_root)) {}

  Result<StoredBlob> put_file(const std::string& path) const override;
  Result<StoredBlob> put_temp_file(const std::string& path) const override;
  std::string temp_dir() const override { return cache_.temp_dir(); }
  Result<std::string> local_file(const std::string& sha256) const override;
  // Reads the database's copy, whatever the cache holds.
  Status verify(const std::string& sha256) const override;

 private:
  Store& store_;
  FileVault cache_;
};

}  // namespace crosswalk::store
