#pragma once
// The digests S3 checks a body against: Content-MD5 and the flexible
// checksums (x-amz-checksum-crc32 / -crc32c / -crc64nvme / -sha1 / -sha256), and the
// multipart ETag.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparta::local_cloud::s3 {

/// Raw 16-byte MD5 of `bytes`.
std::string Md5(std::string_view bytes);
/// Lowercase hex MD5, as in an ETag.
std::string Md5Hex(std::string_view bytes);

/// A flexible checksum algorithm S3 accepts, by its header suffix
/// ("crc32") and its name in XML and x-amz-checksum-algorithm ("CRC32").
struct ChecksumAlgorithm {
  std::string_view header_suffix;
  std::string_view name;
};
/// The algorithms this S3 verifies, in a stable order.
const std::vector<ChecksumAlgorithm>& SupportedChecksums();
/// The algorithm named `name` in any case ("crc32", "CRC32"), or nullptr.
const ChecksumAlgorithm* FindChecksum(std::string_view name);

/// Base64 of the big-endian digest of `bytes` under `algorithm`.
std::string ComputeChecksum(const ChecksumAlgorithm& algorithm, std::string_view bytes);

/// "\"<md5 hex of the concatenated raw part MD5s>-<N>\"": S3's multipart ETag
/// from the parts' hex MD5s, in part order.
std::string MultipartEtag(const std::vector<std::string>& part_md5_hex);

/// Raw bytes of lowercase/uppercase hex, or nullopt when `hex` is not hex.
std::optional<std::string> HexDecode(std::string_view hex);

}  // namespace sparta::local_cloud::s3
