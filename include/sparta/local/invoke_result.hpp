#pragma once
// What one synchronous invoke returns, shaped like Lambda's Invoke API
// response, plus the platform figures Lambda reports in its REPORT line.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sparta::local {

struct InvokeOptions {
  std::string request_id;        // empty: a fresh UUID
  std::string client_context;    // JSON, already base64-decoded; empty: none
  std::string cognito_identity;  // JSON; empty: none
  std::string trace_id;          // X-Amzn-Trace-Id; empty: a fresh unsampled one
};

/// One line of the function's log stream, as CloudWatch Logs would store it.
struct LogEvent {
  std::chrono::system_clock::time_point time;
  std::string message;  // without the newline
};

struct InvokeResult {
  /// The Invoke API's status: 200 for every executed invoke, function errors
  /// included (they are flagged by `function_error`).
  int status_code = 200;
  /// "Unhandled" when the function failed (`/error`, crash, timeout, init
  /// failure, oversized response); empty on success.
  std::string function_error;
  /// The response, or the error document: `{"errorType":...,"errorMessage":...}`
  /// as posted by the runtime or as Lambda builds it (`Sandbox.Timedout`,
  /// `Runtime.ExitError`, `Function.ResponseSizeTooLarge`, ...).
  std::string payload;
  std::string content_type;
  std::string request_id;
  std::string executed_version;
  std::string log_stream_name;  // the stream of the process that ran it

  bool cold_start = false;
  double duration_ms = 0;              // the invoke phase
  std::int64_t billed_duration_ms = 0;  // rounded up; includes init on cold start
  std::optional<double> init_duration_ms;  // cold starts only
  int memory_size_mb = 0;
  std::int64_t max_memory_used_mb = 0;

  /// This invocation's log lines, framed as Lambda frames them: lines logged
  /// since the previous invoke (init output on a cold start), `START
  /// RequestId: <id> Version: $LATEST`, the function's stdout and stderr,
  /// error lines, `END RequestId: <id>`, `REPORT RequestId: <id>\t...`.
  std::vector<LogEvent> logs;

  /// The last `max_bytes` bytes of the log text ("message\n" per event): the
  /// Invoke API's LogResult (`LogType: Tail`) before base64.
  std::string LogTail(std::size_t max_bytes = 4096) const;
};

}  // namespace sparta::local
