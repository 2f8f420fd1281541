#include "sparta/service/synthesize.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sparta/cfn/intrinsics.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

using testing::MakeFunction;

json::value J(std::string_view text) { return json::parse(text); }

// The user privilege the tests look for, verbatim, in the Worker's policy.
IamPrivilege TableAccess() {
  return IamPrivilege{.actions = {"dynamodb:GetItem", "dynamodb:PutItem"},
                      .resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/Jobs"},
                      .condition = J(R"({"Bool":{"aws:SecureTransport":"true"}})")};
}

Function Worker() {
  FunctionOptions o;
  o.description = "does the work";
  o.memory_mb = 512;
  o.timeout = std::chrono::seconds(60);
  o.environment = {{"TABLE", "Jobs"}, {"MODE", "fast"}};
  o.architecture = Architecture::kArm64;
  o.reserved_concurrency = 5;
  o.ephemeral_storage_mb = 1024;
  o.tracing = Tracing::kActive;
  o.tags = {{"team", "core"}, {"cost", "7"}};
  o.log_retention_days = 30;
  IamRoleDefinition role;
  role.privileges.push_back(TableAccess());
  role.managed_policy_arns = {
      "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy"};
  return MakeFunction("Worker", o, role);
}

Service TwoFunctions(bool worker_first = false) {
  Service s;
  s.name = "demo";
  s.description = "two functions";
  if (worker_first) s.functions.push_back(Worker());
  s.functions.push_back(MakeFunction("Hello"));
  if (!worker_first) s.functions.push_back(Worker());
  return s;
}

class ServiceSynthesize : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Synthesize(TwoFunctions());
    ASSERT_TRUE(t.ok()) << t.error().message;
    template_ = t->ToJson();
  }
  const json::object& Resource(std::string_view id) {
    return template_.at("Resources").at(id).as_object();
  }
  const json::object& Props(std::string_view id) {
    return Resource(id).at("Properties").as_object();
  }
  const json::array& Statements(std::string_view role_id) {
    const json::array& policies = Props(role_id).at("Policies").as_array();
    EXPECT_EQ(policies.size(), 1u);
    return policies[0].at("PolicyDocument").at("Statement").as_array();
  }
  json::value template_;
};

TEST_F(ServiceSynthesize, TemplateHasTheArtifactParametersAndDescription) {
  EXPECT_EQ(template_.at("Description"), "two functions");
  const json::object& params = template_.at("Parameters").as_object();
  EXPECT_EQ(params.size(), 2u);
  EXPECT_EQ(params.at(kArtifactBucketParameter).at("Type"), "String");
  EXPECT_EQ(params.at(kArtifactKeyParameter).at("Type"), "String");
  EXPECT_EQ(template_.at("Resources").as_object().size(), 6u);
}

TEST_F(ServiceSynthesize, FunctionWithDefaults) {
  const json::object& fn = Resource("HelloFunction");
  EXPECT_EQ(fn.at("Type"), "AWS::Lambda::Function");
  EXPECT_EQ(fn.at("DependsOn"), J(R"(["HelloLogGroup"])"));
  EXPECT_EQ(json::value(Props("HelloFunction")), J(R"({
    "Architectures": ["x86_64"],
    "Code": {"S3Bucket": {"Ref": "ArtifactS3Bucket"}, "S3Key": {"Ref": "ArtifactS3Key"}},
    "EphemeralStorage": {"Size": 512},
    "FunctionName": {"Fn::Sub": "${AWS::StackName}-Hello"},
    "Handler": "Hello",
    "MemorySize": 128,
    "Role": {"Fn::GetAtt": ["HelloRole", "Arn"]},
    "Runtime": "provided.al2023",
    "Timeout": 3,
    "TracingConfig": {"Mode": "PassThrough"}
  })"));
}

TEST_F(ServiceSynthesize, FunctionWithEveryOption) {
  const json::object& p = Props("WorkerFunction");
  EXPECT_EQ(p.at("Description"), "does the work");
  EXPECT_EQ(p.at("MemorySize"), 512);
  EXPECT_EQ(p.at("Timeout"), 60);
  EXPECT_EQ(p.at("Environment"), J(R"({"Variables": {"MODE": "fast", "TABLE": "Jobs"}})"));
  EXPECT_EQ(p.at("Architectures"), J(R"(["arm64"])"));
  EXPECT_EQ(p.at("ReservedConcurrentExecutions"), 5);
  EXPECT_EQ(p.at("EphemeralStorage"), J(R"({"Size": 1024})"));
  EXPECT_EQ(p.at("TracingConfig"), J(R"({"Mode": "Active"})"));
  // Sorted by key, as a CloudFormation Key/Value list.
  EXPECT_EQ(p.at("Tags"),
            J(R"([{"Key": "cost", "Value": "7"}, {"Key": "team", "Value": "core"}])"));
  EXPECT_EQ(p.at("Role"), cfn::GetAtt("WorkerRole", "Arn"));
}

