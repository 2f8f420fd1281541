#pragma once
// Credential sources reached over HTTP on the local link: the container
// credentials endpoint (ECS, EKS Pod Identity, local emulators) and the EC2
// instance metadata service (IMDSv2, falling back to IMDSv1).

#include <chrono>
#include <memory>

#include "sparta/aws/credentials.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/http.hpp"

namespace sparta::aws {

/// `GET http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, else
/// `GET $AWS_CONTAINER_CREDENTIALS_FULL_URI` (https to any host; plain http
/// only to loopback, 169.254.170.2, 169.254.170.23 or fd00:ec2::23), with
/// `Authorization:` the contents of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// or the value of `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Expects JSON
/// `{AccessKeyId, SecretAccessKey, Token, Expiration}`. Up to 3 attempts of
/// 2 s each on transport errors and 5xx.
/// Errors: kCredentialsNotConfigured when neither URI variable is set;
/// "InvalidConfig" for a bad or disallowed URI or token; "CredentialsFetch"
/// when the endpoint fails or answers with something else.
class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  /// `transport` may be null: the provider then reports the source as
  /// unusable when it is configured.
  ContainerCredentialsProvider(std::shared_ptr<const Environment> env,
                               std::shared_ptr<HttpTransport> transport);
  Result<Credentials> GetCredentials() override;

 private:
  std::shared_ptr<const Environment> env_;
  std::shared_ptr<HttpTransport> transport_;
};

/// The EC2 instance metadata service at http://169.254.169.254 (or
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, or http://[fd00:ec2::254] when
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`):
///  1. `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds:
///     21600` → the session token; a 403/404/405 or a timeout means IMDSv1
///     (no token), unless `AWS_EC2_METADATA_V1_DISABLED=true`;
///  2. `GET /latest/meta-data/iam/security-credentials/` → the role name;
///  3. `GET /latest/meta-data/iam/security-credentials/<role>` → JSON
///     `{Code: "Success", AccessKeyId, SecretAccessKey, Token, Expiration}`;
/// steps 2-3 carry `x-aws-ec2-metadata-token` under IMDSv2. Each request has
/// a 1 s timeout and a single attempt.
/// Errors: kCredentialsNotConfigured when `AWS_EC2_METADATA_DISABLED=true`,
/// when the service is unreachable or has no role attached;
/// "InvalidConfig" for a malformed endpoint override; "CredentialsFetch"
/// when the service answers with something else.
class ImdsCredentialsProvider final : public CredentialsProvider {
 public:
  /// `transport` may be null: the source is then skipped.
  ImdsCredentialsProvider(std::shared_ptr<const Environment> env,
                          std::shared_ptr<HttpTransport> transport);
  Result<Credentials> GetCredentials() override;

 private:
  std::shared_ptr<const Environment> env_;
  std::shared_ptr<HttpTransport> transport_;
};

}  // namespace sparta::aws
