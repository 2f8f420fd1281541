// CloudMapClient on a scripted transport: DiscoverInstances' JSON 1.1
// request and answer, AWS's errors, and FunctionSession's data-plane host.

#include "sparta/aws/cloud_map_client.hpp"

#include <gtest/gtest.h>

#include "sparta/aws/function_session.hpp"

#include "aws/clients/fake_aws.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;
using testing::MakeClient;
using testing::MakeEndpoint;

class CloudMapClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  CloudMapClient client_{MakeClient(
      MakeEndpoint("servicediscovery", "data-servicediscovery.us-east-1.amazonaws.com"),
      transport_)};
};

TEST_F(CloudMapClientTest, DiscoverInstancesSendsTheQueryAndReadsTheInstances) {
  transport_->Respond(200, R"({"Instances": [
      {"InstanceId": "worker", "NamespaceName": "shop", "ServiceName": "orders",
       "HealthStatus": "UNKNOWN",
       "Attributes": {"Ref": "shop-Worker", "Type": "AWS::Lambda::Function",
                      "Arn": "arn:aws:lambda:us-east-1:123456789012:function:shop-Worker"}},
      {"InstanceId": "jobs-queue", "NamespaceName": "shop", "ServiceName": "orders",
       "HealthStatus": "UNKNOWN", "Attributes": {"Ref": "https://sqs/jobs"}, "Future": 1}],
      "InstancesRevision": 7})");
  auto found = client_.DiscoverInstances(
      {.namespace_name = "shop", .service_name = "orders",
       .query_parameters = {{"Type", "AWS::Lambda::Function"}}, .max_results = 5});
  ASSERT_TRUE(found.ok()) << found.error().message;
  const HttpRequest& sent = transport_->requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(*FindHeader(sent.headers, "X-Amz-Target"),
            "Route53AutoNaming_v20170314.DiscoverInstances");
  EXPECT_EQ(*FindHeader(sent.headers, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(json::parse(sent.body), json::parse(R"({"NamespaceName": "shop",
      "ServiceName": "orders", "QueryParameters": {"Type": "AWS::Lambda::Function"},
      "MaxResults": 5})"));
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].instance_id, "worker");
  EXPECT_EQ((*found)[0].namespace_name, "shop");
  EXPECT_EQ((*found)[0].service_name, "orders");
  EXPECT_EQ((*found)[0].health_status, "UNKNOWN");
  EXPECT_EQ((*found)[0].attributes.at("Arn"),
            "arn:aws:lambda:us-east-1:123456789012:function:shop-Worker");
  EXPECT_EQ((*found)[1].attributes, (std::map<std::string, std::string>{{"Ref", "https://sqs/jobs"}}));
}

TEST_F(CloudMapClientTest, ErrorsSayWhatWentWrong) {
  auto unnamed = client_.DiscoverInstances({.namespace_name = "shop"});
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().code, "InvalidArgument");
  EXPECT_TRUE(transport_->requests().empty());  // refused before sending

  transport_->Respond(400, R"({"__type": "NamespaceNotFound", "Message": "Namespace not found"})",
                      {{"Content-Type", "application/x-amz-json-1.1"}});
  auto missing = client_.DiscoverInstances({.namespace_name = "nope", .service_name = "x"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NamespaceNotFound") << missing.error().message;

  transport_->Respond(200, R"({"Instances": [{"InstanceId": "a", "Attributes": {"n": 1}}]})");
  auto odd = client_.DiscoverInstances({.namespace_name = "shop", .service_name = "x"});
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, "InvalidResponse");
  EXPECT_NE(odd.error().message.find("$.Instances[0].Attributes.n"), std::string::npos)
      << odd.error().message;
}

TEST(CloudMapSession, OnAwsTheDataPlaneHostOnAnEmulatorItsEndpoint) {
  auto transport = std::make_shared<FakeTransport>();
  auto env = std::make_shared<InMemoryEnvironment>();
  env->SetEnv("AWS_REGION", "eu-west-1");
  env->SetEnv("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE");
  env->SetEnv("AWS_SECRET_ACCESS_KEY", "secret");
  auto open = [&] {
    FunctionSessionOptions options;
    options.env = env;
    options.transport = transport;
    options.retry.max_attempts = 1;
    return FunctionSession::Open(options);
  };
  transport->Respond(200, R"({"Instances": []})");
  auto on_aws = open();
  ASSERT_TRUE(on_aws.ok()) << on_aws.error().message;
  ASSERT_TRUE(on_aws->CloudMap()->DiscoverInstances({"shop", "orders"}).ok());
  EXPECT_EQ(transport->requests().at(0).host, "data-servicediscovery.eu-west-1.amazonaws.com");
  EXPECT_NE(FindHeader(transport->requests().at(0).headers, "Authorization")
                ->find("/eu-west-1/servicediscovery/aws4_request"),
            std::string::npos);

  env->SetEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
  transport->Respond(200, R"({"Instances": []})");
  auto local = open();
  ASSERT_TRUE(local.ok()) << local.error().message;
  ASSERT_TRUE(local->CloudMap()->DiscoverInstances({"shop", "orders"}).ok());
  EXPECT_EQ(transport->requests().at(1).host, "127.0.0.1");
}

}  // namespace
}  // namespace sparta::aws