TEST_F(ServiceSynthesize, LogGroups) {
  const json::object& g = Resource("WorkerLogGroup");
  EXPECT_EQ(g.at("Type"), "AWS::Logs::LogGroup");
  EXPECT_EQ(g.at("DeletionPolicy"), "Delete");
  EXPECT_EQ(g.at("Properties"), J(R"({
    "LogGroupName": {"Fn::Sub": "/aws/lambda/${AWS::StackName}-Worker"},
    "RetentionInDays": 30})"));
  EXPECT_EQ(Props("HelloLogGroup").at("RetentionInDays"), 14);
}

TEST_F(ServiceSynthesize, RoleIsAssumableByLambdaOnly) {
  EXPECT_EQ(Props("HelloRole").at("AssumeRolePolicyDocument"), J(R"({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}]})"));
  EXPECT_FALSE(Props("HelloRole").contains("ManagedPolicyArns"));
  EXPECT_EQ(Props("WorkerRole").at("ManagedPolicyArns"),
            J(R"(["arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy"])"));
}

// Every action string anywhere in `v`.
void CollectActions(const json::value& v, std::vector<std::string>& out) {
  if (const auto* o = v.if_object()) {
    for (const auto& [k, child] : *o) {
      if (k == "Action") {
        if (child.is_string()) out.emplace_back(child.get_string());
        if (child.is_array()) {
          for (const auto& a : child.get_array()) out.emplace_back(a.get_string());
        }
      } else {
        CollectActions(child, out);
      }
    }
  } else if (const auto* a = v.if_array()) {
    for (const auto& child : *a) CollectActions(child, out);
  }
}

TEST_F(ServiceSynthesize, PoliciesAreLeastPrivilege) {
  std::vector<std::string> actions;
  CollectActions(template_, actions);
  ASSERT_FALSE(actions.empty());
  for (const std::string& a : actions) {
    EXPECT_EQ(a.find('*'), std::string::npos) << "wildcard action " << a;
  }
  for (std::string_view fn : {"Hello", "Worker"}) {
    const std::string role = std::string(fn) + "Role";
    const std::string own_group = std::string(fn) + "LogGroup";
    int log_statements = 0;
    for (const json::value& st : Statements(role)) {
      EXPECT_EQ(st.at("Effect"), "Allow");
      const std::string first_action(st.at("Action").at(0).as_string());
      if (!first_action.starts_with("logs:")) continue;
      ++log_statements;
      EXPECT_EQ(st.at("Action"), J(R"(["logs:CreateLogStream", "logs:PutLogEvents"])"));
      EXPECT_EQ(st.at("Resource"), cfn::GetAtt(own_group, "Arn")) << role;
    }
    EXPECT_EQ(log_statements, 1) << role;
  }
}

TEST_F(ServiceSynthesize, UserPrivilegeAppearsVerbatim) {
  const IamPrivilege p = TableAccess();
  json::value expected = J(R"({
    "Effect": "Allow",
    "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
    "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/Jobs"],
    "Condition": {"Bool": {"aws:SecureTransport": "true"}}})");
  int found = 0;
  for (const json::value& st : Statements("WorkerRole")) found += (st == expected);
  EXPECT_EQ(found, 1);
  for (const json::value& st : Statements("HelloRole")) EXPECT_NE(st, expected);
}

TEST_F(ServiceSynthesize, XRayOnlyWhenTracingIsActive) {
  auto has_xray = [&](std::string_view role) {
    for (const json::value& st : Statements(role)) {
      if (st.at("Action") == J(R"(["xray:PutTraceSegments", "xray:PutTelemetryRecords"])")) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has_xray("WorkerRole"));
  EXPECT_FALSE(has_xray("HelloRole"));
  EXPECT_EQ(Statements("HelloRole").size(), 1u);   // logs only
  EXPECT_EQ(Statements("WorkerRole").size(), 3u);  // logs, xray, the user's
}

TEST_F(ServiceSynthesize, AddsNoOutputsOfItsOwn) {
  // Outputs count against CloudFormation's 200: they are the user's alone.
  EXPECT_FALSE(template_.as_object().contains("Outputs"));
}

TEST(ServiceSynthesizeDeterminism, SameServiceSameBytes) {
  auto a = Synthesize(TwoFunctions());
  auto b = Synthesize(TwoFunctions());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->Serialize(), b->Serialize());
}

