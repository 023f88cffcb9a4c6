// Streams an RFC 4180 CSV file (libcsv, strict quoting) row by row in constant memory, hashing
// the bytes as it goes so the measurement can name exactly what it read. A second thread reads
// and parses while the caller's thread handles the rows.
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
  // Count duplicate rows (duplicate_rows.h) on the reader thread, with scratch files there.
  bool count_duplicates = false;
  std::string temp_dir;
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
