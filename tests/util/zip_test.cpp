#include "sparta/util/zip.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "sparta/util/files.hpp"

namespace sparta::util {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

std::string Compressible(size_t n) {
  std::string out;
  while (out.size() < n) out += "the quick brown fox jumps over the lazy dog\n";
  out.resize(n);
  return out;
}

std::vector<ZipEntry> SampleEntries() {
  return {
      {"bootstrap", RandomBytes(5000, 1), 0755},
      {"lib/data.txt", Compressible(20000), 0644},
      {"empty", "", 0600},
      {"a", "x", 0644},
  };
}

uint16_t Get16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[at]) | (static_cast<uint8_t>(b[at + 1]) << 8));
}

// Runs a shell command; returns its exit status and fills `output` (stdout+stderr).
int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output->append(buffer, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool HaveTool(const std::string& name) {
  std::string ignored;
  return RunCommand("command -v " + name, &ignored) == 0;
}

class ZipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sparta-zip-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(ZipTest, RoundTripKeepsNamesDataAndModesSortedByName) {
  auto zip = BuildZip(SampleEntries());
  ASSERT_TRUE(zip.ok()) << zip.error().message;
  auto entries = ReadZip(*zip);
  ASSERT_TRUE(entries.ok()) << entries.error().message;

  auto expected = SampleEntries();
  std::sort(expected.begin(), expected.end(),
            [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
  ASSERT_EQ(entries->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*entries)[i].name, expected[i].name);
    EXPECT_EQ((*entries)[i].data, expected[i].data) << expected[i].name;
    EXPECT_EQ((*entries)[i].unix_mode, expected[i].unix_mode) << expected[i].name;
  }
}

TEST_F(ZipTest, DeflatesOnlyWhenItShrinks) {
  auto zip = BuildZip({{"random", RandomBytes(4000, 7), 0644}, {"text", Compressible(4000), 0644}});
  ASSERT_TRUE(zip.ok());
  // "random" is first (sorted): its local header is at offset 0, method at +8.
  EXPECT_EQ(Get16(*zip, 8), 0) << "incompressible data must be stored";
  const size_t second = 30 + 6 + 4000;
  EXPECT_EQ(Get16(*zip, second + 8), 8) << "text must be deflated";
  EXPECT_LT(zip->size(), 4000u + 4000u);

  auto stored = BuildZip({{"text", Compressible(4000), 0644}}, ZipOptions{.compress = false});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(Get16(*stored, 8), 0);
  auto back = ReadZip(*stored);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].data, Compressible(4000));
}

// The whole archive for one stored entry, written out by hand from APPNOTE:
// fixed 1980-01-01 00:00 timestamp, Unix "made by", mode in the external
// attributes, no extra fields, no comments.
TEST_F(ZipTest, StoredArchiveMatchesTheFormatByteForByte) {
  auto zip = BuildZip({{"a", "hi", 0755}}, ZipOptions{.compress = false});
  ASSERT_TRUE(zip.ok());
  auto bytes = [](std::initializer_list<int> list) {
    std::string out;
    for (int b : list) out.push_back(static_cast<char>(b));
    return out;
  };
  // version needed 1.0, flags 0, method 0, time 00:00, date 1980-01-01,
  // CRC-32("hi") = 0xd8932aac, sizes 2 and 2, name length 1, extra length 0.
  const std::string common = bytes({0x0a, 0, 0, 0, 0, 0, 0, 0, 0x21, 0, 0xac, 0x2a, 0x93, 0xd8,
                                    2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0});
  const std::string local = "PK" + bytes({3, 4}) + common + "a" + "hi";
  const std::string central = "PK" + bytes({1, 2}) + bytes({20, 3}) + common +
                              bytes({0, 0, 0, 0, 0, 0}) +         // comment, disk, internal
                              bytes({0, 0, 0xed, 0x81}) +         // 0100755 << 16
                              bytes({0, 0, 0, 0}) + "a";          // local header offset
  const std::string end = "PK" + bytes({5, 6, 0, 0, 0, 0, 1, 0, 1, 0}) +
                          bytes({static_cast<int>(central.size()), 0, 0, 0}) +
                          bytes({static_cast<int>(local.size()), 0, 0, 0}) + bytes({0, 0});
  EXPECT_EQ(*zip, local + central + end);
}

