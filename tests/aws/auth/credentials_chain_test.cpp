// The chain, the refreshing cache (on a fake clock) and the default chain.

#include "sparta/aws/credentials_chain.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "aws/auth/fakes.hpp"
#include "aws/auth/time_internal.hpp"
#include "sparta/aws/credentials_providers.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;
using testing::FixtureEnvironment;
using testing::LoadConfig;

// Answers from a script (the last answer repeats) and counts calls.
class ScriptedProvider final : public CredentialsProvider {
 public:
  explicit ScriptedProvider(std::vector<Result<Credentials>> answers)
      : answers_(std::move(answers)) {}
  Result<Credentials> GetCredentials() override {
    const int call = calls++;
    return answers_[std::min<size_t>(static_cast<size_t>(call), answers_.size() - 1)];
  }
  std::atomic<int> calls{0};

 private:
  std::vector<Result<Credentials>> answers_;
};

Credentials Keys(std::string id, std::optional<std::chrono::system_clock::time_point> expiration =
                                     std::nullopt) {
  return Credentials{std::move(id), "chain/SECRET+key", "", expiration, "scripted"};
}

Error NotHere(std::string why) { return MakeError(std::string(kCredentialsNotConfigured), why); }

// --- chain ---

TEST(CredentialsChain, TakesTheFirstConfiguredSourceAndSticksToIt) {
  auto first = std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{NotHere("no")});
  auto second = std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{Keys("B")});
  auto third = std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{Keys("C")});
  CredentialsChain chain({{"first", first}, {"second", second}, {"third", third}});
  EXPECT_EQ(chain.GetCredentials()->access_key_id, "B");
  EXPECT_EQ(chain.GetCredentials()->access_key_id, "B");
  EXPECT_EQ(first->calls, 1);
  EXPECT_EQ(second->calls, 2);
  EXPECT_EQ(third->calls, 0);
}

TEST(CredentialsChain, ABrokenSourceStopsTheSearch) {
  auto broken = std::make_shared<ScriptedProvider>(
      std::vector<Result<Credentials>>{MakeError("InvalidConfig", "profile x is broken")});
  auto good = std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{Keys("G")});
  CredentialsChain chain({{"broken", broken}, {"good", good}});
  Result<Credentials> result = chain.GetCredentials();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidConfig");
  EXPECT_EQ(good->calls, 0);
}

TEST(CredentialsChain, NothingConfiguredListsEverySourceAndHowToFixIt) {
  CredentialsChain chain(
      {{"environment variables",
        std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{NotHere("unset")})},
       {"EC2 instance metadata",
        std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{NotHere("down")})}});
  Result<Credentials> result = chain.GetCredentials();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "NoCredentials");
  const std::string& message = result.error().message;
  EXPECT_NE(message.find("environment variables (unset); EC2 instance metadata (down)"),
            std::string::npos)
      << message;
  for (const char* advice : {"aws configure", "AWS_ACCESS_KEY_ID", "--profile"}) {
    EXPECT_NE(message.find(advice), std::string::npos) << advice;
  }
}

// --- cache ---

class CachingTest : public ::testing::Test {
 protected:
  std::shared_ptr<InMemoryEnvironment> clock_ = std::make_shared<InMemoryEnvironment>();
  std::chrono::system_clock::time_point start_ = clock_->Now();
};

TEST_F(CachingTest, RefreshesFiveMinutesBeforeExpiry) {
  using namespace std::chrono_literals;
  auto inner = std::make_shared<ScriptedProvider>(
      std::vector<Result<Credentials>>{Keys("first", start_ + 1h), Keys("second", start_ + 2h)});
  CachingCredentialsProvider cache(inner, clock_);
  EXPECT_EQ(cache.GetCredentials()->access_key_id, "first");
  clock_->Advance(54min);
  EXPECT_EQ(cache.GetCredentials()->access_key_id, "first");
  EXPECT_EQ(inner->calls, 1);
  clock_->Advance(1min);  // exactly 5 minutes left
  EXPECT_EQ(cache.GetCredentials()->access_key_id, "second");
  EXPECT_EQ(inner->calls, 2);
  EXPECT_EQ(cache.GetCredentials()->access_key_id, "second");
  EXPECT_EQ(inner->calls, 2);
}

