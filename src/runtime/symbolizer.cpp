#include "runtime/symbolizer.hpp"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "sparta/runtime/handler.hpp"

namespace sparta::runtime::internal {

bool ElfSymbols::Open(const char* path) {
  Reset();
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Elf64_Ehdr))) {
    ::close(fd);
    return false;
  }
  size_t size = static_cast<size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return false;
  map_ = static_cast<const unsigned char*>(map);
  size_ = size;

  const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(map_);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr unsigned char kData = ELFDATA2LSB;
#else
  constexpr unsigned char kData = ELFDATA2MSB;
#endif
  if (std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      eh->e_ident[EI_DATA] != kData || eh->e_shentsize != sizeof(Elf64_Shdr) ||
      eh->e_shoff > size_ || eh->e_shnum > (size_ - eh->e_shoff) / sizeof(Elf64_Shdr)) {
    Reset();
    return false;
  }
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(map_ + eh->e_shoff);
  auto in_file = [&](const Elf64_Shdr& s) {
    return s.sh_offset <= size_ && s.sh_size <= size_ - s.sh_offset;
  };
  // Prefer the full .symtab; a stripped file may still have .dynsym.
  for (Elf64_Word wanted :
       {static_cast<Elf64_Word>(SHT_SYMTAB), static_cast<Elf64_Word>(SHT_DYNSYM)}) {
    for (unsigned i = 0; i < eh->e_shnum; ++i) {
      const Elf64_Shdr& s = sections[i];
      if (s.sh_type != wanted || s.sh_entsize != sizeof(Elf64_Sym) || !in_file(s) ||
          s.sh_link >= eh->e_shnum || !in_file(sections[s.sh_link])) {
        continue;
      }
      symbols_ = map_ + s.sh_offset;
      symbol_count_ = s.sh_size / sizeof(Elf64_Sym);
      strings_ = reinterpret_cast<const char*>(map_ + sections[s.sh_link].sh_offset);
      strings_size_ = sections[s.sh_link].sh_size;
      return true;
    }
  }
  return true;  // readable, but no symbols (stripped)
}

void ElfSymbols::Reset() {
  if (map_ != nullptr) ::munmap(const_cast<unsigned char*>(map_), size_);
  map_ = nullptr;
  size_ = 0;
  symbols_ = nullptr;
  symbol_count_ = 0;
  strings_ = nullptr;
  strings_size_ = 0;
}

bool ElfSymbols::Lookup(uint64_t vaddr, Symbol* out) const {
  const auto* syms = static_cast<const Elf64_Sym*>(symbols_);
  for (size_t i = 0; i < symbol_count_; ++i) {
    const Elf64_Sym& s = syms[i];
    unsigned type = ELF64_ST_TYPE(s.st_info);
    if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s.st_shndx == SHN_UNDEF) continue;
    if (vaddr < s.st_value || vaddr - s.st_value >= (s.st_size > 0 ? s.st_size : 1)) continue;
    if (s.st_name >= strings_size_ ||
        std::memchr(strings_ + s.st_name, '\0', strings_size_ - s.st_name) == nullptr) {
      continue;
    }
    out->name = strings_ + s.st_name;
    out->address = s.st_value;
    return true;
  }
  return false;
}

namespace {

struct ModuleSearch {
  uintptr_t address;
  bool first = true;
  bool found = false;
  Module* out;
};

int VisitModule(dl_phdr_info* info, size_t, void* data) {
  auto* search = static_cast<ModuleSearch*>(data);
  bool is_program = search->first;  // glibc lists the program first
  search->first = false;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (search->address < start || search->address - start >= ph.p_memsz) continue;
    search->out->bias = info->dlpi_addr;
    const char* name = info->dlpi_name != nullptr ? info->dlpi_name : "";
    if (is_program || name[0] == '\0') {
      search->out->path = "/proc/self/exe";
      search->out->display_name = program_invocation_short_name;
    } else {
      search->out->path = name;
      const char* slash = std::strrchr(name, '/');
      search->out->display_name = slash != nullptr ? slash + 1 : name;
    }
    search->found = true;
    return 1;
  }
  return 0;
}

std::string Hex(uint64_t value) {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return std::string(buf, static_cast<size_t>(n));
}

struct OpenModule {
  Module module;
  ElfSymbols symbols;
};

}  // namespace

bool FindModule(uintptr_t address, Module* out) {
  ModuleSearch search{address, true, false, out};
  ::dl_iterate_phdr(VisitModule, &search);
  return search.found;
}

std::vector<std::string> SymbolizeFrames(void* const* frames, int count) {
  std::vector<std::string> lines;
  lines.reserve(static_cast<size_t>(count > 0 ? count : 0));
  // Mappings are kept for later errors (the program's own file is the one
  // that matters; a dlclose'd library's stale entry only costs a mapping).
  static std::mutex mutex;
  static std::vector<std::unique_ptr<OpenModule>> modules;
  std::lock_guard<std::mutex> lock(mutex);
  for (int i = 0; i < count; ++i) {
    auto address = reinterpret_cast<uintptr_t>(frames[i]);
    // Built with append: GCC 12 warns falsely (-Wrestrict) on "#" + std::string.
    std::string line = "#";
    line += std::to_string(i);
    line += ' ';
    Module module;
    if (address == 0 || !FindModule(address - 1, &module)) {
      line += Hex(address);
      lines.push_back(std::move(line));
      continue;
    }
    OpenModule* open = nullptr;
    for (auto& m : modules) {
      if (m->module.path == module.path && m->module.bias == module.bias) open = m.get();
    }
    if (open == nullptr) {
      modules.push_back(std::make_unique<OpenModule>());
      open = modules.back().get();
      open->module = module;
      open->symbols.Open(module.path.c_str());
    }
    uint64_t vaddr = address - module.bias;
    ElfSymbols::Symbol symbol;
    // A return address may lie just past its function (a call to a noreturn
    // function such as __cxa_throw ends it): look up the call instruction.
    if (open->symbols.Lookup(vaddr - 1, &symbol)) {
      std::string_view name = symbol.name;
      line += name.starts_with("_Z") ? detail::DemangledName(symbol.name) : std::string(name);
      line += " +";
      line += Hex(vaddr - symbol.address);
    } else {
      line += module.display_name;
      line += '+';
      line += Hex(vaddr);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace sparta::runtime::internal
