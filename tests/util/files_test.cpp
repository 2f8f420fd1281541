#include "sparta/util/files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace sparta::util {
namespace {
namespace fs = std::filesystem;

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sparta-files-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FilesTest, WriteThenReadRoundTrips) {
  auto path = dir_ / "a.bin";
  std::string data("x\0y", 3);
  ASSERT_TRUE(WriteFileAtomic(path, data).ok());
  auto back = ReadFile(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, data);
}

TEST_F(FilesTest, ModeIsExactDespiteUmask) {
  auto path = dir_ / "bootstrap";
  ASSERT_TRUE(WriteFileAtomic(path, "#!", fs::perms(0755)).ok());
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(FilesTest, ReplacesExistingFileAndLeavesNoTemporaries) {
  auto path = dir_ / "t.json";
  ASSERT_TRUE(WriteFileAtomic(path, "old").ok());
  ASSERT_TRUE(WriteFileAtomic(path, "new").ok());
  EXPECT_EQ(*ReadFile(path), "new");
  int count = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir_)) ++count;
  EXPECT_EQ(count, 1);
}

TEST_F(FilesTest, MissingDirectoryIsAClearError) {
  auto result = WriteFileAtomic(dir_ / "no" / "such" / "f", "x");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "Io");
  EXPECT_NE(result.error().message.find("no/such/f"), std::string::npos);
}

TEST_F(FilesTest, ReadMissingFileNamesIt) {
  auto result = ReadFile(dir_ / "absent.json");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("absent.json"), std::string::npos);
}

}  // namespace
}  // namespace sparta::util
