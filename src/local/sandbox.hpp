#pragma once
// Sandbox: one Lambda execution environment, i.e. one bootstrap process and
// the Runtime API server it talks to, and the three phases FunctionProcess
// drives it through: spawn, init, invoke. Each phase reports a failure the
// way Lambda does (error document for the caller, lines for the log).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "local/child_process.hpp"
#include "local/log_capture.hpp"
#include "sparta/local/function_config.hpp"
#include "sparta/local/invoke_result.hpp"
#include "sparta/local/runtime_api_server.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local::detail {

/// How a sandbox failed an invoke. The sandbox is dead by then.
struct Failure {
  std::string error_type;              // REPORT's "Error Type"
  std::string payload;                 // the error document the caller gets
  std::string status = "error";        // REPORT's "Status": "error" or "timeout"
  std::vector<std::string> log_lines;  // platform lines logged before END
};

struct Sandbox {
  // Declared first so it outlives `child`, whose exit callback cancels it.
  std::unique_ptr<RuntimeApiServer> server;
  std::unique_ptr<ChildProcess> child;  // null when the bootstrap could not start
  std::string log_stream_name;
  std::chrono::steady_clock::time_point spawned_at;
};

struct Spawned {
  std::shared_ptr<Sandbox> sandbox;
  std::optional<Failure> failure;  // `Runtime.InvalidEntrypoint`: no child
};

/// Starts a Runtime API server and `<task_root>/bootstrap` with Lambda's
/// environment; the process's output lines go to `logs`. A bootstrap that is
/// missing or cannot be executed is a Failure, as in Lambda; the Error
/// ("ServiceException") is for a host out of sockets, pipes or processes.
Result<Spawned> SpawnSandbox(const FunctionConfig& config, LogCapture& logs,
                             const std::string& request_id);

/// Waits until the runtime asks for its first event. On failure (posted init
/// error, exit, `init_timeout`) the process is killed and the Failure returned.
/// `*init_ms` receives the time spent either way.
std::optional<Failure> AwaitInit(Sandbox& sandbox, const FunctionConfig& config,
                                 std::chrono::milliseconds init_timeout,
                                 const std::string& request_id, double* init_ms);

/// Delivers one event and waits for the answer, filling `result`'s payload,
/// content type, function_error and duration. Returns the Failure when the
/// process died or timed out (it is then dead).
std::optional<Failure> RunEvent(Sandbox& sandbox, const FunctionConfig& config,
                                std::string_view payload, const InvokeOptions& options,
                                InvokeResult& result);

}  // namespace sparta::local::detail
