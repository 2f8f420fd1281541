#pragma once
// A strict parser for the http(s) URLs that configuration supplies
// (endpoint overrides, the container credentials URI, the IMDS endpoint).

#include <cstdint>
#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::aws::internal {

struct HttpUrl {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; an IPv6 literal without brackets
  uint16_t port = 0;   // 0 when not written
  std::string path;    // "" or starting with '/'
  std::string query;   // without '?'
};

/// Errors (code "InvalidEndpoint") quote `url`, say what is wrong and name
/// `origin`. A fragment and user info are always rejected; a query only
/// when `allow_query` is false.
Result<HttpUrl> ParseHttpUrl(std::string_view url, std::string_view origin, bool allow_query);

}  // namespace sparta::aws::internal
