// Zip archives in the CLI tests: every entry read back, and archives made by hand (a tampered
// pack or backup: whoever changes a file can rebuild the archive).
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <string>

namespace crosswalk::testing {

inline std::map<std::string, std::string> read_zip(const std::string& path) {
  std::map<std::string, std::string> out;
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  EXPECT_NE(z, nullptr) << path;
  if (!z) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    std::string bytes;
    char buf[8192];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<std::size_t>(n));
    zip_fclose(f);
    out[zip_get_name(z, static_cast<zip_uint64_t>(i), 0)] = bytes;
  }
  zip_discard(z);
  return out;
}

// A valid zip holding `files`.
inline void write_zip(const std::string& path, const std::map<std::string, std::string>& files) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, bytes] : files) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    ASSERT_GE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

}  // namespace crosswalk::testing
