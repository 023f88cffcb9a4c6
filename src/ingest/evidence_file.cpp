#include "ingest/evidence_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <utility>

namespace crosswalk::ingest {

Result<EvidenceFile> EvidenceFile::create(const std::string& dir, std::string_view prefix,
                                          std::string_view extension) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory " + dir + ": " + ec.message());
  thread_local std::mt19937_64 rng{std::random_device{}()};
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string hex;
    for (std::uint64_t v = rng(); hex.size() < 16; v >>= 4)
      hex.push_back("0123456789abcdef"[v & 15]);
    std::string path = dir + "/" + std::string(prefix) + "-" + hex + std::string(extension);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd >= 0) return EvidenceFile(std::move(path), fd);
    if (errno != EEXIST)
      return Status::IoError("cannot create a file in " + dir + ": " + std::strerror(errno));
  }
  return Status::IoError("cannot create a unique file in " + dir);
}

EvidenceFile::EvidenceFile(EvidenceFile&& other) noexcept
    : path_(std::exchange(other.path_, {})),
      fd_(std::exchange(other.fd_, -1)),
      kept_(std::exchange(other.kept_, true)) {}

EvidenceFile::~EvidenceFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!kept_ && !path_.empty()) ::unlink(path_.c_str());
}

Status EvidenceFile::write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("cannot write " + path_ + ": " + std::strerror(errno));
    data.remove_prefix(std::size_t(n));
  }
  return Status::Ok();
}

Result<std::string> EvidenceFile::keep() {
  const int fd = std::exchange(fd_, -1);
  if (fd >= 0 && ::close(fd) != 0)
    return Status::IoError("cannot write " + path_ + ": " + std::strerror(errno));
  kept_ = true;
  return path_;
}

}  // namespace crosswalk::ingest
