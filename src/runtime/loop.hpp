#pragma once
// RunLoop: the Runtime API loop proper, apart from the process environment,
// so tests drive it in-process against a mock Runtime API.

#include <chrono>
#include <string>
#include <vector>

#include "sparta/runtime/runtime.hpp"

#include "runtime/endpoint.hpp"

namespace sparta::runtime::internal {

struct LoopOptions {
  Endpoint endpoint;
  std::string handler_name;  // matched against NamedHandler::name (_HANDLER)
  // GET /next failing this many times in a row (each on a fresh connection)
  // means the Runtime API is gone: the loop then ends.
  int next_attempts = 3;
  // Wait before the k-th retry of /next: k * retry_delay.
  std::chrono::milliseconds retry_delay{10};
};

/// Serves invocations with the handler named `options.handler_name`:
///   * no such handler: posts Runtime.NoSuchHandler to /init/error (its
///     message lists the declared names) and returns 1;
///   * per invocation: sets _X_AMZN_TRACE_ID, builds the Context, runs the
///     handler, posts /response (or streams it) or /error. Handler
///     exceptions, bad events and refused posts (4xx: 413, 403, ...) are
///     logged to stderr and the loop goes on;
///   * returns 1 when /next keeps failing (the Runtime API went away) or
///     Lambda answers 5xx (the protocol's "exit now").
int RunLoop(const LoopOptions& options, const std::vector<NamedHandler>& handlers);

}  // namespace sparta::runtime::internal
