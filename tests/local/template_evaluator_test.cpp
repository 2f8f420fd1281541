#include "sparta/local/template_evaluator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "sparta/local/template_graph.hpp"
#include "sparta/runtime/context.hpp"
#include "sparta/service/synthesize.hpp"

namespace sparta::local {
namespace {

json::value J(std::string_view text) { return json::parse(text); }

StackContext Ctx() {
  StackContext c;
  c.stack_name = "demo";
  c.stack_id = "arn:aws:cloudformation:eu-west-1:000000000000:stack/demo/1";
  c.region = "eu-west-1";
  c.account_id = "000000000000";
  c.notification_arns = {"arn:aws:sns:eu-west-1:000000000000:t"};
  return c;
}

std::string ParamError(std::string_view params, const std::map<std::string, std::string>& given) {
  auto r =
      ResolveParameters(J(std::string(R"({"Parameters":)") + std::string(params) + "}"), given);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.error().code, "ValidationError");
  return r.error().message;
}

// ---- Parameters ----

TEST(TemplateParameters, DefaultsGivenValuesAndTypes) {
  auto r = ResolveParameters(J(R"({"Parameters":{
      "Stage":{"Type":"String","Default":"dev"},
      "Port":{"Type":"Number","Default":8080},
      "Ports":{"Type":"List<Number>"},
      "Names":{"Type":"CommaDelimitedList","Default":"a, b,c"},
      "Vpc":{"Type":"AWS::EC2::VPC::Id"},
      "Subnets":{"Type":"List<AWS::EC2::Subnet::Id>"},
      "Secret":{"Type":"String","NoEcho":true}}})"),
                             {{"Ports", "1,2"},
                              {"Vpc", "vpc-1"},
                              {"Subnets", "s-1,s-2"},
                              {"Secret", "x"},
                              {"Stage", "prod"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("Stage").value, json::value("prod"));
  EXPECT_EQ(r->at("Port").value, json::value("8080"));
  EXPECT_EQ(r->at("Ports").value, J(R"(["1","2"])"));
  EXPECT_EQ(r->at("Names").value, J(R"(["a","b","c"])"));
  EXPECT_EQ(r->at("Vpc").value, json::value("vpc-1"));
  EXPECT_EQ(r->at("Subnets").value, J(R"(["s-1","s-2"])"));
  EXPECT_TRUE(r->at("Secret").no_echo);
  EXPECT_FALSE(r->at("Stage").no_echo);
  EXPECT_EQ(r->at("Ports").type, "List<Number>");
}

TEST(TemplateParameters, MissingAndUnknown) {
  EXPECT_EQ(
      ParamError(
          R"({"B":{"Type":"String"},"A":{"Type":"String"},"C":{"Type":"String","Default":""}})",
          {}),
      "Parameters: [A, B] must have values");
  EXPECT_EQ(ParamError(R"({"A":{"Type":"String","Default":"x"}})", {{"Nope", "1"}}),
            "Parameters: [Nope] do not exist in the template");
  EXPECT_EQ(ParamError(R"({"A":{"Default":"x"}})", {}),
            "Template format error: Every Parameters object must contain a Type member.");
}

TEST(TemplateParameters, Constraints) {
  const char* allowed = R"({"S":{"Type":"String","AllowedValues":["dev","prod"]}})";
  EXPECT_EQ(ParamError(allowed, {{"S", "dev"}}), "ok");
  EXPECT_EQ(ParamError(allowed, {{"S", "qa"}}), "Parameter 'S' must be one of AllowedValues");
  const char* pattern = R"({"S":{"Type":"String","AllowedPattern":"[a-z]+"}})";
  EXPECT_EQ(ParamError(pattern, {{"S", "abc"}}), "ok");
  EXPECT_EQ(ParamError(pattern, {{"S", "abc1"}}), "Parameter 'S' must match pattern [a-z]+");
  const char* length = R"({"S":{"Type":"String","MinLength":2,"MaxLength":"3"}})";
  EXPECT_EQ(ParamError(length, {{"S", "ab"}}), "ok");
  EXPECT_EQ(ParamError(length, {{"S", "a"}}), "Parameter 'S' must contain at least 2 characters");
  EXPECT_EQ(ParamError(length, {{"S", "abcd"}}), "Parameter 'S' must contain at most 3 characters");
  const char* range = R"({"N":{"Type":"Number","MinValue":1,"MaxValue":10}})";
  EXPECT_EQ(ParamError(range, {{"N", "10"}}), "ok");
  EXPECT_EQ(ParamError(range, {{"N", "0"}}),
            "Parameter 'N' must be a number greater than or equal to 1");
  EXPECT_EQ(ParamError(range, {{"N", "10.5"}}),
            "Parameter 'N' must be a number less than or equal to 10");
  EXPECT_EQ(ParamError(range, {{"N", "ten"}}), "Parameter 'N' must be a number not 'ten'");
  EXPECT_EQ(ParamError(R"({"L":{"Type":"List<Number>","MaxValue":5}})", {{"L", "1,6"}}),
            "Parameter 'L' must be a number less than or equal to 5");
  EXPECT_EQ(ParamError(R"({"L":{"Type":"CommaDelimitedList","AllowedValues":["a","b"]}})",
                       {{"L", "a,c"}}),
            "Parameter 'L' must be one of AllowedValues");
  EXPECT_EQ(
      ParamError(R"({"S":{"Type":"String","AllowedPattern":"x","ConstraintDescription":"only x"}})",
                 {{"S", "y"}}),
      "Parameter 'S' failed to satisfy constraint: only x");
  // A default is checked as strictly as a given value.
  EXPECT_EQ(ParamError(R"({"S":{"Type":"String","Default":"qa","AllowedValues":["dev"]}})", {}),
            "Parameter 'S' must be one of AllowedValues");
}

// Found by the local cloud's fuzz test: with std::regex a long value (the
// caller's to choose) overflowed the stack and killed sparta-local, and a
// backtracking pattern could run for ever. Both are now ValidationErrors.
TEST(TemplateParameters, AllowedPatternSurvivesLongValuesAndBacktracking) {
  // Given values are capped at CloudFormation's 4096 bytes; defaults (the
  // template author's) are not, and still must not crash.
  EXPECT_EQ(ParamError(R"({"S":{"Type":"String"}})", {{"S", std::string(4096, 'a')}}), "ok");
  EXPECT_EQ(ParamError(R"({"S":{"Type":"String","AllowedPattern":"[a-z]*"}})",
                       {{"S", std::string(4097, 'a')}}),
            "Parameter 'S' has a value of 4097 bytes; the maximum is 4096 bytes. Split it into "
            "several parameters and join them with Fn::Join.");
  const std::string long_default = std::string(300000, 'a');
  EXPECT_EQ(ParamError(R"({"S":{"Type":"String","AllowedPattern":"[a-z]*","Default":")" +
                           long_default + "\"}}",
                       {}),
            "ok");
  EXPECT_EQ(ParamError(R"({"S":{"Type":"String","AllowedPattern":"(a|b)*c","Default":")" +
                           long_default + "\"}}",
                       {})
                .find("Parameter 'S' "),
            0u);
  const std::string backtracking = ParamError(
      R"({"S":{"Type":"String","AllowedPattern":"(a+)+b"}})", {{"S", std::string(40, 'a')}});
  EXPECT_TRUE(backtracking == "Parameter 'S' must match pattern (a+)+b" ||
              backtracking.find("matching is too complex") != std::string::npos)
      << backtracking;
  EXPECT_EQ(ParamError(R"({"S":{"Type":"String","AllowedPattern":"["}})", {{"S", "a"}}),
            "Template format error: AllowedPattern of parameter 'S' is not a valid regular "
            "expression");
}

