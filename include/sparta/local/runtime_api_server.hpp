#pragma once
// RuntimeApiServer: the Lambda Runtime API (2018-06-01) for one function,
// served in-process over HTTP/1.1 on 127.0.0.1.
//
// A Lambda bootstrap pointed at `address()` (through AWS_LAMBDA_RUNTIME_API)
// long-polls `/runtime/invocation/next`, and answers each event through
// `/response` or `/error`; `Invoke()` is the other side: it queues an event and
// blocks until the runtime answers it. The server behaves as Lambda does in
// each case a caller can observe (status codes, the 6 MB response limit,
// streamed responses with error trailers, `/init/error`). It knows nothing of
// processes: whoever runs the bootstrap calls `Cancel()` when it dies.
//
// **Example**:
//
//     auto server = RuntimeApiServer::Start();
//     // ... spawn a bootstrap with AWS_LAMBDA_RUNTIME_API=server->address() ...
//     if (server->WaitForInit(10s) == InitStatus::kReady) {
//       InvocationOutcome out = server->Invoke({.payload = R"({"x":1})"}, 3s);
//     }

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sparta/util/result.hpp"

namespace sparta::local {

/// The largest synchronous invoke request (event) Lambda accepts.
inline constexpr std::size_t kMaxInvokeRequestBytes = 6291456;
/// The largest buffered response Lambda accepts from a runtime: 6 MiB + 100
/// bytes, the figure Lambda's own `Function.ResponseSizeTooLarge` message
/// quotes ("maximum allowed payload size (6291556 bytes)").
inline constexpr std::size_t kMaxResponseBytes = 6291556;
/// The largest streamed response kept (Lambda's documented 20 MiB stream cap).
inline constexpr std::size_t kMaxStreamedResponseBytes = 20 * 1024 * 1024;

struct RuntimeApiServerOptions {
  /// 0 picks an ephemeral port. The server always binds 127.0.0.1.
  std::uint16_t port = 0;
  /// `Lambda-Runtime-Invoked-Function-Arn` for requests that name none.
  std::string function_arn = "arn:aws:lambda:us-east-1:000000000000:function:function";
  /// A `/response` body above this gets 413 and fails the invocation with
  /// `Function.ResponseSizeTooLarge`.
  std::size_t max_response_bytes = kMaxResponseBytes;
  std::size_t max_streamed_response_bytes = kMaxStreamedResponseBytes;
};

/// One event to deliver through `/next`.
struct InvocationRequest {
  std::string request_id{};  // empty: a fresh UUID
  std::string payload{};
  std::string content_type = "application/json";
  std::string function_arn{};      // empty: RuntimeApiServerOptions::function_arn
  std::string trace_id{};          // `Lambda-Runtime-Trace-Id`; omitted when empty
  std::string client_context{};    // JSON; header omitted when empty
  std::string cognito_identity{};  // JSON; header omitted when empty
};

/// How an invocation ended, as the Lambda service sees it.
struct InvocationOutcome {
  enum class Kind {
    kSuccess,        // `/response` accepted; `body` is the response
    kFunctionError,  // `/error`, a streamed error trailer, or a too-large response
    kInitError,      // the runtime posted `/init/error` before taking the event
    kTimeout,        // no answer before the timeout passed to Invoke()
    kCancelled,      // Cancel() (the runtime process died) or server shut down
  };
  Kind kind = Kind::kCancelled;
  std::string request_id;
  /// The response body; for errors the error document as posted (for
  /// `/init/error` too). Empty for kTimeout and kCancelled.
  std::string body;
  std::string content_type;
  /// `Lambda-Runtime-Function-Error-Type` as posted (may be empty), or
  /// `Function.ResponseSizeTooLarge`.
  std::string error_type;
  bool delivered = false;  // the runtime received the event through `/next`
  bool streamed = false;   // answered with `Response-Mode: streaming`
  /// From the moment `/next` returned the event to the answer; zero when
  /// never delivered.
  std::chrono::microseconds duration{0};
};

/// An error posted to `/init/error`.
struct RuntimeError {
  std::string error_type;  // `Lambda-Runtime-Function-Error-Type`, may be empty
  std::string body;
  std::string content_type;
};

enum class InitStatus {
  kReady,      // the runtime asked for its first event
  kInitError,  // it posted `/init/error` (see init_error())
  kCancelled,  // Cancel() was called (typically: the process exited)
  kTimeout,
};

/// Thread-safety: every public member may be called from any thread, except
/// that the destructor must not race with other calls. Requests are served by
/// one internal thread.
class RuntimeApiServer {
 public:
  /// Binds 127.0.0.1:`options.port` and starts serving. Error "Io" when the
  /// port cannot be bound.
  static Result<std::unique_ptr<RuntimeApiServer>> Start(RuntimeApiServerOptions options = {});

  /// Stops serving, closes every connection and fails pending invocations
  /// with kCancelled.
  ~RuntimeApiServer();
  RuntimeApiServer(const RuntimeApiServer&) = delete;
  RuntimeApiServer& operator=(const RuntimeApiServer&) = delete;

  std::uint16_t port() const;
  /// "127.0.0.1:<port>", the value for AWS_LAMBDA_RUNTIME_API.
  std::string address() const;

  /// Queues `request` and blocks until the runtime answers it, `timeout`
  /// passes (counted from this call; it also sets `Lambda-Runtime-Deadline-Ms`)
  /// or the server is cancelled. Events are delivered in FIFO order. After a
  /// kTimeout the request id is retired: a late answer gets 403.
  InvocationOutcome Invoke(InvocationRequest request, std::chrono::milliseconds timeout);

  /// Blocks until the runtime's first `/next`, an `/init/error`, Cancel(), or
  /// `timeout`. Returns at once when one of those already happened.
  InitStatus WaitForInit(std::chrono::milliseconds timeout);
  /// The posted `/init/error`, if any.
  std::optional<RuntimeError> init_error() const;
  /// True once the runtime has asked for an event (init is over).
  bool next_seen() const;

  /// Fails every queued or in-flight invocation, and every later one, with
  /// kCancelled. Call it when the runtime process is gone. Irreversible.
  void Cancel();

 private:
  class Impl;  // hides Asio/Beast from this header
  explicit RuntimeApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sparta::local
