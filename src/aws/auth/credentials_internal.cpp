#include "aws/auth/credentials_internal.hpp"

#include "aws/auth/time_internal.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/json/json.hpp"

namespace sparta::aws::internal {

namespace {

const json::string* StringField(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->value().is_string()) return nullptr;
  return &it->value().get_string();
}

}  // namespace

Error NotConfigured(std::string why) {
  return MakeError(std::string(kCredentialsNotConfigured), std::move(why));
}

Result<Credentials> ParseCredentialsJson(std::string_view body, std::string_view source) {
  auto fail = [&](std::string_view what) {
    return MakeError("CredentialsFetch", "the " + std::string(source) + " returned " +
                                             std::string(what));
  };
  boost::system::error_code error;
  json::value document = json::parse(body, error);
  if (error || !document.is_object()) return fail("a response that is not a JSON object");
  const json::object& object = document.get_object();
  const json::string* access_key = StringField(object, "AccessKeyId");
  const json::string* secret = StringField(object, "SecretAccessKey");
  if (access_key == nullptr || access_key->empty() || secret == nullptr || secret->empty()) {
    return fail("credentials without AccessKeyId or SecretAccessKey");
  }
  Credentials credentials;
  credentials.access_key_id = std::string(*access_key);
  credentials.secret_access_key = std::string(*secret);
  if (const json::string* token = StringField(object, "Token")) {
    credentials.session_token = std::string(*token);
  }
  if (const json::string* expiration = StringField(object, "Expiration")) {
    credentials.expiration = ParseIso8601(std::string_view(*expiration));
    if (!credentials.expiration) {
      return fail("credentials for access key " + credentials.access_key_id +
                  " with a malformed Expiration");
    }
  }
  credentials.source = std::string(source);
  return credentials;
}

std::string DefaultSessionName(const Environment& env) {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(env.Now().time_since_epoch()).count();
  return "sparta-session-" + std::to_string(seconds);
}

Result<Credentials> CallAssumeRole(const AssumeRoleFn& assume_role, const AssumeRoleCall& request,
                                   std::string_view what) {
  const std::string context = "cannot assume role " + request.role_arn + " (" + std::string(what) +
                              ")";
  if (!assume_role) {
    return MakeError("AssumeRoleUnavailable",
                     context + ": this program was built without an STS client for assuming roles");
  }
  Result<Credentials> credentials = assume_role(request);
  if (!credentials) {
    return MakeError(credentials.error().code, context + ": " + credentials.error().message);
  }
  if (credentials->source.empty()) {
    credentials->source = "role " + request.role_arn + " (" + std::string(what) + ")";
  }
  return credentials;
}

Result<Credentials> AssumeRoleWithWebIdentity(const Environment& env, const AssumeRoleFn& assume_role,
                                              const std::string& token_file,
                                              const std::string& role_arn,
                                              std::string session_name,
                                              std::optional<std::chrono::seconds> duration,
                                              std::string_view what) {
  Result<std::string> token = env.ReadFile(token_file);
  if (!token) {
    return MakeError("InvalidCredentials", "cannot read the web identity token file (" +
                                               std::string(what) + "): " + token.error().message);
  }
  std::string value = std::move(token).value();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' ')) {
    value.pop_back();
  }
  if (value.empty()) {
    return MakeError("InvalidCredentials", "the web identity token file " + token_file + " (" +
                                               std::string(what) + ") is empty");
  }
  AssumeRoleCall request;
  request.role_arn = role_arn;
  request.session_name = session_name.empty() ? DefaultSessionName(env) : std::move(session_name);
  request.duration = duration;
  request.web_identity_token = std::move(value);
  return CallAssumeRole(assume_role, request, std::string(what) + ", web identity");
}

}  // namespace sparta::aws::internal
