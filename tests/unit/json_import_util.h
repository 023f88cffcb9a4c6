// Helpers of the JSON importer tests: import a file or a text and keep everything it gave.
#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/finding_json.h"
#include "ingest/importer.h"
#include "temp_dir.h"

namespace crosswalk::testing {

struct Imported {
  Status status;
  ingest::ImportSummary summary;
  std::vector<domain::Finding> findings;
  std::string jsonl;  // one line per finding, then the summary: the golden files' form
};

inline Imported import(const std::string& path, ingest::Format format,
                       const ingest::ImportOptions& options = {}) {
  Imported out;
  auto sink = [&](domain::Finding&& f) {
    out.jsonl += ingest::finding_to_json(f).dump() + "\n";
    out.findings.push_back(std::move(f));
    return Status::Ok();
  };
  Result<ingest::ImportSummary> r = ingest::import_file(path, format, sink, options);
  if (!r.ok()) {
    out.status = r.status();
    return out;
  }
  out.summary = *r;
  out.jsonl += ingest::summary_to_json(*r).dump() + "\n";
  return out;
}

inline Imported import_text(const std::string& text, ingest::Format format,
                            const ingest::ImportOptions& options = {}) {
  TempDir dir;
  std::ofstream(dir / "input.json", std::ios::binary) << text;
  return import(dir / "input.json", format, options);
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "byte N (line L, column C): " for the position `offset` of `text` (ASCII text).
inline std::string where(const std::string& text, std::size_t offset) {
  const std::string before = text.substr(0, offset);
  const auto line = std::count(before.begin(), before.end(), '\n') + 1;
  const std::size_t newline = before.rfind('\n');
  const std::size_t line_start = newline == std::string::npos ? 0 : newline + 1;
  return "byte " + std::to_string(offset) + " (line " + std::to_string(line) + ", column " +
         std::to_string(offset - line_start + 1) + "): ";
}

inline bool has_tag(const domain::Finding& f, const std::string& tag) {
  return std::find(f.tags.begin(), f.tags.end(), tag) != f.tags.end();
}

}  // namespace crosswalk::testing
