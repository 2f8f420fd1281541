#pragma once
// Case-insensitive header helpers for the auth library. http.hpp declares
// FindHeader/SetHeader, but they live in sparta_aws_http, which sits above
// this library, so the auth code uses these instead.

#include <string>
#include <string_view>

#include "sparta/aws/http.hpp"
#include "sparta/util/ascii.hpp"

namespace sparta::aws::internal {

using util::EqualsIgnoreCase;
using util::ToLowerAscii;

/// The first header named `name` (any case), or nullptr.
const std::string* FindHeaderValue(const HeaderList& headers, std::string_view name);

/// Replaces the first header named `name` (keeping its position and removing
/// later duplicates) or appends one.
void SetHeaderValue(HeaderList& headers, std::string_view name, std::string value);

/// Removes every header named `name`.
void RemoveHeader(HeaderList& headers, std::string_view name);

/// "host" or "host:port" when `port` is not the scheme's default (IPv6
/// literals in brackets).
std::string HostHeaderFor(const HttpRequest& request);

}  // namespace sparta::aws::internal
