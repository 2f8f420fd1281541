#pragma once
// ASCII text helpers for protocol tokens (HTTP header names, list values):
// locale-independent, as the protocols require.

#include <string>
#include <string_view>

namespace sparta::util {

/// `text` with ASCII letters lower-cased; other bytes as they are.
std::string ToLowerAscii(std::string_view text);

/// True when `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

/// True when the comma-separated list `value` (e.g. a Connection or
/// Transfer-Encoding header) holds `token`, ignoring ASCII case and the
/// spaces and tabs around items.
bool HasToken(std::string_view value, std::string_view token);

}  // namespace sparta::util
