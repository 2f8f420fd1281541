#include "sparta/deploy/elf_inspect.hpp"

#include <gmock/gmock.h>
#include <gnu/libc-version.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>

#include "deploy/test_programs.hpp"
#include "sparta/util/files.hpp"

namespace sparta::deploy {
namespace {
namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using test_programs::CompileC;
using test_programs::kHostArchitecture;
using test_programs::kOtherArchitecture;

constexpr GlibcVersion kAl2Glibc{2, 26, 0};

GlibcVersion HostGlibc() {
  int major = 0;
  int minor = 0;
  std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor);
  return {major, minor, 0};
}

class ElfInspectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sparta-elf-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(ElfInspectTest, SystemLsIsDynamicAndNeedsTooNewAGlibc) {
  if (!fs::exists("/bin/ls")) GTEST_SKIP() << "/bin/ls not present";
  auto info = InspectElf("/bin/ls");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->architecture, kHostArchitecture);
  EXPECT_FALSE(info->is_static);
  EXPECT_FALSE(info->interpreter.empty());
  EXPECT_THAT(info->needed, Contains("libc.so.6"));
  ASSERT_TRUE(info->max_glibc.has_value());
  if (HostGlibc() <= kAl2Glibc) GTEST_SKIP() << "this host's glibc is itself <= 2.26";
  EXPECT_GT(*info->max_glibc, kAl2Glibc);

  auto status = CheckSelfContained(*info, kHostArchitecture);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "NotSelfContained");
  EXPECT_THAT(status.error().message,
              HasSubstr("bootstrap needs GLIBC_" + info->max_glibc->ToString() +
                        " but Amazon Linux 2 provides 2.26"));
  EXPECT_THAT(status.error().message,
              HasSubstr("link it statically (SPARTA_STATIC_BOOTSTRAP=ON, the default)"));
  // Debian's ls also links libselinux, which is not part of glibc.
  for (const std::string& soname : info->needed) {
    if (soname.starts_with("libselinux")) {
      EXPECT_THAT(status.error().message,
                  HasSubstr("bootstrap needs " + soname +
                            ", which Lambda's provided.al2023 runtime does not have"));
    }
  }
}

TEST_F(ElfInspectTest, StaticProgramIsSelfContainedForItsOwnArchitectureOnly) {
  auto program = CompileC(dir_, "static_hello", test_programs::kHelloSource, "-static -O1");
  if (program.path.empty()) GTEST_SKIP() << "cannot build a static program: " << program.log;
  auto info = InspectElf(program.path);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_TRUE(info->is_static);
  EXPECT_TRUE(info->needed.empty());
  EXPECT_TRUE(info->interpreter.empty());
  EXPECT_FALSE(info->max_glibc.has_value());
  EXPECT_NE(info->type, ElfType::kOther);
  EXPECT_TRUE(CheckSelfContained(*info, kHostArchitecture).ok());

  auto wrong = CheckSelfContained(*info, kOtherArchitecture);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "WrongArchitecture");
  EXPECT_THAT(wrong.error().message,
              HasSubstr("bootstrap is built for " + std::string(ArchitectureName(kHostArchitecture)) +
                        " but the function is declared " +
                        std::string(ArchitectureName(kOtherArchitecture))));
}

TEST_F(ElfInspectTest, StaticPieIsStaticToo) {
  auto program = CompileC(dir_, "static_pie", test_programs::kHelloSource, "-static-pie -O1");
  if (program.path.empty()) GTEST_SKIP() << "cannot build a static PIE: " << program.log;
  auto info = InspectElf(program.path);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->type, ElfType::kSharedObject);
  EXPECT_TRUE(info->is_static);
  EXPECT_TRUE(CheckSelfContained(*info, kHostArchitecture).ok());
}

TEST_F(ElfInspectTest, DynamicHelloNamesTheGlibcItNeeds) {
  auto program = CompileC(dir_, "hello", test_programs::kHelloSource, "-O1");
  if (program.path.empty()) GTEST_SKIP() << "cannot build a program: " << program.log;
  auto info = InspectElf(program.path);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_FALSE(info->is_static);
  EXPECT_EQ(info->needed, std::vector<std::string>{"libc.so.6"});
  ASSERT_TRUE(info->max_glibc.has_value());
  if (HostGlibc() < GlibcVersion{2, 34, 0}) GTEST_SKIP() << "host glibc older than 2.34";
  // glibc 2.34 moved __libc_start_main to a new symbol version.
  EXPECT_EQ(*info->max_glibc, (GlibcVersion{2, 34, 0}));
  auto status = CheckSelfContained(*info, kHostArchitecture);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "bootstrap needs GLIBC_2.34 but Amazon Linux 2 provides 2.26: link it statically "
            "(SPARTA_STATIC_BOOTSTRAP=ON, the default)");
}

