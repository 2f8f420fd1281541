#pragma once
// FaultProxy: a loopback HTTP/1.1 proxy for tests that forwards bytes between
// its clients and one target (e.g. moto_server) and injects faults into the
// next requests: a canned response instead of the target's (503, a
// throttling error, ...), a connection closed mid-response, a slow response.
//
//   auto proxy = FaultProxy::Start("127.0.0.1", moto_port);
//   (*proxy)->Enqueue(Fault::Throttle(), 2);   // the next two requests
//   ... point the client at (*proxy)->url() ...
//   EXPECT_EQ((*proxy)->requests(), 3);
//
// Requests are told apart by their Content-Length (chunked request bodies are
// not supported); clients must not pipeline. Everything is bounded: at most
// 64 connections at once, and Stop() (or the destructor) ends every thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::testing {

struct Fault {
  enum class Kind {
    kPass,              // forward as is
    kRespond,           // answer with `status`/`body`/`headers`; the target never sees it
    kCloseMidResponse,  // forward, pass `forward_bytes` of the response, then close
                        // (choose fewer bytes than the response has)
    kDelay,             // forward, hold the response back for `delay`
  };
  Kind kind = Kind::kPass;
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  size_t forward_bytes = 0;
  std::chrono::milliseconds delay{0};

  static Fault Pass();
  /// Content-Type is text/xml for a body starting with '<', else
  /// application/json; Content-Length and x-amzn-RequestId are added.
  static Fault Respond(int status, std::string body = {},
                       std::vector<std::pair<std::string, std::string>> headers = {});
  /// HTTP 400 with the Query-protocol <ErrorResponse> CloudFormation throttles with.
  static Fault Throttle();
  static Fault CloseMidResponse(size_t forward_bytes = 24);
  static Fault Delay(std::chrono::milliseconds delay);
};

/// Thread-safe.
class FaultProxy {
 public:
  /// Listens on 127.0.0.1 (an ephemeral port) and forwards to
  /// target_host:target_port (IPv4 address or name), which is connected to
  /// only when a request must be forwarded. Error code "Io".
  static Result<std::unique_ptr<FaultProxy>> Start(const std::string& target_host,
                                                   uint16_t target_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  uint16_t port() const;
  /// "http://127.0.0.1:<port>"
  std::string url() const;

  /// Applies `fault` to the next `times` requests, after the faults already queued.
  void Enqueue(Fault fault, int times = 1);
  void ClearFaults();
  /// Complete requests received from clients, faulted or not.
  int requests() const;
  /// Faults applied so far (passes excluded).
  int faults_applied() const;
  /// Client connections accepted.
  int connections() const;
  /// "METHOD target" of every request received, in order.
  std::vector<std::string> request_lines() const;

  /// Closes every connection and joins every thread. Idempotent.
  void Stop();

 private:
  struct State;
  explicit FaultProxy(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::testing
