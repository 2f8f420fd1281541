#pragma once
// Timestamps as the credential sources write them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sparta::aws::internal {

/// Parses an ISO 8601 / RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS", optional
/// fraction, then "Z" or an offset "+HH:MM"/"+HHMM". nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

/// "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds).
std::string FormatIso8601(std::chrono::system_clock::time_point time);

/// "YYYYMMDDTHHMMSSZ" (UTC, whole seconds): SigV4's X-Amz-Date.
std::string FormatCompactIso8601(std::chrono::system_clock::time_point time);

}  // namespace sparta::aws::internal
