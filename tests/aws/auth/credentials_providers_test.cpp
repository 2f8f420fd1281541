// Environment, profile (static keys and assume-role chains) and web identity
// providers, on the fixture files and an in-memory environment.

#include "sparta/aws/credentials_providers.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "aws/auth/fakes.hpp"
#include "aws/auth/time_internal.hpp"

namespace sparta::aws {
namespace {

using testing::FixtureEnvironment;
using testing::LoadConfig;

// Every secret the fixtures hold; no error message may contain any of them.
const std::vector<std::string> kSecrets = {
    "default/SECRET+key", "base/SECRET+key", "dev/SECRET+key",    "temp/SECRET+key",
    "temp-session-token", "self/SECRET+key", "env/SECRET+key",    "env-session-token",
    "role-secret",        "web-token-value", "SOURCE-PROFILE-SECRET"};

void ExpectNoSecret(const Error& error) {
  for (const std::string& secret : kSecrets) {
    EXPECT_EQ(error.message.find(secret), std::string::npos)
        << "secret '" << secret << "' leaked into: " << error.message;
  }
}

// Records every AssumeRoleCall; answers with credentials named after the role.
class FakeSts {
 public:
  AssumeRoleFn Fn() {
    return [this](const AssumeRoleCall& request) -> Result<Credentials> {
      std::lock_guard lock(mutex_);
      requests.push_back(request);
      if (!fail_code.empty()) return MakeError(fail_code, "Access denied by the fake STS");
      const std::string role = request.role_arn.substr(request.role_arn.rfind('/') + 1);
      return Credentials{"ASIA-" + role, "role-secret", "role-token-" + role,
                         *internal::ParseIso8601("2024-01-01T01:00:00Z"), ""};
    };
  }
  std::vector<AssumeRoleCall> requests;
  std::string fail_code;

 private:
  std::mutex mutex_;
};

class ProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = FixtureEnvironment();
    config_ = LoadConfig(*env_);
  }

  Result<Credentials> Resolve(ProfileChoice choice,
                              std::shared_ptr<HttpTransport> transport = nullptr) {
    ProfileCredentialsProvider provider(ProfileCredentialsOptions{
        env_, config_, std::move(choice), sts_.Fn(), std::move(transport)});
    Result<Credentials> credentials = provider.GetCredentials();
    if (!credentials) ExpectNoSecret(credentials.error());
    return credentials;
  }
  Result<Credentials> FromProfile(const std::string& name,
                                  std::shared_ptr<HttpTransport> transport = nullptr) {
    return Resolve(ProfileChoice{name, ""}, std::move(transport));
  }

  std::shared_ptr<InMemoryEnvironment> env_;
  std::shared_ptr<const SharedConfig> config_;
  FakeSts sts_;
};

TEST(StaticCredentials, ReturnsWhatItWasGiven) {
  StaticCredentialsProvider provider(Credentials{"AKIDSTATIC", "s", "t", std::nullopt, "given"});
  Result<Credentials> credentials = provider.GetCredentials();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "AKIDSTATIC");
  EXPECT_EQ(credentials->session_token, "t");
  EXPECT_EQ(credentials->source, "given");
}

// --- environment ---

TEST_F(ProviderTest, EnvironmentVariables) {
  EnvironmentCredentialsProvider provider(env_);
  Result<Credentials> none = provider.GetCredentials();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, kCredentialsNotConfigured);

  env_->SetEnv("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_->SetEnv("AWS_SECRET_ACCESS_KEY", "env/SECRET+key");
  Result<Credentials> keys = provider.GetCredentials();
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->access_key_id, "AKIAENV");
  EXPECT_EQ(keys->secret_access_key, "env/SECRET+key");
  EXPECT_EQ(keys->session_token, "");
  EXPECT_FALSE(keys->expiration.has_value());
  EXPECT_EQ(keys->source, "environment");

  env_->SetEnv("AWS_SECURITY_TOKEN", "legacy-token");
  EXPECT_EQ(provider.GetCredentials()->session_token, "legacy-token");
  env_->SetEnv("AWS_SESSION_TOKEN", "env-session-token");
  env_->SetEnv("AWS_CREDENTIAL_EXPIRATION", "2024-01-01T00:30:00Z");
  Result<Credentials> temporary = provider.GetCredentials();
  ASSERT_TRUE(temporary.ok());
  EXPECT_EQ(temporary->session_token, "env-session-token");
  EXPECT_EQ(temporary->expiration, internal::ParseIso8601("2024-01-01T00:30:00Z"));

  env_->SetEnv("AWS_CREDENTIAL_EXPIRATION", "tomorrow");
  Result<Credentials> bad_time = provider.GetCredentials();
  ASSERT_FALSE(bad_time.ok());
  EXPECT_EQ(bad_time.error().code, "InvalidCredentials");
  ExpectNoSecret(bad_time.error());
}

