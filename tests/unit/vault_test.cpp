#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/sha256.h"
#include "store/vault.h"
#include "temp_dir.h"

namespace crosswalk::store {
namespace {

void write(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
}

TEST(Vault, StoresByContentHashAndDeduplicates) {
  testing::TempDir dir;
  Vault vault(dir / "vault");
  write(dir / "a.txt", "policy v1");
  write(dir / "b.txt", "policy v1");
  auto a = vault.put_file(dir / "a.txt");
  auto b = vault.put_file(dir / "b.txt");
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->sha256, sha256_hex("policy v1"));
  EXPECT_EQ(a->size, 9);
  EXPECT_EQ(a->sha256, b->sha256);
  EXPECT_TRUE(std::filesystem::exists(vault.path_of(a->sha256)));
  EXPECT_TRUE(vault.verify(a->sha256).ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir / "vault/tmp"));  // no temp files left behind
}

TEST(Vault, DetectsATamperedBlob) {
  testing::TempDir dir;
  Vault vault(dir / "vault");
  write(dir / "a.txt", "evidence");
  auto a = vault.put_file(dir / "a.txt");
  ASSERT_TRUE(a.ok());
  write(vault.path_of(a->sha256), "forged");
  EXPECT_EQ(vault.verify(a->sha256).code(), Status::Code::kCorruption);
  EXPECT_EQ(vault.verify(std::string(64, 'a')).code(), Status::Code::kCorruption);
}

TEST(Vault, MissingFileOrDirectoryIsBadInput) {
  testing::TempDir dir;
  Vault vault(dir / "vault");
  auto missing = vault.put_file(dir / "nope.pdf");
  EXPECT_EQ(missing.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(missing.status().message().find("nope.pdf"), std::string::npos);
  EXPECT_EQ(vault.put_file(dir.path()).status().code(), Status::Code::kInvalidInput);
}

}  // namespace
}  // namespace crosswalk::store
