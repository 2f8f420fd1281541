// CloudFormationService over the real local services: a hello-like stack
// (IAM role, log group, Lambda function from a zip in the local S3, bucket)
// is created, updated, rolled back and deleted, and the services show it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "local_cloud/cloudformation/cfn_test_support.hpp"
#include "sparta/local_cloud/cloudformation_service.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::local_cloud {
namespace {

namespace cf = aws::cloudformation;
using ::testing::HasSubstr;
using testing::TempDir;
using testing::OutputValue;
using testing::ReadOrEmpty;
using testing::WaitForStack;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = StateStore::Open(dir_.path() / "data");
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    CloudContext context;
    context.account_id = "123456789012";
    context.region = "us-east-1";
    context.endpoint = "http://127.0.0.1:4566";
    auto s3 = S3Service::Open(*store_, context);
    ASSERT_TRUE(s3) << s3.error().message;
    s3_ = std::move(*s3);
    auto iam = IamService::Open(*store_, context);
    ASSERT_TRUE(iam) << iam.error().message;
    iam_ = std::move(*iam);
    auto lambda = LambdaService::Open(*store_, context, iam_.get());
    ASSERT_TRUE(lambda) << lambda.error().message;
    lambda_ = std::move(*lambda);
    auto cfn = CloudFormationService::Open(*store_, context,
                                           {s3_.get(), lambda_.get(), iam_.get()});
    ASSERT_TRUE(cfn) << cfn.error().message;
    cfn_ = std::move(*cfn);

    const std::string bootstrap = ReadOrEmpty(LOCAL_TEST_BOOTSTRAP);
    ASSERT_FALSE(bootstrap.empty());
    auto zip = util::BuildZip({{"bootstrap", bootstrap, 0755}});
    ASSERT_TRUE(zip) << zip.error().message;
    ASSERT_TRUE(s3_->CreateBucket("artifacts", "us-east-1"));
    ASSERT_TRUE(s3_->PutObject("artifacts", "hello.zip", *zip));
  }
  void TearDown() override {
    if (cfn_) cfn_->Shutdown();
    if (lambda_) lambda_->StopAll();
  }

  cf::Stack CreateAndWait(const std::string& name, const std::string& body) {
    aws::CreateStackRequest request;
    request.stack_name = name;
    request.template_body = body;
    request.capabilities = {"CAPABILITY_IAM"};
    auto id = client_.CreateStack(request);
    EXPECT_TRUE(id) << id.error().message;
    if (!id) return {};
    auto stack = WaitForStack(client_, *id);
    EXPECT_TRUE(stack) << stack.error().message;
    return stack ? *stack : cf::Stack{};
  }

  std::vector<cf::StackEvent> Events(const std::string& stack) {
    auto events = client_.StackEventsSince(stack, "");
    EXPECT_TRUE(events);
    return events ? *events : std::vector<cf::StackEvent>{};
  }

  TempDir dir_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<S3Service> s3_;
  std::unique_ptr<IamService> iam_;
  std::unique_ptr<LambdaService> lambda_;
  std::unique_ptr<CloudFormationService> cfn_;
  aws::CloudFormationClient client_ = testing::MakeClient(
      [this](const CloudRequest& request) { return cfn_->HandleQuery(request); });
};

std::string HelloTemplate(const std::string& message, int memory, const std::string& key) {
  return R"({
  "Description": "hello",
  "Resources": {
    "Role": {"Type": "AWS::IAM::Role", "Properties": {
      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
      "Policies": [{"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}}]}},
    "Logs": {"Type": "AWS::Logs::LogGroup",
             "Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/${AWS::StackName}-hello"}}},
    "Hello": {"Type": "AWS::Lambda::Function", "DependsOn": "Logs", "Properties": {
      "FunctionName": {"Fn::Sub": "${AWS::StackName}-hello"},
      "Runtime": "provided.al2023", "Handler": "bootstrap",
      "Role": {"Fn::GetAtt": ["Role", "Arn"]},
      "MemorySize": )" + std::to_string(memory) + R"(, "Timeout": 10,
      "Environment": {"Variables": {"MESSAGE": ")" + message + R"("}},
      "Code": {"S3Bucket": "artifacts", "S3Key": ")" + key + R"("}}},
    "Data": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
    "Topic": {"Type": "AWS::SNS::Topic"}
  },
  "Outputs": {
    "FunctionArn": {"Value": {"Fn::GetAtt": ["Hello", "Arn"]}},
    "FunctionName": {"Value": {"Ref": "Hello"}},
    "RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}},
    "RoleName": {"Value": {"Ref": "Role"}},
    "LogGroupArn": {"Value": {"Fn::GetAtt": ["Logs", "Arn"]}},
    "Bucket": {"Value": {"Ref": "Data"}},
    "BucketDomain": {"Value": {"Fn::GetAtt": ["Data", "RegionalDomainName"]}}
  }
})";
}

