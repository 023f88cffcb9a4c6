// Shared by the XCCDF and JUnit importer tests: run an import into memory, write hostile files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/time.h"
#include "golden.h"
#include "ingest/finding_json.h"
#include "ingest/importer.h"

// gmock is not linked: a substring check that prints the whole text when it fails.
#define EXPECT_CONTAINS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

namespace crosswalk::testing {

struct Imported {
  Result<ingest::ImportSummary> summary = Status::InvalidInput("not run");
  std::vector<domain::Finding> findings;

  const Status& status() const { return summary.status(); }
  // One line per finding, then the summary: the golden form.
  std::string jsonl() const {
    std::string out;
    for (const domain::Finding& f : findings) out += ingest::finding_to_json(f).dump() + "\n";
    if (summary.ok()) out += ingest::summary_to_json(*summary).dump() + "\n";
    return out;
  }
  int count(domain::FindingStatus s) const {
    int n = 0;
    for (const domain::Finding& f : findings) n += f.status == s;
    return n;
  }
  const domain::Finding* find(const std::string& rule_id) const {
    for (const domain::Finding& f : findings)
      if (f.rule_id == rule_id) return &f;
    return nullptr;
  }
};

inline Imported run_import(ingest::Format format, const std::string& path,
                           const ingest::ImportOptions& options = {}) {
  Imported out;
  out.summary = ingest::import_file(
      path, format,
      [&](domain::Finding&& f) {
        out.findings.push_back(std::move(f));
        return Status::Ok();
      },
      options);
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// The sample files of one folder of ../shared/samples (schemas left out), by file name.
inline std::vector<std::string> sample_names(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(sample(folder)))
    if (e.is_regular_file() && e.path().extension() == ".xml")
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// "openscap-xccdf11-results.xml" -> "ingest/openscap-xccdf11-results.jsonl"
inline std::string golden_name(const std::string& sample_file) {
  return "ingest/" + std::filesystem::path(sample_file).stem().string() + ".jsonl";
}

inline std::string at(domain::Timestamp t) {
  return domain::format_datetime(t);
}

inline bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Every sample of `folder` imports cleanly and gives exactly its golden output.
inline void expect_samples_match_goldens(ingest::Format format, const std::string& folder,
                                         std::size_t sample_count) {
  const std::vector<std::string> names = sample_names(folder);
  ASSERT_EQ(names.size(), sample_count);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const Imported got = run_import(format, sample(folder + "/" + name));
    ASSERT_TRUE(got.status().ok()) << got.status().message();
    expect_golden(golden_name(name), got.jsonl());
  }
}

// Reading in tiny chunks gives the same output (the pre-scan across chunk boundaries).
inline void expect_chunked_reads_agree(ingest::Format format, const std::string& folder,
                                       std::initializer_list<std::size_t> chunks) {
  for (const std::string& name : sample_names(folder)) {
    const std::string path = sample(folder + "/" + name);
    const std::string expected = run_import(format, path).jsonl();
    for (std::size_t chunk : chunks) {
      ingest::ImportOptions options;
      options.read_chunk_bytes = chunk;
      EXPECT_EQ(run_import(format, path, options).jsonl(), expected) << name << " " << chunk;
    }
  }
}

}  // namespace crosswalk::testing
