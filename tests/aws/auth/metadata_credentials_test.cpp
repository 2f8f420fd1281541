// The container endpoint and IMDS providers against a scripted fake
// transport: the exact requests they send, and how they read the answers.

#include "sparta/aws/metadata_credentials.hpp"

#include <gtest/gtest.h>

#include "aws/auth/fakes.hpp"
#include "aws/auth/time_internal.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;
using testing::HeaderOr;

constexpr char kCredentialsJson[] =
    R"({"AccessKeyId":"ASIAMETA","SecretAccessKey":"meta/SECRET+key","Token":"meta-token",)"
    R"("Expiration":"2024-01-01T06:00:00Z"})";

class MetadataTest : public ::testing::Test {
 protected:
  std::shared_ptr<InMemoryEnvironment> env_ = std::make_shared<InMemoryEnvironment>();
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();

  void ExpectNoSecret(const Result<Credentials>& result) {
    if (result) return;
    for (const char* secret : {"meta/SECRET+key", "meta-token", "container-auth-token"}) {
      EXPECT_EQ(result.error().message.find(secret), std::string::npos) << result.error().message;
    }
  }
};

// --- container ---

TEST_F(MetadataTest, ContainerNotConfigured) {
  ContainerCredentialsProvider provider(env_, transport_);
  Result<Credentials> result = provider.GetCredentials();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, kCredentialsNotConfigured);
  EXPECT_TRUE(transport_->sent().empty());
}

TEST_F(MetadataTest, ContainerRelativeUri) {
  env_->SetEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc?x=1");
  transport_->Respond(200, kCredentialsJson);
  ContainerCredentialsProvider provider(env_, transport_);
  Result<Credentials> result = provider.GetCredentials();
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->access_key_id, "ASIAMETA");
  EXPECT_EQ(result->secret_access_key, "meta/SECRET+key");
  EXPECT_EQ(result->session_token, "meta-token");
  EXPECT_EQ(result->expiration, internal::ParseIso8601("2024-01-01T06:00:00Z"));

  ASSERT_EQ(transport_->sent().size(), 1u);
  const FakeTransport::Sent sent = transport_->sent()[0];
  EXPECT_EQ(sent.request.method, "GET");
  EXPECT_EQ(sent.request.scheme, "http");
  EXPECT_EQ(sent.request.host, "169.254.170.2");
  EXPECT_EQ(sent.request.port, 0);
  EXPECT_EQ(sent.request.path, "/v2/credentials/abc");
  EXPECT_EQ(sent.request.query, "x=1");
  EXPECT_EQ(HeaderOr(sent.request, "Authorization"), "<absent>");
  EXPECT_EQ(sent.timeout, std::chrono::seconds(2));
}

TEST_F(MetadataTest, ContainerFullUriWithTokenFileWinningOverToken) {
  env_->SetEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds");
  env_->SetEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-token");
  env_->SetEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/secrets/token");
  env_->SetFile("/var/run/secrets/token", "container-auth-token\n");
  transport_->Respond(200, kCredentialsJson);
  ContainerCredentialsProvider provider(env_, transport_);
  ASSERT_TRUE(provider.GetCredentials().ok());
  const HttpRequest sent = transport_->sent()[0].request;
  EXPECT_EQ(sent.host, "127.0.0.1");
  EXPECT_EQ(sent.port, 8080);
  EXPECT_EQ(sent.path, "/creds");
  EXPECT_EQ(HeaderOr(sent, "Authorization"), "container-auth-token");

  env_->UnsetEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  transport_->Respond(200, kCredentialsJson);
  ASSERT_TRUE(provider.GetCredentials().ok());
  EXPECT_EQ(HeaderOr(transport_->sent()[1].request, "Authorization"), "ignored-token");
}

TEST_F(MetadataTest, ContainerFullUriHostRules) {
  ContainerCredentialsProvider provider(env_, transport_);
  for (const char* allowed : {"http://localhost/x", "http://127.1.2.3:9/x", "http://[::1]/x",
                              "http://169.254.170.23/v1/credentials",
                              "http://[fd00:ec2::23]/v1/credentials", "https://creds.example.com/x"}) {
    env_->SetEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed);
    transport_->Respond(200, kCredentialsJson);
    Result<Credentials> result = provider.GetCredentials();
    EXPECT_TRUE(result.ok()) << allowed << ": " << result.error().message;
  }
  for (const char* refused : {"http://example.com/x", "http://10.0.0.1/x", "http://127.0.0.1.evil.com/",
                              "http://169.254.169.254/x", "169.254.170.2/x"}) {
    env_->SetEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused);
    Result<Credentials> result = provider.GetCredentials();
    ASSERT_FALSE(result.ok()) << refused;
    EXPECT_EQ(result.error().code, "InvalidConfig") << refused;
  }
  EXPECT_EQ(transport_->pending(), 0u);
}

