#pragma once
// Identifiers Lambda generates: request ids, trace headers, log stream names.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace sparta::local::detail {

/// `n` random lowercase hex digits.
std::string RandomHex(std::size_t n);

/// A random (version 4) UUID, as Lambda's request ids.
std::string NewRequestId();

/// An X-Ray trace header as Lambda passes to runtimes when the caller sent
/// none: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`.
std::string NewTraceHeader();

/// `YYYY/MM/DD/[<version>]<32 hex>`, dated `now` in UTC.
std::string NewLogStreamName(std::string_view version,
                             std::chrono::system_clock::time_point now);

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
std::string Iso8601Millis(std::chrono::system_clock::time_point time);

}  // namespace sparta::local::detail
