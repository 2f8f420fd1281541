#pragma once
// The JSON text writer behind Compact, CompactStrict and Pretty.
//
// Strings are escaped as Boost.JSON's serializer escapes them (", \ and
// control characters; nothing else), so documents without doubles come out
// byte for byte as before. Doubles are written shortest round-trip (`7.5`,
// `0.1`, `1e+21`, `-0`) where Boost.JSON writes `7.5E0`.

#include <string>
#include <string_view>

#include "sparta/json/detail/convert_core.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::jsonutil::internal {

struct TextPolicy {
  /// NaN and infinities, and malformed UTF-8 in strings, fail the write
  /// (with the value's path) instead of being written as below.
  bool strict = false;
  /// Not strict: malformed UTF-8 is replaced by U+FFFD (true) or copied as
  /// it is (false, Boost.JSON's behaviour). NaN and infinities are `null`.
  bool replace_invalid_utf8 = false;
};

/// Appends `s` as a JSON string literal, bytes copied as they are.
void AppendString(std::string& out, std::string_view s);

/// Appends the number `v` holds.
/// REQUIRES: v.is_number(). A non-finite double is written as `null`.
void AppendNumber(std::string& out, const json::value& v);

/// Appends a scalar or, for arrays and objects, their compact text.
/// Fails only under `policy.strict`; `out` then holds a partial document.
Status AppendCompact(std::string& out, const json::value& v, const TextPolicy& policy,
                     const detail::PathNode* at = nullptr);

/// `what` without the " [category:value at file:line ...]" suffix that
/// boost::system errors add to their messages.
std::string WithoutSourceLocation(std::string_view what);

}  // namespace sparta::jsonutil::internal
