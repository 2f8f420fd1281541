#include "sparta/cfn/intrinsics.hpp"

#include <gtest/gtest.h>

#include "sparta/cfn/pseudo_parameters.hpp"

namespace sparta::cfn {
namespace {

// Compares against JSON text so each expected shape reads like CloudFormation.
json::value J(std::string_view text) { return json::parse(text); }

TEST(CfnIntrinsics, Ref) { EXPECT_EQ(Ref("HelloFunction"), J(R"({"Ref":"HelloFunction"})")); }

TEST(CfnIntrinsics, GetAttUsesTheArrayForm) {
  EXPECT_EQ(GetAtt("HelloRole", "Arn"), J(R"({"Fn::GetAtt":["HelloRole","Arn"]})"));
}

TEST(CfnIntrinsics, JoinTakesAListOrAListExpression) {
  EXPECT_EQ(Join(":", json::array{"arn", Partition(), "s3"}),
            J(R"({"Fn::Join":[":",["arn",{"Ref":"AWS::Partition"},"s3"]]})"));
  EXPECT_EQ(Join(",", GetAZs()), J(R"({"Fn::Join":[",",{"Fn::GetAZs":""}]})"));
}

TEST(CfnIntrinsics, SubWithoutVariables) {
  EXPECT_EQ(Sub("${AWS::StackName}-Hello"), J(R"({"Fn::Sub":"${AWS::StackName}-Hello"})"));
}

TEST(CfnIntrinsics, SubWithVariables) {
  EXPECT_EQ(Sub("${Name}-x", {{"Name", Ref("P")}}),
            J(R"({"Fn::Sub":["${Name}-x",{"Name":{"Ref":"P"}}]})"));
}

TEST(CfnIntrinsics, Base64) { EXPECT_EQ(Base64("#!/bin/sh"), J(R"({"Fn::Base64":"#!/bin/sh"})")); }

TEST(CfnIntrinsics, SelectAndSplit) {
  EXPECT_EQ(Select(1, Split(",", Ref("Subnets"))),
            J(R"({"Fn::Select":[1,{"Fn::Split":[",",{"Ref":"Subnets"}]}]})"));
}

TEST(CfnIntrinsics, IfWithNoValue) {
  EXPECT_EQ(If("IsProd", 10, NoValue()), J(R"({"Fn::If":["IsProd",10,{"Ref":"AWS::NoValue"}]})"));
}

TEST(CfnIntrinsics, ConditionFunctions) {
  EXPECT_EQ(Equals(Ref("Stage"), "prod"), J(R"({"Fn::Equals":[{"Ref":"Stage"},"prod"]})"));
  EXPECT_EQ(Not(Condition("IsProd")), J(R"({"Fn::Not":[{"Condition":"IsProd"}]})"));
  EXPECT_EQ(And({Condition("A"), Condition("B")}),
            J(R"({"Fn::And":[{"Condition":"A"},{"Condition":"B"}]})"));
  EXPECT_EQ(Or({Condition("A"), Condition("B")}),
            J(R"({"Fn::Or":[{"Condition":"A"},{"Condition":"B"}]})"));
}

TEST(CfnIntrinsics, ImportValue) {
  EXPECT_EQ(ImportValue(Sub("${Net}-VpcId")),
            J(R"({"Fn::ImportValue":{"Fn::Sub":"${Net}-VpcId"}})"));
}

TEST(CfnIntrinsics, GetAZs) {
  EXPECT_EQ(GetAZs(), J(R"({"Fn::GetAZs":""})"));
  EXPECT_EQ(GetAZs(Region()), J(R"({"Fn::GetAZs":{"Ref":"AWS::Region"}})"));
}

TEST(CfnPseudoParameters, AllEightAreRefs) {
  EXPECT_EQ(AccountId(), J(R"({"Ref":"AWS::AccountId"})"));
  EXPECT_EQ(NotificationArns(), J(R"({"Ref":"AWS::NotificationARNs"})"));
  EXPECT_EQ(NoValue(), J(R"({"Ref":"AWS::NoValue"})"));
  EXPECT_EQ(Partition(), J(R"({"Ref":"AWS::Partition"})"));
  EXPECT_EQ(Region(), J(R"({"Ref":"AWS::Region"})"));
  EXPECT_EQ(StackId(), J(R"({"Ref":"AWS::StackId"})"));
  EXPECT_EQ(StackName(), J(R"({"Ref":"AWS::StackName"})"));
  EXPECT_EQ(UrlSuffix(), J(R"({"Ref":"AWS::URLSuffix"})"));
}

TEST(CfnPseudoParameters, IsPseudoParameterIsExact) {
  EXPECT_TRUE(IsPseudoParameter("AWS::Region"));
  EXPECT_TRUE(IsPseudoParameter("AWS::URLSuffix"));
  EXPECT_FALSE(IsPseudoParameter("AWS::region"));
  EXPECT_FALSE(IsPseudoParameter("AWS::Foo"));
  EXPECT_FALSE(IsPseudoParameter("Region"));
}

}  // namespace
}  // namespace sparta::cfn