TEST_F(MetadataTest, ContainerRetriesTransientFailuresThenGivesUp) {
  env_->SetEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  transport_->Fail("Timeout", "timed out talking to 169.254.170.2");
  transport_->Respond(503, R"({"message":"try later"})");
  transport_->Respond(200, kCredentialsJson);
  ContainerCredentialsProvider provider(env_, transport_);
  ASSERT_TRUE(provider.GetCredentials().ok());
  EXPECT_EQ(transport_->sent().size(), 3u);

  for (int i = 0; i < 3; ++i) transport_->Respond(500, "{}");
  Result<Credentials> failed = provider.GetCredentials();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "CredentialsFetch");
  EXPECT_NE(failed.error().message.find("3 times"), std::string::npos);
  EXPECT_EQ(transport_->sent().size(), 6u);
}

TEST_F(MetadataTest, ContainerErrorsAndBadDocumentsNeverEchoTheBody) {
  env_->SetEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  env_->SetEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token");
  ContainerCredentialsProvider provider(env_, transport_);
  transport_->Respond(403, R"({"code":"AccessDenied","message":"bad token"})");
  Result<Credentials> denied = provider.GetCredentials();
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(transport_->sent().size(), 1u);  // a 4xx is not retried
  EXPECT_NE(denied.error().message.find("HTTP 403: bad token"), std::string::npos);
  ExpectNoSecret(denied);

  transport_->Respond(200, R"({"SecretAccessKey":"meta/SECRET+key","Token":"meta-token"})");
  Result<Credentials> partial = provider.GetCredentials();
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.error().code, "CredentialsFetch");
  ExpectNoSecret(partial);

  transport_->Respond(200, "meta/SECRET+key is not JSON");
  Result<Credentials> garbage = provider.GetCredentials();
  ASSERT_FALSE(garbage.ok());
  ExpectNoSecret(garbage);

  env_->SetEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nInjected: header");
  Result<Credentials> injected = provider.GetCredentials();
  ASSERT_FALSE(injected.ok());
  EXPECT_EQ(injected.error().code, "InvalidConfig");
}

// --- IMDS ---

