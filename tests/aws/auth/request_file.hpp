#pragma once
// Reads the SigV4 suites' raw request files (.req / request.txt) into an
// HttpRequest, keeping the bytes exact: the request target goes into
// path/query as written, header values are not trimmed, and a folded
// continuation line stays in its header's value after a '\n'.

#include <string>
#include <string_view>

#include "sparta/aws/http.hpp"

namespace sparta::aws::testing {

/// Parses `text`. Returns false (with `error` set) when it is not a request.
bool ParseRawRequest(std::string_view text, HttpRequest& out, std::string& error);

/// The whole file, or "" with a test failure when it cannot be read.
std::string ReadTestFile(const std::string& path);

}  // namespace sparta::aws::testing
