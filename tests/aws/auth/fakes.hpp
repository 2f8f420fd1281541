#pragma once
// Test doubles for the credentials tests: an HttpTransport that records
// every request and answers from a script, and helpers that load the
// fixture config files into an InMemoryEnvironment.

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sparta/aws/environment.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/aws/shared_config.hpp"

namespace sparta::aws::testing {

class FakeTransport final : public HttpTransport {
 public:
  struct Sent {
    HttpRequest request;
    std::chrono::milliseconds timeout;
  };

  /// Queues the next answer: a response, or a transport error.
  void Respond(int status, std::string body, HeaderList headers = {});
  void Fail(std::string code, std::string message);

  Result<HttpResponse> Send(const HttpRequest& request, std::chrono::milliseconds timeout) override;

  std::vector<Sent> sent() const;
  size_t pending() const;

 private:
  mutable std::mutex mutex_;
  std::deque<Result<HttpResponse>> answers_;
  std::vector<Sent> sent_;
};

/// The value of header `name` (any case) in `request`, or "<absent>".
std::string HeaderOr(const HttpRequest& request, std::string_view name);

inline constexpr char kHome[] = "/home/tester";

/// An environment whose home holds the fixture files of tests/aws/auth/testdata
/// as ~/.aws/config and ~/.aws/credentials.
std::shared_ptr<InMemoryEnvironment> FixtureEnvironment();

/// SharedConfig::Load of `env`, asserting success.
std::shared_ptr<const SharedConfig> LoadConfig(const Environment& env);

}  // namespace sparta::aws::testing
