// What every fuzz target does with the fuzzer's bytes: hand them to an importer as a file and
// check what comes out. A crash, a sanitizer report, an uncaught exception or a broken invariant
// below is a bug (docs/fuzzing.md).
//
// The importers read files by path (pread in constant memory, a second pass over a value,
// error positions found by reading the file again), so the bytes go into an anonymous in-memory
// file (memfd) named /proc/self/fd/N: the real reading code runs, without touching a disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "fuzz_support.h"
#include "ingest/finding_json.h"
#include "ingest/importer.h"

namespace crosswalk::fuzz {

// The read size is chosen by the input's length, so that each input replays the same way and
// the refill, carry-over and two-thread paths (a file longer than one read) are all exercised.
inline ingest::ImportOptions options_for(std::size_t size, std::int64_t* last_progress) {
  static constexpr std::size_t kReadSizes[] = {4u << 20, 4096, 509, 61};
  ingest::ImportOptions o;
  o.read_chunk_bytes = kReadSizes[size % 4];
  o.progress = [size, last_progress](std::int64_t bytes) {
    if (bytes < 0 || bytes > static_cast<std::int64_t>(size))
      broken("progress out of range", std::to_string(bytes));
    *last_progress = bytes;
  };
  return o;
}

// Imports `data` as `format` (detected when not given) and checks the outcome.
inline void import_bytes(const std::uint8_t* data, std::size_t size,
                         std::optional<ingest::Format> format) {
  static MemoryFile file;
  const std::string& path = file.hold(data, size);
  if (!format) {
    Result<ingest::Format> detected = ingest::detect_format(path);
    if (!detected.ok()) {
      if (detected.status().code() != Status::Code::kInvalidInput)
        broken("detect_format: not InvalidInput:", detected.status().message());
      check_json(nlohmann::json{{"error", detected.status().message()}});
      return;
    }
    format = detected.value();
  }
  std::int64_t findings = 0;
  std::int64_t progress = 0;
  Result<ingest::ImportSummary> summary = ingest::import_file(
      path, *format,
      [&](domain::Finding&& f) -> Status {
        ++findings;
        if (f.offset < 0 || f.offset > static_cast<std::int64_t>(size))
          broken("finding offset out of range", std::to_string(f.offset));
        check_json(ingest::finding_to_json(f));
        return Status::Ok();
      },
      options_for(size, &progress));
  if (!summary.ok()) {
    // Bad input is refused with a message that can be shown and journaled; nothing else fails.
    if (summary.status().code() != Status::Code::kInvalidInput)
      broken("import: not InvalidInput:", summary.status().message());
    if (summary.status().message().empty()) broken("import: empty error message");
    check_json(nlohmann::json{{"error", summary.status().message()}});
    return;
  }
  if (summary->findings != findings)
    broken("summary.findings differs from the findings handed to the sink",
           std::to_string(summary->findings) + " vs " + std::to_string(findings));
  check_json(ingest::summary_to_json(summary.value()));
}

}  // namespace crosswalk::fuzz
