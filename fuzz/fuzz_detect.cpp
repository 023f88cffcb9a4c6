// libFuzzer target: format detection on arbitrary bytes, then the importer it picks
// (docs/fuzzing.md). Seeded with the samples of all four formats.
#include "fuzz_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crosswalk::fuzz::import_bytes(data, size, std::nullopt);
  return 0;
}
