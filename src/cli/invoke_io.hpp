#pragma once
// What `invoke` (local) and `call` (deployed) share: reading the event and
// reporting a function error.

#include <string>

#include "sparta/service/service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::cli {

/// The function `name` declares in `service`; Error "Usage" listing the
/// declared names otherwise.
Result<const Function*> FindDeclaredFunction(const Service& service, const std::string& name);

/// The event to send: "{}" for an empty path, stdin for "-", else the file.
/// It must be JSON (Lambda's Invoke API refuses anything else): the Error
/// says where it is not.
Result<std::string> ReadEvent(const std::string& path);

/// "error: function <name> failed: <errorType>: <errorMessage>" on stderr,
/// read from Lambda's error document (or the raw payload if it is not one).
void PrintFunctionError(const std::string& function, const std::string& payload);

}  // namespace sparta::cli
