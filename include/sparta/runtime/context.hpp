#pragma once
// Context: what a handler knows about the invocation it is serving.

#include <chrono>
#include <string>
#include <string_view>

namespace sparta::runtime {

/// Writes log lines the way Lambda's managed runtimes do:
/// "<RFC3339 UTC time>\t<request id>\t<LEVEL>\t<message>\n" on stderr, which
/// Lambda (and `invoke` locally) captures into the function's log stream.
/// Thread-compatible: one Logger per invocation.
class Logger {
 public:
  explicit Logger(std::string request_id = {}) : request_id_(std::move(request_id)) {}
  void Debug(std::string_view message) const { Write("DEBUG", message); }
  void Info(std::string_view message) const { Write("INFO", message); }
  void Warn(std::string_view message) const { Write("WARN", message); }
  void Error(std::string_view message) const { Write("ERROR", message); }

 private:
  void Write(std::string_view level, std::string_view message) const;
  std::string request_id_;
};

/// The facts Lambda hands the runtime with each event (the `/next` response
/// headers). Empty strings mean "not sent".
struct InvocationInfo {
  std::string request_id;
  std::chrono::system_clock::time_point deadline;
  std::string invoked_function_arn;
  std::string trace_id;          // X-Ray header value: Root=...;Parent=...;Sampled=...
  std::string client_context;    // JSON text, as sent
  std::string cognito_identity;  // JSON text, as sent
  std::string tenant_id;
  std::string content_type;      // of the event payload
};

class Context {
 public:
  explicit Context(InvocationInfo info) : info_(std::move(info)), log_(info_.request_id) {}

  const std::string& request_id() const { return info_.request_id; }
  std::chrono::system_clock::time_point deadline() const { return info_.deadline; }
  /// Time left before Lambda stops this invocation; zero once it has passed.
  std::chrono::milliseconds RemainingTime() const;
  const std::string& invoked_function_arn() const { return info_.invoked_function_arn; }
  const std::string& trace_id() const { return info_.trace_id; }
  const std::string& client_context() const { return info_.client_context; }
  const std::string& cognito_identity() const { return info_.cognito_identity; }
  const std::string& tenant_id() const { return info_.tenant_id; }
  const InvocationInfo& info() const { return info_; }
  const Logger& log() const { return log_; }

 private:
  InvocationInfo info_;
  Logger log_;
};

}  // namespace sparta::runtime
