// libFuzzer target: the SARIF importer on arbitrary bytes (docs/fuzzing.md).
#include "fuzz_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crosswalk::fuzz::import_bytes(data, size, crosswalk::ingest::Format::kSarif);
  return 0;
}
