#include "local_cloud/s3/digests.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "sparta/util/base64.hpp"
#include "sparta/util/digest.hpp"

namespace sparta::local_cloud::s3 {
namespace {

std::string EvpDigest(const EVP_MD* md, std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

std::string BigEndian32(std::uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xFF);
  return out;
}

std::uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large bodies in slices.
  constexpr std::size_t kSlice = 1u << 30;
  for (std::size_t offset = 0; offset < bytes.size(); offset += kSlice) {
    std::size_t n = std::min(kSlice, bytes.size() - offset);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + offset), static_cast<uInt>(n));
  }
  return static_cast<std::uint32_t>(crc);
}

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table driven.
std::uint32_t Crc32c(std::string_view bytes) {
  static const std::array<std::uint32_t, 256> kTable = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (char ch : bytes) {
    crc = kTable[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), table driven.
std::uint64_t Crc64Nvme(std::string_view bytes) {
  static const std::array<std::uint64_t, 256> kTable = [] {
    std::array<std::uint64_t, 256> table{};
    for (std::uint64_t i = 0; i < 256; ++i) {
      std::uint64_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x9A6C9329AC4BC9B5ull : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  std::uint64_t crc = ~0ull;
  for (char ch : bytes) {
    crc = kTable[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  }
  return ~crc;
}

std::string BigEndian64(std::uint64_t value) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (56 - 8 * i)) & 0xFF);
  return out;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string Md5(std::string_view bytes) { return EvpDigest(EVP_md5(), bytes); }
std::string Md5Hex(std::string_view bytes) { return util::HexEncode(Md5(bytes)); }

const std::vector<ChecksumAlgorithm>& SupportedChecksums() {
  static const std::vector<ChecksumAlgorithm> kAll = {{"crc32", "CRC32"},
                                                      {"crc32c", "CRC32C"},
                                                      {"crc64nvme", "CRC64NVME"},
                                                      {"sha1", "SHA1"},
                                                      {"sha256", "SHA256"}};
  return kAll;
}

const ChecksumAlgorithm* FindChecksum(std::string_view name) {
  for (const auto& algorithm : SupportedChecksums()) {
    if (name.size() != algorithm.header_suffix.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = LowerAscii(name[i]) == algorithm.header_suffix[i];
    }
    if (same) return &algorithm;
  }
  return nullptr;
}

std::string ComputeChecksum(const ChecksumAlgorithm& algorithm, std::string_view bytes) {
  std::string raw;
  if (algorithm.header_suffix == "crc32") {
    raw = BigEndian32(Crc32(bytes));
  } else if (algorithm.header_suffix == "crc32c") {
    raw = BigEndian32(Crc32c(bytes));
  } else if (algorithm.header_suffix == "crc64nvme") {
    raw = BigEndian64(Crc64Nvme(bytes));
  } else if (algorithm.header_suffix == "sha1") {
    raw = EvpDigest(EVP_sha1(), bytes);
  } else {
    raw = util::Sha256(bytes);
  }
  return util::Base64Encode(raw);
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int high = nibble(hex[i]);
    int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::string MultipartEtag(const std::vector<std::string>& part_md5_hex) {
  std::string concatenated;
  for (const std::string& hex : part_md5_hex) concatenated += HexDecode(hex).value_or("");
  std::string etag = "\"";
  etag += Md5Hex(concatenated);
  etag += "-";
  etag += std::to_string(part_md5_hex.size());
  etag += "\"";
  return etag;
}

}  // namespace sparta::local_cloud::s3