TEST_F(ZipTest, SameInputGivesSameBytesInAnyOrder) {
  auto first = BuildZip(SampleEntries());
  auto second = BuildZip(SampleEntries());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);

  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    auto shuffled = SampleEntries();
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    auto again = BuildZip(shuffled);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *first) << "round " << round;
  }
}

TEST_F(ZipTest, RejectsUnsafeOrDuplicateNamesAndBadModes) {
  struct Case {
    std::vector<ZipEntry> entries;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {{{"/etc/passwd", "x", 0644}}, "absolute"},
      {{{"../evil", "x", 0644}}, "'..'"},
      {{{"a/../../evil", "x", 0644}}, "'..'"},
      {{{"", "x", 0644}}, "empty"},
      {{{"a//b", "x", 0644}}, "empty path components"},
      {{{"dir/", "x", 0644}}, "empty path components"},
      {{{"a\\b", "x", 0644}}, "'\\'"},
      {{{"./a", "x", 0644}}, "'.'"},
      {{{"a", "x", 0100755}}, "outside 07777"},
      {{{"same", "x", 0644}, {"other", "y", 0644}, {"same", "z", 0644}}, "appears twice"},
  };
  for (const Case& c : cases) {
    auto zip = BuildZip(c.entries);
    ASSERT_FALSE(zip.ok()) << c.entries.front().name;
    EXPECT_EQ(zip.error().code, "InvalidArgument");
    EXPECT_THAT(zip.error().message, HasSubstr(c.message_part)) << c.entries.front().name;
  }
}

TEST_F(ZipTest, RefusesMoreEntriesThanFitWithoutZip64) {
  std::vector<ZipEntry> entries;
  for (int i = 0; i < 0xffff; ++i) entries.push_back({std::to_string(i), "", 0644});
  auto zip = BuildZip(std::move(entries));
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.error().code, "TooLarge");
  EXPECT_THAT(zip.error().message, HasSubstr("Zip64"));
}

TEST_F(ZipTest, InfoZipReadsOurArchiveWithTheExecBit) {
  if (!HaveTool("unzip") || !HaveTool("zipinfo")) GTEST_SKIP() << "unzip/zipinfo not installed";
  auto zip = BuildZip(SampleEntries());
  ASSERT_TRUE(zip.ok());
  const fs::path file = dir_ / "ours.zip";
  ASSERT_TRUE(WriteFileAtomic(file, *zip).ok());

  std::string listing;
  ASSERT_EQ(RunCommand("zipinfo " + file.string(), &listing), 0) << listing;
  // e.g. "-rwxr-xr-x  2.0 unx     5000 b- stor 80-Jan-01 00:00 bootstrap"
  bool found = false;
  std::string line;
  for (size_t start = 0; start < listing.size();) {
    size_t end = listing.find('\n', start);
    if (end == std::string::npos) end = listing.size();
    line = listing.substr(start, end - start);
    if (line.size() >= 10 && line.ends_with(" bootstrap")) {
      found = true;
      EXPECT_EQ(line.substr(0, 10), "-rwxr-xr-x") << line;
      EXPECT_THAT(line, HasSubstr("unx"));
      EXPECT_THAT(line, HasSubstr("80-Jan-01 00:00"));
    }
    if (line.ends_with(" lib/data.txt")) {
      EXPECT_EQ(line.substr(0, 10), "-rw-r--r--") << line;
    }
    start = end + 1;
  }
  EXPECT_TRUE(found) << listing;

  std::string test_output;
  EXPECT_EQ(RunCommand("unzip -t " + file.string(), &test_output), 0) << test_output;
  EXPECT_THAT(test_output, HasSubstr("No errors detected"));

  // And Info-ZIP extracts the exact bytes with the exec bit.
  const fs::path out = dir_ / "unzipped";
  std::string extract_output;
  ASSERT_EQ(RunCommand("unzip -q " + file.string() + " -d " + out.string(), &extract_output), 0)
      << extract_output;
  auto data = ReadFile(out / "bootstrap");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, RandomBytes(5000, 1));
  EXPECT_EQ(fs::status(out / "bootstrap").permissions() & fs::perms::owner_exec,
            fs::perms::owner_exec);
}

