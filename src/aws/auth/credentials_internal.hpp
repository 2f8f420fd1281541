#pragma once
// Pieces the credential providers share.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/aws/assume_role.hpp"
#include "sparta/aws/credentials.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws::internal {

/// An Error with code kCredentialsNotConfigured.
Error NotConfigured(std::string why);

/// Parses the JSON the container endpoint and IMDS return:
/// {AccessKeyId, SecretAccessKey, Token, Expiration}. Errors
/// ("CredentialsFetch") name `source` but never quote the document.
Result<Credentials> ParseCredentialsJson(std::string_view body, std::string_view source);

/// "sparta-session-<unix seconds>": the role session name when none is set.
std::string DefaultSessionName(const Environment& env);

/// Reads `token_file` and calls `assume_role` with a web identity request.
/// `what` describes the configuration for messages ("AWS_WEB_IDENTITY_TOKEN_FILE",
/// "profile dev").
Result<Credentials> AssumeRoleWithWebIdentity(const Environment& env, const AssumeRoleFn& assume_role,
                                              const std::string& token_file,
                                              const std::string& role_arn,
                                              std::string session_name,
                                              std::optional<std::chrono::seconds> duration,
                                              std::string_view what);

/// Calls `assume_role`, adding context ("cannot assume role X (profile
/// dev): ...") to its error and a `source` to its credentials.
Result<Credentials> CallAssumeRole(const AssumeRoleFn& assume_role, const AssumeRoleCall& request,
                                   std::string_view what);

}  // namespace sparta::aws::internal
