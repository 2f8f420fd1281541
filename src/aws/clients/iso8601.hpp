#pragma once
// ISO-8601 timestamps as AWS writes them in XML ("2024-01-01T12:00:00Z",
// with optional fractional seconds and a numeric offset instead of Z).

#include <chrono>
#include <optional>
#include <string_view>

namespace sparta::aws::detail {

/// Returns nullopt for anything that is not a complete date-time with a zone.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

}  // namespace sparta::aws::detail
