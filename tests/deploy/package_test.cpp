#include "sparta/deploy/package.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "deploy/test_programs.hpp"
#include "sparta/util/digest.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::deploy {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using test_programs::CompileC;
using test_programs::kHostArchitecture;
using test_programs::kOtherArchitecture;

std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

class PackageTest : public ::testing::Test {
 protected:
  // One static and one dynamic program for the whole suite: compiling is the slow part.
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "sparta-package-programs-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    programs_ = new fs::path(pattern);
    static_program_ = new test_programs::Compiled(
        CompileC(*programs_, "bootstrap", test_programs::kHelloSource, "-static -O1"));
    dynamic_program_ = new test_programs::Compiled(
        CompileC(*programs_, "dynamic", test_programs::kHelloSource, "-O1"));
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    if (programs_ != nullptr) fs::remove_all(*programs_, ec);
    delete programs_;
    delete static_program_;
    delete dynamic_program_;
    programs_ = nullptr;
    static_program_ = dynamic_program_ = nullptr;
  }

  void SetUp() override {
    if (static_program_ == nullptr || static_program_->path.empty()) {
      GTEST_SKIP() << "cannot build a static test program: "
                   << (static_program_ ? static_program_->log : "no temp dir");
    }
    std::string pattern = (fs::temp_directory_path() / "sparta-package-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) {
      fs::permissions(dir_, fs::perms::owner_all, ec);
      fs::remove_all(dir_, ec);
    }
  }

  PackageRequest Request(const fs::path& zip_path) const {
    return PackageRequest{static_program_->path, zip_path, kHostArchitecture, {}};
  }

  static fs::path* programs_;
  static test_programs::Compiled* static_program_;
  static test_programs::Compiled* dynamic_program_;
  fs::path dir_;
};

fs::path* PackageTest::programs_ = nullptr;
test_programs::Compiled* PackageTest::static_program_ = nullptr;
test_programs::Compiled* PackageTest::dynamic_program_ = nullptr;

TEST_F(PackageTest, ZipHoldsTheProgramAsAnExecutableBootstrap) {
  const fs::path zip_path = dir_ / "function.zip";
  auto artifact = PackageArtifact(Request(zip_path));
  ASSERT_TRUE(artifact.ok()) << artifact.error().message;
  EXPECT_EQ(artifact->zip_path, zip_path);

  auto zip = util::ReadFile(zip_path);
  ASSERT_TRUE(zip.ok());
  EXPECT_EQ(artifact->size_bytes, zip->size());
  EXPECT_EQ(artifact->sha256_hex, util::Sha256Hex(*zip));
  EXPECT_EQ(artifact->sha256_hex.size(), 64u);

  auto entries = util::ReadZip(*zip);
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "bootstrap");
  EXPECT_EQ((*entries)[0].unix_mode, 0755u);
  EXPECT_EQ((*entries)[0].data, util::ReadFile(static_program_->path).value());
  EXPECT_EQ(Listing(dir_), std::set<std::string>{"function.zip"}) << "no temporary files left";
}

TEST_F(PackageTest, TwoRunsGiveIdenticalBytesAndDigest) {
  auto first = PackageArtifact(Request(dir_ / "a.zip"));
  auto second = PackageArtifact(Request(dir_ / "b.zip"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->sha256_hex, second->sha256_hex);
  EXPECT_EQ(first->size_bytes, second->size_bytes);
  EXPECT_EQ(util::ReadFile(dir_ / "a.zip").value(), util::ReadFile(dir_ / "b.zip").value());
}

TEST_F(PackageTest, ExtraFilesJoinTheBootstrap) {
  PackageRequest request = Request(dir_ / "with-data.zip");
  request.extra_files.push_back({"config/settings.json", "{\"a\":1}", 0644});
  auto artifact = PackageArtifact(request);
  ASSERT_TRUE(artifact.ok()) << artifact.error().message;
  auto entries = util::ReadZip(util::ReadFile(artifact->zip_path).value());
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, "bootstrap");
  EXPECT_EQ((*entries)[1].name, "config/settings.json");

  request.extra_files.push_back({"bootstrap", "#!/bin/sh", 0755});
  request.zip_path = dir_ / "clash.zip";
  auto clash = PackageArtifact(request);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, "InvalidArgument");
  EXPECT_THAT(clash.error().message, HasSubstr("would replace the program"));
  EXPECT_FALSE(fs::exists(dir_ / "clash.zip"));
}

