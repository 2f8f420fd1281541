// AwsClient: endpoint fill-in, signing, sending and the retry policy.

#include "sparta/aws/aws_client.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include "sparta/aws/aws_error.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/sigv4.hpp"

namespace sparta::aws {
namespace {

double DefaultRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

bool IsRetryableTransportError(const Error& error) {
  return error.code == "Connect" || error.code == "Io" || error.code == "Timeout";
}

std::string JoinPath(const std::string& base, const std::string& path) {
  if (base.empty()) return path.empty() ? "/" : path;
  std::string joined = base;
  if (joined.ends_with('/') && path.starts_with('/')) joined.pop_back();
  if (!joined.ends_with('/') && !path.empty() && !path.starts_with('/')) joined += '/';
  return joined + path;
}

}  // namespace

AwsClient::AwsClient(AwsClientOptions options) : options_(std::move(options)) {
  if (!options_.transport) options_.transport = MakeHttpTransport();
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }
  if (!options_.random) options_.random = DefaultRandom;
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
  options_.retry.max_attempts = std::max(options_.retry.max_attempts, 1);
}

Result<HttpResponse> AwsClient::Send(HttpRequest request, const std::string& operation) const {
  const Endpoint& endpoint = options_.endpoint;
  request.scheme = endpoint.scheme;
  // A request may name its own host on the endpoint's domain (S3's
  // virtual-hosted "bucket.s3.<region>.amazonaws.com"): keep it.
  if (request.host.empty()) request.host = endpoint.host;
  request.port = endpoint.port;
  request.path = JoinPath(endpoint.base_path, request.path);
  const bool s3 = endpoint.signing_name == "s3";
  const int max_attempts = options_.retry.max_attempts;

  Error last;
  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    if (attempt > 1) {
      const std::string reason = last.code + ": " + last.message;
      if (options_.on_retry) options_.on_retry(attempt, reason);
      // Full jitter (botocore "standard"): a uniform share of a doubling cap.
      const double cap_ms =
          std::min(static_cast<double>(options_.retry.base.count()) * std::pow(2.0, attempt - 2),
                   static_cast<double>(options_.retry.max_backoff.count()));
      const double jitter = std::clamp(options_.random(), 0.0, 1.0);
      options_.sleep(std::chrono::milliseconds(static_cast<long long>(jitter * cap_ms)));
    }

    HttpRequest signed_request = request;
    if (options_.credentials) {
      auto credentials = options_.credentials->GetCredentials();
      if (!credentials.ok()) return credentials.error();
      SigningOptions signing;
      signing.region = endpoint.signing_region;
      signing.service = endpoint.signing_name;
      signing.time = options_.clock();  // a new date for each attempt
      signing.s3_path_rules = s3;
      signing.add_content_sha256 = s3;
      Status status = SignRequest(signed_request, *credentials, signing);
      if (!status.ok()) {
        return MakeError(status.error().code,
                         "cannot sign " + operation + ": " + status.error().message);
      }
    }

    auto sent = options_.transport->Send(signed_request, options_.timeout);
    if (!sent.ok()) {
      if (!IsRetryableTransportError(sent.error())) return sent.error();
      last = sent.error();
      continue;
    }
    HttpResponse& response = *sent;
    if (response.status < 400) return std::move(response);
    Error error = MakeAwsError(response);
    if (!IsRetryableResponse(response.status, error.code)) return error;
    last = std::move(error);
  }
  if (max_attempts > 1)
    last.message += "; gave up after " + std::to_string(max_attempts) + " attempts";
  return last;
}

}  // namespace sparta::aws
