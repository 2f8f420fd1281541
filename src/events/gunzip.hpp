#pragma once
// Private to the events library: gzip decompression with a bound on the
// output, for CloudWatch Logs payloads. (util's zip reader inflates raw
// deflate entries whose size the archive declares; a gzip member's size is
// only known at its end, so this one grows its buffer up to the bound.)

#include <cstddef>
#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::events::internal {

/// The bytes of the one gzip member (RFC 1952) in `compressed`. Errors name
/// `what`: "InvalidGzip" for data that is not gzip, corrupt or truncated or
/// followed by other bytes; "TooLarge" when it decompresses to more than
/// `max_bytes`, found without producing more than max_bytes + 1 bytes.
Result<std::string> Gunzip(std::string_view compressed, std::size_t max_bytes,
                           std::string_view what);

}  // namespace sparta::events::internal
