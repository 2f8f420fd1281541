#pragma once
// FunctionSession: AWS clients for code running as a Lambda function, on AWS
// or on sparta-local, resolved from the function's environment alone, as
// Lambda provides it:
//   * credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
//     (Lambda sets them to the execution role's credentials; sparta-local to
//     its own);
//   * region: AWS_REGION (else AWS_DEFAULT_REGION);
//   * endpoints: AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL
//     (sparta-local sets it to itself), else AWS's HTTPS endpoint for the
//     region.
// No shared config files, profiles or instance metadata are read, so opening
// one costs microseconds and the artifact carries none of that code. A
// service whose functions never name these classes links none of them.
//
// **Example** (in a handler):
//   const auto& aws = sparta::OrThrow(sparta::aws::FunctionSession::Shared());
//   auto s3 = sparta::OrThrow(aws.S3());
//   sparta::OrThrow(s3.PutObject(bucket, "reports/today.json", body));

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/cloud_map_client.hpp"
#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/dynamodb_client.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

struct FunctionSessionOptions {
  std::shared_ptr<const Environment> env;  // null: the process's environment
  /// null: one pooled HTTP/HTTPS transport (TLS set up on the first HTTPS
  /// request, not before).
  std::shared_ptr<HttpTransport> transport;
  RetryOptions retry;
  /// Per attempt. Keep it below the function's timeout.
  std::chrono::milliseconds timeout{10000};
};

/// Copyable and thread-safe; the clients it makes share its transport.
class FunctionSession {
 public:
  /// Errors: "NoRegion" (AWS_REGION unset), "InvalidEndpoint" (a malformed
  /// AWS_ENDPOINT_URL*), "CredentialsNotConfigured" / "InvalidCredentials"
  /// (the key pair missing or half set), each saying which variable to set.
  static Result<FunctionSession> Open(FunctionSessionOptions options = {});

  /// The process's session, opened from the environment on first use
  /// (thread-safe) and kept for the life of the execution environment; the
  /// same error on every call when it could not be opened.
  static const Result<FunctionSession>& Shared();

  const std::string& region() const { return region_; }

  /// An AwsClient for `service_id` ("S3", "DynamoDB", "SQS", ...: the SDK
  /// service id, which also names AWS_ENDPOINT_URL_<ID>).
  Result<std::shared_ptr<const AwsClient>> Client(std::string_view service_id) const;

  Result<S3Client> S3() const;
  Result<DynamoDbClient> DynamoDb() const;
  Result<CloudFormationClient> CloudFormation() const;
  /// Cloud Map's DiscoverInstances. On AWS it is served by the data-plane
  /// host, data-servicediscovery.<region>.amazonaws.com; a custom endpoint
  /// (AWS_ENDPOINT_URL[_SERVICEDISCOVERY]) is used as it is.
  Result<CloudMapClient> CloudMap() const;

 private:
  FunctionSession() = default;
  /// With `host_prefix` put before the host of an AWS endpoint.
  Result<std::shared_ptr<const AwsClient>> Client(std::string_view service_id,
                                                  std::string_view host_prefix) const;

  std::shared_ptr<const Environment> env_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<CredentialsProvider> credentials_;
  RetryOptions retry_;
  std::chrono::milliseconds timeout_{10000};
  std::string region_;
};

}  // namespace sparta::aws
