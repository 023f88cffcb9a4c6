#include "measure/duplicate_rows.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <queue>

namespace crosswalk::measure {

std::uint64_t row_hash(std::span<const std::string_view> fields) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::string_view f : fields) {
    // The length goes in too, so ("ab","c") and ("a","bc") differ.
    h = (h ^ std::hash<std::string_view>{}(f)) * 0x9E3779B97F4A7C15ULL;
    h = (h ^ f.size()) * 0xff51afd7ed558ccdULL;
  }
  return h ^ (h >> 29);
}

DuplicateRows::DuplicateRows(std::string temp_dir, std::size_t run_size)
    : temp_dir_(std::move(temp_dir)), run_size_(std::max<std::size_t>(run_size, 2)) {
  pending_.reserve(std::min<std::size_t>(run_size_, 1 << 16));
}

Status DuplicateRows::add(std::uint64_t hash) {
  pending_.push_back(hash);
  return pending_.size() >= run_size_ ? spill() : Status::Ok();
}

Status DuplicateRows::spill() {
  std::sort(pending_.begin(), pending_.end());
  auto file = TempFile::create(temp_dir_, "-rows");
  if (!file.ok()) return file.status();
  CW_RETURN_IF_ERROR(file->write(reinterpret_cast<const char*>(pending_.data()),
                                 pending_.size() * sizeof(std::uint64_t)));
  CW_RETURN_IF_ERROR(file->close());
  runs_.push_back(std::move(file.value()));
  pending_.clear();
  return Status::Ok();
}

namespace {

// Reads one sorted run back, a buffer at a time.
class RunReader {
 public:
  explicit RunReader(FILE* f) : f_(f), buffer_(1 << 15) {}
  RunReader(RunReader&& o) noexcept
      : f_(std::exchange(o.f_, nullptr)),
        buffer_(std::move(o.buffer_)),
        at_(o.at_),
        size_(o.size_) {}
  RunReader(const RunReader&) = delete;
  ~RunReader() {
    if (f_) std::fclose(f_);
  }
  // False at the end of the run.
  bool next(std::uint64_t& out) {
    if (at_ == size_) {
      size_ = std::fread(buffer_.data(), sizeof(std::uint64_t), buffer_.size(), f_);
      at_ = 0;
      if (size_ == 0) return false;
    }
    out = buffer_[at_++];
    return true;
  }
  bool failed() const { return std::ferror(f_) != 0; }

 private:
  FILE* f_;
  std::vector<std::uint64_t> buffer_;
  std::size_t at_ = 0, size_ = 0;
};

}  // namespace

Result<std::uint64_t> DuplicateRows::finish() {
  std::sort(pending_.begin(), pending_.end());
  std::uint64_t duplicates = 0;
  if (runs_.empty()) {
    for (std::size_t i = 1; i < pending_.size(); ++i) duplicates += pending_[i] == pending_[i - 1];
    return duplicates;
  }
  std::vector<RunReader> readers;
  for (const TempFile& run : runs_) {
    FILE* f = std::fopen(run.path().c_str(), "rb");
    if (!f) return Status::IoError(run.path() + ": " + std::strerror(errno));
    readers.emplace_back(f);
  }
  using Head = std::pair<std::uint64_t, std::size_t>;  // value, source (readers.size() = memory)
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  std::size_t memory_at = 0;
  auto advance = [&](std::size_t source) {
    std::uint64_t v;
    if (source == readers.size()) {
      if (memory_at < pending_.size()) heads.emplace(pending_[memory_at++], source);
    } else if (readers[source].next(v)) {
      heads.emplace(v, source);
    }
  };
  for (std::size_t s = 0; s <= readers.size(); ++s) advance(s);
  bool first = true;
  std::uint64_t previous = 0;
  while (!heads.empty()) {
    auto [value, source] = heads.top();
    heads.pop();
    if (!first && value == previous) ++duplicates;
    previous = value;
    first = false;
    advance(source);
  }
  for (const RunReader& r : readers)
    if (r.failed()) return Status::IoError("reading back a scratch file of row hashes failed");
  runs_.clear();
  return duplicates;
}

}  // namespace crosswalk::measure
