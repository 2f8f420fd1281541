#pragma once
// Reading AWS XML responses (Query and S3 REST) with pugixml. Private to
// sparta_aws: pugixml never appears in a public header.

#include <cstdint>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::aws::detail {

/// Parses `body`. On failure returns Error{"InvalidResponse"} naming `what`
/// (e.g. "S3 ListObjectsV2") and pugixml's reason; the body itself is never
/// quoted, since STS bodies carry secrets.
Result<std::unique_ptr<pugi::xml_document>> ParseXml(std::string_view body, std::string_view what);

/// The awsQuery result element: checks that the root is `<{operation}Response>`
/// and returns its `<{operation}Result>` child, or an empty node when the
/// operation has no result (DeleteStack). Error "InvalidResponse" for another root.
Result<pugi::xml_node> QueryResultNode(const pugi::xml_document& document,
                                       std::string_view operation, std::string_view what);

/// Text of the child element `name`, or "" when absent.
std::string Text(pugi::xml_node parent, const char* name);
/// "true"/"false" child, or nullopt when absent or neither.
std::optional<bool> Bool(pugi::xml_node parent, const char* name);
/// Decimal integer child, or nullopt when absent or not a number.
std::optional<int64_t> Int(pugi::xml_node parent, const char* name);
/// Texts of `parent/name/member` (a Query list of strings).
std::vector<std::string> StringMembers(pugi::xml_node parent, const char* name);
/// The `parent/name/member` elements (a Query list of structures).
std::vector<pugi::xml_node> Members(pugi::xml_node parent, const char* name);

}  // namespace sparta::aws::detail
