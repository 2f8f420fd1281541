#pragma once
// Test helpers: small C programs compiled at test time with the system `cc`,
// so the ELF checks run against real linker output rather than fixtures.

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "sparta/deploy/elf_inspect.hpp"

namespace sparta::deploy::test_programs {

inline constexpr CpuArchitecture kHostArchitecture =
#if defined(__aarch64__)
    CpuArchitecture::kArm64;
#else
    CpuArchitecture::kX86_64;
#endif

inline constexpr CpuArchitecture kOtherArchitecture =
    kHostArchitecture == CpuArchitecture::kX86_64 ? CpuArchitecture::kArm64
                                                  : CpuArchitecture::kX86_64;

// Runs `command` through the shell, capturing stdout and stderr in `output`.
inline int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output->append(buffer, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Compiled {
  std::filesystem::path path;  // empty when compiling failed
  std::string log;             // the compiler's output, to explain a skip
};

// Writes `source` to dir/name.c and runs `cc <flags> -o dir/name dir/name.c <libs>`.
inline Compiled CompileC(const std::filesystem::path& dir, const std::string& name,
                         const std::string& source, const std::string& flags,
                         const std::string& libs = "") {
  Compiled result;
  std::string ignored;
  if (RunCommand("command -v cc", &ignored) != 0) {
    result.log = "no C compiler (cc) on PATH";
    return result;
  }
  const std::filesystem::path c_file = dir / (name + ".c");
  std::ofstream(c_file) << source;
  const std::filesystem::path out = dir / name;
  if (RunCommand("cc " + flags + " -o " + out.string() + " " + c_file.string() + " " + libs,
                 &result.log) == 0) {
    result.path = out;
  }
  return result;
}

inline constexpr char kHelloSource[] =
    "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";

// A program that avoids glibc's start files, so it needs only symbols from
// glibc's oldest version sets (as a dynamic binary built on an old distro would).
inline constexpr char kOldGlibcSource[] =
    "#include <unistd.h>\n"
    "void _start(void) { write(1, \"hi\\n\", 3); _exit(0); }\n";

// Needs libz.so.1, a library Lambda's images do not promise.
inline constexpr char kZlibSource[] =
    "const char* zlibVersion(void);\n"
    "int main(void) { return zlibVersion()[0] == 0; }\n";

}  // namespace sparta::deploy::test_programs
