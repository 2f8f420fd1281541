// BuildZip: the reproducible writer. See include/sparta/util/zip.hpp.

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sparta/util/zip.hpp"
#include "util/zip_format.hpp"

namespace sparta::util {
namespace {
using namespace zip_internal;  // NOLINT: private record layouts

// Fixed so that the same input always deflates to the same bytes.
constexpr int kDeflateLevel = 9;
constexpr int kDeflateMemLevel = 8;
constexpr int kRawDeflateWindowBits = -15;  // negative: no zlib header/trailer
// Largest entry, offset or entry count that fits without Zip64.
constexpr uint64_t kMaxField32 = kZip64Marker32 - 1;
constexpr size_t kMaxEntries = kZip64Marker16 - 1;

struct PreparedEntry {
  const ZipEntry* entry = nullptr;
  uint16_t method = kMethodStored;
  uint32_t crc = 0;
  std::string deflated;     // owned compressed bytes when method is deflate
  std::string_view payload;  // what follows the local header: `deflated` or the data
  uint32_t compressed_size = 0;  // payload.size(), kept after the payload is released
  uint32_t local_offset = 0;
};

Error TooLarge(const std::string& what) {
  return MakeError("TooLarge", what + " would need Zip64 (4 GiB or more), which is not supported");
}

uint32_t Crc32Of(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib counts in uInt; feed in pieces so any size_t works.
  while (!data.empty()) {
    size_t chunk = std::min<size_t>(data.size(), UINT_MAX);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(chunk));
    data.remove_prefix(chunk);
  }
  return static_cast<uint32_t>(crc);
}

// Raw deflate of `data` at the fixed level. REQUIRES: data.size() < 4 GiB.
Result<std::string> Deflate(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, kDeflateLevel, Z_DEFLATED, kRawDeflateWindowBits, kDeflateMemLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return MakeError("Internal", "zlib deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  size_t produced = stream.total_out;
  deflateEnd(&stream);
  // deflateBound guarantees a single Z_FINISH call completes.
  if (rc != Z_STREAM_END) return MakeError("Internal", "zlib deflate did not finish");
  out.resize(produced);
  return out;
}

Status CheckEntry(const ZipEntry& entry) {
  if (auto reason = UnsafeNameReason(entry.name)) {
    return MakeError("InvalidArgument",
                     "zip entry \"" + PrintableName(entry.name) + "\": " + *reason);
  }
  if (entry.name.size() > kZip64Marker16) {
    return MakeError("InvalidArgument", "zip entry \"" + PrintableName(entry.name) +
                                            "\": the name is longer than 65535 bytes");
  }
  if ((entry.unix_mode & ~07777u) != 0) {
    char octal[16];
    std::snprintf(octal, sizeof octal, "0%o", entry.unix_mode);
    return MakeError("InvalidArgument", "zip entry " + PrintableName(entry.name) +
                                            ": unix_mode " + octal +
                                            " has bits outside 07777; pass permission bits only");
  }
  if (entry.data.size() > kMaxField32) return TooLarge("zip entry " + PrintableName(entry.name));
  return {};
}

bool NeedsUtf8Flag(std::string_view name) {
  return std::any_of(name.begin(), name.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Fields shared by the local and the central header, from "version needed"
// to the name and extra lengths inclusive.
void PutCommonFields(std::string& out, const PreparedEntry& p) {
  Put16(out, p.method == kMethodDeflate ? 20 : 10);  // version needed: 2.0 / 1.0
  uint16_t flags = NeedsUtf8Flag(p.entry->name) ? kFlagUtf8 : 0;
  if (p.method == kMethodDeflate) flags |= kFlagMaximumCompression;  // informational: level 9
  Put16(out, flags);
  Put16(out, p.method);
  Put16(out, kDosTime);
  Put16(out, kDosDate);
  Put32(out, p.crc);
  Put32(out, p.compressed_size);
  Put32(out, static_cast<uint32_t>(p.entry->data.size()));
  Put16(out, static_cast<uint16_t>(p.entry->name.size()));
  Put16(out, 0);  // no extra fields: they would carry timestamps and uids
}

}  // namespace

Result<std::string> BuildZip(std::vector<ZipEntry> entries, ZipOptions options) {
  if (entries.size() > kMaxEntries) return TooLarge(std::to_string(entries.size()) + " entries");
  std::sort(entries.begin(), entries.end(),
            [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
  for (size_t i = 0; i < entries.size(); ++i) {
    if (auto status = CheckEntry(entries[i]); !status) return status.error();
    if (i > 0 && entries[i].name == entries[i - 1].name) {
      return MakeError("InvalidArgument", "zip entry " + PrintableName(entries[i].name) +
                                              " appears twice; names must be unique");
    }
  }

  std::vector<PreparedEntry> prepared;
  prepared.reserve(entries.size());
  for (const ZipEntry& entry : entries) {
    PreparedEntry& p = prepared.emplace_back();
    p.entry = &entry;
    p.method = kMethodStored;
    p.crc = Crc32Of(entry.data);
    p.payload = entry.data;
    if (options.compress && !entry.data.empty()) {
      auto deflated = Deflate(entry.data);
      if (!deflated) return deflated.error();
      // Stored when deflate does not help (already-compressed or tiny data).
      if (deflated->size() < entry.data.size()) {
        p.method = kMethodDeflate;
        p.deflated = std::move(deflated).value();
        p.payload = p.deflated;
      }
    }
    p.compressed_size = static_cast<uint32_t>(p.payload.size());
  }

  std::string out;
  for (PreparedEntry& p : prepared) {
    if (out.size() > kMaxField32) return TooLarge("the archive");
    p.local_offset = static_cast<uint32_t>(out.size());
    Put32(out, kLocalHeaderSignature);
    PutCommonFields(out, p);
    out += p.entry->name;
    out += p.payload;
    p.payload = {};
    std::string().swap(p.deflated);  // keep peak memory near one archive
  }

  if (out.size() > kMaxField32) return TooLarge("the archive");
  const auto central_offset = static_cast<uint32_t>(out.size());
  for (const PreparedEntry& p : prepared) {
    Put32(out, kCentralHeaderSignature);
    Put16(out, static_cast<uint16_t>((kHostUnix << 8) | 20));  // made by: Unix, spec 2.0
    PutCommonFields(out, p);
    Put16(out, 0);  // comment length
    Put16(out, 0);  // disk number start
    Put16(out, 0);  // internal attributes
    Put32(out, (kTypeRegular | p.entry->unix_mode) << 16);
    Put32(out, p.local_offset);
    out += p.entry->name;
  }
  const uint64_t central_size = out.size() - central_offset;
  if (out.size() + kEndOfCentralDirSize > kMaxField32) return TooLarge("the archive");

  Put32(out, kEndOfCentralDirSignature);
  Put16(out, 0);  // this disk
  Put16(out, 0);  // disk with the central directory
  Put16(out, static_cast<uint16_t>(prepared.size()));
  Put16(out, static_cast<uint16_t>(prepared.size()));
  Put32(out, static_cast<uint32_t>(central_size));
  Put32(out, central_offset);
  Put16(out, 0);  // archive comment length
  return out;
}

}  // namespace sparta::util
