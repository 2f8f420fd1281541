#pragma once
// Stable logical IDs. A resource's logical ID is its identity in a stack:
// when it changes, CloudFormation deletes the resource and creates a new one.
// So IDs are derived only from what defines the resource (its declared name
// and kind), never from order or randomness. See docs/logical-ids.md.

#include <cstddef>
#include <string>
#include <string_view>

namespace sparta::cfn {

/// CloudFormation's limit on a logical ID's length.
inline constexpr std::size_t kMaxLogicalIdLength = 255;

/// True when `id` is 1..255 ASCII letters and digits (CloudFormation's rule).
bool IsValidLogicalId(std::string_view id);

/// Derives the logical ID of the `kind` resource (e.g. "Function", "Role")
/// defined by the declared `name`:
///  * a name made only of ASCII letters and digits is kept as it is:
///    ("Hello", "Function") -> "HelloFunction";
///  * otherwise the other characters are dropped, the letter after each
///    dropped run (except a leading one) is upper-cased, and an 8-hex-digit
///    hash of the raw name (FNV-1a 32) goes between name and kind, so
///    distinct names keep distinct IDs:
///    ("hello-world", "Function") -> "helloWorld<8 hex>Function";
///  * a result over 255 characters is cut (and hashed) the same way.
/// The result is a valid logical ID whenever `kind` is.
/// REQUIRES: `kind` is 1..64 ASCII letters/digits (other characters are dropped).
std::string LogicalId(std::string_view name, std::string_view kind);

/// The 8 lowercase hex digits of the 32-bit FNV-1a hash of `bytes`. Stable
/// across platforms and releases (changing it would replace deployed resources).
std::string StableHash8(std::string_view bytes);

}  // namespace sparta::cfn
