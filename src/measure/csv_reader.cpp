#include "measure/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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
#include "measure/csv_tokenizer.h"
#include "measure/duplicate_rows.h"

namespace crosswalk::measure {
namespace {

constexpr std::size_t kBatchesInFlight = 4;

// One read's rows, parsed by the reader thread and handed to the caller's thread in file order.
struct Batch {
  std::string bytes;                     // the text read (after the cut-off row of the last one)
  std::vector<std::string_view> fields;  // the rows' fields, header-width per row, into `bytes`
  std::size_t rows = 0;
  std::uint64_t first_record = 0;  // the first row's number (the header is 1)
  bool header_first = false;       // the header was read in this batch: check it before the rows
  Status status;                   // set on the last batch when reading stopped on an error
  bool last = false;

  void clear() {
    bytes.clear();
    fields.clear();
    rows = 0;
    header_first = false;
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

bool ascii(const char* p, std::size_t n) {
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

// The reader thread's side: file → tokenizer → batches. Each batch holds one read; a row cut
// off at its end moves to the front of the next. The header and every row are checked here.
class Reader {
 public:
  Reader(int fd, Pipe& pipe, const CsvOptions& options)
      : fd_(fd),
        pipe_(pipe),
        read_bytes_(std::max<std::size_t>(options.read_bytes, 1)),
        on_header_(options.reader_header),
        on_row_(options.reader_row) {}

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

 private:
  Status read_all() {
    Sha256 hash;
    std::uint64_t base = 0;  // the file offset of batch_->bytes[0]
    for (bool final = false; !final;) {
      if (pipe_.stopped()) return Status::Ok();
      if (!batch_ && !(batch_ = pipe_.take_free())) return Status::Ok();  // stopped
      std::string& text = batch_->bytes;
      const std::size_t kept = text.size();
      text.resize(kept + std::max(read_bytes_, kept));  // a long row doubles the buffer
      ssize_t got;
      do got = ::read(fd_, text.data() + kept, text.size() - kept);
      while (got < 0 && errno == EINTR);
      if (got < 0) return Status::IoError(std::strerror(errno));
      text.resize(kept + static_cast<std::size_t>(got));
      final = got == 0;
      hash.update(text.data() + kept, static_cast<std::size_t>(got));
      std::size_t start = 0;
      if (bytes == 0 && got > 0) {
        if (text.size() >= 2 &&
            ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
          return Status::InvalidInput("the file is UTF-16; save it as UTF-8 CSV");
        if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) start = 3;
      }
      bytes += static_cast<std::uint64_t>(got);

      CsvTokenizer tokens(text.data() + start, text.size() - start, final);
      CW_RETURN_IF_ERROR(take_rows(tokens, base + start, ascii(text.data(), text.size())));
      const std::size_t rest = start + tokens.offset();
      if (final) break;
      if (batch_->rows == 0) {
        // No complete row yet (the header alone, or a row longer than a read): read on.
        text.erase(0, rest);
        base += rest;
        continue;
      }
      std::unique_ptr<Batch> next = pipe_.take_free();
      if (!next) return Status::Ok();
      next->bytes.assign(text, rest);
      base += rest;
      pipe_.push_full(std::move(batch_));
      batch_ = std::move(next);
    }
    if (records == 0) return Status::InvalidInput("the file is empty: no header row");
    sha256 = hash.hex_digest();
    return Status::Ok();
  }

  // The complete rows `tokens` finds, into batch_; `offset` is the file offset of its text.
  Status take_rows(CsvTokenizer& tokens, std::uint64_t offset, bool all_ascii) {
    std::vector<std::string_view>& fields = batch_->fields;
    for (;;) {
      const std::size_t first = fields.size();
      switch (tokens.next_row(fields)) {
        case CsvTokenizer::Next::kEnd:
        case CsvTokenizer::Next::kNeedMore:
          return Status::Ok();
        case CsvTokenizer::Next::kError:
          if (tokens.ends_inside_quotes())
            return Status::InvalidInput("the file ends inside a quoted field (row " +
                                        std::to_string(records + 1) + ")");
          return Status::InvalidInput("malformed CSV quoting at byte " +
                                      std::to_string(offset + tokens.error_offset()) + " (row " +
                                      std::to_string(records + 1) + "): " + tokens.error());
        case CsvTokenizer::Next::kRow:
          break;
      }
      ++records;
      const std::span<const std::string_view> row(fields.data() + first, fields.size() - first);
      // Every value may end up in the signed JSON document: refuse what is not UTF-8 here,
      // where the row and column are known (most reads are ASCII throughout and skip this).
      if (!all_ascii) CW_RETURN_IF_ERROR(check_utf8(row));
      if (records == 1) {
        CW_RETURN_IF_ERROR(take_header(row));
        if (on_header_) CW_RETURN_IF_ERROR(on_header_(header));
        fields.clear();
        batch_->header_first = true;
        continue;
      }
      if (row.size() != header.size())
        return Status::InvalidInput("row " + std::to_string(records) + ": " +
                                    std::to_string(row.size()) + " fields, the header has " +
                                    std::to_string(header.size()));
      if (batch_->rows++ == 0) batch_->first_record = records;
      if (on_row_) CW_RETURN_IF_ERROR(on_row_(CsvRow{row, records}));
    }
  }

  Status check_utf8(std::span<const std::string_view> row) const {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (ascii(row[i].data(), row[i].size()) || is_valid_utf8(row[i])) continue;
      const std::string column = records == 1 || i >= header.size()
                                     ? "column " + std::to_string(i + 1)
                                     : "column '" + header[i] + "'";
      return Status::InvalidInput("row " + std::to_string(records) + ", " + column +
                                  ": not valid UTF-8 (save the file as UTF-8 CSV)");
    }
    return Status::Ok();
  }

  Status take_header(std::span<const std::string_view> row) {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row[i].empty())
        return Status::InvalidInput("row 1: column " + std::to_string(i + 1) + " has no name");
      if (!seen.insert(row[i]).second)
        return Status::InvalidInput("row 1: column name '" + printable_excerpt(row[i], 80) +
                                    "' appears twice");
      header.emplace_back(row[i]);
    }
    return Status::Ok();
  }

  int fd_;
  Pipe& pipe_;
  std::size_t read_bytes_;
  const std::function<Status(const std::vector<std::string>&)>& on_header_;
  const RowHandler& on_row_;
  std::unique_ptr<Batch> batch_;
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

  std::optional<DuplicateRows> duplicates;
  if (options.count_duplicates) duplicates.emplace(options.temp_dir);
  std::string scratch;
  Status status;
  for (;;) {
    std::unique_ptr<Batch> batch = pipe.take_full();
    if (batch->header_first) status = on_header(reader.header);
    const std::size_t width = reader.header.size();
    CsvRow row;
    row.number = batch->first_record;
    for (std::size_t r = 0; r < batch->rows && status.ok(); ++r, ++row.number) {
      row.fields = std::span<const std::string_view>(batch->fields.data() + r * width, width);
      if (duplicates) status = duplicates->add(row_hash(row.fields, scratch));
      if (status.ok()) status = on_row(row);
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
  if (duplicates) {
    auto d = duplicates->finish();
    if (!d.ok()) return fail(d.status());
    summary.duplicate_rows = d.value();
  }
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
