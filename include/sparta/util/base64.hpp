#pragma once
// Base64 (RFC 4648, standard alphabet, padded).

#include <optional>
#include <string>
#include <string_view>

namespace sparta::util {

std::string Base64Encode(std::string_view bytes);

/// Returns nullopt when `text` is not valid padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace sparta::util