// ---- Conditions ----

Result<ConditionValues> Conditions(std::string_view conditions,
                                   const std::map<std::string, std::string>& given = {}) {
  json::value tmpl = J(std::string(R"({"Parameters":{"Stage":{"Type":"String","Default":"dev"},
      "Zones":{"Type":"CommaDelimitedList","Default":"a,b"}},
      "Mappings":{"M":{"dev":{"Big":"no"}}},"Conditions":)") +
                       std::string(conditions) + "}");
  auto params = ResolveParameters(tmpl, given);
  EXPECT_TRUE(params.ok());
  return EvaluateConditions(tmpl, *params, Ctx());
}

TEST(TemplateConditions, FunctionsNestingAndReferences) {
  auto r = Conditions(R"({
      "IsDev":{"Fn::Equals":[{"Ref":"Stage"},"dev"]},
      "IsProd":{"Fn::Not":[{"Condition":"IsDev"}]},
      "InIreland":{"Fn::Equals":["eu-west-1",{"Ref":"AWS::Region"}]},
      "DevInIreland":{"Fn::And":[{"Condition":"IsDev"},{"Condition":"InIreland"}]},
      "Either":{"Fn::Or":[{"Condition":"IsProd"},
                          {"Fn::Equals":["a",{"Fn::Select":[0,{"Ref":"Zones"}]}]}]},
      "Neither":{"Fn::Or":[{"Condition":"IsProd"},{"Fn::Not":[{"Condition":"DevInIreland"}]}]},
      "Small":{"Fn::Equals":[{"Fn::FindInMap":["M",{"Ref":"Stage"},"Big"]},"no"]}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, (ConditionValues{{"IsDev", true},
                                 {"IsProd", false},
                                 {"InIreland", true},
                                 {"DevInIreland", true},
                                 {"Either", true},
                                 {"Neither", false},
                                 {"Small", true}}));
  auto prod =
      Conditions(R"({"IsDev":{"Fn::Equals":[{"Ref":"Stage"},"dev"]}})", {{"Stage", "prod"}});
  ASSERT_TRUE(prod.ok());
  EXPECT_FALSE(prod->at("IsDev"));
}

