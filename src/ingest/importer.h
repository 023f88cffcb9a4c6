// Importers: stream a tool's output file into normalized findings, in constant memory whatever
// the file size. Each format lives in its own file (sarif.cpp, ocsf.cpp, xccdf.cpp, junit.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/finding.h"

namespace crosswalk::ingest {

enum class Format { kSarif, kOcsf, kXccdf, kJunit };

std::string_view to_string(Format f);
std::optional<Format> parse_format(std::string_view s);  // "sarif", "ocsf", "xccdf", "junit"

// One execution of a tool inside a file (a SARIF run, a Prowler output, an XCCDF TestResult, a
// JUnit report). A run with no finding is not a pass: whether it may count as a clean scan is for
// the mapping rules to decide, and only when the tool says it completed.
struct ToolRun {
  std::string tool;
  std::string tool_version;
  std::int64_t findings = 0;
  bool completed = true;            // false when the tool reports it failed or stopped early
  std::vector<std::string> errors;  // the tool's own error notifications, verbatim (truncated)
  std::optional<domain::Timestamp> started_at;
};

struct ImportOptions {
  // Called now and then with the number of bytes consumed so far (progress bars).
  std::function<void(std::int64_t bytes)> progress;
  std::int64_t max_element_bytes = 64ll << 20;  // one finding or rule larger than this is refused
  int max_depth = 256;                          // deeper nesting is refused
  std::size_t read_chunk_bytes = 4u << 20;      // bytes per read (tests use tiny reads)
};

struct ImportSummary {
  Format format = Format::kSarif;
  std::vector<ToolRun> runs;
  std::int64_t findings = 0;
  std::int64_t bytes = 0;
  std::vector<std::string> warnings;  // e.g. a JUnit header count that disagrees with its cases
};

// Receives each finding; a non-ok Status stops the import and is returned as is.
using FindingSink = std::function<Status(domain::Finding&&)>;

// Reads `path` (a regular file) in `format`. Malformed, truncated or hostile input gives
// InvalidInput naming the byte offset and, where known, line and column; findings already handed
// to `sink` must then be discarded by the caller (imports are one transaction).
Result<ImportSummary> import_file(const std::string& path, Format format, const FindingSink& sink,
                                  const ImportOptions& options = {});

// Guesses the format from the first bytes of the file; InvalidInput saying what it saw otherwise.
Result<Format> detect_format(const std::string& path);

// Per format, used by import_file.
Result<ImportSummary> import_sarif(const std::string& path, const FindingSink& sink,
                                   const ImportOptions& options);
Result<ImportSummary> import_ocsf(const std::string& path, const FindingSink& sink,
                                  const ImportOptions& options);
Result<ImportSummary> import_xccdf(const std::string& path, const FindingSink& sink,
                                   const ImportOptions& options);
Result<ImportSummary> import_junit(const std::string& path, const FindingSink& sink,
                                   const ImportOptions& options);

}  // namespace crosswalk::ingest
