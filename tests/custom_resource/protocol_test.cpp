// The custom resource protocol as a provider function serves it: requests
// (AWS's own sample event), response documents and their 4,096-byte limit,
// and Serve() end to end against a loopback ResponseURL.

#include "sparta/custom_resource/protocol.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sparta/runtime/function_error.hpp"

#include "support/one_shot_http.hpp"

namespace sparta::custom_resource {
namespace {

using testing::OneShotServer;

std::string SampleEvent() {
  std::ifstream in(std::string(SPARTA_SHARED_TESTDATA) + "/events/cfn/cloudformation-event.json");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(CustomResourceRequest, ParsesAwsSampleEvent) {
  auto request = Request::Parse(SampleEvent());
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->type, RequestType::kCreate);
  EXPECT_EQ(request->response_url, "http://pre-signed-S3-url-for-response");
  EXPECT_EQ(request->stack_id, "arn:aws:cloudformation:us-west-2:EXAMPLE/stack-name/guid");
  EXPECT_EQ(request->request_id, "unique id for this create request");
  EXPECT_EQ(request->resource_type, "Custom::TestResource");
  EXPECT_EQ(request->logical_resource_id, "MyTestResource");
  EXPECT_EQ(request->properties.at("Name"), "Value");
  EXPECT_EQ(request->properties.at("List").as_array().size(), 3u);
  EXPECT_TRUE(request->physical_resource_id.empty());
}

TEST(CustomResourceRequest, NamesWhatIsMissingOrWrong) {
  auto no_type = Request::Parse(R"({"ResponseURL": "http://x/"})");
  ASSERT_FALSE(no_type);
  EXPECT_NE(no_type.error().message.find("RequestType"), std::string::npos);
  auto bad_type = Request::Parse(R"({"RequestType": "Replace"})");
  ASSERT_FALSE(bad_type);
  EXPECT_NE(bad_type.error().message.find("Create, Update or Delete"), std::string::npos);
  std::string update = SampleEvent();
  update.replace(update.find("\"Create\""), 8, "\"Update\"");
  auto no_physical = Request::Parse(update);
  ASSERT_FALSE(no_physical);
  EXPECT_NE(no_physical.error().message.find("PhysicalResourceId"), std::string::npos);
  EXPECT_FALSE(Request::Parse("[1, 2]"));
}

TEST(CustomResourceResponse, EchoesTheRequestAndDefaultsThePhysicalId) {
  Request request = *Request::Parse(SampleEvent());
  auto body = SuccessResponse(request, {.data = {{"Url", "https://example.com"}}});
  ASSERT_TRUE(body) << body.error().message;
  json::object doc = json::parse(*body).as_object();
  EXPECT_EQ(doc.at("Status"), "SUCCESS");
  EXPECT_EQ(doc.at("PhysicalResourceId"), "MyTestResource-unique id for this create request");
  EXPECT_EQ(doc.at("StackId"), json::value(request.stack_id));
  EXPECT_EQ(doc.at("RequestId"), json::value(request.request_id));
  EXPECT_EQ(doc.at("LogicalResourceId"), "MyTestResource");
  EXPECT_EQ(doc.at("Data").at("Url"), "https://example.com");
  EXPECT_FALSE(doc.contains("NoEcho"));
}

TEST(CustomResourceResponse, RefusesMoreThanCloudFormationReads) {
  Request request = *Request::Parse(SampleEvent());
  auto body = SuccessResponse(request, {.data = {{"Blob", std::string(5000, 'x')}}});
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, "ResponseTooLarge");
  EXPECT_NE(body.error().message.find("4096"), std::string::npos);
  // A long failure reason is shortened to fit.
  std::string failed = FailedResponse(request, std::string(10000, 'r'));
  EXPECT_LE(failed.size(), kMaxResponseBytes);
  json::object doc = json::parse(failed).as_object();
  EXPECT_EQ(doc.at("Status"), "FAILED");
  EXPECT_TRUE(doc.at("Reason").as_string().ends_with("..."));
}

std::string EventFor(const OneShotServer& server) {
  std::string event = SampleEvent();
  const std::string url =
      "http://127.0.0.1:" + std::to_string(server.port()) + "/bucket/key?X-Amz-Signature=abc";
  event.replace(event.find("http://pre-signed-S3-url-for-response"),
                std::string("http://pre-signed-S3-url-for-response").size(), url);
  return event;
}

runtime::Context MakeContext() {
  runtime::InvocationInfo info;
  info.request_id = "r1";
  info.deadline = std::chrono::system_clock::now() + std::chrono::seconds(30);
  return runtime::Context(std::move(info));
}

TEST(CustomResourceServe, PutsTheHandlersOutcomeWithoutContentType) {
  OneShotServer server;
  runtime::Context context = MakeContext();
  std::string body = Serve(EventFor(server), context, [](const Request& r, runtime::Context&) {
    return Outcome{.physical_id = "id-1", .data = {{"Name", r.properties.at("Name")}}};
  });
  const std::string received = server.Received();
  EXPECT_TRUE(received.starts_with("PUT /bucket/key?X-Amz-Signature=abc HTTP/1.1\r\n")) << received;
  EXPECT_EQ(received.find("Content-Type"), std::string::npos) << received;
  EXPECT_TRUE(received.ends_with(body));
  json::object doc = json::parse(body).as_object();
  EXPECT_EQ(doc.at("Status"), "SUCCESS");
  EXPECT_EQ(doc.at("PhysicalResourceId"), "id-1");
  EXPECT_EQ(doc.at("Data").at("Name"), "Value");
}

TEST(CustomResourceServe, AnExceptionIsReportedAsFailed) {
  OneShotServer server;
  runtime::Context context = MakeContext();
  std::string body =
      Serve(EventFor(server), context, [](const Request&, runtime::Context&) -> Outcome {
        throw std::runtime_error("the table does not exist");
      });
  EXPECT_TRUE(server.Received().ends_with(body));
  json::object doc = json::parse(body).as_object();
  EXPECT_EQ(doc.at("Status"), "FAILED");
  EXPECT_EQ(doc.at("Reason"), "the table does not exist");
}

// A Delete while the stack cleans up after an update (the old resource of a
// replacement) is answered without calling the handler when the type asks
// for it; in any other status, or when the status cannot be read, the
// handler deletes as usual.
TEST(CustomResourceServe, DeletesDuringUpdateCleanupAreSkippedWhenAsked) {
  struct Case {
    Result<std::string> status;
    bool handler_runs;
  };
  const std::vector<Case> cases = {
      {std::string("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), false},
      {std::string("DELETE_IN_PROGRESS"), true},
      {MakeError("AccessDenied", "not allowed to DescribeStacks"), true}};
  for (const Case& c : cases) {
    OneShotServer server;
    json::object event = json::parse(EventFor(server)).as_object();
    event["RequestType"] = "Delete";
    event["PhysicalResourceId"] = "old-id";
    runtime::Context context = MakeContext();
    std::string asked;
    bool ran = false;
    ServeOptions options{.skip_deletes_during_cleanup = [&](std::string_view stack_id) {
      asked = std::string(stack_id);
      return c.status;
    }};
    std::string body = Serve(
        json::serialize(event), context,
        [&](const Request&, runtime::Context&) {
          ran = true;
          return Outcome{};
        },
        options);
    EXPECT_EQ(ran, c.handler_runs) << (c.status.ok() ? *c.status : c.status.error().message);
    EXPECT_EQ(asked, std::string(event.at("StackId").as_string()));
    json::object doc = json::parse(body).as_object();
    EXPECT_EQ(doc.at("Status"), "SUCCESS");
    EXPECT_EQ(doc.at("PhysicalResourceId"), "old-id");
    EXPECT_TRUE(server.Received().ends_with(body));
  }
}

TEST(CustomResourceServe, AnEventThatIsNotARequestIsAFunctionError) {
  runtime::Context context = MakeContext();
  try {
    Serve(R"({"hello": "world"})", context,
          [](const Request&, runtime::Context&) { return Outcome{}; });
    FAIL() << "expected a FunctionError";
  } catch (const runtime::FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Sparta.CustomResourceError");
    EXPECT_NE(std::string(e.what()).find("not a custom resource request"), std::string::npos);
  }
}

}  // namespace
}  // namespace sparta::custom_resource