TEST_F(ServiceTest, CreatesUpdatesAndDeletesRealResources) {
  const cf::Stack stack = CreateAndWait("hello", HelloTemplate("hi", 256, "hello.zip"));
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE") << stack.stack_status_reason;
  EXPECT_EQ(OutputValue(stack, "FunctionName"), "hello-hello");
  EXPECT_EQ(OutputValue(stack, "FunctionArn"),
            "arn:aws:lambda:us-east-1:123456789012:function:hello-hello");
  EXPECT_EQ(OutputValue(stack, "LogGroupArn"),
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hello-hello:*");
  const std::string role_name = OutputValue(stack, "RoleName");
  EXPECT_THAT(role_name, ::testing::MatchesRegex("hello-Role-[A-Z0-9]{12}"));
  auto role = iam_->GetRole(role_name);
  ASSERT_TRUE(role) << role.error().message;
  EXPECT_EQ(OutputValue(stack, "RoleArn"), role->arn);
  EXPECT_TRUE(role->inline_policies.contains("logs"));
  const std::string bucket = OutputValue(stack, "Bucket");
  EXPECT_THAT(bucket, ::testing::MatchesRegex("hello-data-[a-z0-9]{12}"));
  EXPECT_TRUE(s3_->BucketExists(bucket));
  EXPECT_EQ(OutputValue(stack, "BucketDomain"), bucket + ".s3.us-east-1.amazonaws.com");

  auto function = lambda_->GetFunction("hello-hello");
  ASSERT_TRUE(function) << function.error().message;
  EXPECT_EQ(function->spec.memory_mb, 256);
  EXPECT_EQ(function->spec.timeout_seconds, 10);
  EXPECT_EQ(function->spec.role_arn, role->arn);
  EXPECT_EQ(function->spec.environment.at("MESSAGE"), "hi");
  bool simulated_topic = false;
  bool real_function = false;
  for (const auto& e : Events("hello")) {
    if (e.logical_resource_id == "Topic" && e.resource_status == "CREATE_COMPLETE") {
      simulated_topic = e.resource_status_reason ==
                        "Simulated by sparta-local: AWS::SNS::Topic is recorded, not created";
    }
    if (e.logical_resource_id == "Hello" && e.resource_status == "CREATE_COMPLETE") {
      real_function = e.resource_status_reason.empty();
    }
  }
  EXPECT_TRUE(simulated_topic);
  EXPECT_TRUE(real_function);

  // An environment and memory change updates the function in place.
  aws::UpdateStackRequest update;
  update.stack_name = "hello";
  update.template_body = HelloTemplate("hello again", 512, "hello.zip");
  update.capabilities = {"CAPABILITY_IAM"};
  auto updated_id = client_.UpdateStack(update);
  ASSERT_TRUE(updated_id) << updated_id.error().message;
  auto updated = WaitForStack(client_, *updated_id);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->stack_status, "UPDATE_COMPLETE") << updated->stack_status_reason;
  function = lambda_->GetFunction("hello-hello");
  ASSERT_TRUE(function);
  EXPECT_EQ(function->spec.memory_mb, 512);
  EXPECT_EQ(function->spec.environment.at("MESSAGE"), "hello again");
  EXPECT_EQ(OutputValue(*updated, "RoleName"), role_name);

  // A missing code object fails the update, which rolls back.
  update.template_body = HelloTemplate("broken", 512, "missing.zip");
  updated_id = client_.UpdateStack(update);
  ASSERT_TRUE(updated_id) << updated_id.error().message;
  updated = WaitForStack(client_, *updated_id);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->stack_status, "UPDATE_ROLLBACK_COMPLETE");
  std::string failure;
  for (const auto& e : Events("hello")) {
    if (e.resource_status == "UPDATE_FAILED") failure = e.resource_status_reason;
  }
  EXPECT_THAT(failure, HasSubstr("NoSuchKey"));
  function = lambda_->GetFunction("hello-hello");
  ASSERT_TRUE(function);
  EXPECT_EQ(function->spec.environment.at("MESSAGE"), "hello again");

  // Delete: the function and role go, the retained bucket stays.
  ASSERT_TRUE(client_.DeleteStack({"hello", {}, "", ""}));
  auto deleted = WaitForStack(client_, stack.stack_id);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE") << deleted->stack_status_reason;
  EXPECT_FALSE(lambda_->GetFunction("hello-hello"));
  EXPECT_FALSE(iam_->GetRole(role_name));
  EXPECT_TRUE(s3_->BucketExists(bucket));
}

