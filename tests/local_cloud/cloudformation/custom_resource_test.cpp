// Custom resources on the whole local cloud (LocalCloud on a loopback port):
// the ServiceToken's function really runs (custom_resource_bootstrap.cpp),
// gets CloudFormation's requests and answers on the presigned ResponseURL.
// One resource goes through create → update in place → update with
// replacement (the old ID gets its Delete in cleanup) → a failing update and
// its rollback → delete; other tests cover a crash, an oversized response,
// NoEcho and a changed ServiceToken.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/local_cloud/local_cloud.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

#include "local_cloud/cloudformation/cfn_test_support.hpp"

namespace sparta::local_cloud {
namespace {

namespace cf = aws::cloudformation;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::OutputValue;
using testing::ReadOrEmpty;
using testing::TempDir;
using testing::WaitForStack;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class CustomResourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LocalCloudOptions options;
    options.port = 0;
    options.data_dir = dir_.path() / "data";
    auto cloud = LocalCloud::Start(options);
    ASSERT_TRUE(cloud) << cloud.error().message;
    cloud_ = std::move(*cloud);
    calls_ = dir_.path() / "calls.log";

    auto client = [&](std::string signing_name) {
      aws::AwsClientOptions o;
      o.endpoint.scheme = "http";
      o.endpoint.host = "127.0.0.1";
      o.endpoint.port = cloud_->port();
      o.endpoint.signing_region = "us-east-1";
      o.endpoint.signing_name = std::move(signing_name);
      o.endpoint.s3_path_style = true;
      o.credentials = std::make_shared<testing::TestCredentials>();
      o.transport = aws::MakeHttpTransport();
      o.retry.max_attempts = 1;
      return std::make_shared<aws::AwsClient>(std::move(o));
    };
    cfn_.emplace(client("cloudformation"));
    aws::S3Client s3(client("s3"));
    const std::string bootstrap = ReadOrEmpty(CUSTOM_RESOURCE_BOOTSTRAP);
    ASSERT_FALSE(bootstrap.empty());
    auto zip = util::BuildZip({{"bootstrap", bootstrap, 0755}});
    ASSERT_TRUE(zip) << zip.error().message;
    auto bucket = s3.CreateBucket("artifacts");
    ASSERT_TRUE(bucket) << bucket.error().message;
    ASSERT_TRUE(s3.PutObject("artifacts", "provider.zip", *zip));
  }

