// libFuzzer target: the CSV tokenizer against libcsv in strict mode, the library whose rules it
// keeps (docs/fuzzing.md). On any bytes both must give the same rows, or fail at the same byte;
// and the tokenizer run on the first part of the bytes alone (more to come) must give the first
// of those rows and stop at a row's start, as the reader relies on when a row crosses two reads.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "libcsv_reference.h"
#include "measure/csv_tokenizer.h"

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Parsed {
  Rows rows;
  std::optional<std::size_t> error_at;
  std::size_t end = 0;  // where the tokenizer stopped (the first part alone)
};

Parsed by_tokenizer(std::string text, bool final) {
  Parsed out;
  crosswalk::measure::CsvTokenizer tokens(text.data(), text.size(), final);
  std::vector<std::string_view> fields;
  for (;;) {
    fields.clear();
    const auto next = tokens.next_row(fields);
    if (next == crosswalk::measure::CsvTokenizer::Next::kRow) {
      out.rows.emplace_back(fields.begin(), fields.end());
      continue;
    }
    if (next == crosswalk::measure::CsvTokenizer::Next::kError)
      out.error_at = tokens.error_offset();
    if (next != crosswalk::measure::CsvTokenizer::Next::kRow && !fields.empty()) std::abort();
    out.end = tokens.offset();
    return out;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const crosswalk::testing::LibcsvRows expected = crosswalk::testing::libcsv_rows(text);
  const Parsed got = by_tokenizer(text, true);
  if (got.rows != expected.rows || got.error_at != expected.error_at) std::abort();

  // The first part alone, more bytes to come: a prefix of the rows, then the rest is presented
  // again from `end`, which must give the remaining rows.
  const std::size_t cut = size ? data[0] % (size + 1) : 0;
  const Parsed first = by_tokenizer(text.substr(0, cut), false);
  if (first.rows.size() > expected.rows.size()) std::abort();
  for (std::size_t i = 0; i < first.rows.size(); ++i)
    if (first.rows[i] != expected.rows[i]) std::abort();
  if (first.error_at) {
    if (first.error_at != expected.error_at) std::abort();
    return 0;
  }
  if (first.end > cut) std::abort();
  const Parsed rest = by_tokenizer(text.substr(first.end), true);
  Rows joined = first.rows;
  joined.insert(joined.end(), rest.rows.begin(), rest.rows.end());
  if (joined != expected.rows) std::abort();
  if (rest.error_at.has_value() != expected.error_at.has_value()) std::abort();
  if (rest.error_at && first.end + *rest.error_at != *expected.error_at) std::abort();
  return 0;
}
