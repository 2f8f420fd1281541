#pragma once
// The Lambda runtime: the Runtime API loop that serves invocations.

#include <string>
#include <vector>

#include "sparta/runtime/handler.hpp"

namespace sparta::runtime {

/// A handler as the runtime dispatches to it: `name` is matched against
/// Lambda's `_HANDLER` (which Sparta sets to the declared function name).
struct NamedHandler {
  std::string name;
  Handler handler;
};

/// Serves invocations until the Runtime API goes away. Reads
/// AWS_LAMBDA_RUNTIME_API and _HANDLER from the environment.
///
/// Start-up failures (no AWS_LAMBDA_RUNTIME_API, a _HANDLER naming no entry of
/// `handlers`) are posted to `/init/error` and make it return non-zero.
/// Handler exceptions, malformed events and oversized responses are reported
/// for that invocation only; the loop goes on. Returns the process exit code.
int RunLambdaRuntime(const std::vector<NamedHandler>& handlers);

}  // namespace sparta::runtime
