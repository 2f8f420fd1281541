#pragma once
// Turning return addresses into the frames Lambda users read in stackTrace.
//
// The bootstrap is a static, possibly stripped binary: backtrace_symbols()
// knows no names there. So names come from the ELF symbol table (.symtab,
// else .dynsym) of the file each address belongs to (/proc/self/exe for the
// program itself), found with dl_iterate_phdr, which also gives the load
// bias for PIE and shared objects. Nothing here runs before an error.

#include <cstdint>
#include <string>
#include <vector>

namespace sparta::runtime::internal {

/// A read-only mapping of an ELF file's function symbols. Uses only open,
/// fstat, mmap, munmap and close, and never allocates, so the crash handler
/// may use it as well. Not thread-safe; movable, not copyable.
class ElfSymbols {
 public:
  struct Symbol {
    const char* name = nullptr;  // NUL-terminated, inside the mapping; raw (mangled)
    uint64_t address = 0;        // file virtual address of the function's start
  };

  ElfSymbols() = default;
  ~ElfSymbols() { Reset(); }
  ElfSymbols(const ElfSymbols&) = delete;
  ElfSymbols& operator=(const ElfSymbols&) = delete;

  /// Maps `path`. Returns false (and holds nothing) when it cannot be read or
  /// is not a 64-bit ELF file of this machine's byte order. A file without a
  /// symbol table opens fine; every Lookup then fails.
  bool Open(const char* path);
  void Reset();
  bool has_symbols() const { return symbol_count_ > 0; }

  /// Finds the function whose [start, start + size) holds the file virtual
  /// address `vaddr` (runtime address minus the module's load bias).
  bool Lookup(uint64_t vaddr, Symbol* out) const;

 private:
  const unsigned char* map_ = nullptr;
  size_t size_ = 0;
  const void* symbols_ = nullptr;  // Elf64_Sym[symbol_count_]
  size_t symbol_count_ = 0;
  const char* strings_ = nullptr;
  size_t strings_size_ = 0;
};

/// The loaded object holding an address.
struct Module {
  std::string path;          // file to read symbols from ("/proc/self/exe" for the program)
  std::string display_name;  // base name shown in unresolved frames
  uintptr_t bias = 0;        // runtime address = file virtual address + bias
};

/// Finds the module mapping `address`; false when none does.
bool FindModule(uintptr_t address, Module* out);

/// Formats return addresses (innermost first) as
///   "#<i> <demangled function> +0x<offset from its start>"
/// or, when no symbol covers the address (stripped binary),
///   "#<i> <module>+0x<file virtual address>"  (feed it to addr2line -e)
/// or "#<i> 0x<address>" outside any module. Thread-safe; keeps the files it
/// maps open for later calls.
std::vector<std::string> SymbolizeFrames(void* const* frames, int count);

}  // namespace sparta::runtime::internal