TEST_F(ZipTest, ReadsAnArchiveMadeByInfoZip) {
  if (!HaveTool("zip")) GTEST_SKIP() << "zip not installed";
  const fs::path src = dir_ / "src";
  fs::create_directories(src / "bin");
  ASSERT_TRUE(WriteFileAtomic(src / "hello.txt", Compressible(10000)).ok());
  ASSERT_TRUE(WriteFileAtomic(src / "bin" / "run", RandomBytes(3000, 3), fs::perms(0755)).ok());
  ASSERT_TRUE(WriteFileAtomic(src / "empty", "").ok());

  for (const std::string level : {"-9", "-0"}) {
    const fs::path file = dir_ / ("theirs" + level + ".zip");
    std::string output;
    ASSERT_EQ(RunCommand("cd " + src.string() + " && zip -q -r " + level + " " + file.string() +
                             " hello.txt bin empty",
                         &output),
              0)
        << output;
    auto bytes = ReadFile(file);
    ASSERT_TRUE(bytes.ok());
    auto entries = ReadZip(*bytes);
    ASSERT_TRUE(entries.ok()) << entries.error().message;
    // The "bin/" directory entry is skipped; three files remain.
    ASSERT_EQ(entries->size(), 3u) << level;
    std::sort(entries->begin(), entries->end(),
              [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
    EXPECT_EQ((*entries)[0].name, "bin/run");
    EXPECT_EQ((*entries)[0].data, RandomBytes(3000, 3));
    EXPECT_EQ((*entries)[0].unix_mode, 0755u);
    EXPECT_EQ((*entries)[1].name, "empty");
    EXPECT_EQ((*entries)[1].data, "");
    EXPECT_EQ((*entries)[2].name, "hello.txt");
    EXPECT_EQ((*entries)[2].data, Compressible(10000));
    EXPECT_EQ((*entries)[2].unix_mode, 0644u);
  }
}

TEST_F(ZipTest, ExtractWritesFilesWithModesAndParents) {
  auto zip = BuildZip(SampleEntries());
  ASSERT_TRUE(zip.ok());
  const fs::path out = dir_ / "deep" / "out";
  auto status = ExtractZip(*zip, out);
  ASSERT_TRUE(status.ok()) << status.error().message;
  for (const ZipEntry& entry : SampleEntries()) {
    auto data = ReadFile(out / entry.name);
    ASSERT_TRUE(data.ok()) << entry.name;
    EXPECT_EQ(*data, entry.data);
    EXPECT_EQ(static_cast<uint32_t>(fs::status(out / entry.name).permissions()), entry.unix_mode)
        << entry.name;
  }
}

TEST_F(ZipTest, GarbageAndTruncatedInputAreErrors) {
  for (const std::string& bad : {std::string(), std::string("PK"), std::string(100, 'x'),
                                 RandomBytes(70000, 9)}) {
    auto entries = ReadZip(bad);
    ASSERT_FALSE(entries.ok());
    EXPECT_EQ(entries.error().code, "InvalidZip");
    EXPECT_THAT(entries.error().message, HasSubstr("not a zip archive"));
  }
  auto zip = BuildZip(SampleEntries());
  ASSERT_TRUE(zip.ok());
  for (size_t length = 0; length < zip->size(); ++length) {
    auto entries = ReadZip(std::string_view(*zip).substr(0, length));
    EXPECT_FALSE(entries.ok()) << "truncated to " << length;
  }
  // Cut from the front: offsets no longer point at headers.
  auto shifted = ReadZip(std::string_view(*zip).substr(10));
  ASSERT_FALSE(shifted.ok());
}

TEST_F(ZipTest, CorruptDataIsACrcOrDeflateError) {
  auto zip = BuildZip({{"stored.bin", RandomBytes(100, 5), 0644}});
  ASSERT_TRUE(zip.ok());
  std::string bad = *zip;
  bad[30 + 10 + 50] ^= 0x01;  // a payload byte
  auto entries = ReadZip(bad);
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().code, "InvalidZip");
  EXPECT_THAT(entries.error().message, HasSubstr("entry stored.bin: CRC mismatch"));

  auto deflated = BuildZip({{"text", Compressible(5000), 0644}});
  ASSERT_TRUE(deflated.ok());
  std::string bad_deflate = *deflated;
  bad_deflate[30 + 4 + 20] ^= 0x55;
  auto inflated = ReadZip(bad_deflate);
  ASSERT_FALSE(inflated.ok());
  EXPECT_THAT(inflated.error().message, HasSubstr("entry text"));
}

// Replaces every occurrence of `from` with the same-length `to` (names sit in
// both the local and the central header; the CRC does not cover them).
std::string Rename(std::string bytes, const std::string& from, const std::string& to) {
  EXPECT_EQ(from.size(), to.size());
  for (size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 1)) {
    bytes.replace(at, from.size(), to);
  }
  return bytes;
}

