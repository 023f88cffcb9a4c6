// Splits a JSON import in two stages that overlap: a helper thread reads and validates the file
// (JsonStream) and copies out the elements the importer needs, in batches; the calling thread
// parses and normalizes them and calls the sink, in file order. Memory: a few batches.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/json_stream.h"

namespace crosswalk::ingest {

// One thing the reading stage found: an element (text, followed by kJsonPadding readable bytes)
// or a mark without text (the start of a run…). `kind`, `a` and `b` are the importer's own.
struct PipelineItem {
  int kind = 0;
  std::int64_t a = 0;
  std::int64_t b = 0;
  std::int64_t offset = 0;
  std::string_view text;
};

class ItemSink {
 public:
  // An error only when the consuming stage stopped (then the reading stage should stop too).
  virtual Status emit(int kind, std::int64_t a, std::int64_t b, const JsonElement* element) = 0;
  // Bytes of the file read so far.
  virtual void progress(std::int64_t bytes) = 0;

 protected:
  ~ItemSink() = default;
};

using ReadStage = std::function<Status(ItemSink&)>;
using ParseStage = std::function<Status(const PipelineItem&)>;

// Runs `read` and `parse` over the same items. With `threaded`, `read` runs on a helper thread
// (if one can be started); otherwise each item is parsed as soon as it is read. Returns the first
// error of `parse` as is, else the error of `read`.
Status run_pipeline(const ReadStage& read, const ParseStage& parse,
                    const std::function<void(std::int64_t)>& progress, bool threaded);

// Whether a file is worth two threads: more than one read.
bool worth_two_stages(const std::string& file, std::size_t read_chunk_bytes);

}  // namespace crosswalk::ingest
