#pragma once
// MD5 for S3's Content-MD5 header (an integrity check S3 requires on some
// calls and verifies on all), not for security.

#include <string>
#include <string_view>

namespace sparta::aws::detail {

/// The raw 16-byte MD5 digest of `bytes`.
std::string Md5(std::string_view bytes);

/// The Content-MD5 header value: base64 of the raw MD5 digest.
std::string ContentMd5(std::string_view bytes);

}  // namespace sparta::aws::detail
