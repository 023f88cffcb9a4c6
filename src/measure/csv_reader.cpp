#include "measure/csv_reader.h"

#include <csv.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "common/sha256.h"
#include "common/utf8.h"

namespace crosswalk::measure {
namespace {

constexpr std::size_t kChunk = 1 << 20;

struct Parse {
  const std::function<Status(const std::vector<std::string>&)>* on_header;
  const RowHandler* on_row;
  std::string fields;             // this row's fields, back to back
  std::vector<std::size_t> ends;  // where each field ends in `fields`
  std::vector<std::string_view> views;
  std::vector<std::string> header;
  std::uint64_t record = 0;  // records completed, the header included
  Status status;

  void field(const void* s, std::size_t len) {
    if (!status.ok()) return;
    fields.append(static_cast<const char*>(s), len);
    ends.push_back(fields.size());
  }

  void row_end() {
    if (!status.ok()) return;
    ++record;
    if (record == 1) {
      std::set<std::string> seen;
      for (std::size_t i = 0, begin = 0; i < ends.size(); begin = ends[i++]) {
        std::string name = fields.substr(begin, ends[i] - begin);
        if (name.empty()) {
          status = Status::InvalidInput("row 1: column " + std::to_string(i + 1) + " has no name");
          return;
        }
        if (!seen.insert(name).second) {
          status = Status::InvalidInput("row 1: column name '" + printable_excerpt(name, 80) +
                                        "' appears twice");
          return;
        }
        header.push_back(std::move(name));
      }
      status = (*on_header)(header);
    } else if (ends.size() != header.size()) {
      status = Status::InvalidInput("row " + std::to_string(record) + ": " +
                                    std::to_string(ends.size()) + " fields, the header has " +
                                    std::to_string(header.size()));
    } else {
      views.clear();
      for (std::size_t i = 0, begin = 0; i < ends.size(); begin = ends[i++])
        views.emplace_back(fields.data() + begin, ends[i] - begin);
      status = (*on_row)(views, record);
    }
    fields.clear();
    ends.clear();
  }
};

void on_field(void* s, std::size_t len, void* data) {
  static_cast<Parse*>(data)->field(s, len);
}
void on_row_end(int, void* data) {
  static_cast<Parse*>(data)->row_end();
}

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
                            const RowHandler& on_row) {
  auto fail = [&](const Status& s) { return s.with_context(path); };
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return fail(Status::IoError(std::strerror(errno)));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode))
    return fail(Status::InvalidInput("not a regular file"));
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  Parse parse;
  parse.on_header = &on_header;
  parse.on_row = &on_row;
  Parser parser;
  Sha256 hash;
  std::vector<char> buffer(kChunk);
  std::uint64_t offset = 0;
  for (;;) {
    ssize_t got = ::read(file.fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(Status::IoError(std::strerror(errno)));
    }
    if (got == 0) break;
    const char* data = buffer.data();
    std::size_t size = static_cast<std::size_t>(got);
    hash.update(data, size);
    if (offset == 0) {
      if (size >= 2 &&
          ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')))
        return fail(Status::InvalidInput("the file is UTF-16; save it as UTF-8 CSV"));
      if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, size -= 3;
    }
    std::size_t used = csv_parse(&parser.p, data, size, on_field, on_row_end, &parse);
    if (!parse.status.ok()) return fail(parse.status);
    if (used != size)
      return fail(Status::InvalidInput(
          "malformed CSV quoting at byte " +
          std::to_string(offset + static_cast<std::uint64_t>(data - buffer.data()) + used) +
          " (row " + std::to_string(parse.record + 1) +
          "): " + csv_strerror(csv_error(&parser.p))));
    offset += static_cast<std::uint64_t>(got);
  }
  if (csv_fini(&parser.p, on_field, on_row_end, &parse) != 0)
    return fail(Status::InvalidInput("the file ends inside a quoted field (row " +
                                     std::to_string(parse.record + 1) + ")"));
  if (!parse.status.ok()) return fail(parse.status);
  if (parse.record == 0) return fail(Status::InvalidInput("the file is empty: no header row"));
  CsvSummary summary;
  summary.header = std::move(parse.header);
  summary.rows = parse.record - 1;
  summary.bytes = offset;
  summary.sha256 = hash.hex_digest();
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
      [](std::span<const std::string_view>, std::uint64_t) { return Status::Ok(); });
  if (!r.ok() && r.status().message() != path + ": " + stop) return r.status();
  return header;
}

}  // namespace crosswalk::measure