TEST_F(ProviderTest, EnvironmentHalfAKeyPairIsAnError) {
  EnvironmentCredentialsProvider provider(env_);
  env_->SetEnv("AWS_ACCESS_KEY_ID", "AKIAENV");
  Result<Credentials> half = provider.GetCredentials();
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().code, "InvalidCredentials");
  EXPECT_NE(half.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  env_->UnsetEnv("AWS_ACCESS_KEY_ID");
  env_->SetEnv("AWS_SECRET_ACCESS_KEY", "env/SECRET+key");
  half = provider.GetCredentials();
  ASSERT_FALSE(half.ok());
  ExpectNoSecret(half.error());
}

// --- profiles: static keys ---

TEST_F(ProviderTest, StaticKeysFromEitherFile) {
  Result<Credentials> def = FromProfile("default");
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(def->access_key_id, "AKIADEFAULT");
  EXPECT_EQ(def->secret_access_key, "default/SECRET+key");
  EXPECT_EQ(def->source, "profile default");

  Result<Credentials> dev = FromProfile("dev");  // id in config, secret in credentials
  ASSERT_TRUE(dev.ok());
  EXPECT_EQ(dev->access_key_id, "AKIADEVFROMCONFIG");
  EXPECT_EQ(dev->secret_access_key, "dev/SECRET+key");

  Result<Credentials> temp = FromProfile("temp");
  ASSERT_TRUE(temp.ok());
  EXPECT_EQ(temp->session_token, "temp-session-token");
  EXPECT_TRUE(sts_.requests.empty());
}

TEST_F(ProviderTest, ProfilesWithoutCredentialsAreNotConfigured) {
  for (const char* name : {"region-only", "not-a-profile"}) {
    Result<Credentials> none = FromProfile(name);
    ASSERT_FALSE(none.ok()) << name;
    EXPECT_EQ(none.error().code, kCredentialsNotConfigured) << name;
  }
}

