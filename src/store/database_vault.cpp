#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/sha256.h"
#include "common/temp_file.h"
#include "store/store.h"
#include "store/vault.h"

namespace crosswalk::store {

// The local copy first (it hashes the file and gives the cache its entry), then the database.
Result<StoredBlob> DatabaseVault::put_file(const std::string& path) const {
  auto blob = cache_.put_file(path);
  if (!blob.ok()) return blob;
  CW_RETURN_IF_ERROR(store_.put_blob(blob->sha256, cache_.path_of(blob->sha256)));
  return blob;
}

Result<StoredBlob> DatabaseVault::put_temp_file(const std::string& path) const {
  auto blob = cache_.put_temp_file(path);
  if (!blob.ok()) return blob;
  CW_RETURN_IF_ERROR(store_.put_blob(blob->sha256, cache_.path_of(blob->sha256)));
  return blob;
}

Result<std::string> DatabaseVault::local_file(const std::string& sha256) const {
  const std::string cached = cache_.path_of(sha256);
  struct stat st {};
  if (::lstat(cached.c_str(), &st) == 0) {
    if (S_ISREG(st.st_mode) && ::access(cached.c_str(), R_OK) == 0) return cached;
    // Not a file this cache wrote (a symbolic link put there): never served; fetched again.
    if (!S_ISREG(st.st_mode) && ::unlink(cached.c_str()) != 0)
      return Status::IoError("cannot remove " + cached + ": " + std::strerror(errno));
  }
  // Another server stored it: fetch it once, check it, and keep it in the cache.
  auto tmp = TempFile::create(cache_.temp_dir(), "blob");
  if (!tmp.ok()) return tmp.status();
  Sha256 hash;
  CW_RETURN_IF_ERROR(store_.read_blob(sha256, [&](std::string_view chunk) {
    hash.update(chunk);
    return tmp->write(chunk.data(), chunk.size());
  }));
  CW_RETURN_IF_ERROR(tmp->close());
  if (hash.hex_digest() != sha256)
    return Status::Corruption("evidence blob " + sha256 +
                              " in the database does not match its hash");
  auto blob = cache_.put_temp_file(tmp->path());
  if (!blob.ok()) return blob.status();
  return cached;
}

Status DatabaseVault::verify(const std::string& sha256) const {
  Sha256 hash;
  Status s = store_.read_blob(sha256, [&](std::string_view chunk) {
    hash.update(chunk);
    return Status::Ok();
  });
  if (s.code() == Status::Code::kNotFound)
    return Status::Corruption("evidence blob " + sha256 + " is missing from the database");
  CW_RETURN_IF_ERROR(s);
  if (hash.hex_digest() != sha256)
    return Status::Corruption("evidence blob " + sha256 + " does not match its hash");
  return Status::Ok();
}

}  // namespace crosswalk::store
