#pragma once
// Test doubles for the service clients: a scripted HttpTransport that records
// every request it is given, fixed credentials, and AwsClients built on them.

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/credentials.hpp"
#include "sparta/aws/http.hpp"

namespace sparta::aws::testing {

/// Answers each Send with the next scripted response (or transport error),
/// recording the request. With nothing scripted it answers 599, which no
/// test expects, so a missing script line shows as a failure.
class FakeTransport : public HttpTransport {
 public:
  void Respond(int status, std::string body, HeaderList headers = {}) {
    std::lock_guard lock(mutex_);
    script_.push_back(HttpResponse{status, std::move(headers), std::move(body)});
  }
  void Fail(std::string code, std::string message) {
    std::lock_guard lock(mutex_);
    script_.push_back(Error{std::move(code), std::move(message)});
  }

  Result<HttpResponse> Send(const HttpRequest& request, std::chrono::milliseconds) override {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (script_.empty()) return HttpResponse{599, {}, "unscripted request"};
    Result<HttpResponse> next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  const std::vector<HttpRequest>& requests() const { return requests_; }
  std::size_t unused() const { return script_.size(); }

 private:
  std::mutex mutex_;
  std::deque<Result<HttpResponse>> script_;
  std::vector<HttpRequest> requests_;
};

class FixedCredentials : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override {
    return Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
  }
};

inline Endpoint MakeEndpoint(std::string service, std::string host) {
  Endpoint endpoint;
  endpoint.scheme = "https";
  endpoint.host = std::move(host);
  endpoint.signing_region = "us-east-1";
  endpoint.signing_name = std::move(service);
  return endpoint;
}

/// One attempt only and no sleeping, so a scripted error is the final answer.
inline std::shared_ptr<const AwsClient> MakeClient(Endpoint endpoint,
                                                   std::shared_ptr<FakeTransport> transport,
                                                   bool signed_requests = true) {
  AwsClientOptions options;
  options.endpoint = std::move(endpoint);
  if (signed_requests) options.credentials = std::make_shared<FixedCredentials>();
  options.transport = std::move(transport);
  options.retry.max_attempts = 1;
  options.sleep = [](std::chrono::milliseconds) {};
  return std::make_shared<AwsClient>(std::move(options));
}

/// The form body's fields, in order, decoded only as far as tests need:
/// splits on '&' and '=' and leaves the percent-encoding as it is.
inline std::vector<std::pair<std::string, std::string>> FormFields(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    const std::string piece = body.substr(start, end - start);
    const std::size_t eq = piece.find('=');
    fields.emplace_back(piece.substr(0, eq), eq == std::string::npos ? "" : piece.substr(eq + 1));
    start = end + 1;
  }
  return fields;
}

}  // namespace sparta::aws::testing
