#include "measure/duplicate_rows.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace crosswalk::measure {

std::uint64_t row_hash(std::span<const std::string_view> fields, std::string& scratch) {
  if (fields.empty()) return 0;
  bool adjacent = true;
  for (std::size_t i = 1; i < fields.size() && adjacent; ++i)
    adjacent = fields[i].data() == fields[i - 1].data() + fields[i - 1].size() + 1;
  std::string_view joined;
  if (adjacent) {
    joined =
        std::string_view(fields.front().data(),
                         static_cast<std::size_t>(fields.back().data() - fields.front().data()) +
                             fields.back().size());
  } else {
    scratch.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) scratch += ',';
      scratch += fields[i];
    }
    joined = scratch;
  }
  std::uint64_t h = std::hash<std::string_view>{}(joined);
  for (std::string_view f : fields) h = (h ^ f.size()) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}

namespace {

// How many of `hashes` repeat an earlier one (their count less the distinct values), with an
// open-addressing table at most half full, reused between buckets: linear time, where sorting
// each bucket took 9 % of a run, on one core, after the file was read.
std::uint64_t repeats(const std::vector<std::uint64_t>& hashes, std::vector<std::uint64_t>& table) {
  std::size_t capacity = 16;
  while (capacity < 2 * hashes.size()) capacity *= 2;
  table.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  std::uint64_t repeated = 0;
  bool zero_seen = false;  // 0 marks a free slot, so the hash 0 is counted apart
  for (std::uint64_t h : hashes) {
    if (h == 0) {
      repeated += zero_seen;
      zero_seen = true;
      continue;
    }
    // The bucket is the top byte; the slot comes from the bits below it, mixed.
    std::size_t i = static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
    while (table[i] != 0 && table[i] != h) i = (i + 1) & mask;
    if (table[i] == h)
      ++repeated;
    else
      table[i] = h;
  }
  return repeated;
}

}  // namespace

DuplicateRows::DuplicateRows(std::string temp_dir, std::size_t block)
    : temp_dir_(std::move(temp_dir)), block_(std::max<std::size_t>(block, 1)) {}

Status DuplicateRows::add(std::uint64_t hash) {
  const std::size_t bucket = hash >> 56;
  auto& buffer = buffers_[bucket];
  if (buffer.capacity() == 0) buffer.reserve(block_);
  buffer.push_back(hash);
  return buffer.size() >= block_ ? spill(bucket) : Status::Ok();
}

Status DuplicateRows::spill(std::size_t bucket) {
  if (!scratch_) {
    auto file = TempFile::create(temp_dir_, "-rows");
    if (!file.ok()) return file.status();
    scratch_.emplace(std::move(file.value()));
  }
  auto& buffer = buffers_[bucket];
  CW_RETURN_IF_ERROR(scratch_->write(reinterpret_cast<const char*>(buffer.data()),
                                     buffer.size() * sizeof(std::uint64_t)));
  blocks_[bucket].push_back(scratch_size_);
  scratch_size_ += buffer.size() * sizeof(std::uint64_t);
  ++spilled_;
  buffer.clear();
  return Status::Ok();
}

Result<std::uint64_t> DuplicateRows::finish() {
  int fd = -1;
  if (scratch_) {
    CW_RETURN_IF_ERROR(scratch_->close());
    fd = ::open(scratch_->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IoError(scratch_->path() + ": " + std::strerror(errno));
  }
  struct Close {
    int fd;
    ~Close() {
      if (fd >= 0) ::close(fd);
    }
  } close_fd{fd};
  std::uint64_t duplicates = 0;
  std::vector<std::uint64_t> all, table;
  for (std::size_t b = 0; b < kBuckets; ++b) {
    all.assign(buffers_[b].begin(), buffers_[b].end());
    std::vector<std::uint64_t>().swap(buffers_[b]);
    for (std::uint64_t offset : blocks_[b]) {
      const std::size_t at = all.size();
      all.resize(at + block_);
      const auto bytes = static_cast<ssize_t>(block_ * sizeof(std::uint64_t));
      if (::pread(fd, all.data() + at, static_cast<std::size_t>(bytes),
                  static_cast<off_t>(offset)) != bytes)
        return Status::IoError("reading back a scratch file of row hashes failed");
    }
    duplicates += repeats(all, table);
  }
  scratch_.reset();  // removes the scratch file
  return duplicates;
}

}  // namespace crosswalk::measure