TEST_F(PackageTest, MissingOutputDirectoryIsACleanError) {
  const fs::path zip_path = dir_ / "no-such-dir" / "function.zip";
  auto artifact = PackageArtifact(Request(zip_path));
  ASSERT_FALSE(artifact.ok());
  EXPECT_EQ(artifact.error().code, "Io");
  EXPECT_THAT(artifact.error().message, HasSubstr("cannot write " + zip_path.string()));
  EXPECT_TRUE(Listing(dir_).empty());
}

TEST_F(PackageTest, OutputDirectoryThatIsAFileIsACleanError) {
  ASSERT_TRUE(util::WriteFileAtomic(dir_ / "plain-file", "x").ok());
  auto artifact = PackageArtifact(Request(dir_ / "plain-file" / "function.zip"));
  ASSERT_FALSE(artifact.ok());
  EXPECT_EQ(artifact.error().code, "Io");
  EXPECT_EQ(Listing(dir_), std::set<std::string>{"plain-file"});
}

TEST_F(PackageTest, ReadOnlyOutputDirectoryIsACleanError) {
  const fs::path locked = dir_ / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms(0555));
  if (::access(locked.c_str(), W_OK) == 0) {
    GTEST_SKIP() << "running as root: permission bits do not stop writes (other tests cover "
                    "unwritable destinations)";
  }
  auto artifact = PackageArtifact(Request(locked / "function.zip"));
  ASSERT_FALSE(artifact.ok());
  EXPECT_EQ(artifact.error().code, "Io");
  EXPECT_THAT(artifact.error().message, HasSubstr("writable"));
  EXPECT_TRUE(Listing(locked).empty());
}

TEST_F(PackageTest, DynamicBootstrapIsRefusedAndTheOldZipKept) {
  if (dynamic_program_->path.empty()) {
    GTEST_SKIP() << "cannot build a dynamic program: " << dynamic_program_->log;
  }
  const fs::path zip_path = dir_ / "function.zip";
  auto good = PackageArtifact(Request(zip_path));
  ASSERT_TRUE(good.ok());
  const std::string before = util::ReadFile(zip_path).value();

  PackageRequest request = Request(zip_path);
  request.bootstrap = dynamic_program_->path;
  auto refused = PackageArtifact(request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "NotSelfContained");
  EXPECT_THAT(refused.error().message,
              StartsWith("cannot package " + dynamic_program_->path.string() +
                         ": bootstrap needs GLIBC_"));
  EXPECT_THAT(refused.error().message, HasSubstr("but Amazon Linux 2 provides 2.26"));
  EXPECT_EQ(util::ReadFile(zip_path).value(), before);
  EXPECT_EQ(Listing(dir_), std::set<std::string>{"function.zip"});
}

TEST_F(PackageTest, WrongArchitectureIsRefused) {
  PackageRequest request = Request(dir_ / "function.zip");
  request.architecture = kOtherArchitecture;
  auto refused = PackageArtifact(request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "WrongArchitecture");
  EXPECT_THAT(refused.error().message, HasSubstr("but the function is declared"));
  EXPECT_TRUE(Listing(dir_).empty());
}

TEST_F(PackageTest, NonProgramIsRefused) {
  ASSERT_TRUE(util::WriteFileAtomic(dir_ / "script", "#!/bin/sh\necho hi\n").ok());
  PackageRequest request = Request(dir_ / "function.zip");
  request.bootstrap = dir_ / "script";
  auto refused = PackageArtifact(request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "NotElf");
  EXPECT_FALSE(fs::exists(dir_ / "function.zip"));
}

}  // namespace
}  // namespace sparta::deploy
