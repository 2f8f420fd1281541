#include "local/sandbox.hpp"

#include <cerrno>
#include <utility>

#include "local/ids.hpp"
#include "sparta/json/json.hpp"

namespace sparta::local::detail {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kForever = std::chrono::hours(24 * 365);

std::string ErrorDocument(std::string_view type, std::string_view message) {
  return json::serialize(json::object{{"errorType", type}, {"errorMessage", message}});
}

Failure ExitFailure(const std::string& request_id, const ExitStatus& status) {
  std::string reason = !status.signaled && status.code == 0
                           ? "Runtime exited without providing a reason"
                           : "Runtime exited with error: " + DescribeExit(status);
  std::string message = "RequestId: " + request_id + " Error: " + reason;
  return Failure{"Runtime.ExitError", ErrorDocument("Runtime.ExitError", message), "error",
                 {message, "Runtime.ExitError"}};
}

Failure TimeoutFailure(const std::string& request_id, int timeout_seconds) {
  std::string text = "Task timed out after " + std::to_string(timeout_seconds) + ".00 seconds";
  return Failure{"Sandbox.Timedout",
                 ErrorDocument("Sandbox.Timedout", "RequestId: " + request_id + " Error: " + text),
                 "timeout",
                 {Iso8601Millis(std::chrono::system_clock::now()) + " " + request_id + " " + text}};
}

// The type a runtime gave its error: the header, else the document's own.
std::string ErrorTypeOf(const std::string& header_type, const std::string& body) {
  if (!header_type.empty()) return header_type;
  json::error_code ec;
  json::value parsed = json::parse(body, ec, {}, jsonutil::ParseOptions());
  if (!ec && parsed.is_object()) {
    if (const json::value* type = parsed.as_object().if_contains("errorType");
        type && type->is_string()) {
      return std::string(type->as_string());
    }
  }
  return "Runtime.Unknown";
}

}  // namespace

Result<Spawned> SpawnSandbox(const FunctionConfig& config, LogCapture& logs,
                             const std::string& request_id) {
  Spawned out;
  out.sandbox = std::make_shared<Sandbox>();
  Sandbox& sandbox = *out.sandbox;
  RuntimeApiServerOptions server_options;
  server_options.function_arn = config.FunctionArn();
  auto server = RuntimeApiServer::Start(server_options);
  if (!server.ok()) return MakeError("ServiceException", server.error().message);
  sandbox.server = std::move(*server);
  sandbox.log_stream_name = NewLogStreamName(config.version, std::chrono::system_clock::now());

  SpawnSpec spec;
  spec.program = config.task_root / "bootstrap";
  spec.environment =
      BuildLambdaEnvironment(config, sandbox.server->address(), sandbox.log_stream_name);
  spec.working_directory = config.task_root;
  RuntimeApiServer* server_ptr = sandbox.server.get();
  int spawn_errno = 0;
  sandbox.spawned_at = Clock::now();
  auto child = ChildProcess::Spawn(
      spec, [&logs](OutputStream, std::string line) { logs.Append(std::move(line)); },
      [server_ptr](const ExitStatus&) { server_ptr->Cancel(); }, &spawn_errno);
  if (child.ok()) {
    sandbox.child = std::move(*child);
    return out;
  }
  if (spawn_errno == EAGAIN || spawn_errno == ENOMEM || spawn_errno == EMFILE ||
      spawn_errno == ENFILE) {
    return MakeError("ServiceException",
                     "cannot start " + spec.program.string() + ": " + child.error().message);
  }
  // Lambda's wording: its own message for a missing bootstrap, Go's exec
  // error otherwise.
  std::string reason = spawn_errno == ENOENT
                           ? "Couldn't find valid bootstrap(s): [" + spec.program.string() + "]"
                           : "fork/exec " + spec.program.string() + ": " + child.error().message;
  std::string message = "RequestId: " + request_id + " Error: " + reason;
  out.failure = Failure{"Runtime.InvalidEntrypoint",
                        ErrorDocument("Runtime.InvalidEntrypoint", message), "error",
                        {message, "Runtime.InvalidEntrypoint"}};
  return out;
}

std::optional<Failure> AwaitInit(Sandbox& sandbox, const FunctionConfig& config,
                                 std::chrono::milliseconds init_timeout,
                                 const std::string& request_id, double* init_ms) {
  InitStatus init = sandbox.server->WaitForInit(init_timeout);
  *init_ms = std::chrono::duration<double, std::milli>(Clock::now() - sandbox.spawned_at).count();
  switch (init) {
    case InitStatus::kReady:
      return std::nullopt;
    case InitStatus::kInitError: {
      sandbox.child->Kill();  // Lambda resets the sandbox after a failed init
      RuntimeError posted = sandbox.server->init_error().value_or(RuntimeError{});
      std::string type = ErrorTypeOf(posted.error_type, posted.body);
      return Failure{type, posted.body.empty() ? ErrorDocument(type, "") : posted.body, "error",
                     {}};
    }
    case InitStatus::kTimeout:
      sandbox.child->Kill();
      return TimeoutFailure(request_id, config.timeout_seconds);
    case InitStatus::kCancelled:
      break;
  }
  return ExitFailure(request_id, *sandbox.child->WaitForExit(kForever));
}

std::optional<Failure> RunEvent(Sandbox& sandbox, const FunctionConfig& config,
                                std::string_view payload, const InvokeOptions& options,
                                InvokeResult& result) {
  InvocationRequest request;
  request.request_id = result.request_id;
  request.payload = std::string(payload);
  request.function_arn = config.FunctionArn();
  request.trace_id = options.trace_id.empty() ? NewTraceHeader() : options.trace_id;
  request.client_context = options.client_context;
  request.cognito_identity = options.cognito_identity;
  const auto start = Clock::now();
  InvocationOutcome outcome =
      sandbox.server->Invoke(std::move(request), std::chrono::seconds(config.timeout_seconds));
  result.duration_ms = std::chrono::duration<double, std::milli>(outcome.duration).count();
  switch (outcome.kind) {
    case InvocationOutcome::Kind::kSuccess:
      result.payload = std::move(outcome.body);
      result.content_type = std::move(outcome.content_type);
      return std::nullopt;
    case InvocationOutcome::Kind::kFunctionError:
    case InvocationOutcome::Kind::kInitError:
      result.function_error = "Unhandled";
      result.content_type = "application/json";
      result.payload = outcome.body.empty()
                           ? ErrorDocument(ErrorTypeOf(outcome.error_type, ""), "")
                           : std::move(outcome.body);
      return std::nullopt;
    case InvocationOutcome::Kind::kTimeout:
      // The whole timeout, as Lambda reports it (the event's delivery is
      // part of it).
      result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      sandbox.child->Kill();
      return TimeoutFailure(result.request_id, config.timeout_seconds);
    case InvocationOutcome::Kind::kCancelled:
      break;
  }
  return ExitFailure(result.request_id, *sandbox.child->WaitForExit(kForever));
}

}  // namespace sparta::local::detail
