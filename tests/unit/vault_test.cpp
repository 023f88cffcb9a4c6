#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/sha256.h"
#include "common/temp_file.h"
#include "store/vault.h"
#include "temp_dir.h"

namespace crosswalk::store {
namespace {

void write(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
}

TEST(Vault, StoresByContentHashAndDeduplicates) {
  testing::TempDir dir;
  FileVault vault(dir / "vault");
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
  FileVault vault(dir / "vault");
  write(dir / "a.txt", "evidence");
  auto a = vault.put_file(dir / "a.txt");
  ASSERT_TRUE(a.ok());
  write(vault.path_of(a->sha256), "forged");
  EXPECT_EQ(vault.verify(a->sha256).code(), Status::Code::kCorruption);
  EXPECT_EQ(vault.verify(std::string(64, 'a')).code(), Status::Code::kCorruption);
}

TEST(Vault, MissingFileOrDirectoryIsBadInput) {
  testing::TempDir dir;
  FileVault vault(dir / "vault");
  auto missing = vault.put_file(dir / "nope.pdf");
  EXPECT_EQ(missing.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(missing.status().message().find("nope.pdf"), std::string::npos);
  EXPECT_EQ(vault.put_file(dir.path()).status().code(), Status::Code::kInvalidInput);
}

TEST(Vault, MovesAnUploadInAndRemovesItWhateverHappens) {
  testing::TempDir dir;
  FileVault vault(dir / "vault");
  std::filesystem::create_directories(vault.temp_dir());
  const std::string upload = vault.temp_dir() + "/upload-1";
  write(upload, "signed policy");
  auto a = vault.put_temp_file(upload);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->sha256, sha256_hex("signed policy"));
  EXPECT_EQ(a->size, 13);
  EXPECT_TRUE(vault.verify(a->sha256).ok());
  write(upload, "signed policy");  // the same content again
  ASSERT_TRUE(vault.put_temp_file(upload).ok());
  EXPECT_TRUE(std::filesystem::is_empty(vault.temp_dir()));
  std::filesystem::create_directory(upload);  // not a regular file
  EXPECT_EQ(vault.put_temp_file(upload).status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(vault.put_temp_file(dir / "missing").status().code(), Status::Code::kIoError);
}

TEST(TempFile, RemovesItselfAndStaleFilesOfGoneProcessesOnly) {
  testing::TempDir dir;
  std::string path;
  {
    auto t = TempFile::create(dir / "scratch", ".part");
    ASSERT_TRUE(t.ok()) << t.status().message();
    path = t->path();
    ASSERT_TRUE(t->write("abc", 3).ok());
    TempFile moved = std::move(t).value();
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(std::filesystem::file_size(path), 3u);
  }
  EXPECT_FALSE(std::filesystem::exists(path));

  const std::string scratch = dir / "scratch";
  // pid 1 is alive; a pid above the kernel's maximum is not; our own pid means "restarted".
  for (const char* name : {"upload-1-aa", "upload-99999999-bb", "other-99999999-cc", "upload-x"})
    write(scratch + "/" + name, "x");
  write(scratch + "/upload-" + std::to_string(::getpid()) + "-dd.part", "x");
  EXPECT_EQ(remove_stale_temp_files(scratch), 2u);
  EXPECT_TRUE(std::filesystem::exists(scratch + "/upload-1-aa"));
  EXPECT_FALSE(std::filesystem::exists(scratch + "/upload-99999999-bb"));
  EXPECT_TRUE(std::filesystem::exists(scratch + "/other-99999999-cc"));
  EXPECT_TRUE(std::filesystem::exists(scratch + "/upload-x"));
}

}  // namespace
}  // namespace crosswalk::store
