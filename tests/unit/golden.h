// Golden files: expected output kept in tests/golden/, compared whole. Run a test with
// CROSSWALK_UPDATE_GOLDEN=1 to rewrite its golden file (then review the diff like code).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace crosswalk::testing {

inline void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(CROSSWALK_SOURCE_DIR) + "/tests/golden/" + name;
  if (const char* update = std::getenv("CROSSWALK_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "no golden file " << path << " (run with CROSSWALK_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "output differs from " << path
                                    << " (if intended, rerun with CROSSWALK_UPDATE_GOLDEN=1)";
}

// Where the shared sample files live (../shared/samples beside the checkout).
inline std::string sample(const std::string& relative) {
  return std::string(CROSSWALK_SOURCE_DIR) + "/../shared/samples/" + relative;
}

}  // namespace crosswalk::testing
