#pragma once
// AwsClient: one AWS service endpoint, called the way every SDK calls it:
// resolve the endpoint, sign (SigV4), send, retry what is worth retrying,
// and turn AWS's error documents into sparta::Error values.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "sparta/aws/credentials.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// Where a service is reached and how requests to it are signed.
struct Endpoint {
  std::string scheme = "https";
  std::string host;
  uint16_t port = 0;      // 0: the scheme's default
  std::string base_path;  // prefix for every request path ("" normally)
  std::string signing_region;
  std::string signing_name;    // "s3", "cloudformation", "sts", ...
  bool s3_path_style = false;  // S3: /bucket/key on the endpoint host (always true
                               // for a custom endpoint URL, as the CLI does)
};

/// Bounded retries with jittered exponential backoff (botocore "standard"
/// mode): the delay before retry n (1, 2, ...) is
/// random(0, 1) * min(base * 2^(n-1), max_backoff).
struct RetryOptions {
  int max_attempts = 5;  // including the first
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds max_backoff{20000};
};

struct AwsClientOptions {
  Endpoint endpoint;
  std::shared_ptr<CredentialsProvider> credentials;  // null: send unsigned
  std::shared_ptr<HttpTransport> transport;
  RetryOptions retry;
  std::chrono::milliseconds timeout{60000};  // per attempt
  /// Sleeps between attempts; tests replace it. Null: this thread sleeps.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// The signing time of each attempt; tests replace it. Null: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  /// Uniform in [0, 1): the backoff jitter; tests replace it. Null: a
  /// per-thread random engine.
  std::function<double()> random;
  /// Called before each retry (for -v output) with the number of the attempt
  /// about to be made (2, 3, ...) and why the previous one failed
  /// ("Throttling: Rate exceeded (HTTP 400, request id ...)").
  std::function<void(int, const std::string&)> on_retry;
};

/// Thread-safe.
class AwsClient {
 public:
  explicit AwsClient(AwsClientOptions options);

  /// Fills in scheme/port, and the host unless the request names one (S3's
  /// virtual-hosted bucket host), from the endpoint (prefixing `request.path`
  /// with `base_path`), signs (S3 rules and x-amz-content-sha256 when the
  /// signing name is "s3"; a fresh signature per attempt), sends and retries.
  /// Retried: transport errors ("Connect", "Io", "Timeout"), HTTP
  /// 429/500/502/503/504, RequestTimeout(Exception) and throttling codes
  /// (Throttling, ThrottlingException, SlowDown, RequestLimitExceeded,
  /// TooManyRequestsException, ... but not CloudFormation's quota error
  /// LimitExceededException); see aws_error.hpp. A 1xx/2xx/3xx response is
  /// returned as is (an S3 301 for a bucket in another region included: turn
  /// it into an Error with MakeAwsError where it is one). A 4xx/5xx
  /// response becomes Error{code: AWS's error code verbatim (or, when the
  /// body has none: 404 "NotFound", 403 "Forbidden", else "Http<status>"),
  /// message: AWS's message verbatim, followed by " (HTTP <status>, request
  /// id <id>)"}. When retries run out the message ends with "; gave up after
  /// N attempts". Errors from the credentials provider or the signer are
  /// returned as they are, without retrying. No message ever contains a
  /// secret or a header value.
  Result<HttpResponse> Send(HttpRequest request, const std::string& operation) const;

  const Endpoint& endpoint() const { return options_.endpoint; }

 private:
  AwsClientOptions options_;
};

}  // namespace sparta::aws
