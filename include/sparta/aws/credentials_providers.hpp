#pragma once
// The credential sources that read configuration: environment variables,
// the shared config/credentials files (static keys and assume-role
// profiles), and web identity tokens. The HTTP-based sources (container,
// EC2 instance metadata) are in metadata_credentials.hpp; the chain that
// tries them in order is in credentials_chain.hpp.
//
// Every provider is thread-safe and never puts a secret in an error message
// (only access key ids and file names).

#include <memory>
#include <string>
#include <string_view>

#include "sparta/aws/assume_role.hpp"
#include "sparta/aws/credentials.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/aws/shared_config.hpp"

namespace sparta::aws {

/// Error code of a provider whose source is not configured at all (e.g. no
/// AWS_ACCESS_KEY_ID): a chain moves on to the next source. The message
/// says, in a few words, what was looked for ("AWS_ACCESS_KEY_ID is not
/// set"). Any other error code means the source is configured but broken,
/// and a chain stops there.
inline constexpr std::string_view kCredentialsNotConfigured = "CredentialsNotConfigured";

/// Always returns the credentials it was given (e.g. an assumed role's
/// source credentials, to sign one STS call).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials);
  Result<Credentials> GetCredentials() override;

 private:
  const Credentials credentials_;
};

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or the
/// legacy `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION` (ISO 8601).
/// Errors: kCredentialsNotConfigured when AWS_ACCESS_KEY_ID is unset;
/// "InvalidCredentials" when only one of the key pair is set or the
/// expiration is malformed. Reads the variables on every call.
class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(std::shared_ptr<const Environment> env);
  Result<Credentials> GetCredentials() override;

 private:
  std::shared_ptr<const Environment> env_;
};

/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`):
/// reads the token file on every call (tokens rotate) and exchanges it via
/// `assume_role` (AssumeRoleWithWebIdentity). Errors:
/// kCredentialsNotConfigured when neither variable is set;
/// "InvalidCredentials" when only one is, or the token file is unreadable
/// or empty; the AssumeRoleFn's own errors.
class WebIdentityCredentialsProvider final : public CredentialsProvider {
 public:
  WebIdentityCredentialsProvider(std::shared_ptr<const Environment> env, AssumeRoleFn assume_role);
  Result<Credentials> GetCredentials() override;

 private:
  std::shared_ptr<const Environment> env_;
  AssumeRoleFn assume_role_;
};

struct ProfileCredentialsOptions {
  std::shared_ptr<const Environment> env;     // required
  std::shared_ptr<const SharedConfig> config; // required
  ProfileChoice profile;
  /// For `role_arn` profiles and `web_identity_token_file`. When empty,
  /// such profiles fail with "AssumeRoleUnavailable".
  AssumeRoleFn assume_role;
  /// For `credential_source = Ec2InstanceMetadata | EcsContainer`; may be null
  /// (those sources then fail).
  std::shared_ptr<HttpTransport> transport;
};

/// Credentials of a profile in the shared files:
///  * `role_arn` with `source_profile` (whose credentials, themselves
///    possibly from a role, sign AssumeRole; a profile naming itself uses
///    its own static keys), or with `credential_source` (Environment,
///    Ec2InstanceMetadata, EcsContainer), or with `web_identity_token_file`;
///    `external_id`, `role_session_name`, `duration_seconds` apply;
///  * else static `aws_access_key_id` / `aws_secret_access_key` /
///    `aws_session_token`.
/// Errors: kCredentialsNotConfigured when the profile is missing (and was
/// not explicitly named) or has no credential settings; "ProfileNotFound"
/// for a missing explicitly named profile or source_profile;
/// "InvalidConfig" for a source_profile cycle, conflicting or malformed
/// settings, or unsupported ones (credential_process, SSO); errors of the
/// AssumeRoleFn and of the credential source.
class ProfileCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ProfileCredentialsProvider(ProfileCredentialsOptions options);
  Result<Credentials> GetCredentials() override;

 private:
  ProfileCredentialsOptions options_;
};

}  // namespace sparta::aws