TEST(TemplateConditions, Errors) {
  auto cycle =
      Conditions(R"({"A":{"Fn::Not":[{"Condition":"B"}]},"B":{"Fn::Not":[{"Condition":"A"}]}})");
  ASSERT_FALSE(cycle.ok());
  EXPECT_EQ(cycle.error().message,
            "Template error: Circular dependency between conditions: [A, B]");
  auto unknown = Conditions(R"({"A":{"Fn::Not":[{"Condition":"Nope"}]}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("Nope"), std::string::npos);
  auto resource = Conditions(R"({"A":{"Fn::Equals":[{"Ref":"Bucket"},"x"]}})");
  ASSERT_FALSE(resource.ok());
  EXPECT_EQ(resource.error().message,
            "Template format error: Unresolved dependencies [Bucket]. Cannot reference resources "
            "in the Conditions block of the template");
  EXPECT_FALSE(Conditions(R"({"A":{"Fn::And":[{"Condition":"A"}]}})").ok());  // too few
}

// ---- Creation order ----

Result<std::vector<std::string>> Order(std::string_view resources, const ConditionValues& c = {}) {
  return CreationOrder(J(std::string(R"({"Parameters":{"P":{"Type":"String"}},"Resources":)") +
                         std::string(resources) + "}"),
                       c);
}

TEST(TemplateGraph, DependsOnAndImplicitReferences) {
  auto r = Order(R"({
      "Z":{"Type":"T"},
      "Y":{"Type":"T","DependsOn":"Z"},
      "X":{"Type":"T","DependsOn":["Y"],"Properties":{"A":{"Ref":"P"},"B":{"Ref":"AWS::Region"}}},
      "W":{"Type":"T","Properties":{"A":{"Fn::GetAtt":["X","Arn"]}}},
      "V":{"Type":"T","Properties":{"A":{"Fn::GetAtt":"W.Arn"}}},
      "U":{"Type":"T","Properties":{"A":{"Fn::Sub":"${V}-${AWS::StackName}-${!Z}-${P}"}}},
      "T":{"Type":"T","Properties":{"A":{"Fn::Sub":["${U.Arn}${Own}",{"Own":{"Ref":"A"}}]}}},
      "A":{"Type":"T"}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, (std::vector<std::string>{"A", "Z", "Y", "X", "W", "V", "U", "T"}));
  auto del =
      DeletionOrder(J(R"({"Resources":{"A":{"Type":"T"},"B":{"Type":"T","DependsOn":"A"}}})"), {});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(*del, (std::vector<std::string>{"B", "A"}));
}

TEST(TemplateGraph, TiesByLogicalIdAndSkippedResources) {
  ConditionValues c{{"On", true}, {"Off", false}};
  auto r = Order(R"({
      "C":{"Type":"T"},"B":{"Type":"T","Condition":"On"},"A":{"Type":"T","Condition":"Off"},
      "D":{"Type":"T","Properties":{"X":{"Fn::If":["Off",{"Ref":"A"},{"Ref":"AWS::NoValue"}]}}}})",
                 c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, (std::vector<std::string>{"B", "C", "D"}));
  auto skipped_ref =
      Order(R"({"A":{"Type":"T","Condition":"Off"},"B":{"Type":"T","DependsOn":"A"}})", c);
  ASSERT_FALSE(skipped_ref.ok());
  EXPECT_EQ(skipped_ref.error().message,
            "Template format error: Unresolved resource dependencies [A] in the Resources block "
            "of the template");
}

