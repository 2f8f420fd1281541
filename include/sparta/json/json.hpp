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

/// Parses `text` as one JSON document. On failure the Error (code
/// "InvalidJson") says where (line and column) and what: `what` names the
/// document for the message, e.g. "event file e.json".
Result<json::value> Parse(std::string_view text, std::string_view what = "JSON input");

struct PrettyOptions {
  int indent = 2;
  bool sort_keys = false;  // false: keep insertion order
};

/// Deterministic multi-line serialization: the same value always gives the
/// same bytes. Ends with a newline.
std::string Pretty(const json::value& value, PrettyOptions options = {});

/// Compact one-line serialization (Boost.JSON's own).
std::string Compact(const json::value& value);

}  // namespace sparta::jsonutil
