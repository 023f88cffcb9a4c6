#include "measure/csv_reader.h"

#include <csv.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "common/sha256.h"
#include "common/utf8.h"
#include "measure/duplicate_rows.h"

namespace crosswalk::measure {
namespace {

constexpr std::size_t kChunk = 1 << 20;
constexpr std::size_t kRowsPerBatch = 8192;
constexpr std::size_t kBatchesInFlight = 4;

// Rows parsed by the reader thread, handed to the caller's thread in file order.
struct Batch {
  std::string bytes;                  // the fields, back to back
  std::vector<std::size_t> ends;      // where each field ends in `bytes`
  std::vector<std::size_t> rows;      // how many fields each row has
  std::vector<std::uint64_t> hashes;  // per row, when asked for
  std::uint64_t first_record = 0;     // the first row's number (the header is 1)
  Status status;                      // set on the last batch when reading stopped on an error
  bool last = false;

  void clear() {
    bytes.clear();
    ends.clear();
    rows.clear();
  }
};

// A bounded hand-over between the reader thread and the consumer, recycling batches so that
// memory stays at kBatchesInFlight batches whatever the file size.
class Pipe {
 public:
  std::unique_ptr<Batch> take_free() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !free_.empty() || created_ < kBatchesInFlight || stop_; });
    if (stop_) return nullptr;
    if (free_.empty()) {
      ++created_;
      return std::make_unique<Batch>();
    }
    auto b = std::move(free_.back());
    free_.pop_back();
    return b;
  }
  void push_full(std::unique_ptr<Batch> b) {
    std::lock_guard lock(mu_);
    full_.push_back(std::move(b));
    changed_.notify_all();
  }
  std::unique_ptr<Batch> take_full() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !full_.empty(); });
    auto b = std::move(full_.front());
    full_.pop_front();
    return b;
  }
  void give_back(std::unique_ptr<Batch> b) {
    b->clear();
    std::lock_guard lock(mu_);
    free_.push_back(std::move(b));
    changed_.notify_all();
  }
  // The consumer gave up: the reader stops at its next batch.
  void stop() {
    std::lock_guard lock(mu_);
    stop_ = true;
    changed_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mu_);
    return stop_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Batch>> full_;
  std::vector<std::unique_ptr<Batch>> free_;
  std::size_t created_ = 0;
  bool stop_ = false;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

struct Parser {
  csv_parser p{};
  Parser() { csv_init(&p, CSV_STRICT | CSV_STRICT_FINI); }
  ~Parser() { csv_free(&p); }
};

// The reader thread's side: file → libcsv → batches. The header is checked here too.
class Reader {
 public:
  Reader(int fd, Pipe& pipe, const CsvOptions& options) : fd_(fd), pipe_(pipe) {
    if (options.count_duplicates) duplicates_.emplace(options.temp_dir);
  }

  void run() {
    Status s = read_all();
    if (!batch_) batch_ = pipe_.take_free();
    if (!batch_) return;  // the consumer stopped
    batch_->status = s;
    batch_->last = true;
    pipe_.push_full(std::move(batch_));
  }

  std::vector<std::string> header;
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::optional<std::uint64_t> duplicate_rows;

 private:
  Status read_all() {
    Parser parser;
    Sha256 hash;
    std::vector<char> buffer(kChunk);
    for (;;) {
      ssize_t got = ::read(fd_, buffer.data(), buffer.size());
      if (got < 0) {
        if (errno == EINTR) continue;
        return Status::IoError(std::strerror(errno));
      }
      if (got == 0) break;
      const char* data = buffer.data();
      std::size_t size = static_cast<std::size_t>(got);
      hash.update(data, size);
      if (bytes == 0) {
        if (size >= 2 &&
            ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')))
          return Status::InvalidInput("the file is UTF-16; save it as UTF-8 CSV");
        if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, size -= 3;
      }
      std::size_t used = csv_parse(&parser.p, data, size, on_field, on_row_end, this);
      CW_RETURN_IF_ERROR(status_);
      if (used != size)
        return Status::InvalidInput(
            "malformed CSV quoting at byte " +
            std::to_string(bytes + static_cast<std::uint64_t>(data - buffer.data()) + used) +
            " (row " + std::to_string(records + 1) + "): " + csv_strerror(csv_error(&parser.p)));
      bytes += static_cast<std::uint64_t>(got);
      if (pipe_.stopped()) return Status::Ok();
    }
    if (csv_fini(&parser.p, on_field, on_row_end, this) != 0)
      return Status::InvalidInput("the file ends inside a quoted field (row " +
                                  std::to_string(records + 1) + ")");
    CW_RETURN_IF_ERROR(status_);
    if (records == 0) return Status::InvalidInput("the file is empty: no header row");
    sha256 = hash.hex_digest();
    if (duplicates_) {
      auto d = duplicates_->finish();
      if (!d.ok()) return d.status();
      duplicate_rows = d.value();
    }
    return Status::Ok();
  }

  static void on_field(void* s, std::size_t len, void* self) {
    static_cast<Reader*>(self)->field(static_cast<const char*>(s), len);
  }
  static void on_row_end(int, void* self) { static_cast<Reader*>(self)->row_end(); }

  void field(const char* s, std::size_t len) {
    if (!status_.ok()) return;
    if (!batch_ && !(batch_ = pipe_.take_free())) {
      status_ = Status::Ok();  // stopped by the consumer
      stopped_ = true;
      return;
    }
    // Every value may end up in the signed JSON document: refuse what is not UTF-8 here, where
    // the row and column are known (a quick word-at-a-time test lets ASCII through).
    if (!ascii(s, len) && !is_valid_utf8(std::string_view(s, len))) {
      const std::string column = records == 0 ? "column " + std::to_string(fields_ + 1)
                                 : fields_ < header.size()
                                     ? "column '" + header[fields_] + "'"
                                     : "column " + std::to_string(fields_ + 1);
      status_ = Status::InvalidInput("row " + std::to_string(records + 1) + ", " + column +
                                     ": not valid UTF-8 (save the file as UTF-8 CSV)");
      return;
    }
    batch_->bytes.append(s, len);
    batch_->ends.push_back(batch_->bytes.size());
    ++fields_;
  }

  static bool ascii(const char* p, std::size_t n) {
    std::uint64_t bits = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      bits |= w;
    }
    for (; i < n; ++i) bits |= static_cast<unsigned char>(p[i]);
    return (bits & 0x8080808080808080ULL) == 0;
  }

