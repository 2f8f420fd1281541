#pragma once
// How credential providers reach STS without depending on an STS client:
// the caller injects a function (the STS client lives in a higher library).

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "sparta/aws/credentials.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// One sts:AssumeRole or sts:AssumeRoleWithWebIdentity call. (Not named
/// AssumeRoleRequest: sts_client.hpp has that name for the wire request.)
struct AssumeRoleCall {
  std::string role_arn;
  std::string session_name;
  std::string external_id;                   // "" for none
  std::optional<std::chrono::seconds> duration;  // nullopt: STS's default (1 h)
  /// Signs AssumeRole. Empty for web identity, which is sent unsigned.
  Credentials source_credentials;
  /// Non-empty: call AssumeRoleWithWebIdentity with this token instead of
  /// AssumeRole. A secret: never log it.
  std::string web_identity_token;

  bool is_web_identity() const { return !web_identity_token.empty(); }
};

/// Performs the call and returns the role's temporary credentials (with
/// `expiration` set). Errors carry STS's code and message verbatim. Must be
/// callable from any thread.
using AssumeRoleFn = std::function<Result<Credentials>(const AssumeRoleCall&)>;

}  // namespace sparta::aws
