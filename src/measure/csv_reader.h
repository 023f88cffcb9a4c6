// Streams an RFC 4180 CSV file (csv_tokenizer.h, strict quoting) row by row in constant memory,
// hashing the bytes as it goes so the measurement can name exactly what it read. A second thread
// reads and parses (and does the work the caller hands it) while the caller's thread handles the
// rows.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace crosswalk::measure {

struct CsvRow {
  std::span<const std::string_view> fields;
  std::uint64_t number = 0;  // as a spreadsheet shows it: the header is row 1
};
using RowHandler = std::function<Status(const CsvRow& row)>;

struct CsvOptions {
  // Count duplicate rows (duplicate_rows.h), with scratch files in `temp_dir`.
  bool count_duplicates = false;
  std::string temp_dir;
  // Work to do on the reader thread, so that both cores share the per-row work: it sees the
  // header, then every data row in order, before the caller's handlers do. An error it returns
  // stops the reading like the caller's own.
  std::function<Status(const std::vector<std::string>&)> reader_header;
  RowHandler reader_row;
  // Bytes read at a time; rows longer than that are read whole. Small in tests, to put many
  // rows across the edges of reads.
  std::size_t read_bytes = 256 * 1024;
};

struct CsvSummary {
  std::vector<std::string> header;
  std::uint64_t rows = 0;  // data rows, the header not counted
  std::uint64_t bytes = 0;
  std::string sha256;
  std::optional<std::uint64_t> duplicate_rows;  // when counted
};

// Reads `path`: the header first (`on_header` may refuse it, e.g. for a missing column), then
// every data row. Errors name the file and the row or byte offset: malformed quoting, a row
// with a different number of fields than the header, a duplicate or empty column name, UTF-16.
// The first error stops the reading.
Result<CsvSummary> read_csv(const std::string& path,
                            const std::function<Status(const std::vector<std::string>&)>& on_header,
                            const RowHandler& on_row, const CsvOptions& options = {});

// Only the header row of `path`.
Result<std::vector<std::string>> read_csv_header(const std::string& path);

// The index of `name` in `header`, or InvalidInput listing the columns there are.
Result<std::size_t> column_index(const std::vector<std::string>& header, const std::string& name,
                                 std::string_view role);

}  // namespace crosswalk::measure