TEST_F(ElfInspectTest, DynamicProgramWithOnlyOldGlibcNeedsPasses) {
  auto program = CompileC(dir_, "old", test_programs::kOldGlibcSource, "-O1 -nostartfiles");
  if (program.path.empty()) GTEST_SKIP() << "cannot build a program: " << program.log;
  auto info = InspectElf(program.path);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_FALSE(info->is_static);
  EXPECT_EQ(info->needed, std::vector<std::string>{"libc.so.6"});
  ASSERT_TRUE(info->max_glibc.has_value());
  EXPECT_LE(*info->max_glibc, kAl2Glibc) << info->max_glibc->ToString();
  auto status = CheckSelfContained(*info, kHostArchitecture);
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST_F(ElfInspectTest, ForeignSharedLibraryIsNamed) {
  auto program = CompileC(dir_, "withz", test_programs::kZlibSource, "-O1", "-Wl,--no-as-needed -lz");
  if (program.path.empty()) GTEST_SKIP() << "cannot link against libz: " << program.log;
  auto info = InspectElf(program.path);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_THAT(info->needed, Contains("libz.so.1"));
  auto status = CheckSelfContained(*info, kHostArchitecture);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message,
              HasSubstr("bootstrap needs libz.so.1, which Lambda's provided.al2023 runtime does "
                        "not have: link it statically (SPARTA_STATIC_BOOTSTRAP=ON, the default) "
                        "or drop the dependency"));
}

TEST_F(ElfInspectTest, NonElfInputIsAnError) {
  for (const std::string& bytes : {std::string(), std::string("\x7f" "EL"),
                                   std::string("#!/bin/sh\necho hi\n"), std::string(4096, 'x')}) {
    auto info = InspectElfImage(bytes, "bootstrap");
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.error().code, "NotElf");
    EXPECT_THAT(info.error().message, HasSubstr("bootstrap is not an ELF executable"));
  }
  auto missing = InspectElf(dir_ / "does-not-exist");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "Io");
}

TEST_F(ElfInspectTest, TruncatedAndMisdeclaredElfAreErrors) {
  if (!fs::exists("/bin/ls")) GTEST_SKIP() << "/bin/ls not present";
  auto bytes = util::ReadFile("/bin/ls");
  ASSERT_TRUE(bytes.ok());
  for (size_t length = 4; length < 64; ++length) {
    auto info = InspectElfImage(std::string_view(*bytes).substr(0, length), "ls");
    ASSERT_FALSE(info.ok()) << length;
    EXPECT_EQ(info.error().code, "InvalidElf") << length;
    EXPECT_THAT(info.error().message, HasSubstr("truncated or corrupt"));
  }
  // Every other cut must be handled too: an error or a (partial) answer, no crash.
  for (size_t length = 64; length < bytes->size(); length += 97) {
    (void)InspectElfImage(std::string_view(*bytes).substr(0, length), "ls");
  }
  // Only the ELF header: the program headers it points at are missing.
  auto header_only = InspectElfImage(std::string_view(*bytes).substr(0, 64), "ls");
  ASSERT_FALSE(header_only.ok());
  EXPECT_THAT(header_only.error().message, HasSubstr("program header table"));

  std::string elf32 = *bytes;
  elf32[4] = 1;
  auto narrow = InspectElfImage(elf32, "ls");
  ASSERT_FALSE(narrow.ok());
  EXPECT_EQ(narrow.error().code, "Unsupported");
  EXPECT_THAT(narrow.error().message, HasSubstr("32-bit"));
}

TEST_F(ElfInspectTest, MutatedElfNeverCrashes) {
  auto program = CompileC(dir_, "hello", test_programs::kHelloSource, "-O1");
  std::string original;
  if (!program.path.empty()) {
    original = util::ReadFile(program.path).value();
  } else if (fs::exists("/bin/ls")) {
    original = util::ReadFile("/bin/ls").value();
  } else {
    GTEST_SKIP() << "no ELF file to mutate";
  }
  std::mt19937 rng(99);
  int rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = original;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      // Headers, dynamic strings and version needs sit in the first pages.
      const size_t window = std::min<size_t>(mutated.size(), 4096);
      mutated[rng() % window] = static_cast<char>(rng() & 0xff);
    }
    auto info = InspectElfImage(mutated, "mutated");
    if (!info.ok()) {
      ++rejected;
      EXPECT_FALSE(info.error().message.empty());
    } else {
      (void)CheckSelfContained(*info, kHostArchitecture);
    }
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace sparta::deploy
