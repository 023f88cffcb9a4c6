// Splits CSV text into rows and fields without copying it: fields are views into the caller's
// buffer, and a quoted field with doubled quotes is unescaped in place once its row is complete.
// The rules are libcsv's in strict mode (CSV_STRICT | CSV_STRICT_FINI), which a differential test
// holds it to: fields are separated by ',' and rows end at LF, CR or CRLF; blank lines and lines
// of only spaces and tabs are skipped; spaces and tabs around an unquoted value or around a
// quoted field are dropped; a quoted field may hold commas, line breaks and doubled quotes; a
// quote inside an unquoted field, or text after a closing quote, is an error; the last row may
// lack a line break, but the text may not end inside a quoted field.
//
// It exists because libcsv copies every field into its own buffer and calls back per field and
// row, which made it half the cost of measuring a prediction log (docs/measurements.md).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace crosswalk::measure {

class CsvTokenizer {
 public:
  enum class Next { kRow, kEnd, kNeedMore, kError };

  // Tokenizes data[0, size). `final` says no byte follows; otherwise a row cut off at `size`
  // is left for the caller to present again, with what follows it, in a later buffer.
  CsvTokenizer(char* data, std::size_t size, bool final)
      : data_(data), size_(size), final_(final) {}

  // kRow: the next row's fields were appended to `fields`. kEnd: no row is left. kNeedMore: the
  // bytes from offset() on are an incomplete row (nothing appended). kError: see error().
  Next next_row(std::vector<std::string_view>& fields);

  // Where the next row (or the incomplete one) starts.
  std::size_t offset() const { return pos_; }
  // After kError: where the problem is (the byte at fault, or `size` when the text ends inside
  // a quoted field), and what it is.
  std::size_t error_offset() const { return error_at_; }
  const char* error() const { return error_; }
  bool ends_inside_quotes() const { return error_at_ == size_; }

 private:
  Next fail(std::size_t at, const char* why);
  Next need_more(std::vector<std::string_view>& fields, std::size_t first);
  void unescape(std::string_view& field);

  char* data_;
  std::size_t size_;
  bool final_;
  std::size_t pos_ = 0;
  std::size_t error_at_ = 0;
  const char* error_ = "";
  std::vector<std::size_t> escaped_;  // this row's fields holding doubled quotes
};

}  // namespace crosswalk::measure
