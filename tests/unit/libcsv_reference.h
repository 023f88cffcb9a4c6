// libcsv in strict mode (CSV_STRICT | CSV_STRICT_FINI): the reference the CSV tokenizer is held
// to, by tests/unit/csv_reader_test.cpp and fuzz/fuzz_csv.cpp.
#pragma once

#include <csv.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace crosswalk::testing {

struct LibcsvRows {
  std::vector<std::vector<std::string>> rows;
  // Where libcsv failed: the byte at fault, or the text's size when it ends inside quotes.
  std::optional<std::size_t> error_at;
};

inline LibcsvRows libcsv_rows(const std::string& text) {
  struct State {
    LibcsvRows out;
    std::vector<std::string> row;
  } state;
  auto on_field = [](void* s, std::size_t n, void* self) {
    static_cast<State*>(self)->row.emplace_back(static_cast<const char*>(s), n);
  };
  auto on_row = [](int, void* self) {
    auto* st = static_cast<State*>(self);
    st->out.rows.push_back(std::move(st->row));
    st->row.clear();
  };
  csv_parser p;
  csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
  const std::size_t used = csv_parse(&p, text.data(), text.size(), on_field, on_row, &state);
  if (used != text.size())
    state.out.error_at = used;
  else if (csv_fini(&p, on_field, on_row, &state) != 0)
    state.out.error_at = text.size();
  csv_free(&p);
  return state.out;
}

}  // namespace crosswalk::testing
