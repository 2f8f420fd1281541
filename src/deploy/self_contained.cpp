// CheckSelfContained: does an inspected bootstrap start on Lambda's
// provided.al2023 (glibc 2.34) and provided.al2 (glibc 2.26) runtimes?

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/deploy/elf_inspect.hpp"

namespace sparta::deploy {
namespace {

constexpr GlibcVersion kAmazonLinux2Glibc{2, 26, 0};
constexpr GlibcVersion kAmazonLinux2023Glibc{2, 34, 0};
constexpr std::string_view kLinkStatically =
    "link it statically (SPARTA_STATIC_BOOTSTRAP=ON, the default)";

// glibc's own libraries, present on every Lambda OS image.
constexpr std::array<std::string_view, 5> kGlibcSonames = {
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1"};

bool IsGlibcSoname(std::string_view soname) {
  if (std::find(kGlibcSonames.begin(), kGlibcSonames.end(), soname) != kGlibcSonames.end()) {
    return true;
  }
  return soname.starts_with("ld-linux-") && soname.find(".so.") != std::string_view::npos;
}

// The loader path each psABI fixes, and so the one Lambda's images have.
std::string_view StandardLoader(CpuArchitecture architecture) {
  return architecture == CpuArchitecture::kArm64 ? "/lib/ld-linux-aarch64.so.1"
                                                 : "/lib64/ld-linux-x86-64.so.2";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

Status CheckSelfContained(const ElfInfo& info, CpuArchitecture expected) {
  const std::string expected_name(ArchitectureName(expected));
  if (!info.architecture) {
    return MakeError("WrongArchitecture",
                     "bootstrap is built for ELF machine " + std::to_string(info.machine) +
                         ", which Lambda does not run: build it for " + expected_name);
  }
  if (*info.architecture != expected) {
    const std::string actual_name(ArchitectureName(*info.architecture));
    return MakeError("WrongArchitecture",
                     "bootstrap is built for " + actual_name + " but the function is declared " +
                         expected_name + ": build the bootstrap for " + expected_name +
                         " (a cross toolchain) or declare the function " + actual_name);
  }

  std::vector<std::string> problems;
  if (info.type == ElfType::kOther) {
    problems.push_back("bootstrap is not a program (an object file or core dump?): link an "
                       "executable");
  }
  if (!info.is_static) {
    if (info.interpreter.empty()) {
      problems.push_back("bootstrap is a shared library (it has dependencies but no program "
                         "interpreter): link an executable");
    } else if (info.interpreter != StandardLoader(expected)) {
      problems.push_back("bootstrap asks for the dynamic loader " + info.interpreter +
                         ", which Lambda does not have (it has " +
                         std::string(StandardLoader(expected)) + "): " +
                         std::string(kLinkStatically));
    }

    std::vector<std::string> foreign;
    for (const std::string& soname : info.needed) {
      if (!IsGlibcSoname(soname)) foreign.push_back(soname);
    }
    if (!foreign.empty()) {
      problems.push_back("bootstrap needs " + JoinNames(foreign) +
                         ", which Lambda's provided.al2023 runtime does not have: " +
                         std::string(kLinkStatically) + " or drop the dependency");
    }

    if (info.max_glibc && *info.max_glibc > kAmazonLinux2Glibc) {
      std::string problem = "bootstrap needs GLIBC_" + info.max_glibc->ToString() +
                            " but Amazon Linux 2 provides " + kAmazonLinux2Glibc.ToString();
      if (*info.max_glibc > kAmazonLinux2023Glibc) {
        problem += " and Amazon Linux 2023 " + kAmazonLinux2023Glibc.ToString();
      }
      problems.push_back(problem + ": " + std::string(kLinkStatically));
    }
    for (const std::string& need : info.other_glibc_needs) {
      if (need == "GLIBC_PRIVATE") {
        problems.push_back("bootstrap needs GLIBC_PRIVATE symbols, which only the exact glibc it "
                           "was linked against provides: " + std::string(kLinkStatically));
      } else {
        problems.push_back("bootstrap needs " + need + ", which Amazon Linux 2's glibc " +
                           kAmazonLinux2Glibc.ToString() + " does not provide: " +
                           std::string(kLinkStatically));
      }
    }
  }

  if (problems.empty()) return {};
  std::string message = problems.front();
  for (size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
  return MakeError("NotSelfContained", message);
}

}  // namespace sparta::deploy
