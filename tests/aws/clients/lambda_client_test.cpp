// LambdaClient against a scripted transport: the request it sends (path,
// headers, signing) and how it reads results, function errors and refusals.
#include <gtest/gtest.h>

#include "aws/clients/fake_aws.hpp"
#include "sparta/aws/lambda_client.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;

struct Fixture {
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  LambdaClient client{testing::MakeClient(
      testing::MakeEndpoint("lambda", "lambda.us-east-1.amazonaws.com"), transport)};
};

TEST(LambdaClient, InvokeSendsTheRestRequestAndReadsTheResult) {
  Fixture f;
  f.transport->Respond(200, R"({"message":"hi"})",
                       {{"X-Amz-Executed-Version", "$LATEST"},
                        {"x-amzn-RequestId", "rid-1"},
                        {"X-Amz-Log-Result", util::Base64Encode("START\nEND\n")}});
  LambdaInvokeRequest request{.function_name = "arn:aws:lambda:us-east-1:1:function:f",
                              .payload = R"({"name":"x"})",
                              .tail_logs = true,
                              .client_context = R"({"custom":{}})"};
  auto result = f.client.Invoke(request);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->status_code, 200);
  EXPECT_EQ(result->payload, R"({"message":"hi"})");
  EXPECT_EQ(result->function_error, "");
  EXPECT_EQ(result->log_tail, "START\nEND\n");
  EXPECT_EQ(result->executed_version, "$LATEST");
  EXPECT_EQ(result->request_id, "rid-1");

  ASSERT_EQ(f.transport->requests().size(), 1u);
  const HttpRequest& sent = f.transport->requests()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path,
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations");
  EXPECT_EQ(sent.body, R"({"name":"x"})");
  EXPECT_EQ(*FindHeader(sent.headers, "X-Amz-Invocation-Type"), "RequestResponse");
  EXPECT_EQ(*FindHeader(sent.headers, "X-Amz-Log-Type"), "Tail");
  EXPECT_EQ(*FindHeader(sent.headers, "X-Amz-Client-Context"),
            util::Base64Encode(R"({"custom":{}})"));
  const std::string* auth = FindHeader(sent.headers, "Authorization");
  ASSERT_NE(auth, nullptr);
  EXPECT_NE(auth->find("/us-east-1/lambda/aws4_request"), std::string::npos);
}

TEST(LambdaClient, FunctionErrorIsAResult) {
  Fixture f;
  f.transport->Respond(200, R"({"errorType":"Boom","errorMessage":"no"})",
                       {{"X-Amz-Function-Error", "Unhandled"}});
  auto result = f.client.Invoke({.function_name = "f"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->function_error, "Unhandled");
  EXPECT_EQ(result->payload, R"({"errorType":"Boom","errorMessage":"no"})");
  EXPECT_EQ(f.transport->requests()[0].path, "/2015-03-31/functions/f/invocations");
  EXPECT_EQ(FindHeader(f.transport->requests()[0].headers, "X-Amz-Log-Type"), nullptr);
}

TEST(LambdaClient, RefusalsAreErrorsWithLambdasCode) {
  Fixture f;
  f.transport->Respond(404, R"({"Type":"User","message":"Function not found: f"})",
                       {{"x-amzn-ErrorType", "ResourceNotFoundException"}});
  auto result = f.client.Invoke({.function_name = "f", .qualifier = "$LATEST"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "ResourceNotFoundException");
  EXPECT_NE(result.error().message.find("Function not found: f"), std::string::npos);
  EXPECT_EQ(f.transport->requests()[0].query, "Qualifier=%24LATEST");
}

TEST(LambdaClient, EventInvocationAndBadInput) {
  Fixture f;
  f.transport->Respond(202, "");
  auto queued = f.client.Invoke({.function_name = "f", .invocation_type = "Event"});
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued->status_code, 202);
  EXPECT_EQ(*FindHeader(f.transport->requests()[0].headers, "X-Amz-Invocation-Type"), "Event");

  EXPECT_EQ(f.client.Invoke({.function_name = ""}).error().code, "InvalidArgument");
  f.transport->Respond(200, "{}", {{"X-Amz-Log-Result", "!!not base64!!"}});
  EXPECT_EQ(f.client.Invoke({.function_name = "f", .tail_logs = true}).error().code,
            "InvalidResponse");
}

}  // namespace
}  // namespace sparta::aws
