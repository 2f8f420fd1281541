#include "sparta/cfn/logical_id.hpp"

#include <cstdint>

namespace sparta::cfn {

namespace {
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
// Keeps room for a useful name and the hash whatever `kind` is passed.
constexpr std::size_t kMaxKindLength = 64;

char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

bool IsValidLogicalId(std::string_view id) {
  if (id.empty() || id.size() > kMaxLogicalIdLength) return false;
  for (char c : id) {
    if (!IsAsciiAlnum(c)) return false;
  }
  return true;
}

std::string StableHash8(std::string_view bytes) {
  // FNV-1a, 32 bits: tiny, well known, and fixed forever (see header).
  std::uint32_t h = 2166136261u;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[h & 0xfu];
    h >>= 4;
  }
  return out;
}

std::string LogicalId(std::string_view name, std::string_view kind) {
  std::string clean_kind;
  for (char c : kind) {
    if (IsAsciiAlnum(c) && clean_kind.size() < kMaxKindLength) clean_kind += c;
  }
  std::string base;
  base.reserve(name.size());
  bool lossy = false;
  bool upper_next = false;
  for (char c : name) {
    if (!IsAsciiAlnum(c)) {
      lossy = true;
      upper_next = !base.empty();
      continue;
    }
    base += upper_next ? AsciiUpper(c) : c;
    upper_next = false;
  }
  std::size_t room = kMaxLogicalIdLength - clean_kind.size();
  if (!lossy && base.size() <= room) return base + clean_kind;
  std::string hash = StableHash8(name);
  room -= hash.size();
  if (base.size() > room) base.resize(room);
  return base + hash + clean_kind;
}

}  // namespace sparta::cfn
