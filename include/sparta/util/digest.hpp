#pragma once
// Cryptographic digests (OpenSSL). Not linked into the Lambda bootstrap.

#include <string>
#include <string_view>

namespace sparta::util {

/// SHA-256 of `bytes`, as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view bytes);

/// Raw 32-byte SHA-256 of `bytes`.
std::string Sha256(std::string_view bytes);

/// Lowercase hex of arbitrary bytes.
std::string HexEncode(std::string_view bytes);

}  // namespace sparta::util
