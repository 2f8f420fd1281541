#include "sparta/aws/sts_client.hpp"

#include <string_view>
#include <utility>

#include "sparta/aws/query_protocol.hpp"

#include "aws/clients/iso8601.hpp"
#include "aws/clients/query_call.hpp"
#include "aws/clients/xml_reader.hpp"

namespace sparta::aws {
namespace {

using aws::detail::CallQuery;
using aws::detail::Text;

constexpr std::string_view kService = "STS";

Status Require(std::string_view action, std::string_view what, std::string_view value) {
  if (!value.empty()) return {};
  return MakeError("InvalidArgument",
                   "STS " + std::string(action) + ": " + std::string(what) + " is empty");
}

/// Reads `<Credentials>` and `<AssumedRoleUser>` from an AssumeRole* result.
/// Messages name the missing element, never a value.
Result<AssumedRole> ReadAssumedRole(pugi::xml_node result, std::string_view action,
                                    std::string source) {
  const pugi::xml_node credentials = result.child("Credentials");
  AssumedRole role;
  role.credentials.access_key_id = Text(credentials, "AccessKeyId");
  role.credentials.secret_access_key = Text(credentials, "SecretAccessKey");
  role.credentials.session_token = Text(credentials, "SessionToken");
  role.credentials.source = std::move(source);
  if (role.credentials.access_key_id.empty() || role.credentials.secret_access_key.empty() ||
      role.credentials.session_token.empty()) {
    return MakeError("InvalidResponse",
                     "STS " + std::string(action) +
                         " returned no complete Credentials (AccessKeyId, SecretAccessKey, "
                         "SessionToken); is the endpoint really STS?");
  }
  const std::string expiration = Text(credentials, "Expiration");
  if (!expiration.empty()) {
    role.credentials.expiration = aws::detail::ParseIso8601(expiration);
    if (!role.credentials.expiration) {
      return MakeError("InvalidResponse", "STS " + std::string(action) +
                                              " returned an Expiration that is not an ISO-8601 "
                                              "timestamp: '" +
                                              expiration + "'");
    }
  }
  const pugi::xml_node user = result.child("AssumedRoleUser");
  role.assumed_role_arn = Text(user, "Arn");
  role.assumed_role_id = Text(user, "AssumedRoleId");
  return role;
}

}  // namespace

StsClient::StsClient(std::shared_ptr<const AwsClient> client) : client_(std::move(client)) {}

Result<CallerIdentity> StsClient::GetCallerIdentity() const {
  const QueryParams params("GetCallerIdentity", kStsApiVersion);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return CallerIdentity{Text(response->result, "Account"), Text(response->result, "Arn"),
                        Text(response->result, "UserId")};
}

Result<AssumedRole> StsClient::AssumeRole(const AssumeRoleRequest& request) const {
  constexpr std::string_view kAction = "AssumeRole";
  if (auto ok = Require(kAction, "the role ARN", request.role_arn); !ok) return ok.error();
  if (auto ok = Require(kAction, "the role session name", request.role_session_name); !ok) {
    return ok.error();
  }
  QueryParams params(kAction, kStsApiVersion);
  params.Add("RoleArn", request.role_arn)
      .Add("RoleSessionName", request.role_session_name)
      .AddIfNotEmpty("Policy", request.policy)
      .AddInt("DurationSeconds", request.duration_seconds)
      .AddIfNotEmpty("ExternalId", request.external_id);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return ReadAssumedRole(response->result, kAction, "assumed role " + request.role_arn);
}

Result<AssumedRole> StsClient::AssumeRoleWithWebIdentity(
    const AssumeRoleWithWebIdentityRequest& request) const {
  constexpr std::string_view kAction = "AssumeRoleWithWebIdentity";
  if (auto ok = Require(kAction, "the role ARN", request.role_arn); !ok) return ok.error();
  if (auto ok = Require(kAction, "the role session name", request.role_session_name); !ok) {
    return ok.error();
  }
  if (auto ok = Require(kAction, "the web identity token", request.web_identity_token); !ok) {
    return ok.error();
  }
  QueryParams params(kAction, kStsApiVersion);
  params.Add("RoleArn", request.role_arn)
      .Add("RoleSessionName", request.role_session_name)
      .Add("WebIdentityToken", request.web_identity_token)
      .AddIfNotEmpty("ProviderId", request.provider_id)
      .AddInt("DurationSeconds", request.duration_seconds);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return ReadAssumedRole(response->result, kAction, "web identity " + request.role_arn);
}

}  // namespace sparta::aws