TEST_F(ProviderTest, ExplicitMissingProfileIsAnError) {
  Result<Credentials> missing = Resolve(ProfileChoice{"prod", "--profile"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ProfileNotFound");
  EXPECT_NE(missing.error().message.find("'prod'"), std::string::npos);
}

TEST_F(ProviderTest, BrokenProfilesAreErrorsThatSayWhy) {
  struct Case {
    const char* profile;
    const char* code;
    const char* says;
  };
  for (const Case& c : {Case{"half", "InvalidConfig", "AKIAHALF"},
                        Case{"bad-source", "InvalidConfig", "Laptop"},
                        Case{"both-sources", "InvalidConfig", "more than one"},
                        Case{"missing-source", "ProfileNotFound", "'nowhere'"},
                        Case{"bad-duration", "InvalidConfig", "900 to 43200"},
                        Case{"sso", "InvalidConfig", "SSO"}}) {
    Result<Credentials> result = FromProfile(c.profile);
    ASSERT_FALSE(result.ok()) << c.profile;
    EXPECT_EQ(result.error().code, c.code) << c.profile;
    EXPECT_NE(result.error().message.find(c.says), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find(c.profile), std::string::npos) << result.error().message;
  }
  EXPECT_TRUE(sts_.requests.empty());
}

// --- profiles: assume role ---

TEST_F(ProviderTest, AssumeRoleWithSourceProfile) {
  Result<Credentials> credentials = FromProfile("deploy");
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIA-deploy");
  EXPECT_EQ(credentials->session_token, "role-token-deploy");
  EXPECT_EQ(credentials->source, "role arn:aws:iam::111111111111:role/deploy (profile deploy)");
  ASSERT_EQ(sts_.requests.size(), 1u);
  const AssumeRoleCall& request = sts_.requests[0];
  EXPECT_EQ(request.role_arn, "arn:aws:iam::111111111111:role/deploy");
  EXPECT_EQ(request.session_name, "sparta-deploy");
  EXPECT_EQ(request.external_id, "ext-123");
  EXPECT_EQ(request.duration, std::chrono::seconds(1800));
  EXPECT_EQ(request.source_credentials.access_key_id, "AKIABASE");
  EXPECT_EQ(request.source_credentials.secret_access_key, "base/SECRET+key");
  EXPECT_FALSE(request.is_web_identity());
}

TEST_F(ProviderTest, AssumeRoleChainsThroughProfiles) {
  Result<Credentials> credentials = FromProfile("admin");
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIA-admin");
  ASSERT_EQ(sts_.requests.size(), 2u);
  // base's keys assume deploy; deploy's role credentials assume admin.
  EXPECT_EQ(sts_.requests[0].role_arn, "arn:aws:iam::111111111111:role/deploy");
  EXPECT_EQ(sts_.requests[0].source_credentials.access_key_id, "AKIABASE");
  EXPECT_EQ(sts_.requests[1].role_arn, "arn:aws:iam::222222222222:role/admin");
  EXPECT_EQ(sts_.requests[1].source_credentials.access_key_id, "ASIA-deploy");
  EXPECT_EQ(sts_.requests[1].source_credentials.session_token, "role-token-deploy");
  EXPECT_EQ(sts_.requests[1].session_name, "sparta-session-1704067200");  // the fake clock
  EXPECT_EQ(sts_.requests[1].external_id, "");
  EXPECT_FALSE(sts_.requests[1].duration.has_value());
}

TEST_F(ProviderTest, SourceProfileCycleIsDetected) {
  Result<Credentials> credentials = FromProfile("loop-a");
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.error().code, "InvalidConfig");
  EXPECT_NE(credentials.error().message.find("loop-a -> loop-b -> loop-a"), std::string::npos)
      << credentials.error().message;
  EXPECT_TRUE(sts_.requests.empty());
}

TEST_F(ProviderTest, ProfileNamingItselfUsesItsOwnKeys) {
  Result<Credentials> credentials = FromProfile("self");
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  ASSERT_EQ(sts_.requests.size(), 1u);
  EXPECT_EQ(sts_.requests[0].source_credentials.access_key_id, "AKIASELF");
  EXPECT_EQ(credentials->access_key_id, "ASIA-self");
}

TEST_F(ProviderTest, CredentialSourceEnvironment) {
  Result<Credentials> missing = FromProfile("from-env");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidConfig");
  EXPECT_NE(missing.error().message.find("AWS_ACCESS_KEY_ID"), std::string::npos);

  env_->SetEnv("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_->SetEnv("AWS_SECRET_ACCESS_KEY", "env/SECRET+key");
  Result<Credentials> credentials = FromProfile("from-env");
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  ASSERT_EQ(sts_.requests.size(), 1u);
  EXPECT_EQ(sts_.requests[0].source_credentials.access_key_id, "AKIAENV");
}

TEST_F(ProviderTest, CredentialSourceInstanceMetadata) {
  auto transport = std::make_shared<testing::FakeTransport>();
  transport->Respond(200, "imds-token");
  transport->Respond(200, "instance-role\n");
  transport->Respond(200, R"({"Code":"Success","AccessKeyId":"ASIAIMDS",)"
                          R"("SecretAccessKey":"imds-secret","Token":"t",)"
                          R"("Expiration":"2024-01-01T06:00:00Z"})");
  Result<Credentials> credentials = FromProfile("from-imds", transport);
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  ASSERT_EQ(sts_.requests.size(), 1u);
  EXPECT_EQ(sts_.requests[0].source_credentials.access_key_id, "ASIAIMDS");
  EXPECT_EQ(transport->sent().size(), 3u);
}

TEST_F(ProviderTest, AssumeRoleFailureKeepsStsCodeAndAddsContext) {
  sts_.fail_code = "AccessDenied";
  Result<Credentials> credentials = FromProfile("deploy");
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.error().code, "AccessDenied");
  EXPECT_NE(credentials.error().message.find("arn:aws:iam::111111111111:role/deploy"),
            std::string::npos);
  EXPECT_NE(credentials.error().message.find("profile deploy"), std::string::npos);
  EXPECT_NE(credentials.error().message.find("Access denied by the fake STS"), std::string::npos);
}

TEST_F(ProviderTest, RoleProfilesNeedAnAssumeRoleFunction) {
  ProfileCredentialsProvider provider(
      ProfileCredentialsOptions{env_, config_, ProfileChoice{"deploy", ""}, nullptr, nullptr});
  Result<Credentials> credentials = provider.GetCredentials();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.error().code, "AssumeRoleUnavailable");
  ExpectNoSecret(credentials.error());
}

