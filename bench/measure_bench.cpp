// Helpers of bench/measure_csv.sh:
//   measure_bench generate FILE ROWS   a deterministic prediction log (see below)
//   measure_bench parse FILE           a bare libcsv pass over FILE (callbacks that only count):
//                                      prints "rows seconds"
//   measure_bench tokenize FILE        the same with Crosswalk's tokenizer alone (one thread, no
//                                      checks, no measurement): the reader thread's floor
#include <csv.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "measure/csv_tokenizer.h"

namespace {

// A hiring model's production log with the columns the issue names: the model's score (six
// decimals, as models write floats), the prediction at 0.5, the later-known outcome, two
// sensitive attributes and a sample weight. A 64-bit LCG keeps it identical on every machine.
int generate(const char* path, std::uint64_t rows) {
  FILE* f = std::fopen(path, "wb");
  if (!f) return 1;
  std::fputs("score,prediction,label,sex,age_band,weight\n", f);
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 11;
  };
  const char* sexes[] = {"female", "male"};
  const char* ages[] = {"18-29", "30-44", "45-59", "60+"};
  std::vector<char> line(256);
  for (std::uint64_t i = 0; i < rows; ++i) {
    const std::uint64_t r = next();
    const int sex = static_cast<int>(r & 1), age = static_cast<int>((r >> 1) & 3);
    // Women score a little lower: a disparity for the metrics to find.
    double score = static_cast<double>(next() % 1000000) / 1e6;
    if (sex == 0) score *= 0.92;
    const int prediction = score >= 0.5;
    const int label = static_cast<double>(next() % 1000) / 1000.0 < 0.3 + 0.4 * score;
    const int weight = (r >> 8) % 10 == 0 ? 2 : 1;
    const int n = std::snprintf(line.data(), line.size(), "%.6f,%d,%d,%s,%s,%d\n", score,
                                prediction, label, sexes[sex], ages[age], weight);
    std::fwrite(line.data(), 1, static_cast<std::size_t>(n), f);
  }
  return std::fclose(f) == 0 ? 0 : 1;
}

struct Counts {
  std::uint64_t fields = 0, rows = 0;
};

int parse(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) return 1;
  csv_parser p;
  csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
  Counts c;
  auto on_field = [](void*, std::size_t, void* data) { ++static_cast<Counts*>(data)->fields; };
  auto on_row = [](int, void* data) { ++static_cast<Counts*>(data)->rows; };
  std::vector<char> buffer(1 << 20);
  const auto t0 = std::chrono::steady_clock::now();
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f))
    if (csv_parse(&p, buffer.data(), n, on_field, on_row, &c) != n) return 1;
  csv_fini(&p, on_field, on_row, &c);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  csv_free(&p);
  std::fclose(f);
  std::printf("%llu %.6f\n", static_cast<unsigned long long>(c.rows - 1), s);
  return 0;
}

int tokenize(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) return 1;
  std::string text;
  std::vector<std::string_view> fields;
  std::uint64_t rows = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (bool final = false; !final;) {
    const std::size_t kept = text.size();
    text.resize(kept + (1 << 18));
    const std::size_t n = std::fread(text.data() + kept, 1, text.size() - kept, f);
    text.resize(kept + n);
    final = n == 0;
    crosswalk::measure::CsvTokenizer tokens(text.data(), text.size(), final);
    for (;;) {
      fields.clear();
      const auto next = tokens.next_row(fields);
      if (next == crosswalk::measure::CsvTokenizer::Next::kError) return 1;
      if (next != crosswalk::measure::CsvTokenizer::Next::kRow) break;
      ++rows;
    }
    text.erase(0, tokens.offset());
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fclose(f);
  std::printf("%llu %.6f\n", static_cast<unsigned long long>(rows - 1), s);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "generate") == 0)
    return generate(argv[2], std::stoull(argv[3]));
  if (argc == 3 && std::strcmp(argv[1], "parse") == 0) return parse(argv[2]);
  if (argc == 3 && std::strcmp(argv[1], "tokenize") == 0) return tokenize(argv[2]);
  std::fprintf(stderr, "usage: measure_bench generate FILE ROWS | parse FILE | tokenize FILE\n");
  return 2;
}
