// InspectElf: a small, defensive ELF64 reader. See elf_inspect.hpp.
//
// Only what the self-containment check needs is read, and only through the
// program headers (what the kernel and the dynamic loader use), so stripped
// binaries without section headers are handled too. Every read goes through
// Image, which checks the offset against the file size first.

#include "sparta/deploy/elf_inspect.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sparta/util/files.hpp"

namespace sparta::deploy {
namespace {

constexpr size_t kElfHeaderSize = 64;
constexpr size_t kProgramHeaderSize = 56;
constexpr size_t kDynamicEntrySize = 16;
constexpr size_t kVerneedSize = 16;
constexpr size_t kVernauxSize = 16;
// Real binaries have a handful of version needs; the caps bound the work a
// hostile file can cause.
constexpr size_t kMaxVerneed = 4096;
constexpr size_t kMaxVernaux = 4096;

constexpr uint16_t kTypeExec = 2;
constexpr uint16_t kTypeDyn = 3;
constexpr uint16_t kMachineX86_64 = 62;
constexpr uint16_t kMachineAarch64 = 183;

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtDynamic = 2;
constexpr uint32_t kPtInterp = 3;

constexpr uint64_t kDtNull = 0;
constexpr uint64_t kDtNeeded = 1;
constexpr uint64_t kDtStrtab = 5;
constexpr uint64_t kDtStrsz = 10;
constexpr uint64_t kDtVerneed = 0x6ffffffe;
constexpr uint64_t kDtVerneednum = 0x6fffffff;

// Bounds-checked little-endian view of the file.
class Image {
 public:
  Image(std::string_view bytes, std::string label) : bytes_(bytes), label_(std::move(label)) {}

  bool Has(uint64_t offset, uint64_t size) const {
    return offset <= bytes_.size() && size <= bytes_.size() - offset;
  }

  Result<uint64_t> Read(uint64_t offset, int width, const char* what) const {
    if (!Has(offset, static_cast<uint64_t>(width))) return Truncated(what);
    uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) {
      value = (value << 8) | static_cast<uint8_t>(bytes_[offset + static_cast<uint64_t>(i)]);
    }
    return value;
  }

  // The NUL-terminated string at `offset` inside [begin, begin + size).
  Result<std::string> CString(uint64_t begin, uint64_t size, uint64_t offset,
                              const char* what) const {
    if (!Has(begin, size) || offset >= size) return Truncated(what);
    std::string_view table = bytes_.substr(begin, size);
    size_t end = table.find('\0', offset);
    if (end == std::string_view::npos) return Corrupt(std::string(what) + " is not terminated");
    return std::string(table.substr(offset, end - offset));
  }

  Error Truncated(const std::string& what) const {
    return MakeError("InvalidElf", label_ + " is not a valid ELF file: " + what +
                                       " lies outside the file (truncated or corrupt)");
  }
  Error Corrupt(const std::string& what) const {
    return MakeError("InvalidElf", label_ + " is not a valid ELF file: " + what);
  }

 private:
  std::string_view bytes_;
  std::string label_;
};

struct Segment {
  uint64_t offset;
  uint64_t vaddr;
  uint64_t filesz;
};

// File offset of virtual address `vaddr` via the PT_LOAD segments, and how
// many bytes of that segment follow it in the file.
std::optional<std::pair<uint64_t, uint64_t>> VaddrToOffset(const std::vector<Segment>& loads,
                                                           uint64_t vaddr) {
  for (const Segment& s : loads) {
    if (vaddr >= s.vaddr && vaddr - s.vaddr < s.filesz) {
      uint64_t delta = vaddr - s.vaddr;
      return std::pair{s.offset + delta, s.filesz - delta};
    }
  }
  return std::nullopt;
}

// "2.34" -> {2, 34, 0}; nullopt for anything else (e.g. "PRIVATE").
std::optional<GlibcVersion> ParseGlibcVersion(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (count == 3) return std::nullopt;
    size_t digits = 0;
    int value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++digits > 6) return std::nullopt;
      value = value * 10 + (text[i] - '0');
      ++i;
    }
    if (digits == 0) return std::nullopt;
    parts[count++] = value;
    if (i < text.size()) {
      if (text[i] != '.' || i + 1 == text.size()) return std::nullopt;
      ++i;
    }
  }
  if (count < 2) return std::nullopt;
  return GlibcVersion{parts[0], parts[1], parts[2]};
}

