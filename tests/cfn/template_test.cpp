#include "sparta/cfn/template.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sparta/cfn/intrinsics.hpp"

namespace sparta::cfn {
namespace {

Resource Bucket() { return Resource{.type = "AWS::S3::Bucket"}; }

TEST(CfnTemplate, DuplicateLogicalIdInTheSameSectionIsRefused) {
  Template t;
  ASSERT_TRUE(t.AddResource("Site", Bucket()).ok());
  Resource other{.type = "AWS::SNS::Topic"};
  auto s = t.AddResource("Site", other);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "DuplicateLogicalId");
  EXPECT_NE(s.error().message.find("\"Site\""), std::string::npos) << s.error().message;
  EXPECT_EQ(t.FindResource("Site")->type, "AWS::S3::Bucket");  // not overwritten
}

TEST(CfnTemplate, LogicalIdsShareOneNamespaceAcrossSections) {
  Template t;
  ASSERT_TRUE(t.AddParameter("Stage", {}).ok());
  auto r = t.AddResource("Stage", Bucket());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("already has a parameter"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(t.AddOutput("Stage", {.value = "x"}).ok());
  EXPECT_FALSE(t.AddCondition("Stage", Equals("a", "b")).ok());

  ASSERT_TRUE(t.AddCondition("IsProd", Equals(Ref("Stage"), "prod")).ok());
  EXPECT_FALSE(t.AddParameter("IsProd", {}).ok());
  ASSERT_TRUE(t.AddOutput("Out", {.value = "x"}).ok());
  EXPECT_FALSE(t.AddResource("Out", Bucket()).ok());
  EXPECT_EQ(t.resources().size(), 0u);
}

TEST(CfnTemplate, InvalidLogicalIdsAreRefused) {
  Template t;
  for (std::string bad : {std::string(), std::string("my-bucket"), std::string("a b"),
                          std::string(256, 'a'), std::string("caf\xc3\xa9")}) {
    auto s = t.AddResource(bad, Bucket());
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, "InvalidLogicalId");
    EXPECT_NE(s.error().message.find("letters and digits"), std::string::npos);
  }
  EXPECT_TRUE(t.AddResource(std::string(255, 'a'), Bucket()).ok());
}

TEST(CfnTemplate, SerializesInConventionalOrderWithSortedIds) {
  Template t;
  t.set_description("demo");
  Resource topic{.type = "AWS::SNS::Topic"};
  topic.properties["TopicName"] = Sub("${AWS::StackName}-t");
  topic.properties["DisplayName"] = "T";
  ASSERT_TRUE(t.AddResource("Zeta", topic).ok());
  ASSERT_TRUE(t.AddResource("Alpha", Bucket()).ok());
  ASSERT_TRUE(t.AddOutput("ZetaArn", {.value = Ref("Zeta"), .description = "the topic"}).ok());
  ASSERT_TRUE(t.AddParameter("Stage", {.default_value = json::value("dev")}).ok());
  ASSERT_TRUE(t.AddCondition("IsProd", Equals(Ref("Stage"), "prod")).ok());

  const std::string expected = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "demo",
  "Parameters": {
    "Stage": {
      "Type": "String",
      "Default": "dev"
    }
  },
  "Conditions": {
    "IsProd": {
      "Fn::Equals": [
        {
          "Ref": "Stage"
        },
        "prod"
      ]
    }
  },
  "Resources": {
    "Alpha": {
      "Type": "AWS::S3::Bucket"
    },
    "Zeta": {
      "Type": "AWS::SNS::Topic",
      "Properties": {
        "DisplayName": "T",
        "TopicName": {
          "Fn::Sub": "${AWS::StackName}-t"
        }
      }
    }
  },
  "Outputs": {
    "ZetaArn": {
      "Description": "the topic",
      "Value": {
        "Ref": "Zeta"
      }
    }
  }
}
)";
  EXPECT_EQ(t.Serialize(), expected);
  EXPECT_EQ(t.SerializedSize(), expected.size());
  EXPECT_TRUE(t.Validate().ok());
}

