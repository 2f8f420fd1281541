#pragma once
// RuntimeApiClient: the requests of the Lambda Runtime API (2018-06-01) over
// one keep-alive HttpConnection.
//
// The exact request bytes, the same as a minimal C client sends (asserted by
// tests/runtime/loop_test.cpp), with <host> the AWS_LAMBDA_RUNTIME_API value:
//   GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: <host>\r\n\r\n
//   POST /2018-06-01/runtime/invocation/<id>/response HTTP/1.1\r\nHost: <host>\r\n
//     Content-Type: application/json\r\nContent-Length: <n>\r\n\r\n<body>
//   POST .../<id>/error and /2018-06-01/runtime/init/error: the same, plus
//     Lambda-Runtime-Function-Error-Type: <category>\r\n before Content-Length.

#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

#include "runtime/endpoint.hpp"
#include "runtime/error_report.hpp"
#include "runtime/http_connection.hpp"

namespace sparta::runtime::internal {

/// An event from GET /next. Views into the connection's buffer: valid until
/// the client's next response is read (i.e. through the whole invocation).
struct NextInvocation {
  std::string_view payload;
  std::string_view request_id;
  std::string_view deadline_ms;
  std::string_view invoked_function_arn;
  std::string_view trace_id;
  std::string_view client_context;
  std::string_view cognito_identity;
  std::string_view tenant_id;
  std::string_view content_type;
};

/// What Lambda answered to a POST.
struct PostOutcome {
  int status = 0;
  std::string_view body;  // valid until the next request
  bool accepted() const { return status >= 200 && status < 300; }
};

/// Not thread-safe.
class RuntimeApiClient {
 public:
  explicit RuntimeApiClient(Endpoint endpoint);

  const std::string& host() const { return http_.endpoint().host_header; }

  /// GET /next: blocks (no timeout) until Lambda has an event. Error codes:
  /// those of HttpConnection, or "UnexpectedStatus" when the answer is not 200.
  Result<NextInvocation> Next();

  /// POST /response with a buffered body. An Error means the request could
  /// not be completed; a refusal (413, 403, ...) is a PostOutcome.
  Result<PostOutcome> PostResponse(std::string_view request_id, std::string_view body);
  /// POST /error for one invocation.
  Result<PostOutcome> PostError(std::string_view request_id, const ErrorReport& report);
  /// POST /runtime/init/error.
  Result<PostOutcome> PostInitError(const ErrorReport& report);

  /// Streaming response (`Lambda-Runtime-Function-Response-Mode: streaming`,
  /// chunked, error trailers announced). The first call sends the request
  /// head and the chunk in one write; each call sends one chunk right away.
  /// REQUIRES: !bytes.empty() (an empty chunk would end the body).
  Status StreamChunk(std::string_view request_id, std::string_view bytes);
  /// Ends the stream: the terminating chunk, with the error trailers
  /// (`Lambda-Runtime-Function-Error-Type`, and `-Error-Body` holding the
  /// base64 of ErrorReportJson) when `error` is non-null. Sends the head
  /// first if no chunk was sent. Reads Lambda's answer, then closes the
  /// connection as the protocol asks after a streamed response.
  Result<PostOutcome> FinishStream(std::string_view request_id, const ErrorReport* error);
  /// Abandons a stream whose connection failed: closes it.
  void AbortStream();
  bool streaming() const { return stream_open_; }

 private:
  void AppendPostHead(std::string_view path_prefix, std::string_view request_id,
                      std::string_view path_suffix);
  void AppendStreamHead(std::string_view request_id);
  Result<PostOutcome> Post(std::string_view body);
  Result<PostOutcome> PostErrorTo(std::string_view path_prefix, std::string_view request_id,
                                  std::string_view path_suffix, const ErrorReport& report);
  Result<PostOutcome> ReadOutcome();

  HttpConnection http_;
  std::string get_next_;  // the whole GET /next request, built once
  std::string head_;      // scratch for POST heads; keeps its capacity
  bool stream_open_ = false;
};

}  // namespace sparta::runtime::internal