TEST(ServiceSynthesizeDeterminism, DeclarationOrderDoesNotChangeAFunctionsResources) {
  auto a = Synthesize(TwoFunctions(false));
  auto b = Synthesize(TwoFunctions(true));
  ASSERT_TRUE(a.ok() && b.ok());
  for (std::string_view id : {"WorkerFunction", "WorkerRole", "WorkerLogGroup", "HelloFunction"}) {
    EXPECT_EQ(a->ToJson().at("Resources").at(id), b->ToJson().at("Resources").at(id)) << id;
  }
  EXPECT_EQ(a->Serialize(), b->Serialize());
  // Adding a function leaves the others' resources byte-identical.
  Service more = TwoFunctions();
  more.functions.insert(more.functions.begin(), MakeFunction("Another"));
  auto c = Synthesize(more);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(jsonutil::Pretty(a->ToJson().at("Resources").at("WorkerRole")),
            jsonutil::Pretty(c->ToJson().at("Resources").at("WorkerRole")));
}

TEST(ServiceSynthesizeRoles, ExistingRoleCreatesNoRole) {
  Service s;
  s.name = "demo";
  s.functions.push_back(
      MakeFunction("Hello", {}, ExistingRole{"arn:aws:iam::123456789012:role/shared"}));
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->FindResource("HelloRole"), nullptr);
  EXPECT_EQ(t->FindResource("HelloFunction")->properties.at("Role"),
            "arn:aws:iam::123456789012:role/shared");
  EXPECT_FALSE(t->ToJson().as_object().contains("Description"));  // empty: omitted
}

TEST(ServiceSynthesizeRoles, AStarActionOnlyWhenTheUserWroteIt) {
  Service s;
  s.name = "demo";
  IamRoleDefinition role;
  role.privileges.push_back({.actions = {"*"}, .resources = {"*"}});
  s.functions.push_back(MakeFunction("Admin", {}, role));
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  std::vector<std::string> actions;
  CollectActions(t->ToJson(), actions);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "*"), 1);
}

TEST(ServiceSynthesizeErrors, InvalidServiceIsRefusedWithValidatesMessage) {
  Service s;
  s.name = "demo";
  auto t = Synthesize(s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "InvalidService");
  EXPECT_NE(t.error().message.find("declare at least one"), std::string::npos);
}

TEST(ServiceSynthesizeErrors, UserIntrinsicToNothingIsRefused) {
  Service s;
  s.name = "demo";
  IamRoleDefinition role;
  role.privileges.push_back(
      {.actions = {"sqs:SendMessage"}, .resources = {cfn::GetAtt("JobsQueue", "Arn")}});
  s.functions.push_back(MakeFunction("Hello", {}, role));
  auto t = Synthesize(s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "InvalidTemplate");
  EXPECT_NE(t.error().message.find("resource \"HelloRole\" property Policies[0].PolicyDocument."
                                   "Statement[1].Resource[0]: Fn::GetAtt refers to \"JobsQueue\""),
            std::string::npos)
      << t.error().message;
}

TEST(ServiceSynthesizeIds, NamesWithPunctuationGetHashedIds) {
  Service s;
  s.name = "demo";
  s.functions.push_back(MakeFunction("hello-world"));
  s.functions.push_back(MakeFunction("hello_world"));
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  FunctionLogicalIds a = LogicalIdsOf("hello-world");
  FunctionLogicalIds b = LogicalIdsOf("hello_world");
  EXPECT_NE(a.function, b.function);
  ASSERT_NE(t->FindResource(a.function), nullptr);
  ASSERT_NE(t->FindResource(b.function), nullptr);
  EXPECT_EQ(t->FindResource(a.function)->properties.at("Handler"), "hello-world");
  EXPECT_EQ(t->FindResource(b.function)->properties.at("FunctionName"),
            cfn::Sub("${AWS::StackName}-hello_world"));
}

TEST(ServiceSynthesizeIds, LogicalIdsOfReadableNames) {
  FunctionLogicalIds ids = LogicalIdsOf("Hello");
  EXPECT_EQ(ids.function, "HelloFunction");
  EXPECT_EQ(ids.role, "HelloRole");
  EXPECT_EQ(ids.log_group, "HelloLogGroup");
}

TEST(ServiceSynthesizeSize, SmallServiceFitsAnInlineTemplateBody) {
  auto t = Synthesize(TwoFunctions());
  ASSERT_TRUE(t.ok());
  EXPECT_LT(t->SerializedSize(), cfn::kMaxTemplateBodyBytes);
}

}  // namespace
}  // namespace sparta
