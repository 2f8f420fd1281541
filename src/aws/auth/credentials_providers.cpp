#include "sparta/aws/credentials_providers.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "aws/auth/credentials_internal.hpp"
#include "aws/auth/headers_internal.hpp"
#include "aws/auth/time_internal.hpp"
#include "sparta/aws/metadata_credentials.hpp"

namespace sparta::aws {

StaticCredentialsProvider::StaticCredentialsProvider(Credentials credentials)
    : credentials_(std::move(credentials)) {}

Result<Credentials> StaticCredentialsProvider::GetCredentials() { return credentials_; }

// --- environment variables ---

EnvironmentCredentialsProvider::EnvironmentCredentialsProvider(std::shared_ptr<const Environment> env)
    : env_(std::move(env)) {}

Result<Credentials> EnvironmentCredentialsProvider::GetCredentials() {
  std::optional<std::string> access_key = NonEmptyEnv(*env_, "AWS_ACCESS_KEY_ID");
  std::optional<std::string> secret = NonEmptyEnv(*env_, "AWS_SECRET_ACCESS_KEY");
  if (!access_key && !secret) return internal::NotConfigured("AWS_ACCESS_KEY_ID is not set");
  if (!secret) {
    return MakeError("InvalidCredentials",
                     "AWS_ACCESS_KEY_ID is set (" + *access_key +
                         ") but AWS_SECRET_ACCESS_KEY is not: set both, or unset "
                         "AWS_ACCESS_KEY_ID to use another credential source");
  }
  if (!access_key) {
    return MakeError("InvalidCredentials",
                     "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or "
                     "unset AWS_SECRET_ACCESS_KEY to use another credential source");
  }
  Credentials credentials;
  credentials.access_key_id = std::move(*access_key);
  credentials.secret_access_key = std::move(*secret);
  if (std::optional<std::string> token = NonEmptyEnv(*env_, "AWS_SESSION_TOKEN")) {
    credentials.session_token = std::move(*token);
  } else if (std::optional<std::string> legacy = NonEmptyEnv(*env_, "AWS_SECURITY_TOKEN")) {
    credentials.session_token = std::move(*legacy);
  }
  if (std::optional<std::string> expiration = NonEmptyEnv(*env_, "AWS_CREDENTIAL_EXPIRATION")) {
    credentials.expiration = internal::ParseIso8601(*expiration);
    if (!credentials.expiration) {
      return MakeError("InvalidCredentials",
                       "AWS_CREDENTIAL_EXPIRATION '" + *expiration +
                           "' is not an ISO 8601 time such as 2024-01-31T12:00:00Z");
    }
  }
  credentials.source = "environment";
  return credentials;
}

// --- web identity from the environment ---

WebIdentityCredentialsProvider::WebIdentityCredentialsProvider(
    std::shared_ptr<const Environment> env, AssumeRoleFn assume_role)
    : env_(std::move(env)), assume_role_(std::move(assume_role)) {}

Result<Credentials> WebIdentityCredentialsProvider::GetCredentials() {
  std::optional<std::string> token_file = NonEmptyEnv(*env_, "AWS_WEB_IDENTITY_TOKEN_FILE");
  std::optional<std::string> role_arn = NonEmptyEnv(*env_, "AWS_ROLE_ARN");
  if (!token_file && !role_arn) {
    return internal::NotConfigured("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  }
  if (!token_file || !role_arn) {
    return MakeError("InvalidCredentials",
                     std::string(token_file ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN") +
                         " is set but " +
                         (token_file ? "AWS_ROLE_ARN" : "AWS_WEB_IDENTITY_TOKEN_FILE") +
                         " is not: web identity needs both");
  }
  return internal::AssumeRoleWithWebIdentity(
      *env_, assume_role_, *token_file, *role_arn,
      NonEmptyEnv(*env_, "AWS_ROLE_SESSION_NAME").value_or(""), std::nullopt,
      "AWS_WEB_IDENTITY_TOKEN_FILE");
}

// --- shared config profiles ---

namespace {

constexpr std::array<std::string_view, 11> kCredentialSettings = {
    "role_arn",          "source_profile",     "credential_source",
    "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
    "web_identity_token_file", "credential_process", "sso_start_url",
    "sso_session",       "sso_account_id"};

bool HasCredentialSettings(const Profile& profile) {
  return std::any_of(kCredentialSettings.begin(), kCredentialSettings.end(),
                     [&](std::string_view key) { return profile.Get(key) != nullptr; });
}

bool HasStaticKeys(const Profile& profile) {
  return profile.Get("aws_access_key_id") != nullptr ||
         profile.Get("aws_secret_access_key") != nullptr;
}

class ProfileResolver {
 public:
  explicit ProfileResolver(const ProfileCredentialsOptions& options) : options_(options) {}

  // `is_source`: reached through source_profile, where static keys win over
  // role_arn (as botocore does).
  Result<Credentials> Resolve(const Profile& profile, bool is_source) {
    visited_.push_back(profile.name);
    if (is_source && HasStaticKeys(profile)) return StaticKeys(profile);
    if (profile.Get("role_arn") != nullptr) return AssumeRole(profile);
    if (HasStaticKeys(profile)) return StaticKeys(profile);
    for (std::string_view key : {"source_profile", "credential_source", "web_identity_token_file"}) {
      if (profile.Get(key) != nullptr) {
        return Invalid(profile, "sets " + std::string(key) + " but no role_arn: add the role_arn "
                                                             "of the role to assume");
      }
    }
    if (profile.Get("credential_process") != nullptr) {
      return Invalid(profile, "uses credential_process, which sparta does not support: export "
                              "the credentials as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/"
                              "AWS_SESSION_TOKEN instead");
    }
    if (profile.Get("sso_start_url") != nullptr || profile.Get("sso_session") != nullptr ||
        profile.Get("sso_account_id") != nullptr) {
      return Invalid(profile, "uses AWS IAM Identity Center (SSO), which sparta does not "
                              "support yet: run `aws configure export-credentials --profile " +
                                  profile.name + " --format env` and use the variables it prints");
    }
    return Invalid(profile, "has no credentials: add aws_access_key_id and "
                            "aws_secret_access_key, or role_arn with source_profile");
  }

 private:
  Error Invalid(const Profile& profile, const std::string& what) const {
    return MakeError("InvalidConfig", "profile '" + profile.name + "' (in " +
                                          options_.config->FilesForMessages() + ") " + what);
  }

  Result<Credentials> StaticKeys(const Profile& profile) const {
    const std::string* access_key = profile.Get("aws_access_key_id");
    const std::string* secret = profile.Get("aws_secret_access_key");
    if (access_key == nullptr) {
      return Invalid(profile, "has aws_secret_access_key but no aws_access_key_id");
    }
    if (secret == nullptr) {
      return Invalid(profile,
                     "has aws_access_key_id " + *access_key + " but no aws_secret_access_key");
    }
    Credentials credentials;
    credentials.access_key_id = *access_key;
    credentials.secret_access_key = *secret;
    if (const std::string* token = profile.Get("aws_session_token")) {
      credentials.session_token = *token;
    } else if (const std::string* legacy = profile.Get("aws_security_token")) {
      credentials.session_token = *legacy;
    }
    credentials.source = "profile " + profile.name;
    return credentials;
  }

  Result<Credentials> AssumeRole(const Profile& profile) {
    const std::string* source_profile = profile.Get("source_profile");
    const std::string* credential_source = profile.Get("credential_source");
    const std::string* token_file = profile.Get("web_identity_token_file");
    if ((source_profile != nullptr) + (credential_source != nullptr) + (token_file != nullptr) > 1) {
      return Invalid(profile, "sets more than one of source_profile, credential_source and "
                              "web_identity_token_file: keep one");
    }
    std::optional<std::chrono::seconds> duration;
    if (const std::string* text = profile.Get("duration_seconds")) {
      int seconds = 0;
      auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
      if (error != std::errc() || end != text->data() + text->size() || seconds < 900 ||
          seconds > 43200) {
        return Invalid(profile, "has duration_seconds '" + *text +
                                    "': expected a number of seconds from 900 to 43200");
      }
      duration = std::chrono::seconds(seconds);
    }
    const std::string role_arn = *profile.Get("role_arn");
    const std::string what = "profile " + profile.name;
    const std::string* session_name = profile.Get("role_session_name");
    if (token_file != nullptr) {
      return internal::AssumeRoleWithWebIdentity(*options_.env, options_.assume_role, *token_file,
                                                 role_arn, session_name ? *session_name : "",
                                                 duration, what);
    }

    AssumeRoleCall request;
    request.role_arn = role_arn;
    request.session_name = session_name ? *session_name : internal::DefaultSessionName(*options_.env);
    if (const std::string* external_id = profile.Get("external_id")) {
      request.external_id = *external_id;
    }
    request.duration = duration;
    Result<Credentials> source = SourceCredentials(profile, source_profile, credential_source);
    if (!source) return source.error();
    request.source_credentials = std::move(source).value();
    return internal::CallAssumeRole(options_.assume_role, request, what);
  }

  Result<Credentials> SourceCredentials(const Profile& profile, const std::string* source_profile,
                                        const std::string* credential_source) {
    if (source_profile != nullptr) {
      if (*source_profile == profile.name) return StaticKeys(profile);
      if (std::find(visited_.begin(), visited_.end(), *source_profile) != visited_.end()) {
        std::string cycle;
        for (const std::string& name : visited_) cycle += name + " -> ";
        return Invalid(profile, "is part of a source_profile cycle (" + cycle + *source_profile +
                                    "): the chain must end in a profile with keys or a "
                                    "credential_source");
      }
      const Profile* source = options_.config->FindProfile(*source_profile);
      if (source == nullptr) {
        return MakeError("ProfileNotFound",
                         "source_profile '" + *source_profile + "' of profile '" + profile.name +
                             "' is not in " + options_.config->FilesForMessages());
      }
      return Resolve(*source, /*is_source=*/true);
    }
    if (credential_source == nullptr) {
      return Invalid(profile, "has role_arn but no source_profile, credential_source or "
                              "web_identity_token_file to assume it with");
    }
    std::unique_ptr<CredentialsProvider> provider;
    if (*credential_source == "Environment") {
      provider = std::make_unique<EnvironmentCredentialsProvider>(options_.env);
    } else if (*credential_source == "Ec2InstanceMetadata") {
      provider = std::make_unique<ImdsCredentialsProvider>(options_.env, options_.transport);
    } else if (*credential_source == "EcsContainer") {
      provider = std::make_unique<ContainerCredentialsProvider>(options_.env, options_.transport);
    } else {
      return Invalid(profile, "has credential_source '" + *credential_source +
                                  "': expected Environment, Ec2InstanceMetadata or EcsContainer");
    }
    Result<Credentials> credentials = provider->GetCredentials();
    if (!credentials && credentials.error().code == kCredentialsNotConfigured) {
      return Invalid(profile, "has credential_source " + *credential_source +
                                  ", which gave no credentials: " + credentials.error().message);
    }
    return credentials;
  }

  const ProfileCredentialsOptions& options_;
  std::vector<std::string> visited_;
};

}  // namespace

ProfileCredentialsProvider::ProfileCredentialsProvider(ProfileCredentialsOptions options)
    : options_(std::move(options)) {}

Result<Credentials> ProfileCredentialsProvider::GetCredentials() {
  const Profile* profile = options_.config->FindProfile(options_.profile.name);
  if (profile == nullptr) {
    if (Status exists = CheckProfileExists(options_.profile, *options_.config); !exists) {
      return exists.error();
    }
    return internal::NotConfigured("profile '" + options_.profile.name + "' is not in " +
                                   options_.config->FilesForMessages());
  }
  if (!HasCredentialSettings(*profile)) {
    return internal::NotConfigured("profile '" + options_.profile.name + "' has no credentials");
  }
  ProfileResolver resolver(options_);
  return resolver.Resolve(*profile, /*is_source=*/false);
}

}  // namespace sparta::aws