TEST(TemplateGraph, UnknownReferenceAndCycle) {
  auto unknown = Order(
      R"({"A":{"Type":"T","Properties":{"X":{"Ref":"Nope"},"Y":{"Fn::Sub":"${Gone.Arn}"}}}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "ValidationError");
  EXPECT_EQ(unknown.error().message,
            "Template format error: Unresolved resource dependencies [Gone, Nope] in the "
            "Resources block of the template");
  auto cycle =
      Order(R"({"A":{"Type":"T","DependsOn":"B"},"B":{"Type":"T","Properties":{"X":{"Ref":"A"}}},
      "C":{"Type":"T","DependsOn":"A"},"D":{"Type":"T"}})");
  ASSERT_FALSE(cycle.ok());
  EXPECT_EQ(cycle.error().message, "Circular dependency between resources: [A, B]");
  auto self = Order(R"({"A":{"Type":"T","Properties":{"X":{"Fn::GetAtt":["A","Arn"]}}}})");
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().message, "Circular dependency between resources: [A]");
}

// ---- Values ----

class TemplateValues : public ::testing::Test {
 protected:
  void SetUp() override {
    params_ = *ResolveParameters(J(R"({"Parameters":{"Stage":{"Type":"String","Default":"dev"},
                            "Zones":{"Type":"CommaDelimitedList","Default":"x,y"}}})"),
                                 {});
    mappings_ = J(R"({"Region":{"eu-west-1":{"Ami":"ami-1"}}})").as_object();
    scope_.ctx = Ctx();
    scope_.params = &params_;
    scope_.conditions = &conditions_;
    scope_.mappings = &mappings_;
    scope_.ref_resource = [](std::string_view id) -> Result<std::string> {
      if (id == "Bucket") return std::string("bucket-123");
      return MakeError("ValidationError", "no resource " + std::string(id));
    };
    scope_.get_att = [](std::string_view id, std::string_view attr) -> Result<json::value> {
      if (id == "Bucket" && attr == "Arn") return json::value("arn:aws:s3:::bucket-123");
      if (id == "Bucket" && attr == "List") return J(R"(["p","q"])");
      return MakeError("ValidationError", "no attribute " + std::string(attr));
    };
    scope_.import_value = [](std::string_view name) -> std::optional<std::string> {
      if (name == "shared-vpc") return std::string("vpc-9");
      return std::nullopt;
    };
  }
  json::value Eval(std::string_view text) {
    auto r = EvaluateValue(J(text), scope_);
    EXPECT_TRUE(r.ok()) << text << ": " << r.error().message;
    return r.ok() ? *r : json::value("<error>");
  }
  std::string Fail(std::string_view text) {
    auto r = EvaluateValue(J(text), scope_);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? std::string("<ok>") : r.error().message;
  }

  ResolvedParameters params_;
  ConditionValues conditions_{{"IsDev", true}, {"IsProd", false}};
  json::object mappings_;
  EvalScope scope_;
};

