#include "measure/csv_tokenizer.h"

#include <array>
#include <cstring>

namespace crosswalk::measure {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// The bytes that end the scan of an unquoted value.
constexpr std::array<bool, 256> kStops = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\r')] = t[static_cast<unsigned char>('"')] = true;
  return t;
}();

}  // namespace

CsvTokenizer::Next CsvTokenizer::fail(std::size_t at, const char* why) {
  error_at_ = at;
  error_ = why;
  return Next::kError;
}

CsvTokenizer::Next CsvTokenizer::need_more(std::vector<std::string_view>& fields,
                                           std::size_t first) {
  fields.resize(first);
  return Next::kNeedMore;
}

void CsvTokenizer::unescape(std::string_view& field) {
  char* const begin = data_ + (field.data() - data_);
  char* out = begin;
  for (std::size_t i = 0; i < field.size(); ++i) {
    *out++ = begin[i];
    if (begin[i] == '"') ++i;  // the second quote of a pair
  }
  field = std::string_view(begin, static_cast<std::size_t>(out - begin));
}

CsvTokenizer::Next CsvTokenizer::next_row(std::vector<std::string_view>& fields) {
  std::size_t p = pos_;
  while (p < size_ && (data_[p] == '\n' || data_[p] == '\r' || is_blank(data_[p]))) ++p;
  pos_ = p;
  if (p == size_) return final_ ? Next::kEnd : Next::kNeedMore;

  const std::size_t first = fields.size();
  escaped_.clear();
  for (;;) {
    while (p < size_ && is_blank(data_[p])) ++p;
    if (p < size_ && data_[p] == '"') {
      const std::size_t open = p++;
      bool doubled = false;
      for (;;) {
        const void* quote = std::memchr(data_ + p, '"', size_ - p);
        if (!quote) {
          if (!final_) return need_more(fields, first);
          fields.resize(first);
          return fail(size_, "the text ends inside a quoted field");
        }
        p = static_cast<std::size_t>(static_cast<const char*>(quote) - data_) + 1;
        // A quote last in an unfinished text may be doubled by the next byte: the row is
        // incomplete either way, which the test after the field finds.
        if (p < size_ && data_[p] == '"') {
          doubled = true;
          ++p;
          continue;
        }
        break;
      }
      fields.emplace_back(data_ + open + 1, p - open - 2);
      if (doubled) escaped_.push_back(fields.size() - 1);
      while (p < size_ && is_blank(data_[p])) ++p;
      if (p < size_ && data_[p] != ',' && data_[p] != '\n' && data_[p] != '\r') {
        fields.resize(first);
        return fail(p, "text after the closing quote of a field");
      }
    } else {
      const std::size_t start = p;
      while (p < size_ && !kStops[static_cast<unsigned char>(data_[p])]) ++p;
      if (p < size_ && data_[p] == '"') {
        fields.resize(first);
        return fail(p,
                    "a quote inside an unquoted field (quote the whole field, doubling the quote)");
      }
      std::size_t end = p;
      while (end > start && is_blank(data_[end - 1])) --end;
      fields.emplace_back(data_ + start, end - start);
    }
    if (p == size_) {
      if (!final_) return need_more(fields, first);
      break;  // the last row needs no line break
    }
    if (data_[p++] != ',') break;  // CR or LF: the row is complete
  }
  pos_ = p;
  for (std::size_t i : escaped_) unescape(fields[i]);
  return Next::kRow;
}

}  // namespace crosswalk::measure
