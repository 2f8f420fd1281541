#pragma once
// MockRuntimeApi: a scripted Lambda Runtime API on 127.0.0.1 for tests.
//
// One thread, blocking sockets, TCP_NODELAY, one connection at a time (like
// Lambda's). It answers GET /next with the scripted invocations in order,
// answers posts with each invocation's post_status, and records every
// request (request line, headers, body, chunks, trailers). When the script
// is exhausted, the next GET /next makes it shut down (connection and
// listening socket closed), so the runtime loop under test sees the Runtime
// API go away and returns. Every socket wait is bounded (5 s) so a broken
// client cannot hang a test.

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace sparta::runtime::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct RecordedRequest {
  int connection = 0;  // 1 for the first TCP connection accepted, 2 for the next...
  std::string method;
  std::string target;
  std::string head;  // the raw request line and headers, through the blank line
  HeaderList headers;
  std::string body;  // de-chunked when chunked
  bool chunked = false;
  std::vector<std::string> chunks;
  HeaderList trailers;

  /// Value of the first header (or trailer) named `name`, ASCII
  /// case-insensitive; empty when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  std::string Trailer(std::string_view name) const;
};

struct MockInvocation {
  std::string request_id{};
  std::string payload{};
  HeaderList headers{};           // /next headers besides the request id and length
  bool chunked_event = false;     // send the event with Transfer-Encoding: chunked
  bool close_after_next = false;  // drop the connection right after answering /next
  int post_status = 202;          // answer to this invocation's /response or /error
};

class MockRuntimeApi {
 public:
  MockRuntimeApi();
  ~MockRuntimeApi();
  MockRuntimeApi(const MockRuntimeApi&) = delete;
  MockRuntimeApi& operator=(const MockRuntimeApi&) = delete;

  /// "127.0.0.1:<port>", the AWS_LAMBDA_RUNTIME_API value.
  std::string address() const;

  /// Appends an invocation to the script. Thread-safe.
  void Add(MockInvocation invocation);

  /// Stops the server (REQUIRES: the client under test is done, e.g. its
  /// loop returned or its process exited) and returns what it recorded.
  std::vector<RecordedRequest> Finish();

 private:
  void Serve();
  bool ServeConnection(int fd, int connection);  // false: shut down

  std::atomic<int> listen_fd_{-1};
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::deque<MockInvocation> script_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

}  // namespace sparta::runtime::testing