// --- web identity ---

TEST_F(ProviderTest, WebIdentityFromProfile) {
  Result<Credentials> missing_file = FromProfile("webid");
  ASSERT_FALSE(missing_file.ok());
  EXPECT_EQ(missing_file.error().code, "InvalidCredentials");
  EXPECT_NE(missing_file.error().message.find("/var/run/token"), std::string::npos);

  env_->SetFile("/var/run/token", "web-token-value\n");
  Result<Credentials> credentials = FromProfile("webid");
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  ASSERT_EQ(sts_.requests.size(), 1u);
  EXPECT_EQ(sts_.requests[0].web_identity_token, "web-token-value");
  EXPECT_EQ(sts_.requests[0].role_arn, "arn:aws:iam::666666666666:role/web");
  EXPECT_EQ(sts_.requests[0].session_name, "web-session");
  EXPECT_TRUE(sts_.requests[0].source_credentials.access_key_id.empty());
}

TEST_F(ProviderTest, WebIdentityFromEnvironmentRereadsTheToken) {
  WebIdentityCredentialsProvider provider(env_, sts_.Fn());
  Result<Credentials> none = provider.GetCredentials();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, kCredentialsNotConfigured);

  env_->SetEnv("AWS_ROLE_ARN", "arn:aws:iam::888888888888:role/pod");
  Result<Credentials> half = provider.GetCredentials();
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().code, "InvalidCredentials");
  EXPECT_NE(half.error().message.find("AWS_WEB_IDENTITY_TOKEN_FILE"), std::string::npos);

  env_->SetEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "/token");
  env_->SetFile("/token", "");
  Result<Credentials> empty = provider.GetCredentials();
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("empty"), std::string::npos);

  env_->SetFile("/token", "web-token-value");
  env_->SetEnv("AWS_ROLE_SESSION_NAME", "pod-session");
  ASSERT_TRUE(provider.GetCredentials().ok());
  env_->SetFile("/token", "rotated-token");
  ASSERT_TRUE(provider.GetCredentials().ok());
  ASSERT_EQ(sts_.requests.size(), 2u);
  EXPECT_EQ(sts_.requests[0].web_identity_token, "web-token-value");
  EXPECT_EQ(sts_.requests[0].session_name, "pod-session");
  EXPECT_EQ(sts_.requests[1].web_identity_token, "rotated-token");
  EXPECT_EQ(sts_.requests[1].role_arn, "arn:aws:iam::888888888888:role/pod");

  sts_.fail_code = "InvalidIdentityToken";
  Result<Credentials> rejected = provider.GetCredentials();
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, "InvalidIdentityToken");
  EXPECT_EQ(rejected.error().message.find("rotated-token"), std::string::npos);
}

}  // namespace
}  // namespace sparta::aws