struct DynamicInfo {
  std::vector<uint64_t> needed_offsets;
  std::optional<uint64_t> strtab;
  std::optional<uint64_t> strsz;
  std::optional<uint64_t> verneed;
  std::optional<uint64_t> verneednum;
};

Result<DynamicInfo> ReadDynamic(const Image& image, const Segment& dynamic) {
  if (!image.Has(dynamic.offset, dynamic.filesz)) return image.Truncated("the dynamic section");
  DynamicInfo info;
  for (uint64_t at = dynamic.offset; dynamic.offset + dynamic.filesz - at >= kDynamicEntrySize;
       at += kDynamicEntrySize) {
    auto tag = image.Read(at, 8, "a dynamic entry");
    auto value = image.Read(at + 8, 8, "a dynamic entry");
    if (!tag) return tag.error();
    if (!value) return value.error();
    if (*tag == kDtNull) break;
    if (*tag == kDtNeeded) info.needed_offsets.push_back(*value);
    if (*tag == kDtStrtab) info.strtab = *value;
    if (*tag == kDtStrsz) info.strsz = *value;
    if (*tag == kDtVerneed) info.verneed = *value;
    if (*tag == kDtVerneednum) info.verneednum = *value;
  }
  return info;
}

// Walks the Elf64_Verneed chain and records every GLIBC_* need in `info`.
Status ReadVersionNeeds(const Image& image, uint64_t start, std::optional<uint64_t> count,
                        uint64_t strtab, uint64_t strsz, ElfInfo& info) {
  uint64_t at = start;
  const uint64_t limit = count ? std::min<uint64_t>(*count, kMaxVerneed) : kMaxVerneed;
  for (uint64_t i = 0; i < limit; ++i) {
    if (!image.Has(at, kVerneedSize)) return image.Truncated("a version need record");
    auto aux_count = image.Read(at + 2, 2, "a version need record");
    auto aux_offset = image.Read(at + 8, 4, "a version need record");
    auto next = image.Read(at + 12, 4, "a version need record");
    if (!aux_count || !aux_offset || !next) return image.Truncated("a version need record");

    uint64_t aux = at + *aux_offset;
    for (uint64_t j = 0; j < std::min<uint64_t>(*aux_count, kMaxVernaux); ++j) {
      if (!image.Has(aux, kVernauxSize)) return image.Truncated("a version need entry");
      auto name_offset = image.Read(aux + 8, 4, "a version need entry");
      auto aux_next = image.Read(aux + 12, 4, "a version need entry");
      if (!name_offset || !aux_next) return image.Truncated("a version need entry");
      auto name = image.CString(strtab, strsz, *name_offset, "a version name");
      if (!name) return name.error();
      constexpr std::string_view kPrefix = "GLIBC_";
      if (name->starts_with(kPrefix)) {
        if (auto version = ParseGlibcVersion(std::string_view(*name).substr(kPrefix.size()))) {
          if (!info.max_glibc || *version > *info.max_glibc) info.max_glibc = *version;
        } else if (std::find(info.other_glibc_needs.begin(), info.other_glibc_needs.end(),
                             *name) == info.other_glibc_needs.end()) {
          info.other_glibc_needs.push_back(*name);
        }
      }
      if (*aux_next == 0) break;
      aux += *aux_next;
    }
    if (*next == 0) break;
    at += *next;
  }
  return {};
}

}  // namespace

std::string_view ArchitectureName(CpuArchitecture architecture) {
  return architecture == CpuArchitecture::kArm64 ? "arm64" : "x86_64";
}

std::string GlibcVersion::ToString() const {
  // Appended piecewise: `"." + std::to_string(...)` trips GCC 12's -Wrestrict.
  std::string out = std::to_string(major);
  out += '.';
  out += std::to_string(minor);
  if (patch != 0) {
    out += '.';
    out += std::to_string(patch);
  }
  return out;
}

Result<ElfInfo> InspectElf(const std::filesystem::path& path) {
  auto bytes = util::ReadFile(path);
  if (!bytes) return bytes.error();
  return InspectElfImage(*bytes, path);
}

