// A table with a few lines above it (title, version, approval), written as CSV text or as an
// XLSX workbook (libxlsxwriter): the shapes auditors load into a spreadsheet.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace crosswalk::report {

struct Table {
  std::string sheet_name;             // at most 31 characters, no []:*?/\ (XLSX)
  std::vector<std::string> preamble;  // lines above the table (XLSX only; the first is bold)
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> widths;  // column widths in characters (XLSX); missing ones: 14
};

// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. A field
// that a spreadsheet would run as a formula (starting with = + - @, a tab or CR) is prefixed
// with an apostrophe (OWASP's advice against CSV injection). Headers and rows only.
std::string to_csv(const Table& table);

// Writes the workbook to a temporary file beside `path`, flushed and renamed over it: a reader
// sees the old file or the new one, and a failure (a full disk) leaves no part behind.
// Header row bold, frozen and filtered; long text wraps.
Status write_xlsx(const Table& table, const std::string& path);

}  // namespace crosswalk::report