  /// A stack of the provider function and one `Custom::Widget` with
  /// `widget_properties` (JSON members, without ServiceToken).
  std::string Template(const std::string& widget_properties,
                       const std::string& token = R"({"Fn::GetAtt": ["Provider", "Arn"]})") {
    return R"({
  "Resources": {
    "Role": {"Type": "AWS::IAM::Role", "Properties": {
      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
    "Provider": {"Type": "AWS::Lambda::Function", "Properties": {
      "Runtime": "provided.al2023", "Handler": "bootstrap", "Timeout": 10,
      "Role": {"Fn::GetAtt": ["Role", "Arn"]},
      "Environment": {"Variables": {"CR_CALLS": ")" +
           calls_.string() + R"("}},
      "Code": {"S3Bucket": "artifacts", "S3Key": "provider.zip"}}},
    "Other": {"Type": "AWS::Lambda::Function", "Properties": {
      "Runtime": "provided.al2023", "Handler": "bootstrap", "Timeout": 10,
      "Role": {"Fn::GetAtt": ["Role", "Arn"]},
      "Code": {"S3Bucket": "artifacts", "S3Key": "provider.zip"}}},
    "Widget": {"Type": "Custom::Widget", "Properties": {"ServiceToken": )" +
           token + (widget_properties.empty() ? "" : ", ") + widget_properties + R"(}}
  },
  "Outputs": {
    "Id": {"Value": {"Ref": "Widget"}},
    "Echo": {"Value": {"Fn::GetAtt": ["Widget", "Echo"]}},
    "Count": {"Value": {"Fn::GetAtt": ["Widget", "Count"]}}
  }
})";
  }

  cf::Stack Create(const std::string& body) {
    aws::CreateStackRequest request;
    request.stack_name = "widgets";
    request.template_body = body;
    request.capabilities = {"CAPABILITY_IAM"};
    return Settled(cfn_->CreateStack(request));
  }

  cf::Stack Update(const std::string& body) {
    aws::UpdateStackRequest request;
    request.stack_name = "widgets";
    request.template_body = body;
    request.capabilities = {"CAPABILITY_IAM"};
    return Settled(cfn_->UpdateStack(request));
  }

  /// The stack once the operation `started` settled.
  cf::Stack Settled(const Result<std::string>& started) {
    EXPECT_TRUE(started) << started.error().message;
    auto stack = WaitForStack(*cfn_, "widgets");
    EXPECT_TRUE(stack) << stack.error().message;
    return stack ? *stack : cf::Stack{};
  }

  /// "<status> <reason>" of each event of Widget, oldest first.
  std::vector<std::string> WidgetEvents() {
    auto events = cfn_->StackEventsSince("widgets", "");
    EXPECT_TRUE(events) << events.error().message;
    std::vector<std::string> out;
    if (!events) return out;
    for (const cf::StackEvent& e : *events) {
      if (e.logical_resource_id != "Widget") continue;
      std::string line = e.resource_status;
      if (!e.resource_status_reason.empty()) line += " " + e.resource_status_reason;
      out.push_back(line);
    }
    return out;
  }

  std::vector<std::string> Calls() { return Lines(ReadOrEmpty(calls_)); }

  TempDir dir_;
  std::unique_ptr<LocalCloud> cloud_;
  std::filesystem::path calls_;
  std::optional<aws::CloudFormationClient> cfn_;
};

TEST_F(CustomResourceTest, GoesThroughTheWholeLifecycle) {
  // Create: every scalar arrives as a string; Data answers Fn::GetAtt.
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "one", "Count": 3)"));
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE") << stack.stack_status_reason;
  EXPECT_EQ(OutputValue(stack, "Id"), "phys-a");
  EXPECT_EQ(OutputValue(stack, "Echo"), "one");
  EXPECT_EQ(OutputValue(stack, "Count"), "3");
  EXPECT_THAT(Calls(), ElementsAre("Create  one"));

  // Update in place: same physical ID.
  stack = Update(Template(R"("Id": "a", "Value": "two", "Count": 3)"));
  ASSERT_EQ(stack.stack_status, "UPDATE_COMPLETE") << stack.stack_status_reason;
  EXPECT_EQ(OutputValue(stack, "Echo"), "two");
  EXPECT_THAT(Calls(), ElementsAre("Create  one", "Update phys-a two"));

  // A new physical ID: replacement; the old ID is deleted in cleanup, with
  // its own (old) properties.
  stack = Update(Template(R"("Id": "b", "Value": "three", "Count": 3)"));
  ASSERT_EQ(stack.stack_status, "UPDATE_COMPLETE") << stack.stack_status_reason;
  EXPECT_EQ(OutputValue(stack, "Id"), "phys-b");
  EXPECT_THAT(Calls(), ElementsAre("Create  one", "Update phys-a two", "Update phys-a three",
                                   "Delete phys-a two"));

  // A FAILED answer fails the update; the rollback updates it back.
  stack = Update(Template(R"("Id": "b", "Value": "four", "Count": 3, "FailOn": "Update")"));
  ASSERT_EQ(stack.stack_status, "UPDATE_ROLLBACK_COMPLETE") << stack.stack_status_reason;
  EXPECT_EQ(OutputValue(stack, "Echo"), "three");
  EXPECT_THAT(Calls(),
              ElementsAre("Create  one", "Update phys-a two", "Update phys-a three",
                          "Delete phys-a two", "Update phys-b four", "Update phys-b three"));
  const std::vector<std::string> events = WidgetEvents();
  bool failed_seen = false;
  for (const std::string& e : events) {
    if (e.starts_with("UPDATE_FAILED")) {
      failed_seen = true;
      EXPECT_THAT(e, HasSubstr("Received response status [FAILED] from custom resource. Message "
                               "returned: asked to fail on Update"));
    }
  }
  EXPECT_TRUE(failed_seen);