TEST_F(CachingTest, ServesOldCredentialsWhileRefreshFailsUntilTheyExpire) {
  using namespace std::chrono_literals;
  auto inner = std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{
      Keys("old", start_ + 1h), MakeError("CredentialsFetch", "STS is down")});
  CachingCredentialsProvider cache(inner, clock_);
  ASSERT_TRUE(cache.GetCredentials().ok());
  clock_->Advance(58min);
  Result<Credentials> stale = cache.GetCredentials();
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->access_key_id, "old");
  EXPECT_EQ(inner->calls, 2);
  clock_->Advance(2min);  // now expired
  Result<Credentials> expired = cache.GetCredentials();
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().message, "STS is down");
}

TEST_F(CachingTest, LongTermCredentialsAreFetchedOnce) {
  auto inner = std::make_shared<ScriptedProvider>(std::vector<Result<Credentials>>{Keys("static")});
  CachingCredentialsProvider cache(inner, clock_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(cache.GetCredentials().ok());
    clock_->Advance(std::chrono::hours(24 * 365));
  }
  EXPECT_EQ(inner->calls, 1);
}

TEST_F(CachingTest, FirstFailureIsReturnedAndRetriedNextTime) {
  auto inner = std::make_shared<ScriptedProvider>(
      std::vector<Result<Credentials>>{MakeError("X", "first fails"), Keys("then works")});
  CachingCredentialsProvider cache(inner, clock_);
  EXPECT_FALSE(cache.GetCredentials().ok());
  EXPECT_TRUE(cache.GetCredentials().ok());
}

TEST_F(CachingTest, ConcurrentCallersShareOneFetch) {
  auto inner = std::make_shared<ScriptedProvider>(
      std::vector<Result<Credentials>>{Keys("shared", start_ + std::chrono::hours(1))});
  CachingCredentialsProvider cache(inner, clock_);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) ok += cache.GetCredentials().ok();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok, 800);
  EXPECT_EQ(inner->calls, 1);
}

// --- the default chain ---

class DefaultChainTest : public ::testing::Test {
 protected:
  Result<std::shared_ptr<CredentialsProvider>> Make(std::string profile_flag = "") {
    return MakeDefaultCredentialsProvider(DefaultCredentialsOptions{
        env_, nullptr, std::move(profile_flag), assume_role_, transport_});
  }
  Result<Credentials> Get(std::string profile_flag = "") {
    Result<std::shared_ptr<CredentialsProvider>> provider = Make(std::move(profile_flag));
    if (!provider) return provider.error();
    return (*provider)->GetCredentials();
  }

  std::shared_ptr<InMemoryEnvironment> env_ = FixtureEnvironment();
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  std::vector<AssumeRoleCall> assumed_;
  AssumeRoleFn assume_role_ = [this](const AssumeRoleCall& request) -> Result<Credentials> {
    assumed_.push_back(request);
    return Credentials{"ASIAROLE", "role/SECRET+key", "role-token",
                       env_->Now() + std::chrono::hours(1), ""};
  };
};

TEST_F(DefaultChainTest, EnvironmentFirstThenProfile) {
  EXPECT_EQ(Get()->access_key_id, "AKIADEFAULT");
  env_->SetEnv("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_->SetEnv("AWS_SECRET_ACCESS_KEY", "env/SECRET+key");
  EXPECT_EQ(Get()->access_key_id, "AKIAENV");
  env_->SetEnv("AWS_PROFILE", "dev");  // AWS_PROFILE does not outrank the variables ...
  EXPECT_EQ(Get()->access_key_id, "AKIAENV");
  EXPECT_EQ(Get("base")->access_key_id, "AKIABASE");  // ... but --profile does
  EXPECT_TRUE(transport_->sent().empty());
}

TEST_F(DefaultChainTest, ProfileFromTheEnvironmentAssumesRoles) {
  env_->SetEnv("AWS_PROFILE", "deploy");
  Result<Credentials> credentials = Get();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIAROLE");
  ASSERT_EQ(assumed_.size(), 1u);
  EXPECT_EQ(assumed_[0].source_credentials.access_key_id, "AKIABASE");
}

TEST_F(DefaultChainTest, NamedMissingProfileFailsUpFront) {
  Result<std::shared_ptr<CredentialsProvider>> provider = Make("prod");
  ASSERT_FALSE(provider.ok());
  EXPECT_EQ(provider.error().code, "ProfileNotFound");
  env_->SetEnv("AWS_PROFILE", "staging");
  provider = Make();
  ASSERT_FALSE(provider.ok());
  EXPECT_NE(provider.error().message.find("AWS_PROFILE"), std::string::npos);
}

TEST_F(DefaultChainTest, WebIdentityThenContainerThenImds) {
  env_->SetEnv("AWS_PROFILE", "region-only");
  // Web identity from the environment.
  env_->SetEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "/t");
  env_->SetEnv("AWS_ROLE_ARN", "arn:aws:iam::1:role/r");
  env_->SetFile("/t", "web-token-value");
  EXPECT_EQ(Get()->access_key_id, "ASIAROLE");
  EXPECT_EQ(assumed_.back().web_identity_token, "web-token-value");
  env_->UnsetEnv("AWS_WEB_IDENTITY_TOKEN_FILE");
  env_->UnsetEnv("AWS_ROLE_ARN");
  // The container endpoint.
  env_->SetEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  transport_->Respond(200, R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s","Token":"t"})");
  EXPECT_EQ(Get()->access_key_id, "ASIACONTAINER");
  env_->UnsetEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  // IMDS last.
  transport_->Respond(200, "tok");
  transport_->Respond(200, "role");
  transport_->Respond(200, R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s"})");
  EXPECT_EQ(Get()->access_key_id, "ASIAIMDS");
}

