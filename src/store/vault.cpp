#include "store/vault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "common/sha256.h"

namespace crosswalk::store {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

// Closes a descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status fsync_dir(const std::string& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY)};
  if (d.fd < 0 || ::fsync(d.fd) != 0)
    return Status::IoError("cannot sync directory " + dir + ": " + errno_text());
  return Status::Ok();
}

Status make_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory " + dir + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

std::string FileVault::path_of(const std::string& sha256) const {
  return root_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

Result<StoredBlob> FileVault::put_file(const std::string& path) const {
  // O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; regular files ignore it.
  Fd in{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (in.fd < 0)
    return Status::InvalidInput("cannot read evidence file '" + path + "': " + errno_text());
  struct stat st {};
  if (::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode))
    return Status::InvalidInput("evidence file '" + path + "' is not a regular file");

  const std::string tmp_dir = temp_dir();
  CW_RETURN_IF_ERROR(make_dir(tmp_dir));
  std::random_device rd;
  // Named like a TempFile, so that a server starting up removes it if this process is killed.
  const std::string tmp =
      tmp_dir + "/upload-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  Fd out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0640)};
  if (out.fd < 0)
    return Status::IoError("cannot write to the evidence vault " + root_ + ": " + errno_text());

  Sha256 hash;
  StoredBlob blob;
  char buf[1 << 16];
  auto fail = [&](const std::string& why) {
    ::unlink(tmp.c_str());
    return Status::IoError(why + ": " + errno_text());
  };
  for (;;) {
    const ssize_t n = ::read(in.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot read evidence file '" + path + "'");
    }
    if (n == 0) break;
    hash.update(buf, std::size_t(n));
    blob.size += n;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out.fd, buf + done, std::size_t(n - done));
      if (w < 0) {
        if (errno == EINTR) continue;
        return fail("cannot write to the evidence vault (disk full?)");
      }
      done += w;
    }
  }
  if (::fsync(out.fd) != 0) return fail("cannot flush the evidence vault");
  blob.sha256 = hash.hex_digest();

  const std::string final_path = path_of(blob.sha256);
  const std::string dir = final_path.substr(0, final_path.rfind('/'));
  if (Status s = make_dir(dir); !s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  if (::access(final_path.c_str(), F_OK) == 0) {  // same content already stored
    ::unlink(tmp.c_str());
    return blob;
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) return fail("cannot store evidence blob");
  CW_RETURN_IF_ERROR(fsync_dir(dir));
  return blob;
}

Result<StoredBlob> FileVault::put_temp_file(const std::string& path) const {
  struct Remove {
    const std::string& path;
    ~Remove() { ::unlink(path.c_str()); }  // after a rename the name is gone: a no-op
  } remove{path};
  Fd in{::open(path.c_str(), O_RDONLY)};
  if (in.fd < 0) return Status::IoError("cannot read upload '" + path + "': " + errno_text());
  struct stat st {};
  if (::fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode))
    return Status::InvalidInput("upload '" + path + "' is not a regular file");
  Sha256 hash;
  StoredBlob blob;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("cannot read upload '" + path + "': " + errno_text());
    }
    if (n == 0) break;
    hash.update(buf, std::size_t(n));
    blob.size += n;
  }
  if (::fsync(in.fd) != 0) return Status::IoError("cannot flush upload '" + path + "'");
  blob.sha256 = hash.hex_digest();

  const std::string final_path = path_of(blob.sha256);
  const std::string dir = final_path.substr(0, final_path.rfind('/'));
  CW_RETURN_IF_ERROR(make_dir(dir));
  if (::access(final_path.c_str(), F_OK) == 0) return blob;  // same content already stored
  if (::rename(path.c_str(), final_path.c_str()) != 0) {
    if (errno == EXDEV) return put_file(path);  // written elsewhere after all: copy it
    return Status::IoError("cannot store evidence blob: " + errno_text());
  }
  CW_RETURN_IF_ERROR(fsync_dir(dir));
  return blob;
}

Result<std::string> FileVault::local_file(const std::string& sha256) const {
  std::string p = path_of(sha256);
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0)
    return Status::NotFound("evidence blob " + sha256 + " is missing from the vault");
  // The vault only ever holds files it wrote: a symbolic link (or anything else) put there would
  // make the server send whatever it points to.
  if (!S_ISREG(st.st_mode))
    return Status::Corruption("evidence blob " + sha256 +
                              " in the vault is not a regular file (a symbolic link?); run "
                              "`crosswalk evidence verify`");
  return p;
}

Status FileVault::verify(const std::string& sha256) const {
  const std::string p = path_of(sha256);
  Fd in{::open(p.c_str(), O_RDONLY)};
  if (in.fd < 0)
    return Status::Corruption("evidence blob " + sha256 + " is missing from the vault");
  Sha256 hash;
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(in.fd, buf, sizeof buf)) > 0) hash.update(buf, std::size_t(n));
  if (n < 0) return Status::IoError("cannot read " + p + ": " + errno_text());
  if (hash.hex_digest() != sha256)
    return Status::Corruption("evidence blob " + sha256 + " does not match its hash");
  return Status::Ok();
}

}  // namespace crosswalk::store
