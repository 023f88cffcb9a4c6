// The zip archives Crosswalk writes (audit packs, backups) and reads back. Writing goes to a
// file beside the target, flushed and renamed onto it, so a failure (a full disk) leaves none;
// reading hashes each entry as it streams, so a damaged entry is found by its CRC or its hash.
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace crosswalk::service {

struct ZipMember {
  std::string path;
  const std::string* content = nullptr;  // bytes in memory, kept alive until the write ends…
  std::string source_file;               // …or a file, read when the archive is written
  bool compress = true;                  // off for files that are compressed already
};

Status write_zip(const std::vector<ZipMember>& members, const std::string& out_path);

// fsync of a file (O_RDONLY) or a directory (O_RDONLY | O_DIRECTORY).
Status fsync_path(const std::string& path, int flags);

struct ArchiveProblem {
  std::string file;
  std::string problem;  // "altered", "missing", "not in the manifest", or why it is unreadable
};

struct EntryDigest {
  std::string sha256;
  std::int64_t size = 0;
};

class ZipReader {
 public:
  // InvalidInput when `path` is not a readable zip archive.
  static Result<ZipReader> open(const std::string& path);

  std::vector<std::string> names() const;
  bool contains(const std::string& name) const;
  // The whole entry, refused when larger than `limit`.
  Result<std::string> read(const std::string& name, std::size_t limit) const;
  // The entry's SHA-256 and size; an error says why it cannot be read (a failed CRC).
  Result<EntryDigest> digest(const std::string& name) const;
  // Writes the entry to a new file (which must not exist), hashing it on the way.
  Result<EntryDigest> extract(const std::string& name, const std::string& to) const;

 private:
  struct Close {
    void operator()(zip_t* z) const { zip_discard(z); }
  };
  explicit ZipReader(zip_t* z) : zip_(z) {}
  std::unique_ptr<zip_t, Close> zip_;
};

}  // namespace crosswalk::service
