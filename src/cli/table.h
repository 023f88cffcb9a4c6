// Plain aligned text tables for human output.
#pragma once

#include <iostream>
#include <string>
#include <vector>

namespace crosswalk::cli {

// Pads every column but the last to its widest cell (counting UTF-8 code points).
inline void print_table(const std::vector<std::vector<std::string>>& rows,
                        std::ostream& out = std::cout) {
  auto width = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
      if (widths.size() <= i) widths.resize(i + 1, 0);
      widths[i] = std::max(widths[i], width(row[i]));
    }
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out << row[i];
      if (i + 1 < row.size()) out << std::string(widths[i] - width(row[i]) + 2, ' ');
    }
    out << "\n";
  }
}

}  // namespace crosswalk::cli