Result<ElfInfo> InspectElfImage(std::string_view bytes, const std::filesystem::path& path) {
  const std::string label = path.string();
  if (bytes.size() < 4 || bytes.substr(0, 4) != "\x7f" "ELF") {
    return MakeError("NotElf", label + " is not an ELF executable (no ELF magic number); the "
                                       "bootstrap must be a program compiled for Linux");
  }
  Image image(bytes, label);
  if (bytes.size() < kElfHeaderSize) return image.Truncated("the ELF header");
  if (bytes[4] != 2) {
    return MakeError("Unsupported", label + " is a 32-bit ELF file; Lambda runs 64-bit x86_64 "
                                            "or arm64 programs");
  }
  if (bytes[5] != 1) {
    return MakeError("Unsupported", label + " is a big-endian ELF file; Lambda's x86_64 and "
                                            "arm64 are little-endian");
  }

  ElfInfo info;
  info.path = path;
  auto type = image.Read(16, 2, "the ELF header");
  auto machine = image.Read(18, 2, "the ELF header");
  auto phoff = image.Read(32, 8, "the ELF header");
  auto phentsize = image.Read(54, 2, "the ELF header");
  auto phnum = image.Read(56, 2, "the ELF header");
  if (!type || !machine || !phoff || !phentsize || !phnum) return image.Truncated("the ELF header");
  info.type = *type == kTypeExec  ? ElfType::kExecutable
              : *type == kTypeDyn ? ElfType::kSharedObject
                                  : ElfType::kOther;
  info.machine = static_cast<uint16_t>(*machine);
  if (info.machine == kMachineX86_64) info.architecture = CpuArchitecture::kX86_64;
  if (info.machine == kMachineAarch64) info.architecture = CpuArchitecture::kArm64;

  if (*phnum > 0 && *phentsize < kProgramHeaderSize) {
    return image.Corrupt("program header entries are " + std::to_string(*phentsize) +
                         " bytes, fewer than ELF64's 56");
  }
  if (!image.Has(*phoff, *phnum * *phentsize)) return image.Truncated("the program header table");

  std::vector<Segment> loads;
  std::optional<Segment> dynamic;
  for (uint64_t i = 0; i < *phnum; ++i) {
    const uint64_t at = *phoff + i * *phentsize;
    auto p_type = image.Read(at, 4, "a program header");
    auto offset = image.Read(at + 8, 8, "a program header");
    auto vaddr = image.Read(at + 16, 8, "a program header");
    auto filesz = image.Read(at + 32, 8, "a program header");
    if (!p_type || !offset || !vaddr || !filesz) return image.Truncated("a program header");
    const Segment segment{*offset, *vaddr, *filesz};
    if (*p_type == kPtLoad) loads.push_back(segment);
    if (*p_type == kPtDynamic) dynamic = segment;
    if (*p_type == kPtInterp) {
      if (!image.Has(segment.offset, segment.filesz)) return image.Truncated("the interpreter path");
      std::string_view text = bytes.substr(segment.offset, segment.filesz);
      info.interpreter = std::string(text.substr(0, text.find('\0')));
      if (info.interpreter.empty()) return image.Corrupt("the interpreter path is empty");
    }
  }

  if (dynamic) {
    auto dyn = ReadDynamic(image, *dynamic);
    if (!dyn) return dyn.error();
    const bool needs_strings = !dyn->needed_offsets.empty() || dyn->verneed.has_value();
    std::optional<std::pair<uint64_t, uint64_t>> strtab;
    if (needs_strings) {
      if (!dyn->strtab) return image.Corrupt("the dynamic section has no string table");
      strtab = VaddrToOffset(loads, *dyn->strtab);
      if (!strtab) return image.Truncated("the dynamic string table");
      // DT_STRSZ may only shrink the table to less than the rest of its segment.
      if (dyn->strsz && *dyn->strsz < strtab->second) strtab->second = *dyn->strsz;
    }
    for (uint64_t offset : dyn->needed_offsets) {
      auto name = image.CString(strtab->first, strtab->second, offset, "a needed library name");
      if (!name) return name.error();
      info.needed.push_back(std::move(name).value());
    }
    if (dyn->verneed) {
      auto verneed = VaddrToOffset(loads, *dyn->verneed);
      if (!verneed) return image.Truncated("the version need table");
      auto status = ReadVersionNeeds(image, verneed->first, dyn->verneednum, strtab->first,
                                     strtab->second, info);
      if (!status) return status.error();
    }
  }
  info.is_static = info.interpreter.empty() && info.needed.empty();
  return info;
}

}  // namespace sparta::deploy