TEST_F(TemplateValues, RefAndGetAtt) {
  EXPECT_EQ(Eval(R"({"Ref":"Stage"})"), json::value("dev"));
  EXPECT_EQ(Eval(R"({"Ref":"Zones"})"), J(R"(["x","y"])"));
  EXPECT_EQ(Eval(R"({"Ref":"Bucket"})"), json::value("bucket-123"));
  EXPECT_EQ(Eval(R"([{"Ref":"AWS::StackName"},{"Ref":"AWS::Region"},{"Ref":"AWS::AccountId"},
      {"Ref":"AWS::Partition"},{"Ref":"AWS::URLSuffix"},{"Ref":"AWS::StackId"},
      {"Ref":"AWS::NotificationARNs"}])"),
            J(R"(["demo","eu-west-1","000000000000","aws","amazonaws.com",
                 "arn:aws:cloudformation:eu-west-1:000000000000:stack/demo/1",
                 ["arn:aws:sns:eu-west-1:000000000000:t"]])"));
  EXPECT_EQ(Eval(R"({"Fn::GetAtt":["Bucket","Arn"]})"), json::value("arn:aws:s3:::bucket-123"));
  EXPECT_EQ(Eval(R"({"Fn::GetAtt":"Bucket.Arn"})"), json::value("arn:aws:s3:::bucket-123"));
  EXPECT_EQ(Fail(R"({"Ref":"Other"})"), "no resource Other");
  EXPECT_EQ(Fail(R"({"Fn::GetAtt":["Bucket","Nope"]})"), "no attribute Nope");
  scope_.ref_resource = nullptr;
  EXPECT_EQ(Fail(R"({"Ref":"Bucket"})"),
            "Template format error: Unresolved resource dependencies [Bucket] in the Resources "
            "block of the template");
}

TEST_F(TemplateValues, JoinSubBase64) {
  EXPECT_EQ(Eval(R"({"Fn::Join":["-",["a",{"Ref":"Stage"},{"Ref":"AWS::NoValue"},"b"]]})"),
            json::value("a-dev-b"));
  EXPECT_EQ(Eval(R"({"Fn::Join":[",",{"Ref":"Zones"}]})"), json::value("x,y"));
  EXPECT_EQ(Eval(R"({"Fn::Join":["",[]]})"), json::value(""));
  EXPECT_EQ(
      Eval(R"({"Fn::Sub":"${AWS::StackName}-${Stage}-${Bucket}-${Bucket.Arn}-${!Literal}-$x"})"),
      json::value("demo-dev-bucket-123-arn:aws:s3:::bucket-123-${Literal}-$x"));
  EXPECT_EQ(
      Eval(R"({"Fn::Sub":["${Name}/${Stage}",{"Name":{"Fn::Join":["",["n",{"Ref":"Stage"}]]}}]})"),
      json::value("ndev/dev"));
  EXPECT_EQ(Fail(R"({"Fn::Sub":"${Zones}"})"),
            "Template error: variable Zones in Fn::Sub expression does not resolve to a string");
  EXPECT_EQ(Eval(R"({"Fn::Base64":{"Fn::Sub":"hi ${Stage}"}})"), json::value("aGkgZGV2"));
  EXPECT_NE(Fail(R"({"Fn::Join":["-",[{"a":1}]]})").find("Fn::Join"), std::string::npos);
}

