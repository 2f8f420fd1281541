#pragma once
// Sparta's JSON layer. Boost.JSON is the one JSON library of the project:
// `sparta::json` is an alias of `boost::json`, so user types convert through
// Boost.JSON's own customization points (`tag_invoke` for `value_from` /
// `value_to`, or BOOST_DESCRIBE_STRUCT for described structs).

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta {
namespace json = boost::json;
}  // namespace sparta

namespace sparta::jsonutil {

/// How deeply arrays and objects may nest in a document Sparta reads:
/// AWS's events and templates may nest far deeper than Boost.JSON's
/// default of 32. Bounded so that code walking a document recursively
/// cannot run out of stack.
inline constexpr std::size_t kMaxDepth = 1000;

/// Boost.JSON's parse options with kMaxDepth, for every parse in Sparta
/// (`json::parse(text, ec, {}, jsonutil::ParseOptions())`).
json::parse_options ParseOptions();

/// Parses `text` as one JSON document. On failure the Error (code
/// "InvalidJson") says where (line and column) and what: `what` names the
/// document for the message, e.g. "event file e.json". A document nested
/// deeper than kMaxDepth is refused as such ("nested deeper than 1000
/// levels"), whatever its size.
Result<json::value> Parse(std::string_view text, std::string_view what = "JSON input");

struct PrettyOptions {
  int indent = 2;
  bool sort_keys = false;  // false: keep insertion order
};

// The writers below escape strings as Boost.JSON does and write doubles
// shortest round-trip: 7.5, 0.1, 1e+21, -0 (Boost.JSON writes 7.5E0).

/// Deterministic multi-line serialization: the same value always gives the
/// same bytes. Ends with a newline. NaN and infinities are written as null.
std::string Pretty(const json::value& value, PrettyOptions options = {});

struct CompactOptions {
  /// Malformed UTF-8 in strings: replaced by U+FFFD (true), so the text is
  /// always valid JSON, or copied byte for byte (false).
  bool replace_invalid_utf8 = false;
};

/// Compact one-line serialization. NaN and infinities are written as null.
std::string Compact(const json::value& value, CompactOptions options = {});

/// Compact one-line serialization that refuses what JSON cannot hold: a NaN
/// or infinite double, or a string that is not well-formed UTF-8. The Error
/// (code "UnwritableValue") names the first such value's path, e.g.
/// "$.items[0].price: expected a finite number, got NaN (JSON has no NaN or
/// Infinity)".
Result<std::string> CompactStrict(const json::value& value);

}  // namespace sparta::jsonutil
