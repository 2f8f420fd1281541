#pragma once
// FunctionProcess: runs one Lambda function's `bootstrap` the way Lambda runs
// it, one sandbox (execution environment) at a time, and invokes it.
//
// The first Invoke() cold-starts `<task_root>/bootstrap` in its own process
// group with a clean Lambda environment and an in-process Runtime API server;
// later invokes reuse the warm process. A crash, an exit or a timeout resets
// the sandbox (the whole group is killed) and the next invoke starts a new
// one, as Lambda does. Everything a caller of Lambda's Invoke API can observe
// is reproduced: payloads, error documents, the 6 MB limits, log framing.
//
// **Example**:
//
//     FunctionConfig config{.function_name = "hello", .task_root = "/tmp/hello"};
//     auto function = FunctionProcess::Create(config);
//     auto result = (*function)->Invoke(R"({"name":"x"})");
//     if (result.ok() && result->function_error.empty()) Use(result->payload);

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/local/function_config.hpp"
#include "sparta/local/invoke_result.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local {
namespace detail {
class LogCapture;
struct Sandbox;  // one runtime process and its Runtime API server
}  // namespace detail

struct FunctionProcessOptions {
  /// Lambda's on-demand init limit: a runtime that neither asks for an event
  /// nor fails within it is killed (reported as `Sandbox.Timedout`).
  std::chrono::milliseconds init_timeout{10000};
  /// Between SIGTERM and SIGKILL when Stop() ends a live process.
  std::chrono::milliseconds shutdown_grace{500};
  /// Receives every log line as it happens, platform lines included, in
  /// order. Called with an internal lock held, from internal threads: it
  /// must be quick and must not call back into the FunctionProcess.
  std::function<void(const LogEvent&)> log_sink;
};

/// Thread-safety: all members may be called from any thread, but none may
/// race with the destructor. Invokes are served one at a time (a sandbox runs
/// one event at a time); concurrent Invoke() calls queue. Stop() may be
/// called during an Invoke(), which then fails like a crash.
class FunctionProcess {
 public:
  /// Validates `config` (FunctionConfig::Validate) without starting anything.
  static Result<std::unique_ptr<FunctionProcess>> Create(FunctionConfig config,
                                                         FunctionProcessOptions options = {});

  /// Stop()s the process.
  ~FunctionProcess();
  FunctionProcess(const FunctionProcess&) = delete;
  FunctionProcess& operator=(const FunctionProcess&) = delete;

  /// Runs one synchronous (RequestResponse) invoke. Every outcome of the
  /// function itself is an InvokeResult (see its fields); the Error cases are
  /// the Invoke API's own refusals, which run nothing:
  ///  * "RequestEntityTooLargeException" (HTTP 413) for a payload over
  ///    6291456 bytes;
  ///  * "ServiceException" (HTTP 500) when the host cannot spawn at all
  ///    (out of pipes or processes).
  /// A missing or non-executable bootstrap is a function error
  /// (`Runtime.InvalidEntrypoint`), as in Lambda.
  Result<InvokeResult> Invoke(std::string_view payload, const InvokeOptions& options = {});

  /// Ends the process, if any: SIGTERM to its group, SIGKILL after the
  /// grace, reaped. The next Invoke() cold-starts again.
  void Stop();

  /// The running bootstrap's pid, if a process is up.
  std::optional<int> pid() const;

  const FunctionConfig& config() const { return config_; }

 private:
  FunctionProcess(FunctionConfig config, FunctionProcessOptions options);

  std::shared_ptr<detail::Sandbox> CurrentSandbox() const;
  void PublishSandbox(std::shared_ptr<detail::Sandbox> sandbox);
  // Clears sandbox_ if it still is `sandbox` (Stop() may have taken it).
  void DropSandbox(const std::shared_ptr<detail::Sandbox>& sandbox);

  const FunctionConfig config_;
  const FunctionProcessOptions options_;
  std::unique_ptr<detail::LogCapture> logs_;

  std::mutex invoke_mu_;  // serializes Invoke()
  mutable std::mutex sandbox_mu_;
  std::shared_ptr<detail::Sandbox> sandbox_;  // GUARDED_BY(sandbox_mu_)
};

}  // namespace sparta::local