TEST(CfnTemplate, SerializationDoesNotDependOnInsertionOrder) {
  auto build = [](bool reversed) {
    Template t;
    Resource r{.type = "AWS::SNS::Topic"};
    if (reversed) {
      r.properties["B"] = json::object{{"y", 1}, {"x", 2}};
      r.properties["A"] = 1;
      EXPECT_TRUE(t.AddResource("Two", r).ok());
      EXPECT_TRUE(t.AddResource("One", Bucket()).ok());
    } else {
      r.properties["A"] = 1;
      r.properties["B"] = json::object{{"x", 2}, {"y", 1}};
      EXPECT_TRUE(t.AddResource("One", Bucket()).ok());
      EXPECT_TRUE(t.AddResource("Two", r).ok());
    }
    return t.Serialize();
  };
  EXPECT_EQ(build(false), build(true));
  EXPECT_EQ(build(false), build(false));
}

TEST(CfnTemplate, EveryAttributeIsEmittedInItsFixedOrder) {
  Template t;
  ASSERT_TRUE(t.AddParameter("Size", {.type = "Number",
                                      .description = "how many",
                                      .default_value = json::value(3),
                                      .allowed_values = {"1", "3"},
                                      .allowed_pattern = "[0-9]+",
                                      .min_length = 1,
                                      .max_length = 2,
                                      .min_value = 1.0,
                                      .max_value = 2.5,
                                      .no_echo = true,
                                      .constraint_description = "1 or 3"})
                  .ok());
  ASSERT_TRUE(t.AddCondition("Big", Equals(Ref("Size"), "3")).ok());
  ASSERT_TRUE(t.AddResource("Other", Bucket()).ok());
  ASSERT_TRUE(t.AddResource("Site", {.type = "AWS::S3::Bucket",
                                     .depends_on = {"Other", "Other"},
                                     .condition = "Big",
                                     .deletion_policy = "Retain",
                                     .update_replace_policy = "Retain",
                                     .metadata = json::object{{"k", "v"}}})
                  .ok());
  ASSERT_TRUE(t.AddOutput("SiteName", {.value = Ref("Site"),
                                       .description = "name",
                                       .export_name = Sub("${AWS::StackName}-Site"),
                                       .condition = "Big"})
                  .ok());
  ASSERT_TRUE(t.Validate().ok()) << t.Validate().error().message;
  json::value v = t.ToJson();
  const json::object& p = v.at("Parameters").at("Size").get_object();
  std::string keys;
  for (const auto& kv : p) keys += std::string(kv.key()) + ",";
  EXPECT_EQ(keys,
            "Type,Description,Default,AllowedValues,AllowedPattern,MinLength,MaxLength,MinValue,"
            "MaxValue,NoEcho,ConstraintDescription,");
  EXPECT_EQ(p.at("MinValue"), json::value(1));  // integral doubles print as integers
  EXPECT_EQ(p.at("MaxValue"), json::value(2.5));
  const json::object& r = v.at("Resources").at("Site").get_object();
  keys.clear();
  for (const auto& kv : r) keys += std::string(kv.key()) + ",";
  EXPECT_EQ(keys, "Type,Condition,DependsOn,DeletionPolicy,UpdateReplacePolicy,Metadata,");
  EXPECT_EQ(r.at("DependsOn"), json::parse(R"(["Other"])"));  // duplicates collapse
  EXPECT_EQ(v.at("Outputs").at("SiteName"),
            json::parse(R"({"Condition":"Big","Description":"name","Value":{"Ref":"Site"},
                           "Export":{"Name":{"Fn::Sub":"${AWS::StackName}-Site"}}})"));
}

TEST(CfnTemplate, EmptyTemplateHasOnlyTheVersion) {
  Template t;
  EXPECT_EQ(t.Serialize(), "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\"\n}\n");
}

TEST(CfnTemplate, SizeCanBeComparedWithTheLimits) {
  Template t;
  Resource r{.type = "AWS::SNS::Topic"};
  r.properties["DisplayName"] = std::string(60'000, 'x');
  ASSERT_TRUE(t.AddResource("Big", r).ok());
  EXPECT_GT(t.SerializedSize(), kMaxTemplateBodyBytes);
  EXPECT_LT(t.SerializedSize(), kMaxTemplateUrlBytes);
}

}  // namespace
}  // namespace sparta::cfn
