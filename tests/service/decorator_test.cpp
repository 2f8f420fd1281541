// Template decorators: additions merged with conflicts named, the function's
// own resource changed in place, service decorators seeing the template,
// and the built-in PublishVersion.

#include <gtest/gtest.h>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/service/lambda_version.hpp"
#include "sparta/service/synthesize.hpp"
#include "sparta/service/validate.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

using testing::MakeFunction;

json::object Resources(const cfn::Template& t) {
  return json::parse(t.Serialize()).as_object().at("Resources").as_object();
}

// Adds an alarm on its function's errors and marks the function.
FunctionDecorator ErrorAlarm() {
  return {"error-alarm", [](FunctionDecoration& d) -> Status {
            d.function_resource.metadata = json::object{{"Alarmed", true}};
            cfn::Resource alarm{.type = "AWS::CloudWatch::Alarm"};
            alarm.properties = {
                {"ComparisonOperator", "GreaterThanThreshold"},
                {"EvaluationPeriods", 1},
                {"MetricName", "Errors"},
                {"Namespace", "AWS/Lambda"},
                {"Period", 60},
                {"Statistic", "Sum"},
                {"Threshold", 0},
                {"Dimensions", json::array{json::object{{"Name", "FunctionName"},
                                                        {"Value", cfn::Ref(d.ids.function)}}}}};
            if (auto s = d.additions.AddResource(d.function.name + "Alarm", alarm); !s) return s;
            return d.additions.AddOutput(d.function.name + "AlarmName",
                                         {.value = cfn::Ref(d.function.name + "Alarm")});
          }};
}

// Adds one resource with a fixed logical ID.
FunctionDecorator Adds(std::string name, std::string logical_id) {
  return {std::move(name), [logical_id](FunctionDecoration& d) {
            return d.additions.AddResource(logical_id, {.type = "AWS::SNS::Topic"});
          }};
}

TEST(Decorators, AddToTheTemplateAndChangeTheFunction) {
  Service s{.name = "svc", .functions = {MakeFunction("Hello", {.decorators = {ErrorAlarm()}})}};
  auto t = Synthesize(s);
  ASSERT_TRUE(t) << t.error().message;
  json::object resources = Resources(*t);
  EXPECT_EQ(resources.at("HelloAlarm").at("Type"), "AWS::CloudWatch::Alarm");
  EXPECT_EQ(resources.at("HelloFunction").at("Metadata").at("Alarmed"), true);
  EXPECT_TRUE(t->outputs().contains("HelloAlarmName"));
}

TEST(Decorators, AClashNamesBothSides) {
  Service s{.name = "svc",
            .functions = {MakeFunction("Hello", {.decorators = {Adds("topic", "HelloRole")}})}};
  auto t = Synthesize(s);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, "DecoratorConflict");
  EXPECT_NE(t.error().message.find("decorator \"topic\" of function \"Hello\" adds resource "
                                   "HelloRole, which function \"Hello\" already declares"),
            std::string::npos)
      << t.error().message;

  Service two{.name = "svc",
              .functions = {MakeFunction(
                  "Hello", {.decorators = {Adds("first", "Topic"), Adds("second", "Topic")}})}};
  auto clash = Synthesize(two);
  ASSERT_FALSE(clash);
  EXPECT_NE(clash.error().message.find("decorator \"second\" of function \"Hello\" adds resource "
                                       "Topic, which decorator \"first\" of function \"Hello\" "
                                       "already declares"),
            std::string::npos)
      << clash.error().message;
}

TEST(Decorators, ServiceDecoratorsSeeTheTemplate) {
  ServiceDecorator count{"count", [](ServiceDecoration& d) -> Status {
                           int functions = 0;
                           for (const auto& [id, r] : d.current.resources()) {
                             if (r.type == "AWS::Lambda::Function") ++functions;
                           }
                           return d.additions.AddOutput(
                               "FunctionCount", {.value = json::value(std::to_string(functions))});
                         }};
  ServiceDecorator clash{"clash", [](ServiceDecoration& d) {
                           return d.additions.AddOutput("Declared", {.value = "x"});
                         }};
  Service s{.name = "svc",
            .functions = {MakeFunction("A"), MakeFunction("B")},
            .outputs = {Output{"Declared", {.value = "y"}}},
            .decorators = {count}};
  auto t = Synthesize(s);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->outputs().at("FunctionCount").value, "2");

  s.decorators.push_back(clash);
  auto failed = Synthesize(s);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("service decorator \"clash\" adds output Declared, which "
                                        "the service's declarations already declares"),
            std::string::npos)
      << failed.error().message;
}

TEST(Decorators, AFailingDecoratorStopsTheBuildWithItsName) {
  FunctionDecorator broken{"broken", [](FunctionDecoration&) -> Status {
                             return MakeError("Nope", "the quota service is unreachable");
                           }};
  Service s{.name = "svc", .functions = {MakeFunction("Hello", {.decorators = {broken}})}};
  auto t = Synthesize(s);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message,
            "decorator \"broken\" of function \"Hello\" failed: the quota service is unreachable");

  Service unnamed{.name = "svc", .functions = {MakeFunction("Hello", {.decorators = {{}}})}};
  auto problems = Validate(unnamed);
  ASSERT_FALSE(problems);
  EXPECT_NE(problems.error().message.find("has no function to run"), std::string::npos);
}

TEST(PublishVersion, AddsAVersionPerCodeAndAnAlias) {
  Service s{.name = "svc",
            .functions = {MakeFunction("Hello", {.decorators = {PublishVersion("live")}})}};
  auto t = Synthesize(s);
  ASSERT_TRUE(t) << t.error().message;
  json::object resources = Resources(*t);
  const json::object& version = resources.at("HelloVersion").as_object();
  EXPECT_EQ(version.at("Type"), "AWS::Lambda::Version");
  EXPECT_EQ(version.at("DeletionPolicy"), "Retain");
  EXPECT_EQ(version.at("UpdateReplacePolicy"), "Retain");
  EXPECT_EQ(version.at("Properties").at("Description"),
            json::parse(R"({"Fn::Sub": "code s3://${ArtifactS3Bucket}/${ArtifactS3Key}"})"));
  const json::object& alias = resources.at("HelloAlias").as_object();
  EXPECT_EQ(alias.at("Properties").at("Name"), "live");
  EXPECT_EQ(alias.at("Properties").at("FunctionVersion"),
            json::parse(R"({"Fn::GetAtt": ["HelloVersion", "Version"]})"));
  EXPECT_EQ(AliasArnOf(s.functions[0]), json::parse(R"({"Ref": "HelloAlias"})"));

  Service bad{.name = "svc",
              .functions = {MakeFunction("Hello", {.decorators = {PublishVersion("12")}})}};
  auto refused = Synthesize(bad);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not only digits"), std::string::npos);
}

}  // namespace
}  // namespace sparta
