#include "report/table.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "common/utf8.h"

namespace crosswalk::report {
namespace {

std::string csv_field(const std::string& value) {
  std::string v = value;
  if (!v.empty() && std::strchr("=+-@\t\r", v.front())) v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

void csv_line(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_field(cells[i]);
  }
  out += "\r\n";
}

// Text the workbook's XML can hold: invalid UTF-8 is replaced (control characters are escaped
// by libxlsxwriter).
std::string safe(const std::string& s) {
  return is_valid_utf8(s) ? s : printable_excerpt(s, s.size() * 4 + 16);
}

Status flush_and_rename(const std::string& temp, const std::string& path) {
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const Status s = Status::IoError(path + ": cannot flush: " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return s;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0)
    return Status::IoError(path + ": cannot replace: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

std::string to_csv(const Table& table) {
  std::string out;
  csv_line(out, table.headers);
  for (const auto& row : table.rows) csv_line(out, row);
  return out;
}

Status write_xlsx(const Table& table, const std::string& path) {
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::random_device random;
  const std::string temp =
      (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(random()))).string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(temp.c_str(), &options);
  if (!wb) return Status::IoError(path + ": cannot create the workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, table.sheet_name.c_str());
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xE8EAF2);
  format_set_border(header, LXW_BORDER_THIN);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* cell = workbook_add_format(wb);
  format_set_text_wrap(cell);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);

  lxw_row_t r = 0;
  for (std::size_t i = 0; i < table.preamble.size(); ++i, ++r)
    worksheet_write_string(ws, r, 0, safe(table.preamble[i]).c_str(), i == 0 ? title : nullptr);
  if (!table.preamble.empty()) ++r;
  const lxw_row_t header_row = r;
  for (std::size_t c = 0; c < table.headers.size(); ++c) {
    worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), safe(table.headers[c]).c_str(),
                           header);
    const double width = c < table.widths.size() ? table.widths[c] : 14;
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, cell);
  }
  ++r;
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), safe(row[c]).c_str(), cell);
    ++r;
  }
  if (!table.headers.empty()) {
    const auto last_col = static_cast<lxw_col_t>(table.headers.size() - 1);
    worksheet_autofilter(ws, header_row, 0, r > header_row + 1 ? r - 1 : header_row, last_col);
    worksheet_freeze_panes(ws, header_row + 1, 0);
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_repeat_rows(ws, header_row, header_row);
  worksheet_fit_to_pages(ws, 1, 0);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    ::unlink(temp.c_str());
    return Status::IoError(path + ": cannot write the workbook: " + lxw_strerror(err));
  }
  Status s = flush_and_rename(temp, path);
  if (!s.ok()) ::unlink(temp.c_str());
  return s;
}

}  // namespace crosswalk::report
