// ReadZip and ExtractZip: the defensive reader. See include/sparta/util/zip.hpp.
//
// Everything is found from the end: the end-of-central-directory record gives
// the central directory, whose records give each entry's local header. Local
// headers are never scanned for, so data hidden between entries or before the
// archive cannot change what is read. Every offset and length is checked
// against the buffer before use.

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"
#include "util/zip_format.hpp"

namespace sparta::util {
namespace {
using namespace zip_internal;  // NOLINT: private record layouts

constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr size_t kZip64LocatorSize = 20;
// Deflate cannot expand data by more than about 1032:1; a larger declared
// size is a lie (or a bomb) and is refused before anything is allocated.
constexpr uint64_t kMaxDeflateRatio = 1032;
constexpr uint64_t kRatioSlack = 1024;

constexpr uint32_t kTypeSymlink = 0120000;
constexpr uint32_t kDosDirectoryAttribute = 0x10;

Error Invalid(std::string message) { return MakeError("InvalidZip", std::move(message)); }
Error Unsupported(std::string message) { return MakeError("Unsupported", std::move(message)); }

std::string Hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

struct EndRecord {
  uint16_t entry_count;
  uint32_t central_size;
  uint32_t central_offset;
};

struct CentralRecord {
  std::string_view name;
  uint16_t made_by;
  uint16_t flags;
  uint16_t method;
  uint32_t crc;
  uint32_t compressed_size;
  uint32_t size;
  uint32_t external_attributes;
  uint32_t local_offset;
};

Result<EndRecord> ReadEndRecord(std::string_view bytes) {
  if (bytes.size() < kEndOfCentralDirSize) {
    return Invalid("not a zip archive (only " + std::to_string(bytes.size()) +
                   " bytes, too short for an end of central directory record)");
  }
  // The record sits at the very end, followed only by a comment of up to 64 KiB.
  const size_t last = bytes.size() - kEndOfCentralDirSize;
  const size_t first = last - std::min(last, kMaxCommentSize);
  size_t pos = last + 1;
  for (size_t candidate = last + 1; candidate-- > first;) {
    if (Get32(bytes, candidate) == kEndOfCentralDirSignature &&
        candidate + kEndOfCentralDirSize + Get16(bytes, candidate + 20) <= bytes.size()) {
      pos = candidate;
      break;
    }
  }
  if (pos > last) return Invalid("not a zip archive (no end of central directory record)");

  if (pos >= kZip64LocatorSize && Get32(bytes, pos - kZip64LocatorSize) == kZip64LocatorSignature) {
    return Unsupported("Zip64 archives are not supported");
  }
  if (Get16(bytes, pos + 4) != 0 || Get16(bytes, pos + 6) != 0) {
    return Unsupported("split (multi-disk) zip archives are not supported");
  }
  EndRecord end{Get16(bytes, pos + 10), Get32(bytes, pos + 12), Get32(bytes, pos + 16)};
  if (end.entry_count == kZip64Marker16 || end.central_size == kZip64Marker32 ||
      end.central_offset == kZip64Marker32) {
    return Unsupported("Zip64 archives are not supported");
  }
  if (Get16(bytes, pos + 8) != end.entry_count) {
    return Invalid("corrupt zip archive: the end record's two entry counts differ");
  }
  if (uint64_t{end.central_offset} + end.central_size > pos) {
    return Invalid("corrupt or truncated zip archive: the central directory (offset " +
                   std::to_string(end.central_offset) + ", " + std::to_string(end.central_size) +
                   " bytes) does not fit before the end record at " + std::to_string(pos));
  }
  return end;
}

Result<std::vector<CentralRecord>> ReadCentralDirectory(std::string_view bytes,
                                                         const EndRecord& end) {
  std::string_view dir = bytes.substr(end.central_offset, end.central_size);
  std::vector<CentralRecord> records;
  records.reserve(end.entry_count);
  size_t offset = 0;
  for (size_t i = 0; i < end.entry_count; ++i) {
    const std::string where = "central directory record " + std::to_string(i + 1) + " of " +
                              std::to_string(end.entry_count);
    if (dir.size() - offset < kCentralHeaderSize) {
      return Invalid("corrupt or truncated zip archive: " + where + " is cut off");
    }
    if (Get32(dir, offset) != kCentralHeaderSignature) {
      return Invalid("corrupt zip archive: " + where + " has a bad signature");
    }
    const size_t name_size = Get16(dir, offset + 28);
    const size_t variable_size = name_size + Get16(dir, offset + 30) + Get16(dir, offset + 32);
    if (dir.size() - offset - kCentralHeaderSize < variable_size) {
      return Invalid("corrupt or truncated zip archive: " + where + " is cut off");
    }
    records.push_back(CentralRecord{
        dir.substr(offset + kCentralHeaderSize, name_size), Get16(dir, offset + 4),
        Get16(dir, offset + 8), Get16(dir, offset + 10), Get32(dir, offset + 16),
        Get32(dir, offset + 20), Get32(dir, offset + 24), Get32(dir, offset + 38),
        Get32(dir, offset + 42)});
    offset += kCentralHeaderSize + variable_size;
  }
  return records;
}

// Where an entry's payload lies, from its local header.
// REQUIRES: record.local_offset etc. not yet validated; all checked here.
Result<std::string_view> LocatePayload(std::string_view bytes, const EndRecord& end,
                                       const CentralRecord& record, const std::string& label) {
  // Local headers and payloads all precede the central directory.
  const std::string_view area = bytes.substr(0, end.central_offset);
  const uint64_t header = record.local_offset;
  if (header > area.size() || area.size() - header < kLocalHeaderSize ||
      Get32(area, header) != kLocalHeaderSignature) {
    return Invalid(label + ": no local header at offset " + std::to_string(header) +
                   " (corrupt or truncated archive)");
  }
  const size_t name_size = Get16(area, header + 26);
  const size_t extra_size = Get16(area, header + 28);
  const uint64_t data_start = header + kLocalHeaderSize + name_size + extra_size;
  if (data_start > area.size() || area.size() - data_start < record.compressed_size) {
    return Invalid(label + ": data runs past the end of the entries (truncated archive?)");
  }
  if (area.substr(header + kLocalHeaderSize, name_size) != record.name) {
    return Invalid(label + ": the local header names a different file than the central directory");
  }
  return area.substr(data_start, record.compressed_size);
}

Result<std::string> Inflate(std::string_view payload, uint32_t size, const std::string& label) {
  if (uint64_t{size} > uint64_t{payload.size()} * kMaxDeflateRatio + kRatioSlack) {
    return Invalid(label + ": declared size " + std::to_string(size) + " is impossible for " +
                   std::to_string(payload.size()) + " compressed bytes (corrupt archive)");
  }
  // One spare byte so that data longer than declared is noticed.
  std::string out(size_t{size} + 1, '\0');
  z_stream stream{};
  if (inflateInit2(&stream, -15) != Z_OK) return MakeError("Internal", "zlib inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(payload.data()));
  stream.avail_in = static_cast<uInt>(payload.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = Z_OK;
  do {
    rc = inflate(&stream, Z_NO_FLUSH);
  } while (rc == Z_OK && stream.avail_in > 0 && stream.avail_out > 0);
  const uint64_t produced = stream.total_out;
  const std::string zlib_message = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);

  if (rc == Z_STREAM_END) {
    if (produced != size) {
      return Invalid(label + ": inflates to " + std::to_string(produced) +
                     " bytes but the archive says " + std::to_string(size));
    }
    out.resize(size);
    return out;
  }
  if (rc == Z_OK || rc == Z_BUF_ERROR) {
    if (produced > size) {
      return Invalid(label + ": inflates to more than the " + std::to_string(size) +
                     " bytes the archive says");
    }
    return Invalid(label + ": compressed data ends early (truncated or corrupt archive)");
  }
  if (rc == Z_MEM_ERROR) return MakeError("Internal", label + ": out of memory while inflating");
  return Invalid(label + ": corrupt deflate data" +
                 (zlib_message.empty() ? std::string() : " (" + zlib_message + ")"));
}

// The entry's Unix mode: type bits and permissions, with a sensible default
// for archives made elsewhere. Directories get kTypeDirectory.
uint32_t UnixModeOf(const CentralRecord& record) {
  const bool slash = !record.name.empty() && record.name.back() == '/';
  if ((record.made_by >> 8) == kHostUnix) {
    uint32_t mode = record.external_attributes >> 16;
    if ((mode & kTypeMask) == 0 && slash) mode |= kTypeDirectory;
    if ((mode & kTypeMask) == 0) mode |= kTypeRegular;
    if ((mode & 07777) == 0) mode |= (mode & kTypeMask) == kTypeDirectory ? 0755 : 0644;
    return mode;
  }
  if (slash || (record.external_attributes & kDosDirectoryAttribute) != 0) {
    return kTypeDirectory | 0755;
  }
  return kTypeRegular | 0644;
}

struct Span {
  uint64_t begin;
  uint64_t end;
};

}  // namespace

Result<std::vector<ZipEntry>> ReadZip(std::string_view bytes) {
  auto end = ReadEndRecord(bytes);
  if (!end) return end.error();
  auto records = ReadCentralDirectory(bytes, *end);
  if (!records) return records.error();

  std::vector<ZipEntry> entries;
  std::set<std::string_view> seen;
  std::vector<Span> spans;
  for (const CentralRecord& record : *records) {
    const std::string label = "entry " + PrintableName(record.name);
    if ((record.flags & kFlagEncrypted) != 0) {
      return Unsupported(label + " is encrypted; encrypted archives are not supported");
    }
    if (record.compressed_size == kZip64Marker32 || record.size == kZip64Marker32 ||
        record.local_offset == kZip64Marker32) {
      return Unsupported(label + " needs Zip64, which is not supported");
    }
    const uint32_t mode = UnixModeOf(record);
    const bool is_directory = (mode & kTypeMask) == kTypeDirectory;
    std::string_view path = record.name;
    if (is_directory && !path.empty() && path.back() == '/') path.remove_suffix(1);
    if (auto reason = UnsafeNameReason(path)) {
      return Invalid(label + ": unsafe path (" + *reason +
                     "); refusing an archive that could write outside its directory");
    }
    if (!seen.insert(path).second) return Invalid(label + " appears twice in the archive");
    if (is_directory) continue;
    if ((mode & kTypeMask) == kTypeSymlink) {
      return Unsupported(label + " is a symbolic link; only regular files are supported");
    }
    if ((mode & kTypeMask) != kTypeRegular) {
      return Unsupported(label + " is not a regular file; only regular files are supported");
    }
    if (record.method != kMethodStored && record.method != kMethodDeflate) {
      return Unsupported(label + " uses compression method " + std::to_string(record.method) +
                         "; only stored (0) and deflate (8) are supported");
    }

    auto payload = LocatePayload(bytes, *end, record, label);
    if (!payload) return payload.error();
    const auto begin = static_cast<uint64_t>(record.local_offset);
    spans.push_back({begin, static_cast<uint64_t>(payload->data() - bytes.data()) + payload->size()});

    std::string data;
    if (record.method == kMethodStored) {
      if (record.compressed_size != record.size) {
        return Invalid(label + ": stored entry has " + std::to_string(record.compressed_size) +
                       " bytes but the archive says " + std::to_string(record.size));
      }
      data = *payload;
    } else {
      auto inflated = Inflate(*payload, record.size, label);
      if (!inflated) return inflated.error();
      data = std::move(inflated).value();
    }
    const auto actual_crc = static_cast<uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data.data()),
              static_cast<uInt>(data.size())));
    if (actual_crc != record.crc) {
      return Invalid(label + ": CRC mismatch (archive says " + Hex32(record.crc) + ", data gives " +
                     Hex32(actual_crc) + "); the archive is corrupt");
    }
    entries.push_back(ZipEntry{std::string(record.name), std::move(data), mode & 07777});
  }

  // Entries sharing bytes are the trick behind "overlapping" zip bombs.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].begin < spans[i - 1].end) {
      return Invalid("corrupt zip archive: two entries share the same bytes");
    }
  }
  return entries;
}

Status ExtractZip(std::string_view bytes, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  auto entries = ReadZip(bytes);
  if (!entries) return entries.error();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return MakeError("Io", "cannot create " + dir.string() + ": " + ec.message());

  for (const ZipEntry& entry : *entries) {
    const fs::path target = dir / fs::path(entry.name);
    // A symlink already inside `dir` could redirect a write outside it.
    fs::path walk = dir;
    for (const fs::path& part : fs::path(entry.name).parent_path()) {
      walk /= part;
      auto status = fs::symlink_status(walk, ec);
      if (!ec && fs::is_symlink(status)) {
        return MakeError("Io", "cannot extract " + entry.name + ": " + walk.string() +
                                   " is a symbolic link; extract into an empty directory");
      }
    }
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
      return MakeError("Io", "cannot create " + target.parent_path().string() + ": " + ec.message());
    }
    // Renaming over an existing file (even a symlink) replaces it, never writes through it.
    if (auto written = WriteFileAtomic(target, entry.data, fs::perms(entry.unix_mode & 0777));
        !written) {
      return written.error();
    }
  }
  return {};
}

}  // namespace sparta::util
