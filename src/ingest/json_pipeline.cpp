#include "ingest/json_pipeline.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace crosswalk::ingest {

namespace {

constexpr std::size_t kBatchBytes = 1u << 20;
constexpr std::size_t kBatchItems = 4096;
constexpr std::size_t kMaxQueuedBatches = 4;

struct StoredItem {
  int kind;
  std::int64_t a, b, offset;
  std::size_t begin, size;
};

struct Batch {
  std::vector<char> bytes;  // each element followed by kJsonPadding spaces
  std::vector<StoredItem> items;
};

// Each item parsed as soon as it is read.
class InlineSink final : public ItemSink {
 public:
  InlineSink(const ParseStage& parse, const std::function<void(std::int64_t)>& progress)
      : parse_(parse), progress_(progress) {}

  Status emit(int kind, std::int64_t a, std::int64_t b, const JsonElement* e) override {
    PipelineItem item{kind, a, b, e != nullptr ? e->offset : 0,
                      e != nullptr ? e->text : std::string_view()};
    return parse_(item);
  }
  void progress(std::int64_t bytes) override {
    if (progress_) progress_(bytes);
  }

 private:
  const ParseStage& parse_;
  const std::function<void(std::int64_t)>& progress_;
};

// Items go from the reading thread to the parsing thread in batches, through a bounded queue.
class BatchQueue final : public ItemSink {
 public:
  BatchQueue() : filling_(new_batch()) {}

  // Reading side.
  Status emit(int kind, std::int64_t a, std::int64_t b, const JsonElement* e) override {
    Batch& batch = *filling_;
    StoredItem item{kind, a, b, 0, batch.bytes.size(), 0};
    if (e != nullptr) {
      item.offset = e->offset;
      item.size = e->text.size();
      batch.bytes.insert(batch.bytes.end(), e->text.begin(), e->text.end());
      batch.bytes.insert(batch.bytes.end(), kJsonPadding, ' ');
    }
    batch.items.push_back(item);
    if (batch.bytes.size() < kBatchBytes && batch.items.size() < kBatchItems) return Status::Ok();
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queued_.size() < kMaxQueuedBatches || stopped_; });
    if (stopped_) return Status::Unavailable("import stopped");
    queued_.push_back(std::move(filling_));
    filling_ = spare_.empty() ? new_batch() : take_spare();
    not_empty_.notify_one();
    return Status::Ok();
  }
  void progress(std::int64_t bytes) override {
    bytes_read_.store(bytes, std::memory_order_relaxed);
  }
  void finish(Status status) {
    std::lock_guard lock(mutex_);
    queued_.push_back(std::move(filling_));
    read_status_ = std::move(status);
    done_ = true;
    not_empty_.notify_one();
  }

  // Parsing side: the next batch, or null once the reading side has finished.
  std::unique_ptr<Batch> next() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queued_.empty() || done_; });
    if (queued_.empty()) return nullptr;
    std::unique_ptr<Batch> batch = std::move(queued_.front());
    queued_.pop_front();
    not_full_.notify_one();
    return batch;
  }
  void recycle(std::unique_ptr<Batch> batch) {
    batch->bytes.clear();
    batch->items.clear();
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(batch));
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    not_full_.notify_all();
  }
  std::int64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
  const Status& read_status() const { return read_status_; }

 private:
  static std::unique_ptr<Batch> new_batch() {
    auto batch = std::make_unique<Batch>();
    batch->bytes.reserve(kBatchBytes + (64u << 10));
    batch->items.reserve(kBatchItems);
    return batch;
  }
  std::unique_ptr<Batch> take_spare() {
    std::unique_ptr<Batch> batch = std::move(spare_.back());
    spare_.pop_back();
    return batch;
  }

  std::unique_ptr<Batch> filling_;  // reading side only
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::unique_ptr<Batch>> queued_;
  std::vector<std::unique_ptr<Batch>> spare_;
  bool done_ = false;
  bool stopped_ = false;
  Status read_status_;
  std::atomic<std::int64_t> bytes_read_{0};
};

}  // namespace

Status run_pipeline(const ReadStage& read, const ParseStage& parse,
                    const std::function<void(std::int64_t)>& progress, bool threaded) {
  if (!threaded) {
    InlineSink sink(parse, progress);
    return read(sink);
  }
  BatchQueue queue;
  std::thread reader;
  try {
    reader = std::thread([&] { queue.finish(read(queue)); });
  } catch (const std::system_error&) {  // no thread to be had: one stage after the other
    InlineSink sink(parse, progress);
    return read(sink);
  }
  Status parse_status;
  std::int64_t reported = 0;
  while (std::unique_ptr<Batch> batch = queue.next()) {
    for (const StoredItem& stored : batch->items) {
      const PipelineItem item{stored.kind, stored.a, stored.b, stored.offset,
                              std::string_view(batch->bytes.data() + stored.begin, stored.size)};
      parse_status = parse(item);
      if (!parse_status.ok()) break;
    }
    queue.recycle(std::move(batch));
    if (!parse_status.ok()) {
      queue.stop();
      break;
    }
    if (const std::int64_t bytes = queue.bytes_read(); progress && bytes > reported) {
      progress(bytes);
      reported = bytes;
    }
  }
  reader.join();
  if (!parse_status.ok()) return parse_status;
  if (progress && queue.bytes_read() > reported) progress(queue.bytes_read());
  return queue.read_status();
}

bool worth_two_stages(const std::string& file, std::size_t read_chunk_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  return !ec && size > read_chunk_bytes;
}

}  // namespace crosswalk::ingest