  void row_end() {
    if (!status_.ok() || stopped_) return;
    ++records;
    if (records == 1) {
      status_ = take_header();
    } else if (fields_ != header.size()) {
      status_ =
          Status::InvalidInput("row " + std::to_string(records) + ": " + std::to_string(fields_) +
                               " fields, the header has " + std::to_string(header.size()));
    } else {
      if (batch_->rows.empty()) batch_->first_record = records;
      batch_->rows.push_back(fields_);
      if (duplicates_) {
        const std::size_t first = batch_->ends.size() - fields_;
        const std::size_t begin = first ? batch_->ends[first - 1] : 0;
        status_ = duplicates_->add(
            row_hash(std::string_view(batch_->bytes.data() + begin, batch_->bytes.size() - begin),
                     std::span<const std::size_t>(batch_->ends.data() + first, fields_), begin));
      }
      if (batch_->rows.size() >= kRowsPerBatch) pipe_.push_full(std::move(batch_));
    }
    fields_ = 0;
  }

  Status take_header() {
    std::set<std::string> seen;
    for (std::size_t i = 0, begin = 0; i < batch_->ends.size(); begin = batch_->ends[i++]) {
      std::string name = batch_->bytes.substr(begin, batch_->ends[i] - begin);
      if (name.empty())
        return Status::InvalidInput("row 1: column " + std::to_string(i + 1) + " has no name");
      if (!seen.insert(name).second)
        return Status::InvalidInput("row 1: column name '" + printable_excerpt(name, 80) +
                                    "' appears twice");
      header.push_back(std::move(name));
    }
    batch_->clear();
    // The header goes first, alone, so the consumer can check it before any row.
    batch_->first_record = 1;
    pipe_.push_full(std::move(batch_));
    return Status::Ok();
  }

  int fd_;
  Pipe& pipe_;
  std::optional<DuplicateRows> duplicates_;
  std::unique_ptr<Batch> batch_;
  std::size_t fields_ = 0;
  Status status_;
  bool stopped_ = false;
};

}  // namespace

Result<std::size_t> column_index(const std::vector<std::string>& header, const std::string& name,
                                 std::string_view role) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  std::string have;
  for (const std::string& h : header) have += (have.empty() ? "" : ", ") + h;
  return Status::InvalidInput("the " + std::string(role) + " column '" + name +
                              "' is not in the header (columns: " + have + ")");
}

Result<CsvSummary> read_csv(const std::string& path,
                            const std::function<Status(const std::vector<std::string>&)>& on_header,
                            const RowHandler& on_row, const CsvOptions& options) {
  auto fail = [&](const Status& s) { return s.with_context(path); };
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return fail(Status::IoError(std::strerror(errno)));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode))
    return fail(Status::InvalidInput("not a regular file"));
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  Pipe pipe;
  Reader reader(file.fd, pipe, options);
  std::jthread thread([&] { reader.run(); });
  // Whatever happens below, the reader is told to stop and joined before `pipe` goes away.
  struct Join {
    Pipe& pipe;
    std::jthread& thread;
    ~Join() {
      pipe.stop();
      if (thread.joinable()) thread.join();
    }
  } join{pipe, thread};

  Status status;
  bool header_seen = false;
  std::vector<std::string_view> views;
  for (;;) {
    std::unique_ptr<Batch> batch = pipe.take_full();
    if (!header_seen && batch->first_record == 1 && !batch->last) {
      header_seen = true;
      status = on_header(reader.header);
    } else {
      std::size_t field = 0;
      CsvRow row;
      row.number = batch->first_record;
      for (std::size_t r = 0; r < batch->rows.size() && status.ok(); ++r, ++row.number) {
        views.clear();
        for (std::size_t i = 0; i < batch->rows[r]; ++i, ++field) {
          std::size_t begin = field ? batch->ends[field - 1] : 0;
          views.emplace_back(batch->bytes.data() + begin, batch->ends[field] - begin);
        }
        row.fields = views;
        status = on_row(row);
      }
    }
    const bool last = batch->last;
    if (status.ok() && last) status = batch->status;
    pipe.give_back(std::move(batch));
    if (!status.ok()) return fail(status);
    if (last) break;
  }
  thread.join();
  CsvSummary summary;
  summary.header = reader.header;
  summary.rows = reader.records - 1;
  summary.bytes = reader.bytes;
  summary.sha256 = reader.sha256;
  summary.duplicate_rows = reader.duplicate_rows;
  return summary;
}

Result<std::vector<std::string>> read_csv_header(const std::string& path) {
  std::vector<std::string> header;
  const std::string stop = "\x01header read";  // ends the reading once the header is in
  auto r = read_csv(
      path,
      [&](const std::vector<std::string>& h) {
        header = h;
        return Status::InvalidInput(stop);
      },
      [](const CsvRow&) { return Status::Ok(); });
  if (!r.ok() && r.status().message() != path + ": " + stop) return r.status();
  return header;
}

}  // namespace crosswalk::measure