TEST_F(ServiceTest, AFunctionWithoutCodeRollsBackTheCreate) {
  const cf::Stack stack = CreateAndWait("nocode", HelloTemplate("hi", 128, "absent.zip"));
  EXPECT_EQ(stack.stack_status, "ROLLBACK_COMPLETE");
  std::string reason;
  std::string role_name;
  for (const auto& e : Events("nocode")) {
    if (e.resource_status == "CREATE_FAILED") reason = e.resource_status_reason;
    if (e.logical_resource_id == "Role" && !e.physical_resource_id.empty()) {
      role_name = e.physical_resource_id;
    }
  }
  EXPECT_THAT(reason, ::testing::StartsWith("Error occurred while GetObject. S3 Error Code: "
                                            "NoSuchKey. S3 Error Message: The specified key "
                                            "does not exist"));
  ASSERT_FALSE(role_name.empty());
  EXPECT_FALSE(iam_->GetRole(role_name));  // rolled back
  EXPECT_FALSE(lambda_->GetFunction("nocode-hello"));
}

TEST_F(ServiceTest, AFunctionWithAnUnknownRoleFails) {
  const std::string body = R"({"Resources": {"F": {"Type": "AWS::Lambda::Function",
    "Properties": {"Runtime": "provided.al2023", "Handler": "bootstrap",
      "Role": "arn:aws:iam::123456789012:role/nobody",
      "Code": {"S3Bucket": "artifacts", "S3Key": "hello.zip"}}}}})";
  const cf::Stack stack = CreateAndWait("norole", body);
  EXPECT_EQ(stack.stack_status, "ROLLBACK_COMPLETE");
  std::string reason;
  for (const auto& e : Events("norole")) {
    if (e.resource_status == "CREATE_FAILED") reason = e.resource_status_reason;
  }
  EXPECT_THAT(reason, HasSubstr("role"));
}

TEST_F(ServiceTest, ANonEmptyBucketFailsTheDelete) {
  const std::string body = R"({"Resources": {"B": {"Type": "AWS::S3::Bucket",
    "Properties": {"BucketName": "keep-me-full"}}}})";
  const cf::Stack stack = CreateAndWait("full", body);
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE");
  ASSERT_TRUE(s3_->PutObject("keep-me-full", "x", "data"));
  ASSERT_TRUE(client_.DeleteStack({"full", {}, "", ""}));
  auto failed = WaitForStack(client_, stack.stack_id);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->stack_status, "DELETE_FAILED");
  EXPECT_TRUE(s3_->BucketExists("keep-me-full"));
}

TEST_F(ServiceTest, TemplateUrlsAreReadFromTheLocalS3) {
  ASSERT_TRUE(s3_->PutObject("artifacts", "t/hello.json", HelloTemplate("url", 128, "hello.zip")));
  aws::CreateStackRequest request;
  request.stack_name = "fromurl";
  request.template_url = "http://127.0.0.1:4566/artifacts/t/hello.json";
  request.capabilities = {"CAPABILITY_IAM"};
  auto id = client_.CreateStack(request);
  ASSERT_TRUE(id) << id.error().message;
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "CREATE_COMPLETE") << stack->stack_status_reason;
  auto function = lambda_->GetFunction("fromurl-hello");
  ASSERT_TRUE(function);
  EXPECT_EQ(function->spec.environment.at("MESSAGE"), "url");
}

// CloudFormation's quota on a template in the request: 51,200 bytes.
TEST_F(ServiceTest, TemplateBodiesOverTheQuotaAreRefused) {
  aws::CreateStackRequest request;
  request.stack_name = "large";
  request.template_body = R"({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Metadata": {"F": ")";
  request.template_body += std::string(51200 - request.template_body.size() - 3, 'x') + "\"}}";
  ASSERT_EQ(request.template_body.size(), 51200u);
  auto created = client_.CreateStack(request);
  ASSERT_TRUE(created) << created.error().message;
  // One byte more, sent as it is (the client refuses it before sending).
  std::string larger = request.template_body;
  larger.insert(larger.size() - 3, "x");
  CloudResponse refused = cfn_->HandleQuery(testing::QueryRequest(
      {{"Action", "CreateStack"}, {"StackName", "larger"}, {"TemplateBody", larger}}));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("<Code>ValidationError</Code>"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("Member must have length less than or equal to 51200 (this one "
                              "has 51201 bytes)"),
            std::string::npos)
      << refused.body;
}

}  // namespace
}  // namespace sparta::local_cloud