TEST_F(TemplateValues, SelectSplitGetAZsFindInMapImport) {
  EXPECT_EQ(Eval(R"({"Fn::Select":["1",{"Ref":"Zones"}]})"), json::value("y"));
  EXPECT_EQ(Eval(R"({"Fn::Select":[0,{"Fn::GetAtt":["Bucket","List"]}]})"), json::value("p"));
  EXPECT_EQ(Fail(R"({"Fn::Select":[2,{"Ref":"Zones"}]})"),
            "Template error: Fn::Select cannot select nonexistent value at index 2");
  EXPECT_EQ(Eval(R"({"Fn::Split":["::","a::b::"]})"), J(R"(["a","b",""])"));
  EXPECT_EQ(Eval(R"({"Fn::Select":[1,{"Fn::Split":[",",{"Fn::Join":[",",{"Ref":"Zones"}]}]}]})"),
            json::value("y"));
  EXPECT_EQ(Eval(R"({"Fn::GetAZs":""})"), J(R"(["eu-west-1a","eu-west-1b","eu-west-1c"])"));
  EXPECT_EQ(Eval(R"({"Fn::GetAZs":{"Ref":"AWS::Region"}})"),
            J(R"(["eu-west-1a","eu-west-1b","eu-west-1c"])"));
  EXPECT_EQ(Eval(R"({"Fn::GetAZs":"us-east-2"})"),
            J(R"(["us-east-2a","us-east-2b","us-east-2c"])"));
  EXPECT_EQ(Eval(R"({"Fn::FindInMap":["Region",{"Ref":"AWS::Region"},"Ami"]})"),
            json::value("ami-1"));
  EXPECT_EQ(Fail(R"({"Fn::FindInMap":["Region","us-east-1","Ami"]})"),
            "Template error: Unable to get mapping for Region::us-east-1::Ami");
  EXPECT_EQ(Eval(R"({"Fn::ImportValue":"shared-vpc"})"), json::value("vpc-9"));
  EXPECT_EQ(Fail(R"({"Fn::ImportValue":{"Fn::Sub":"${Stage}-vpc"}})"),
            "No export named dev-vpc found");
  EXPECT_EQ(Fail(R"({"Fn::Nope":1})"),
            "Template format error: Unrecognized intrinsic function: Fn::Nope");
}

TEST_F(TemplateValues, IfNoValueAndConditionFunctions) {
  EXPECT_EQ(Eval(R"({"A":{"Fn::If":["IsDev","yes","no"]},
                    "B":{"Fn::If":["IsProd","yes",{"Ref":"AWS::NoValue"}]},
                    "C":[1,{"Fn::If":["IsDev",{"Ref":"AWS::NoValue"},2]},3],
                    "D":{"Ref":"AWS::NoValue"},
                    "E":{"Fn::If":["IsProd",{"Ref":"Missing"},{"k":{"Ref":"Stage"}}]}})"),
            J(R"({"A":"yes","C":[1,3],"E":{"k":"dev"}})"));
  EXPECT_EQ(Eval(R"({"Ref":"AWS::NoValue"})"), json::value(nullptr));
  EXPECT_EQ(Fail(R"({"Fn::If":["Nope",1,2]})"),
            "Template format error: Unresolved condition dependency Nope in Fn::If or Condition");
  EXPECT_EQ(Eval(R"([{"Fn::Equals":[{"Ref":"Stage"},"dev"]},
                    {"Fn::And":[{"Condition":"IsDev"},{"Condition":"IsProd"}]},
                    {"Fn::Or":[{"Condition":"IsDev"},{"Condition":"IsProd"}]},
                    {"Fn::Not":[{"Fn::Equals":[1,"1"]}]}])"),
            J("[true,false,true,false]"));
}

