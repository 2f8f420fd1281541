// ELF symbolization and throw-site capture.
#include "runtime/symbolizer.hpp"

#include <execinfo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "runtime/throw_trace.hpp"

extern "C" __attribute__((noinline)) int sparta_symbolizer_probe(int x) {
  asm volatile("");
  return x * 3 + 1;
}

namespace sparta_symbolizer_test {
__attribute__((noinline)) int CaptureHere(void** frames, int max) {
  int n = ::backtrace(frames, max);
  asm volatile("");  // keep the frame (no tail call)
  return n;
}
__attribute__((noinline)) void Thrower() { throw std::out_of_range("index 9 of 3"); }
}  // namespace sparta_symbolizer_test

namespace sparta::runtime::internal {
namespace {

TEST(ElfSymbols, FindsFunctionsOfThisProgram) {
  auto address = reinterpret_cast<uintptr_t>(&sparta_symbolizer_probe);
  Module module;
  ASSERT_TRUE(FindModule(address, &module));
  EXPECT_EQ(module.path, "/proc/self/exe");
  ElfSymbols symbols;
  ASSERT_TRUE(symbols.Open(module.path.c_str()));
  ASSERT_TRUE(symbols.has_symbols()) << "tests are not stripped";
  ElfSymbols::Symbol symbol;
  ASSERT_TRUE(symbols.Lookup(address - module.bias + 1, &symbol));
  EXPECT_STREQ(symbol.name, "sparta_symbolizer_probe");
  EXPECT_EQ(symbol.address, address - module.bias);
}

TEST(ElfSymbols, RejectsFilesThatAreNotElf) {
  char path[] = "/tmp/sparta_not_elf_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  const char text[] = "this is not an ELF file, just some text long enough to have a header";
  ASSERT_EQ(::write(fd, text, sizeof text), static_cast<ssize_t>(sizeof text));
  ::close(fd);
  ElfSymbols symbols;
  EXPECT_FALSE(symbols.Open(path));
  EXPECT_FALSE(symbols.Open("/nonexistent/file"));
  ::unlink(path);
  ElfSymbols::Symbol symbol;
  EXPECT_FALSE(symbols.Lookup(0x1000, &symbol));
}

TEST(Symbolizer, FormatsFramesWithDemangledNamesAndOffsets) {
  void* frames[16];
  int n = sparta_symbolizer_test::CaptureHere(frames, 16);
  ASSERT_GE(n, 2);
  auto lines = SymbolizeFrames(frames, n);
  ASSERT_EQ(lines.size(), static_cast<size_t>(n));
  // frames[0] is CaptureHere, or a sanitizer's backtrace interceptor before it.
  size_t at = lines[0].find("CaptureHere") != std::string::npos ? 0 : 1;
  // (Strings appended, not added: GCC 12 warns falsely on "#" + std::string.)
  std::string expected = "#";
  expected += std::to_string(at);
  expected += " sparta_symbolizer_test::CaptureHere(void**, int) +0x";
  EXPECT_EQ(lines[at].rfind(expected, 0), 0u) << lines[at];
  std::string next = "#";
  next += std::to_string(at + 1);
  next += ' ';
  EXPECT_EQ(lines[at + 1].rfind(next, 0), 0u) << lines[at + 1];
  EXPECT_NE(lines[at + 1].find("FormatsFramesWithDemangledNamesAndOffsets"), std::string::npos)
      << lines[at + 1];
}

TEST(Symbolizer, FallsBackToAddressesOutsideAnyModule) {
  void* frames[] = {nullptr, reinterpret_cast<void*>(0x10)};
  auto lines = SymbolizeFrames(frames, 2);
  EXPECT_EQ(lines, (std::vector<std::string>{"#0 0x0", "#1 0x10"}));
}

TEST(ThrowTrace, RecordsTheThrowSiteForTheThrownObject) {
  bool caught = false;
  try {
    sparta_symbolizer_test::Thrower();
  } catch (const std::exception& e) {
    caught = true;
    ThrowTrace trace;
    ASSERT_TRUE(FindThrowTrace(dynamic_cast<const void*>(&e), &typeid(e), &trace))
        << "runtime_test links with --wrap=__cxa_throw";
    ASSERT_GT(trace.count, 1);
    auto lines = SymbolizeFrames(trace.frames, trace.count);
    EXPECT_NE(lines[0].find("sparta_symbolizer_test::Thrower()"), std::string::npos) << lines[0];
    int unrelated = 0;
    EXPECT_FALSE(FindThrowTrace(&unrelated, nullptr, &trace));
  }
  EXPECT_TRUE(caught) << "Thrower returned without throwing";
}

}  // namespace
}  // namespace sparta::runtime::internal