TEST_F(ZipTest, RefusesTraversalAndAbsoluteNamesAndWritesNothing) {
  auto zip = BuildZip({{"aa/evil", "boom", 0644}, {"etc/x", "boom", 0644}}, {.compress = false});
  ASSERT_TRUE(zip.ok());
  for (const auto& [from, to, why] : {std::tuple{"aa/evil", "../evil", "'..'"},
                                      std::tuple{"etc/x", "/tmpx", "absolute"},
                                      std::tuple{"aa/evil", "a/../..", "'..'"}}) {
    std::string hostile = Rename(*zip, from, to);
    auto entries = ReadZip(hostile);
    ASSERT_FALSE(entries.ok()) << to;
    EXPECT_THAT(entries.error().message, HasSubstr("unsafe path")) << to;
    EXPECT_THAT(entries.error().message, HasSubstr(why)) << to;

    const fs::path out = dir_ / "extract";
    EXPECT_FALSE(ExtractZip(hostile, out).ok());
    EXPECT_FALSE(fs::exists(out)) << "nothing may be written for a refused archive";
    EXPECT_FALSE(fs::exists(dir_ / "evil"));
  }
}

TEST_F(ZipTest, UnsupportedFeaturesAreNamed) {
  auto zip = BuildZip({{"file", "data", 0644}}, {.compress = false});
  ASSERT_TRUE(zip.ok());
  const size_t central = 30 + 4 + 4;

  std::string encrypted = *zip;
  encrypted[central + 8] |= 0x01;
  auto e = ReadZip(encrypted);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "Unsupported");
  EXPECT_THAT(e.error().message, HasSubstr("encrypted"));

  std::string method = *zip;
  method[central + 10] = 12;  // bzip2
  auto m = ReadZip(method);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.error().message, HasSubstr("compression method 12"));

  std::string symlink = *zip;
  symlink[central + 41] = static_cast<char>(0xa1);  // 0120644 >> 8 = 0xa1
  auto s = ReadZip(symlink);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("symbolic link"));
}

TEST_F(ZipTest, MutatedArchivesNeverCrash) {
  auto zip = BuildZip({{"bootstrap", RandomBytes(600, 11), 0755},
                       {"lib/a.txt", Compressible(3000), 0644},
                       {"lib/b.txt", Compressible(200), 0600}});
  ASSERT_TRUE(zip.ok());
  std::mt19937 rng(1234);
  int accepted = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = *zip;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      size_t at = rng() % mutated.size();
      // Bias towards the headers, where the interesting fields are.
      if (rng() % 2 == 0) at = mutated.size() - 1 - (rng() % std::min<size_t>(mutated.size(), 200));
      mutated[at] = static_cast<char>(rng() & 0xff);
    }
    if (rng() % 8 == 0) mutated.resize(rng() % mutated.size());
    auto entries = ReadZip(mutated);
    if (entries.ok()) {
      ++accepted;
      for (const ZipEntry& entry : *entries) EXPECT_LE(entry.data.size(), 100000u);
    } else {
      EXPECT_FALSE(entries.error().message.empty());
    }
  }
  // Flipping e.g. a version byte is harmless; most mutations must be caught.
  EXPECT_LT(accepted, 2000);
}

}  // namespace
}  // namespace sparta::util