TEST_F(TemplateValues, Outputs) {
  json::value tmpl = J(R"({"Outputs":{
      "B":{"Value":{"Fn::GetAtt":["Bucket","Arn"]},"Description":"arn",
           "Export":{"Name":{"Fn::Sub":"${AWS::StackName}-arn"}}},
      "A":{"Value":{"Ref":"Bucket"}},
      "C":{"Value":{"Ref":"Missing"},"Condition":"IsProd"}}})");
  auto r = EvaluateOutputs(tmpl, scope_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].logical_id, "A");
  EXPECT_EQ((*r)[0].value, json::value("bucket-123"));
  EXPECT_FALSE((*r)[0].export_name.has_value());
  EXPECT_EQ((*r)[1].logical_id, "B");
  EXPECT_EQ((*r)[1].description, "arn");
  EXPECT_EQ((*r)[1].export_name, std::optional<std::string>("demo-arn"));
  auto bad = EvaluateOutputs(J(R"({"Outputs":{"X":{"Value":"v","Condition":"Nope"}}})"), scope_);
  EXPECT_FALSE(bad.ok());
}

// ---- A template synthesized by Sparta ----

TEST(TemplateEvaluatorSynthesized, OrdersAndEvaluatesASpartaTemplate) {
  Service service;
  service.name = "demo";
  service.description = "one function";
  service.functions.emplace_back(
      "Hello", [](std::string_view p, runtime::Context&) { return std::string(p); });
  service.outputs.emplace_back("HelloArn", cfn::Output{.value = service.functions[0].Arn()});
  service.outputs.emplace_back("HelloName", cfn::Output{.value = service.functions[0].Ref()});
  auto synthesized = Synthesize(service);
  ASSERT_TRUE(synthesized.ok()) << synthesized.error().message;
  json::value tmpl = synthesized->ToJson();

  auto params =
      ResolveParameters(tmpl, {{"ArtifactS3Bucket", "my-bucket"}, {"ArtifactS3Key", "k.zip"}});
  ASSERT_TRUE(params.ok()) << params.error().message;
  auto missing = ResolveParameters(tmpl, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "Parameters: [ArtifactS3Bucket, ArtifactS3Key] must have values");
  auto conditions = EvaluateConditions(tmpl, *params, Ctx());
  ASSERT_TRUE(conditions.ok()) << conditions.error().message;

  auto order = CreationOrder(tmpl, *conditions);
  ASSERT_TRUE(order.ok()) << order.error().message;
  const auto ids = LogicalIdsOf("Hello");
  auto pos = [&](const std::string& id) {
    return std::find(order->begin(), order->end(), id) - order->begin();
  };
  ASSERT_EQ(order->size(), 3u);
  EXPECT_LT(pos(ids.log_group), pos(ids.role));
  EXPECT_LT(pos(ids.role), pos(ids.function));

  EvalScope scope{.ctx = Ctx(), .params = &*params, .conditions = &*conditions};
  scope.ref_resource = [](std::string_view id) -> Result<std::string> {
    return "phys-" + std::string(id);
  };
  scope.get_att = [](std::string_view id, std::string_view attr) -> Result<json::value> {
    return json::value("arn:" + std::string(id) + ":" + std::string(attr));
  };
  for (const auto& id : *order) {
    auto props = EvaluateValue(tmpl.at("Resources").at(id).at("Properties"), scope);
    ASSERT_TRUE(props.ok()) << id << ": " << props.error().message;
    EXPECT_EQ(json::serialize(*props).find("Fn::"), std::string::npos) << id;
    EXPECT_EQ(json::serialize(*props).find("\"Ref\""), std::string::npos) << id;
    if (id == ids.function) {
      EXPECT_EQ(props->at("FunctionName"), json::value("demo-Hello"));
      EXPECT_EQ(props->at("Code").at("S3Bucket"), json::value("my-bucket"));
      EXPECT_EQ(props->at("Code").at("S3Key"), json::value("k.zip"));
    }
    if (id == ids.log_group) {
      EXPECT_EQ(props->at("LogGroupName"), json::value("/aws/lambda/demo-Hello"));
    }
  }
  auto outputs = EvaluateOutputs(tmpl, scope);
  ASSERT_TRUE(outputs.ok()) << outputs.error().message;
  EXPECT_EQ(outputs->size(), 2u);
}

}  // namespace
}  // namespace sparta::local
