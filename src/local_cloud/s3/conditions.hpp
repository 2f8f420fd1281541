#pragma once
// Conditional requests (If-Match, If-None-Match, If-Modified-Since,
// If-Unmodified-Since) and byte ranges, as S3 evaluates them on GET/HEAD,
// on writes, and on a copy's source.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "local_cloud/s3/records.hpp"

namespace sparta::local_cloud::s3 {

/// True when the If-Match / If-None-Match `header` ("*", or a comma-separated
/// list of ETags, quoted or not, W/ allowed) names `etag`.
bool EtagListMatches(std::string_view header, std::string_view etag);

enum class ConditionOutcome { kProceed, kNotModified, kPreconditionFailed };

struct Conditions {
  const std::string* if_match = nullptr;
  const std::string* if_none_match = nullptr;
  const std::string* if_modified_since = nullptr;
  const std::string* if_unmodified_since = nullptr;
};

/// RFC 7232 order: a failed If-Match (else If-Unmodified-Since) is 412; a
/// matching If-None-Match (else an unchanged If-Modified-Since) is 304.
/// Unparseable dates are ignored, as S3 does.
ConditionOutcome Evaluate(const Conditions& conditions, const ObjectRecord& object);

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

/// The range a `Range` header selects in an object of `size` bytes:
/// nullopt = the whole object (no header, or one S3 ignores: not
/// "bytes=", several ranges, malformed); a range with first > last means
/// unsatisfiable (416).
std::optional<ByteRange> ParseRange(std::string_view header, std::uint64_t size);

}  // namespace sparta::local_cloud::s3
