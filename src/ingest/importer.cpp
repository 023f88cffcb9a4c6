#include "ingest/importer.h"

namespace crosswalk::ingest {

std::string_view to_string(Format f) {
  switch (f) {
    case Format::kSarif: return "sarif";
    case Format::kOcsf: return "ocsf";
    case Format::kXccdf: return "xccdf";
    case Format::kJunit: return "junit";
  }
  return "?";
}

std::optional<Format> parse_format(std::string_view s) {
  for (Format f : {Format::kSarif, Format::kOcsf, Format::kXccdf, Format::kJunit})
    if (s == to_string(f)) return f;
  return std::nullopt;
}

Result<ImportSummary> import_file(const std::string& path, Format format, const FindingSink& sink,
                                  const ImportOptions& options) {
  switch (format) {
    case Format::kSarif: return import_sarif(path, sink, options);
    case Format::kOcsf: return import_ocsf(path, sink, options);
    case Format::kXccdf: return import_xccdf(path, sink, options);
    case Format::kJunit: return import_junit(path, sink, options);
  }
  return Status::InvalidInput("unknown format");
}

}  // namespace crosswalk::ingest
