#pragma once
// Reproducible zip archives: the Lambda deployment package format.
//
// BuildZip writes the same bytes for the same entries on every run and every
// machine (with the same zlib): entries are sorted by name, every timestamp is
// the DOS epoch 1980-01-01 00:00:00, no extra fields are written, and
// "version made by" is Unix so the permission bits (notably the exec bit that
// Lambda needs on `bootstrap`) travel in the external attributes. Zip64 is
// not supported: entries and archives must stay below 4 GiB.
//
// ReadZip/ExtractZip accept any ordinary (non-Zip64, unencrypted, stored or
// deflate) archive, e.g. one made by Info-ZIP's `zip`, and are safe on
// hostile input: every offset is bounds-checked, sizes and CRC-32 are
// verified, and names that could escape the target directory are refused.
//
// **Example**:
//   auto zip = sparta::util::BuildZip({{"bootstrap", program_bytes, 0755}});
//   if (!zip) return zip.error();

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::util {

/// One regular file inside an archive.
struct ZipEntry {
  /// Relative path with '/' separators, e.g. "lib/data.bin". No leading '/',
  /// no empty, "." or ".." components, no '\\' or NUL.
  std::string name;
  std::string data;
  /// Permission bits only (07777), e.g. 0755 for an executable.
  uint32_t unix_mode = 0644;
};

struct ZipOptions {
  /// When false every entry is stored uncompressed. When true each entry is
  /// deflated at level 9 and kept that way only if it got smaller.
  bool compress = true;
};

/// Builds an archive from `entries` (any order; the archive is sorted by
/// name). Fails with code "InvalidArgument" for an empty, absolute,
/// traversing or duplicate name or a mode outside 07777, and with "TooLarge"
/// when an entry, the entry count or the archive would need Zip64.
Result<std::string> BuildZip(std::vector<ZipEntry> entries, ZipOptions options = {});

/// Parses an archive through its end-of-central-directory record and central
/// directory. Returns the regular files in central-directory order; directory
/// entries are skipped (ExtractZip creates directories as files need them).
/// `unix_mode` is taken from the external attributes when the archive was
/// made on Unix, else 0644. Fails with code "InvalidZip" and a message naming
/// the problem (and the entry), e.g. "not a zip archive (no end of central
/// directory record)" or "entry bin/x: CRC mismatch ...", and with
/// "Unsupported" for Zip64, encryption, symbolic links or methods other than
/// stored/deflate.
Result<std::vector<ZipEntry>> ReadZip(std::string_view bytes);

/// Reads `bytes` like ReadZip and writes each file below `dir` (created if
/// missing, parents too) with its permission bits (setuid/setgid/sticky
/// dropped). Each file is written atomically; on failure files written
/// before the failing one stay. Nothing is written if the archive is invalid.
Status ExtractZip(std::string_view bytes, const std::filesystem::path& dir);

}  // namespace sparta::util
