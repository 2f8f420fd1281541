#pragma once
// Private to the zip writer and reader: the record layouts of PKWARE's
// APPNOTE that both sides need, little-endian byte helpers and the name rule.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparta::util::zip_internal {

inline constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
inline constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
inline constexpr uint32_t kEndOfCentralDirSignature = 0x06054b50;
inline constexpr size_t kLocalHeaderSize = 30;
inline constexpr size_t kCentralHeaderSize = 46;
inline constexpr size_t kEndOfCentralDirSize = 22;
inline constexpr size_t kMaxCommentSize = 0xffff;

inline constexpr uint16_t kMethodStored = 0;
inline constexpr uint16_t kMethodDeflate = 8;
inline constexpr uint16_t kFlagEncrypted = 1u << 0;
inline constexpr uint16_t kFlagMaximumCompression = 1u << 1;  // deflate options bits 1-2: 01
inline constexpr uint16_t kFlagUtf8 = 1u << 11;
inline constexpr uint16_t kHostUnix = 3;

// 0xffff / 0xffffffff in these fields mean "see the Zip64 record".
inline constexpr uint32_t kZip64Marker32 = 0xffffffff;
inline constexpr uint16_t kZip64Marker16 = 0xffff;

// DOS date 1980-01-01 (year 0 since 1980, month 1, day 1) and time 00:00:00.
inline constexpr uint16_t kDosDate = (0u << 9) | (1u << 5) | 1u;
inline constexpr uint16_t kDosTime = 0;

// Unix file type bits as stored in the high half of the external attributes.
inline constexpr uint32_t kTypeMask = 0170000;
inline constexpr uint32_t kTypeRegular = 0100000;
inline constexpr uint32_t kTypeDirectory = 0040000;

inline void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

inline void Put32(std::string& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

// REQUIRES: offset + 2 (or 4) <= bytes.size(); callers bounds-check first.
inline uint16_t Get16(std::string_view bytes, size_t offset) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[offset]) |
                               (static_cast<uint8_t>(bytes[offset + 1]) << 8));
}

inline uint32_t Get32(std::string_view bytes, size_t offset) {
  return static_cast<uint32_t>(Get16(bytes, offset)) |
         (static_cast<uint32_t>(Get16(bytes, offset + 2)) << 16);
}

// Returns why `name` is not a safe relative file path, or nullopt if it is.
// Safe: non-empty, '/'-separated, not absolute, every component non-empty and
// neither "." nor "..", no '\\' (a separator on Windows) and no NUL.
inline std::optional<std::string> UnsafeNameReason(std::string_view name) {
  if (name.empty()) return "the name is empty";
  if (name.front() == '/') return "absolute paths are not allowed";
  if (name.find('\\') != std::string_view::npos) return "'\\' is not allowed; use '/'";
  if (name.find('\0') != std::string_view::npos) return "NUL bytes are not allowed";
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return "'..' components are not allowed";
    if (part == ".") return "'.' components are not allowed";
    if (part.empty()) return "empty path components are not allowed";
    start = end + 1;
  }
  return std::nullopt;
}

// `name` made safe to print in an error message: control and non-ASCII bytes
// become \xNN, and very long names are cut.
inline std::string PrintableName(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  constexpr size_t kMaxShown = 200;
  std::string out;
  for (size_t i = 0; i < name.size() && i < kMaxShown; ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  if (name.size() > kMaxShown) out += "...";
  return out;
}

}  // namespace sparta::util::zip_internal