TEST_F(DefaultChainTest, RefreshesImdsCredentialsBeforeTheyExpire) {
  env_->SetEnv("AWS_PROFILE", "region-only");
  auto script_imds = [&](const std::string& id) {
    transport_->Respond(200, "tok");
    transport_->Respond(200, "role");
    transport_->Respond(200, R"({"AccessKeyId":")" + id +
                                 R"(","SecretAccessKey":"s","Token":"t","Expiration":")" +
                                 internal::FormatIso8601(env_->Now() + std::chrono::hours(1)) +
                                 R"("})");
  };
  script_imds("ASIAFIRST");
  Result<std::shared_ptr<CredentialsProvider>> provider = Make();
  ASSERT_TRUE(provider.ok());
  EXPECT_EQ((*provider)->GetCredentials()->access_key_id, "ASIAFIRST");
  env_->Advance(std::chrono::minutes(30));
  EXPECT_EQ((*provider)->GetCredentials()->access_key_id, "ASIAFIRST");
  EXPECT_EQ(transport_->sent().size(), 3u);
  env_->Advance(std::chrono::minutes(26));
  script_imds("ASIASECOND");
  EXPECT_EQ((*provider)->GetCredentials()->access_key_id, "ASIASECOND");
  EXPECT_EQ(transport_->sent().size(), 6u);
}

TEST_F(DefaultChainTest, NoCredentialsAnywhere) {
  env_->SetEnv("AWS_PROFILE", "region-only");
  transport_->Fail("Connect", "connection refused");
  Result<Credentials> result = Get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "NoCredentials");
  const std::string& message = result.error().message;
  for (const char* source : {"environment variables", "profile region-only", "web identity",
                             "container credentials endpoint", "EC2 instance metadata"}) {
    EXPECT_NE(message.find(source), std::string::npos) << source << " in: " << message;
  }
}

TEST_F(DefaultChainTest, NoSecretInAnyError) {
  // Every configured-but-broken state, with secrets all around.
  env_->SetEnv("AWS_SESSION_TOKEN", "env-session-token");
  env_->SetEnv("AWS_SECRET_ACCESS_KEY", "env/SECRET+key");
  std::vector<Error> errors;
  errors.push_back(Get().error());  // half a key pair in the environment
  env_->UnsetEnv("AWS_SECRET_ACCESS_KEY");
  for (const char* profile : {"half", "loop-a", "bad-source", "missing-source", "prod"}) {
    Result<Credentials> result = Get(profile);
    ASSERT_FALSE(result.ok()) << profile;
    errors.push_back(result.error());
  }
  for (const Error& error : errors) {
    for (const char* secret : {"env/SECRET+key", "env-session-token", "default/SECRET+key",
                               "base/SECRET+key", "temp/SECRET+key", "temp-session-token",
                               "self/SECRET+key"}) {
      EXPECT_EQ(error.message.find(secret), std::string::npos) << error.message;
    }
  }
}

}  // namespace
}  // namespace sparta::aws
