#pragma once
// CloudHttpServer: the local cloud's HTTP/1.1 front on a loopback address.
// Each request gets a fresh request id, has its SigV4 signature verified
// (sigv4_verifier.hpp) and, when it verifies, goes to the dispatcher with
// service, region and access key filled in; otherwise the verifier's AWS
// error is the answer. One thread per connection (synchronous Beast), at
// most `max_connections` at once (more: 503 and close), keep-alive,
// chunked request bodies, `Expect: 100-continue` answered before the body is
// read, a body limit (413 in the addressed service's protocol), an idle read
// timeout, and malformed HTTP answered with 400 and a close.
//
// **Example**:
//
//     auto server = CloudHttpServer::Start({.port = 0}, SigV4Verifier({{"test", "test"}}),
//                                          [](const CloudRequest& r) { ... });
//     std::cout << (*server)->endpoint();   // http://127.0.0.1:40123
//     (*server)->Stop();

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/util/result.hpp"

#include "local_cloud/server/sigv4_verifier.hpp"

namespace sparta::local_cloud::server {

struct HttpServerOptions {
  /// "127.0.0.1" (or another 127.x.y.z), "::1" or "localhost"; nothing else.
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port
  /// Largest request body read; larger: 413 and the connection closes.
  std::uint64_t max_body_bytes = 5ull * 1024 * 1024 * 1024;
  int max_connections = 256;
  /// How long a connection may send nothing while a request is awaited or
  /// being read before it is closed.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
};

/// OK for the hosts HttpServerOptions::host accepts; else "InvalidArgument"
/// saying why only loopback is allowed.
Status CheckLoopbackHost(const std::string& host);

/// One line of the request log: what was asked and how it went.
struct RequestLogEntry {
  std::string method;
  std::string target;   // path and query as received
  std::string service;  // the signing name, or the addressed service when unsigned
  int status = 0;
  std::chrono::microseconds duration{0};
};

class CloudHttpServer {
 public:
  using Dispatcher = std::function<CloudResponse(const CloudRequest&)>;
  /// Called from connection threads, concurrently, after each response.
  using RequestLog = std::function<void(const RequestLogEntry&)>;

  /// Binds and starts accepting. Errors: "InvalidArgument" (a host that is
  /// not loopback), "AddressInUse" (the port is taken; says which), "Io".
  static Result<std::unique_ptr<CloudHttpServer>> Start(HttpServerOptions options,
                                                        SigV4Verifier verifier,
                                                        Dispatcher dispatcher, RequestLog log = {});
  /// Stop()s.
  ~CloudHttpServer();
  CloudHttpServer(const CloudHttpServer&) = delete;
  CloudHttpServer& operator=(const CloudHttpServer&) = delete;

  std::uint16_t port() const;
  /// "http://127.0.0.1:<port>" ("http://[::1]:<port>" for IPv6).
  std::string endpoint() const;

  /// Stops accepting and wakes every connection waiting for or reading a
  /// request (they close); returns at once. A request being dispatched
  /// finishes first and its answer is still written (with `Connection:
  /// close`, within a 2 s grace). Idempotent.
  void Shutdown();
  /// Shutdown(), then waits for every connection thread to end. Idempotent.
  void Stop();

 private:
  struct State;
  explicit CloudHttpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::local_cloud::server