  // Delete.
  aws::DeleteStackRequest remove;
  remove.stack_name = "widgets";
  ASSERT_TRUE(cfn_->DeleteStack(remove));
  auto deleted = WaitForStack(*cfn_, stack.stack_id);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE") << deleted->stack_status_reason;
  EXPECT_EQ(Calls().back(), "Delete phys-b three");
  EXPECT_EQ(Calls().size(), 7u);
}

// What a provider that skips Deletes during cleanup sees on sparta-local:
// the old resource's Delete arrives while the stack is
// UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (read by the function itself, signed,
// through DescribeStacks), and the stack's own deletion later is a real one.
TEST_F(CustomResourceTest, ACleanupDeleteSeesTheStackCleaningUp) {
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "one", "SkipCleanupDeletes": "true")"));
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE") << stack.stack_status_reason;
  stack = Update(Template(R"("Id": "b", "Value": "two", "SkipCleanupDeletes": "true")"));
  ASSERT_EQ(stack.stack_status, "UPDATE_COMPLETE") << stack.stack_status_reason;
  EXPECT_THAT(Calls(), ElementsAre("Create  one", "Update phys-a two",
                                   "Skipped phys-a UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
  aws::DeleteStackRequest remove;
  remove.stack_name = "widgets";
  ASSERT_TRUE(cfn_->DeleteStack(remove));
  auto deleted = WaitForStack(*cfn_, stack.stack_id);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE");
  EXPECT_EQ(Calls().back(), "Delete phys-b two (DELETE_IN_PROGRESS)");
}

TEST_F(CustomResourceTest, AFunctionThatCrashesWithoutAnsweringFailsTheResource) {
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "one", "CrashOn": "Create")"));
  EXPECT_EQ(stack.stack_status, "ROLLBACK_COMPLETE");
  const std::vector<std::string> events = WidgetEvents();
  ASSERT_FALSE(events.empty());
  bool seen = false;
  for (const std::string& e : events) {
    if (!e.starts_with("CREATE_FAILED")) continue;
    seen = true;
    EXPECT_THAT(e, HasSubstr("failed without sending a response"));
    EXPECT_THAT(e, HasSubstr("Runtime.ExitError"));
  }
  EXPECT_TRUE(seen);
}

TEST_F(CustomResourceTest, AFailedCreateIsDeletedByTheRollback) {
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "one", "FailOn": "Create")"));
  EXPECT_EQ(stack.stack_status, "ROLLBACK_COMPLETE");
  EXPECT_THAT(WidgetEvents(),
              ::testing::Contains(HasSubstr("CREATE_FAILED Received response status [FAILED] from "
                                            "custom resource. Message returned: asked to fail on "
                                            "Create")));
  // The ID the FAILED response named gets its Delete.
  EXPECT_THAT(Calls(), ElementsAre("Create  one", "Delete phys-a one"));
}

TEST_F(CustomResourceTest, AResponseOverFourKilobytesFailsTheResource) {
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "one", "Big": true)"));
  EXPECT_EQ(stack.stack_status, "ROLLBACK_COMPLETE");
  EXPECT_THAT(WidgetEvents(), ::testing::Contains("CREATE_FAILED Response object is too long."));
  EXPECT_THAT(Calls(), ElementsAre("Create  one"));
}

TEST_F(CustomResourceTest, NoEchoMasksTheOutputs) {
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "secret", "Secret": true)"));
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE") << stack.stack_status_reason;
  EXPECT_EQ(OutputValue(stack, "Echo"), "*****");
  EXPECT_EQ(OutputValue(stack, "Id"), "phys-a");
}

TEST_F(CustomResourceTest, TheServiceTokenCannotChange) {
  cf::Stack stack = Create(Template(R"("Id": "a", "Value": "one")"));
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE") << stack.stack_status_reason;
  stack = Update(Template(R"("Id": "a", "Value": "one")", R"({"Fn::GetAtt": ["Other", "Arn"]})"));
  EXPECT_EQ(stack.stack_status, "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_THAT(WidgetEvents(),
              ::testing::Contains("UPDATE_FAILED Modifying service token is not allowed."));
  EXPECT_THAT(Calls(), ElementsAre("Create  one"));
}

}  // namespace
}  // namespace sparta::local_cloud
