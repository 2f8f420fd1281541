#include "runtime/runtime_api_client.hpp"

#include <charconv>

#include "sparta/util/base64.hpp"

namespace sparta::runtime::internal {
namespace {

constexpr std::string_view kInvocationPath = "/2018-06-01/runtime/invocation/";

void AppendNumber(std::string& out, size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

}  // namespace

RuntimeApiClient::RuntimeApiClient(Endpoint endpoint) : http_(std::move(endpoint)) {
  get_next_ = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ";
  get_next_ += http_.endpoint().host_header;
  get_next_ += "\r\n\r\n";
  head_.reserve(512);
}

Result<NextInvocation> RuntimeApiClient::Next() {
  auto response = http_.RoundTrip({get_next_});
  if (!response) return response.error();
  const HttpResponse& r = **response;
  if (r.status() != 200) {
    std::string message = "GET /next: the Runtime API answered " + std::to_string(r.status());
    if (!r.body().empty()) message += ": " + std::string(r.body().substr(0, 512));
    return MakeError("UnexpectedStatus", std::move(message));
  }
  NextInvocation next;
  next.payload = r.body();
  next.request_id = r.Header("Lambda-Runtime-Aws-Request-Id");
  next.deadline_ms = r.Header("Lambda-Runtime-Deadline-Ms");
  next.invoked_function_arn = r.Header("Lambda-Runtime-Invoked-Function-Arn");
  next.trace_id = r.Header("Lambda-Runtime-Trace-Id");
  next.client_context = r.Header("Lambda-Runtime-Client-Context");
  next.cognito_identity = r.Header("Lambda-Runtime-Cognito-Identity");
  next.tenant_id = r.Header("Lambda-Runtime-Aws-Tenant-Id");
  next.content_type = r.Header("Content-Type");
  if (next.request_id.empty()) {
    return MakeError("BadResponse", "GET /next: the event has no Lambda-Runtime-Aws-Request-Id");
  }
  return next;
}

void RuntimeApiClient::AppendPostHead(std::string_view path_prefix, std::string_view request_id,
                                      std::string_view path_suffix) {
  head_.clear();
  head_ += "POST ";
  head_ += path_prefix;
  head_ += request_id;
  head_ += path_suffix;
  head_ += " HTTP/1.1\r\nHost: ";
  head_ += http_.endpoint().host_header;
  head_ += "\r\n";
}

void RuntimeApiClient::AppendStreamHead(std::string_view request_id) {
  AppendPostHead(kInvocationPath, request_id, "/response");
  head_ +=
      "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
      "Transfer-Encoding: chunked\r\n"
      "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
      "Content-Type: application/octet-stream\r\n\r\n";
}

Result<PostOutcome> RuntimeApiClient::ReadOutcome() {
  auto response = http_.ReadResponse();
  if (!response) return response.error();
  return PostOutcome{(*response)->status(), (*response)->body()};
}

Result<PostOutcome> RuntimeApiClient::Post(std::string_view body) {
  auto response = http_.RoundTrip({head_, body});
  if (!response) return response.error();
  return PostOutcome{(*response)->status(), (*response)->body()};
}

Result<PostOutcome> RuntimeApiClient::PostResponse(std::string_view request_id,
                                                   std::string_view body) {
  AppendPostHead(kInvocationPath, request_id, "/response");
  head_ += "Content-Type: application/json\r\nContent-Length: ";
  AppendNumber(head_, body.size());
  head_ += "\r\n\r\n";
  return Post(body);
}

Result<PostOutcome> RuntimeApiClient::PostErrorTo(std::string_view path_prefix,
                                                  std::string_view request_id,
                                                  std::string_view path_suffix,
                                                  const ErrorReport& report) {
  std::string body = ErrorReportJson(report);
  AppendPostHead(path_prefix, request_id, path_suffix);
  head_ += "Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: ";
  head_ += report.category;
  head_ += "\r\nContent-Length: ";
  AppendNumber(head_, body.size());
  head_ += "\r\n\r\n";
  return Post(body);
}

Result<PostOutcome> RuntimeApiClient::PostError(std::string_view request_id,
                                                const ErrorReport& report) {
  return PostErrorTo(kInvocationPath, request_id, "/error", report);
}

Result<PostOutcome> RuntimeApiClient::PostInitError(const ErrorReport& report) {
  return PostErrorTo("/2018-06-01/runtime/init/error", "", "", report);
}

Status RuntimeApiClient::StreamChunk(std::string_view request_id, std::string_view bytes) {
  char size_line[24];
  auto [end, ec] = std::to_chars(size_line, size_line + 20, bytes.size(), 16);
  *end++ = '\r';
  *end++ = '\n';
  std::string_view size_view(size_line, static_cast<size_t>(end - size_line));
  if (stream_open_) return http_.Send({size_view, bytes, "\r\n"});
  AppendStreamHead(request_id);
  stream_open_ = true;
  return http_.Send({head_, size_view, bytes, "\r\n"});
}

Result<PostOutcome> RuntimeApiClient::FinishStream(std::string_view request_id,
                                                   const ErrorReport* error) {
  std::string trailers;
  if (error != nullptr) {
    trailers =
        "Lambda-Runtime-Function-Error-Type: " + error->category +
        "\r\nLambda-Runtime-Function-Error-Body: " + util::Base64Encode(ErrorReportJson(*error)) +
        "\r\n";
  }
  Status sent;
  if (stream_open_) {
    sent = http_.Send({"0\r\n", trailers, "\r\n"});
  } else {
    AppendStreamHead(request_id);
    sent = http_.Send({head_, "0\r\n", trailers, "\r\n"});
  }
  stream_open_ = false;
  if (!sent) {
    http_.Close();
    return sent.error();
  }
  auto outcome = ReadOutcome();
  http_.Close();  // a streamed response ends its connection
  return outcome;
}

void RuntimeApiClient::AbortStream() {
  stream_open_ = false;
  http_.Close();
}

}  // namespace sparta::runtime::internal
