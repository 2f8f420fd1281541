#pragma once
// What `invoke` (local) and `call` (deployed) share: reading what to invoke
// (function, stack, event) and reporting a function error.

#include <optional>
#include <string>

#include "sparta/service/service.hpp"
#include "verbs.hpp"
#include "sparta/util/result.hpp"

namespace sparta::cli {

/// What one invoke is about.
struct InvocationInput {
  std::optional<Function> function;  // declared, or a custom resource's provider
  std::string stack;                   // "<service>[-<stage>]"
  std::string event;                   // JSON
};

/// The declared function `function` (an Error lists the declared names
/// otherwise), the stack of `stage`, and the event: generated when
/// `event.source` is set (cli/event_generator.hpp), else "{}" for an empty
/// `event.path`, stdin for "-", else the file; it must be JSON (Lambda's
/// Invoke API refuses anything else: the Error says where it is not). Both
/// a path and a source, or `--key value` pairs without a source, are usage
/// errors. Every Error is bad input: nothing was run.
Result<InvocationInput> ReadInvocation(const Service& service, const std::string& function,
                                       const std::string& stage, const EventOptions& event);

/// "error: function <name> failed: <errorType>: <errorMessage>" on stderr,
/// read from Lambda's error document (or the raw payload if it is not one).
void PrintFunctionError(const std::string& function, const std::string& payload);

}  // namespace sparta::cli
