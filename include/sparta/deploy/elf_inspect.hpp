#pragma once
// ELF inspection of a Lambda bootstrap: will it start on Lambda's OS images?
//
// Lambda's provided.al2023 runtime has glibc 2.34 and provided.al2 has glibc
// 2.26, and neither promises any other shared library. A bootstrap therefore
// runs on both when it is fully static, or when it is dynamic but needs only
// glibc's own libraries at symbol versions <= GLIBC_2.26. This reads the ELF
// file itself (program headers, dynamic section, version needs) rather than
// running `ldd`, so it also works for a binary built for another CPU.

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::deploy {

/// The CPUs Lambda runs. Mirrors sparta::Architecture (service/function.hpp)
/// so that the packaging code does not pull in the service model's headers
/// (and through them Boost.JSON and the runtime's handler types).
enum class CpuArchitecture { kX86_64, kArm64 };

/// "x86_64" or "arm64", the names Lambda uses.
std::string_view ArchitectureName(CpuArchitecture architecture);

/// A numeric glibc symbol version such as GLIBC_2.2.5 = {2, 2, 5}.
struct GlibcVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  auto operator<=>(const GlibcVersion&) const = default;
  /// "2.34", or "2.2.5" when there is a patch level.
  std::string ToString() const;
};

enum class ElfType {
  kExecutable,    // ET_EXEC: a classic fixed-address program
  kSharedObject,  // ET_DYN: a position-independent program or a library
  kOther,         // relocatable object, core dump, ...
};

/// What InspectElf found. Plain data; copyable.
struct ElfInfo {
  std::filesystem::path path;  // as given, for messages
  uint16_t machine = 0;        // raw e_machine (62 = x86_64, 183 = aarch64)
  /// Set when `machine` is one Lambda runs.
  std::optional<CpuArchitecture> architecture;
  ElfType type = ElfType::kOther;
  /// The dynamic loader from PT_INTERP, empty when there is none.
  std::string interpreter;
  /// DT_NEEDED sonames in file order.
  std::vector<std::string> needed;
  /// No PT_INTERP and no DT_NEEDED: nothing is loaded at start-up.
  bool is_static = false;
  /// The highest GLIBC_x.y[.z] symbol version any needed library must provide.
  std::optional<GlibcVersion> max_glibc;
  /// Non-numeric glibc version needs, e.g. "GLIBC_PRIVATE", "GLIBC_ABI_DT_RELR".
  std::vector<std::string> other_glibc_needs;
};

/// Reads and parses the ELF64 little-endian file at `path`. Every offset is
/// bounds-checked: a truncated or corrupt file is an "InvalidElf" error, a
/// non-ELF file is "NotElf", 32-bit or big-endian ELF is "Unsupported", an
/// unreadable file is "Io". Never crashes on hostile input.
Result<ElfInfo> InspectElf(const std::filesystem::path& path);

/// As InspectElf, for an image already in memory; `path` is only used in
/// messages and copied into ElfInfo::path.
Result<ElfInfo> InspectElfImage(std::string_view image, const std::filesystem::path& path);

/// OK when `info` describes a program that starts on Lambda's provided.al2023
/// and provided.al2 runtimes for `expected`. Otherwise the error (code
/// "WrongArchitecture" or "NotSelfContained") lists every problem found and
/// how to fix it, e.g. "bootstrap needs GLIBC_2.34 but Amazon Linux 2 provides
/// 2.26: link it statically (SPARTA_STATIC_BOOTSTRAP=ON, the default)".
Status CheckSelfContained(const ElfInfo& info, CpuArchitecture expected);

}  // namespace sparta::deploy
