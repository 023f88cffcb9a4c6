#include "common/temp_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <utility>

namespace crosswalk {
namespace {

constexpr std::string_view kPrefix = "upload-";

std::string random_hex() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out;
  std::uint64_t v = rng();
  for (int i = 0; i < 16; ++i, v >>= 4) out.push_back(kHex[v & 15]);
  return out;
}

}  // namespace

Result<TempFile> TempFile::create(const std::string& dir, const std::string& suffix) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory " + dir + ": " + ec.message());
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string path =
        dir + "/" + std::string(kPrefix) + std::to_string(::getpid()) + "-" + random_hex() + suffix;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd >= 0) return TempFile(std::move(path), fd);
    if (errno != EEXIST)
      return Status::IoError("cannot create a file in " + dir + ": " + std::strerror(errno));
  }
  return Status::IoError("cannot create a unique file in " + dir);
}

TempFile::TempFile(TempFile&& other) noexcept
    : path_(std::exchange(other.path_, {})), fd_(std::exchange(other.fd_, -1)) {}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  if (this != &other) {
    reset();
    path_ = std::exchange(other.path_, {});
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

TempFile::~TempFile() {
  reset();
}

void TempFile::reset() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) ::unlink(path_.c_str());
  fd_ = -1;
  path_.clear();
}

int TempFile::release_fd() {
  return std::exchange(fd_, -1);
}

Status TempFile::write(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("cannot write " + path_ + ": " + std::strerror(errno));
    }
    data += n;
    size -= std::size_t(n);
  }
  return Status::Ok();
}

Status TempFile::close() {
  if (fd_ < 0) return Status::Ok();
  const int rc = ::close(std::exchange(fd_, -1));
  if (rc != 0) return Status::IoError("cannot write " + path_ + ": " + std::strerror(errno));
  return Status::Ok();
}

std::size_t remove_stale_temp_files(const std::string& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    const std::string digits =
        name.substr(kPrefix.size(), name.find('-', kPrefix.size()) - kPrefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    const bool gone = pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH);
    if (gone && ::unlink(entry.path().c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace crosswalk