TEST_F(MetadataTest, ImdsV2ExactExchange) {
  transport_->Respond(200, "AQAEAtoken==");
  transport_->Respond(200, "my-role\n");
  transport_->Respond(200, std::string(R"({"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z",)") +
                               R"("Type":"AWS-HMAC","AccessKeyId":"ASIAMETA",)" +
                               R"("SecretAccessKey":"meta/SECRET+key","Token":"meta-token",)" +
                               R"("Expiration":"2024-01-01T06:00:00Z"})");
  ImdsCredentialsProvider provider(env_, transport_);
  Result<Credentials> result = provider.GetCredentials();
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->access_key_id, "ASIAMETA");
  EXPECT_EQ(result->session_token, "meta-token");
  EXPECT_EQ(result->source, "EC2 instance metadata (role my-role)");

  const auto sent = transport_->sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].request.method, "PUT");
  EXPECT_EQ(sent[0].request.scheme, "http");
  EXPECT_EQ(sent[0].request.host, "169.254.169.254");
  EXPECT_EQ(sent[0].request.path, "/latest/api/token");
  EXPECT_EQ(HeaderOr(sent[0].request, "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(HeaderOr(sent[0].request, "x-aws-ec2-metadata-token"), "<absent>");
  EXPECT_EQ(sent[1].request.method, "GET");
  EXPECT_EQ(sent[1].request.path, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(HeaderOr(sent[1].request, "x-aws-ec2-metadata-token"), "AQAEAtoken==");
  EXPECT_EQ(sent[2].request.method, "GET");
  EXPECT_EQ(sent[2].request.path, "/latest/meta-data/iam/security-credentials/my-role");
  EXPECT_EQ(HeaderOr(sent[2].request, "x-aws-ec2-metadata-token"), "AQAEAtoken==");
  for (const auto& s : sent) EXPECT_EQ(s.timeout, std::chrono::seconds(1));
}

TEST_F(MetadataTest, ImdsFallsBackToV1) {
  for (int status : {403, 404, 405}) {
    auto transport = std::make_shared<FakeTransport>();
    transport->Respond(status, "");
    transport->Respond(200, "role");
    transport->Respond(200, kCredentialsJson);
    ImdsCredentialsProvider provider(env_, transport);
    ASSERT_TRUE(provider.GetCredentials().ok()) << status;
    const auto sent = transport->sent();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(HeaderOr(sent[1].request, "x-aws-ec2-metadata-token"), "<absent>");
    EXPECT_EQ(HeaderOr(sent[2].request, "x-aws-ec2-metadata-token"), "<absent>");
  }
  // A timeout on the PUT falls back too ...
  transport_->Fail("Timeout", "timed out");
  transport_->Respond(200, "role");
  transport_->Respond(200, kCredentialsJson);
  ImdsCredentialsProvider provider(env_, transport_);
  ASSERT_TRUE(provider.GetCredentials().ok());
  // ... unless IMDSv1 is disabled.
  env_->SetEnv("AWS_EC2_METADATA_V1_DISABLED", "true");
  transport_->Respond(405, "");
  Result<Credentials> refused = provider.GetCredentials();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, kCredentialsNotConfigured);
  EXPECT_EQ(transport_->sent().size(), 4u);
}

TEST_F(MetadataTest, ImdsNotReachableOrNoRoleMeansNotConfigured) {
  ImdsCredentialsProvider provider(env_, transport_);
  transport_->Fail("Connect", "connection refused by 169.254.169.254");
  Result<Credentials> unreachable = provider.GetCredentials();
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.error().code, kCredentialsNotConfigured);
  EXPECT_EQ(transport_->sent().size(), 1u);

  transport_->Respond(200, "tok");
  transport_->Respond(404, "");
  Result<Credentials> no_role = provider.GetCredentials();
  ASSERT_FALSE(no_role.ok());
  EXPECT_EQ(no_role.error().code, kCredentialsNotConfigured);
  EXPECT_NE(no_role.error().message.find("no IAM role"), std::string::npos);
}

TEST_F(MetadataTest, ImdsDisabledSendsNothing) {
  env_->SetEnv("AWS_EC2_METADATA_DISABLED", "TRUE");
  ImdsCredentialsProvider provider(env_, transport_);
  Result<Credentials> result = provider.GetCredentials();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, kCredentialsNotConfigured);
  EXPECT_TRUE(transport_->sent().empty());
  ImdsCredentialsProvider no_transport(std::make_shared<InMemoryEnvironment>(), nullptr);
  EXPECT_EQ(no_transport.GetCredentials().error().code, kCredentialsNotConfigured);
}

TEST_F(MetadataTest, ImdsEndpointOverrideAndIpv6Mode) {
  env_->SetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/");
  transport_->Respond(200, "tok");
  transport_->Respond(200, "role");
  transport_->Respond(200, kCredentialsJson);
  ImdsCredentialsProvider provider(env_, transport_);
  ASSERT_TRUE(provider.GetCredentials().ok());
  const HttpRequest put = transport_->sent()[0].request;
  EXPECT_EQ(put.host, "127.0.0.1");
  EXPECT_EQ(put.port, 1338);
  EXPECT_EQ(put.path, "/latest/api/token");

  env_->UnsetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  env_->SetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6");
  transport_->Fail("Connect", "unreachable");
  (void)provider.GetCredentials();
  EXPECT_EQ(transport_->sent().back().request.host, "fd00:ec2::254");

  env_->SetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "not a url");
  Result<Credentials> bad = provider.GetCredentials();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidConfig");
}

TEST_F(MetadataTest, ImdsUnsuccessfulCodeAndBadRoleName) {
  ImdsCredentialsProvider provider(env_, transport_);
  transport_->Respond(200, "tok");
  transport_->Respond(200, "role");
  transport_->Respond(200, R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"x"})");
  Result<Credentials> failed = provider.GetCredentials();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "CredentialsFetch");
  EXPECT_NE(failed.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos);

  transport_->Respond(200, "tok");
  transport_->Respond(200, "../../evil");
  Result<Credentials> traversal = provider.GetCredentials();
  ASSERT_FALSE(traversal.ok());
  EXPECT_EQ(transport_->sent().size(), 5u);  // no third request for a bad role name
}

}  // namespace
}  // namespace sparta::aws
