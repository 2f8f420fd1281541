// FunctionSession: clients resolved from a Lambda function's environment
// only (credentials, region, endpoints), on a scripted transport.

#include "sparta/aws/function_session.hpp"

#include <gtest/gtest.h>

#include "aws/clients/fake_aws.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;

class FunctionSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_->SetEnv("AWS_REGION", "us-west-2");
    env_->SetEnv("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE");
    env_->SetEnv("AWS_SECRET_ACCESS_KEY", "secret");
    env_->SetEnv("AWS_SESSION_TOKEN", "token-of-the-role");
  }
  Result<FunctionSession> Open() {
    FunctionSessionOptions options;
    options.env = env_;
    options.transport = transport_;
    options.retry.max_attempts = 1;
    return FunctionSession::Open(options);
  }
  const HttpRequest& Sent(std::size_t i = 0) const { return transport_->requests().at(i); }

  std::shared_ptr<InMemoryEnvironment> env_ = std::make_shared<InMemoryEnvironment>();
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
};

TEST_F(FunctionSessionTest, OnAwsCallsTheRegionsHttpsEndpointsWithTheRolesCredentials) {
  auto session = Open();
  ASSERT_TRUE(session.ok()) << session.error().message;
  EXPECT_EQ(session->region(), "us-west-2");

  auto s3 = session->S3();
  ASSERT_TRUE(s3.ok()) << s3.error().message;
  transport_->Respond(200, "", {{"ETag", "\"abc\""}});
  ASSERT_TRUE(s3->PutObject("reports", "a.json", "{}").ok());
  EXPECT_EQ(Sent().scheme, "https");
  EXPECT_EQ(Sent().host, "reports.s3.us-west-2.amazonaws.com");  // virtual-hosted
  EXPECT_EQ(Sent().path, "/a.json");
  EXPECT_EQ(*FindHeader(Sent().headers, "X-Amz-Security-Token"), "token-of-the-role");
  const std::string& authorization = *FindHeader(Sent().headers, "Authorization");
  EXPECT_NE(authorization.find("Credential=ASIAEXAMPLE/"), std::string::npos) << authorization;
  EXPECT_NE(authorization.find("/us-west-2/s3/aws4_request"), std::string::npos) << authorization;

  auto ddb = session->DynamoDb();
  ASSERT_TRUE(ddb.ok()) << ddb.error().message;
  transport_->Respond(200, "{}");
  ASSERT_TRUE(
      ddb->GetItem({.table = "Items", .key = {{"sku", dynamodb::AttributeValue::String("A-1")}}})
          .ok());
  EXPECT_EQ(Sent(1).host, "dynamodb.us-west-2.amazonaws.com");
  EXPECT_NE(FindHeader(Sent(1).headers, "Authorization")->find("/us-west-2/dynamodb/"),
            std::string::npos);
}

TEST_F(FunctionSessionTest, OnSpartaLocalCallsTheEndpointItSets) {
  env_->SetEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
  env_->SetEnv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
  auto session = Open();
  ASSERT_TRUE(session.ok()) << session.error().message;
  transport_->Respond(200, "", {{"ETag", "\"abc\""}});
  ASSERT_TRUE(session->S3()->PutObject("reports", "a.json", "{}").ok());
  EXPECT_EQ(Sent().scheme, "http");
  EXPECT_EQ(Sent().host, "127.0.0.1");
  EXPECT_EQ(Sent().port, 4566);
  EXPECT_EQ(Sent().path, "/reports/a.json");  // path-style on a custom endpoint

  transport_->Respond(200, "{}");
  ASSERT_TRUE(
      session->DynamoDb()
          ->GetItem({.table = "Items", .key = {{"sku", dynamodb::AttributeValue::String("A-1")}}})
          .ok());
  EXPECT_EQ(Sent(1).port, 8000);  // the per-service variable wins
}

TEST_F(FunctionSessionTest, SaysWhatTheEnvironmentLacks) {
  env_->UnsetEnv("AWS_REGION");
  auto no_region = Open();
  ASSERT_FALSE(no_region.ok());
  EXPECT_EQ(no_region.error().code, "NoRegion");
  EXPECT_NE(no_region.error().message.find("AWS_REGION"), std::string::npos);

  env_->SetEnv("AWS_DEFAULT_REGION", "eu-west-1");
  auto fallback = Open();
  ASSERT_TRUE(fallback.ok()) << fallback.error().message;
  EXPECT_EQ(fallback->region(), "eu-west-1");

  env_->UnsetEnv("AWS_ACCESS_KEY_ID");
  env_->UnsetEnv("AWS_SECRET_ACCESS_KEY");
  auto no_credentials = Open();
  ASSERT_FALSE(no_credentials.ok());
  EXPECT_EQ(no_credentials.error().code, "CredentialsNotConfigured");
  EXPECT_NE(no_credentials.error().message.find("AWS_ACCESS_KEY_ID"), std::string::npos);

  env_->SetEnv("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE");
  env_->SetEnv("AWS_SECRET_ACCESS_KEY", "secret");
  env_->SetEnv("AWS_ENDPOINT_URL", "ftp://nowhere");
  auto bad_endpoint = Open();
  ASSERT_FALSE(bad_endpoint.ok());
  EXPECT_EQ(bad_endpoint.error().code, "InvalidEndpoint");
  EXPECT_NE(bad_endpoint.error().message.find("AWS_ENDPOINT_URL"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

}  // namespace
}  // namespace sparta::aws
