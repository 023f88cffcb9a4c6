#include "service/zip_archive.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

#include "common/sha256.h"

namespace crosswalk::service {

namespace {

std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string text = zip_error_strerror(&e);
  zip_error_fini(&e);
  return text;
}

Status write_temp(const std::vector<ZipMember>& members, const std::string& temp,
                  const std::string& out) {
  int error = 0;
  zip_t* z = zip_open(temp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) return Status::IoError(out + ": cannot create the archive: " + zip_error_text(error));
  for (const ZipMember& m : members) {
    zip_source_t* source = m.content ? zip_source_buffer(z, m.content->data(), m.content->size(), 0)
                                     : zip_source_file(z, m.source_file.c_str(), 0, 0);
    const zip_int64_t index =
        source ? zip_file_add(z, m.path.c_str(), source, ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0 || (!m.compress && zip_set_file_compression(z, static_cast<zip_uint64_t>(index),
                                                              ZIP_CM_STORE, 0) != 0)) {
      if (source && index < 0) zip_source_free(source);
      Status s = Status::IoError(m.path + ": " + zip_strerror(z));
      zip_discard(z);
      return s;
    }
  }
  if (zip_close(z) != 0) {
    Status s = Status::IoError(out + ": cannot write the archive: " + zip_strerror(z));
    zip_discard(z);
    return s;
  }
  return fsync_path(temp, O_RDONLY);
}

// Reads an entry in chunks, hashing them and handing each to `sink`. Errors of the archive
// itself say why without the entry's name.
Result<EntryDigest> stream_entry(zip_t* z, const std::string& name,
                                 const std::function<Status(const char*, std::size_t)>& sink) {
  const zip_int64_t index = zip_name_locate(z, name.c_str(), 0);
  if (index < 0) return Status::InvalidInput("missing");
  zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0);
  if (!f) return Status::InvalidInput(zip_strerror(z));
  Sha256 sha;
  EntryDigest d;
  std::string buf(1 << 16, '\0');
  zip_int64_t n;
  Status written;
  while (written.ok() && (n = zip_fread(f, buf.data(), buf.size())) > 0) {
    sha.update(buf.data(), static_cast<std::size_t>(n));
    d.size += n;
    written = sink(buf.data(), static_cast<std::size_t>(n));
  }
  const std::string error = written.ok() && n < 0 ? zip_file_strerror(f) : "";
  zip_fclose(f);
  if (!written.ok()) return written;
  if (!error.empty()) return Status::InvalidInput(error);
  d.sha256 = sha.hex_digest();
  return d;
}

}  // namespace

Status fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": " + std::strerror(errno));
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status::Ok() : Status::IoError(path + ": cannot flush: " + std::strerror(errno));
}

Status write_zip(const std::vector<ZipMember>& members, const std::string& out_path) {
  namespace fs = std::filesystem;
  const fs::path out(out_path);
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const std::string temp =
      dir / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()));
  Status s = write_temp(members, temp, out_path);
  if (s.ok() && ::rename(temp.c_str(), out_path.c_str()) != 0)
    s = Status::IoError(out_path + ": cannot replace: " + std::strerror(errno));
  if (!s.ok()) {
    std::error_code ec;
    fs::remove(temp, ec);
    return s;
  }
  return fsync_path(dir.string(), O_RDONLY | O_DIRECTORY);
}

Result<ZipReader> ZipReader::open(const std::string& path) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!z)
    return Status::InvalidInput(path + ": not a readable zip archive: " + zip_error_text(error));
  return ZipReader(z);
}

std::vector<std::string> ZipReader::names() const {
  std::vector<std::string> out;
  const zip_int64_t entries = zip_get_num_entries(zip_.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i)
    if (const char* name = zip_get_name(zip_.get(), static_cast<zip_uint64_t>(i), 0))
      out.emplace_back(name);
  return out;
}

bool ZipReader::contains(const std::string& name) const {
  return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0;
}

Result<std::string> ZipReader::read(const std::string& name, std::size_t limit) const {
  std::string out;
  auto d = stream_entry(zip_.get(), name, [&](const char* p, std::size_t n) {
    if (out.size() + n > limit) return Status::InvalidInput("too large");
    out.append(p, n);
    return Status::Ok();
  });
  if (!d.ok()) return d.status().with_context(name);
  return out;
}

Result<EntryDigest> ZipReader::digest(const std::string& name) const {
  return stream_entry(zip_.get(), name, [](const char*, std::size_t) { return Status::Ok(); });
}

Result<EntryDigest> ZipReader::extract(const std::string& name, const std::string& to) const {
  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError(to + ": " + std::strerror(errno));
  auto d = stream_entry(zip_.get(), name, [&](const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return Status::IoError(to + ": " + std::strerror(errno));
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return Status::Ok();
  });
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (d.ok() && !synced) return Status::IoError(to + ": cannot flush: " + std::strerror(errno));
  return d;
}

}  // namespace crosswalk::service
