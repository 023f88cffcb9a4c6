// The CSV reader against libcsv in strict mode, the library whose rules it keeps: thousands of
// generated texts (well-formed rows, then a few bytes changed; and plain noise), read in pieces
// as small as one byte so that rows, quoted fields and line breaks cross the edges of reads. The
// reader must give libcsv's rows, or fail where libcsv fails (same byte), or fail on what it
// checks beyond libcsv (the header, the number of fields per row) at the first row at fault.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>

#include "libcsv_reference.h"
#include "measure/csv_reader.h"
#include "temp_dir.h"

namespace crosswalk::measure {
namespace {

using Rows = std::vector<std::vector<std::string>>;

using Oracle = crosswalk::testing::LibcsvRows;

// The message read_csv must give for `text` (empty when it must succeed), from libcsv's rows
// and the reader's own checks, in the order the rows come.
std::string expected_error(const Oracle& o) {
  for (std::size_t r = 0; r < o.rows.size(); ++r) {
    const auto& row = o.rows[r];
    if (r == 0) {
      std::set<std::string> seen;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i].empty()) return "row 1: column " + std::to_string(i + 1) + " has no name";
        if (!seen.insert(row[i]).second) return "row 1: column name '";  // then the name, shown
      }
    } else if (row.size() != o.rows[0].size()) {
      return "row " + std::to_string(r + 1) + ": " + std::to_string(row.size()) +
             " fields, the header has " + std::to_string(o.rows[0].size());
    }
  }
  if (o.error_at) return "quoting";
  if (o.rows.empty()) return "the file is empty: no header row";
  return "";
}

std::string generated(std::mt19937& rng) {
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  std::string text;
  if (pick(4) == 0) {  // noise
    const char alphabet[] = "ab ,\"\r\n\t";
    for (std::size_t n = pick(40); n > 0; --n) text += alphabet[pick(sizeof alphabet - 1)];
    return text;
  }
  const std::size_t width = 1 + pick(4);
  const char* breaks[] = {"\n", "\r\n", "\r", "\n\n", "\r\n \r\n"};
  for (std::size_t r = 0, rows = 1 + pick(6); r < rows; ++r) {
    for (std::size_t f = 0; f < width; ++f) {
      if (f) text += ',';
      if (pick(4) == 0) text += pick(2) ? " " : "\t";
      std::string value;
      for (std::size_t n = pick(6); n > 0; --n) value += "abc ,\"\n"[pick(r == 0 ? 3 : 7)];
      if (r == 0) value += static_cast<char>('a' + f);  // header names: present and distinct
      const bool quote = value.find_first_of(",\"\n ") != std::string::npos || pick(5) == 0;
      if (quote) {
        text += '"';
        for (char c : value) text += c == '"' ? std::string("\"\"") : std::string(1, c);
        text += '"';
      } else {
        text += value;
      }
      if (pick(5) == 0) text += " ";
    }
    if (r + 1 < rows || pick(2)) text += breaks[pick(5)];
  }
  for (std::size_t n = pick(3); n > 0 && !text.empty(); --n)  // a few bytes changed
    text[pick(text.size())] = ",\"\n a"[pick(5)];
  return text;
}

std::string shown(const std::string& text) {
  std::string out;
  for (char c : text)
    out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : std::string(1, c);
  return out;
}

TEST(CsvReader, ReadsWhatLibcsvReadsInPiecesOfAnySize) {
  crosswalk::testing::TempDir dir;
  const std::string path = dir / "t.csv";
  std::mt19937 rng(20261203);
  const std::size_t piece_sizes[] = {1, 2, 3, 5, 8, 64, 1 << 16};
  int compared = 0, failing = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string text = generated(rng);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const Oracle oracle = crosswalk::testing::libcsv_rows(text);
    const std::string expected = expected_error(oracle);
    CsvOptions options;
    options.read_bytes = piece_sizes[static_cast<std::size_t>(i) % std::size(piece_sizes)];
    Rows rows;
    auto got = read_csv(
        path,
        [&](const std::vector<std::string>& header) {
          rows.push_back(header);
          return Status::Ok();
        },
        [&](const CsvRow& row) {
          rows.emplace_back(row.fields.begin(), row.fields.end());
          return Status::Ok();
        },
        options);
    SCOPED_TRACE("text: \"" + shown(text) + "\", read " + std::to_string(options.read_bytes) +
                 " bytes at a time");
    ++compared;
    if (expected.empty()) {
      ASSERT_TRUE(got.ok()) << got.status().message();
      ASSERT_EQ(rows, oracle.rows);
      EXPECT_EQ(got->rows, oracle.rows.size() - 1);
      continue;
    }
    ++failing;
    ASSERT_FALSE(got.ok()) << "accepted, libcsv and the checks say: " << expected;
    const std::string& message = got.status().message();
    if (expected != "quoting") {
      EXPECT_NE(message.find(expected), std::string::npos) << message;
    } else if (*oracle.error_at == text.size()) {
      EXPECT_NE(message.find("the file ends inside a quoted field"), std::string::npos) << message;
    } else {
      EXPECT_NE(
          message.find("malformed CSV quoting at byte " + std::to_string(*oracle.error_at) + " "),
          std::string::npos)
          << message;
    }
    // The rows before the fault were read as libcsv read them.
    ASSERT_LE(rows.size(), oracle.rows.size());
    EXPECT_EQ(rows,
              Rows(oracle.rows.begin(), oracle.rows.begin() + static_cast<long>(rows.size())));
  }
  // The generator gives both outcomes often enough to matter.
  EXPECT_GT(failing, compared / 5);
  EXPECT_LT(failing, compared * 4 / 5);
}

TEST(CsvReader, ARowLongerThanAReadAndQuotedLineBreaks) {
  crosswalk::testing::TempDir dir;
  const std::string path = dir / "t.csv";
  const std::string long_value(100'000, 'x');
  std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBFid,note\r\n1,\"" << long_value
                                        << "\"\r\n2,\"two\r\nlines, \"\"quoted\"\"\"\r\n";
  Rows rows;
  CsvOptions options;
  options.read_bytes = 4096;
  auto got = read_csv(
      path,
      [](const std::vector<std::string>& h) {
        EXPECT_EQ(h, (std::vector<std::string>{"id", "note"}));
        return Status::Ok();
      },
      [&](const CsvRow& row) {
        rows.emplace_back(row.fields.begin(), row.fields.end());
        return Status::Ok();
      },
      options);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(rows, (Rows{{"1", long_value}, {"2", "two\r\nlines, \"quoted\""}}));
  EXPECT_EQ(got->rows, 2u);
}

}  // namespace
}  // namespace crosswalk::measure
