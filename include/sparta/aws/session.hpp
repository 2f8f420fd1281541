#pragma once
// Session: everything a command needs to talk to AWS, resolved once from the
// flags, the environment and the shared config files, as the AWS CLI does:
// profile, region, credentials chain (with assume-role through STS),
// endpoints (with --endpoint-url / AWS_ENDPOINT_URL[_<SERVICE>] overrides), one
// HTTPS transport, and the service clients built on them.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/lambda_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/shared_config.hpp"
#include "sparta/aws/sts_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

struct SessionOptions {
  std::string profile;       // --profile; "" when absent
  std::string region;        // --region; "" when absent
  std::string endpoint_url;  // --endpoint-url; "" when absent
  std::shared_ptr<const Environment> env;  // null: the real process environment
  RetryOptions retry;
  /// Called when a request is retried (attempt, reason), for -v output.
  std::function<void(int, const std::string&)> on_retry;
};

/// Thread-safe once opened.
class Session {
 public:
  /// Resolves profile, region and credentials chain. Errors (a profile that
  /// does not exist, no region, a malformed config file or endpoint URL) say
  /// what to set. Credentials themselves are fetched lazily, on first use.
  static Result<std::shared_ptr<Session>> Open(SessionOptions options);

  const std::string& region() const { return region_; }
  const std::string& profile() const { return profile_; }
  const std::shared_ptr<CredentialsProvider>& credentials() const { return credentials_; }

  /// An AwsClient for `service_id` ("s3", "cloudformation", "sts", "lambda"), its
  /// endpoint resolved with the overrides.
  Result<std::shared_ptr<const AwsClient>> Client(std::string_view service_id) const;

  Result<S3Client> S3() const;
  Result<CloudFormationClient> CloudFormation() const;
  Result<StsClient> Sts() const;
  Result<LambdaClient> Lambda() const;

 private:
  Session() = default;

  SessionOptions options_;
  std::shared_ptr<const Environment> env_;
  std::shared_ptr<const SharedConfig> config_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::string region_;
  std::string profile_;
};

}  // namespace sparta::aws
