#pragma once
// StsClient: who am I (GetCallerIdentity), and temporary credentials for a
// role (AssumeRole, AssumeRoleWithWebIdentity), over the awsQuery protocol
// (API version 2011-06-15).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/credentials.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

inline constexpr std::string_view kStsApiVersion = "2011-06-15";

struct CallerIdentity {
  std::string account;  // 12-digit account ID
  std::string arn;      // e.g. arn:aws:iam::123456789012:user/Alice
  std::string user_id;
};

struct AssumeRoleRequest {
  std::string role_arn;
  std::string role_session_name;            // 2..64 characters of [\w+=,.@-]
  std::string external_id;                  // empty: not sent
  std::optional<int64_t> duration_seconds;  // 900..43200; AWS's default 3600
  std::string policy;                       // an inline session policy (JSON), empty: none
};

struct AssumeRoleWithWebIdentityRequest {
  std::string role_arn;
  std::string role_session_name;
  std::string web_identity_token;  // a secret: never printed
  std::optional<int64_t> duration_seconds;
  std::string provider_id;  // only for OAuth 2.0 providers (Facebook, Amazon)
};

/// Temporary credentials and the identity they carry.
struct AssumedRole {
  Credentials credentials;       // with `expiration` set when AWS sent one
  std::string assumed_role_arn;  // arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION
  std::string assumed_role_id;
};

/// Thread-safe. Errors are AWS's code and message verbatim (e.g. AccessDenied,
/// ExpiredToken, InvalidClientTokenId), or "InvalidResponse"; no error ever
/// quotes a response body, which would hold the secrets.
class StsClient {
 public:
  /// REQUIRES: `client` is configured for STS (signing name "sts").
  explicit StsClient(std::shared_ptr<const AwsClient> client);

  Result<CallerIdentity> GetCallerIdentity() const;

  /// The credentials' `source` is "assumed role <role_arn>".
  Result<AssumedRole> AssumeRole(const AssumeRoleRequest& request) const;

  /// The call must be unsigned: REQUIRES the AwsClient was built without a
  /// credentials provider (the token is the proof of identity). The
  /// credentials' `source` is "web identity <role_arn>".
  Result<AssumedRole> AssumeRoleWithWebIdentity(
      const AssumeRoleWithWebIdentityRequest& request) const;

 private:
  std::shared_ptr<const AwsClient> client_;
};

}  // namespace sparta::aws
