// Template::Validate(): each dangling-reference case, with the message
// naming both ends (where the reference is, and what it refers to).

#include <gtest/gtest.h>

#include <string>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/pseudo_parameters.hpp"
#include "sparta/cfn/template.hpp"

namespace sparta::cfn {
namespace {

class CfnTemplateValidate : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t_.AddParameter("Stage", {}).ok());
    ASSERT_TRUE(t_.AddCondition("IsProd", Equals(Ref("Stage"), "prod")).ok());
    ASSERT_TRUE(t_.AddResource("HelloRole", {.type = "AWS::IAM::Role"}).ok());
  }

  // Adds a function whose property `key` is `value`.
  void AddFunction(std::string_view key, json::value value) {
    Resource f{.type = "AWS::Lambda::Function"};
    f.properties[key] = std::move(value);
    ASSERT_TRUE(t_.AddResource("HelloFunction", std::move(f)).ok());
  }

  std::string Error() {
    auto s = t_.Validate();
    if (s.ok()) return "<valid>";
    EXPECT_EQ(s.error().code, "InvalidTemplate");
    return s.error().message;
  }

  Template t_;
};

TEST_F(CfnTemplateValidate, ValidReferencesPass) {
  AddFunction("Role", GetAtt("HelloRole", "Arn"));
  Resource* f = t_.FindResource("HelloFunction");
  f->properties["A"] = Ref("Stage");
  f->properties["B"] = Ref("HelloRole");
  f->properties["C"] = Sub("${AWS::Region}-${Stage}-${HelloRole}-${HelloRole.Arn}-${!Literal}");
  f->properties["D"] = Sub("${Mine}", {{"Mine", Ref("Stage")}});
  f->properties["E"] = If("IsProd", StackName(), NoValue());
  f->properties["F"] = json::object{{"Fn::GetAtt", "HelloRole.Arn"}};
  f->depends_on = {"HelloRole"};
  f->condition = "IsProd";
  ASSERT_TRUE(t_.AddOutput("Arn", {.value = GetAtt("HelloFunction", "Arn"),
                                   .export_name = Sub("${AWS::StackName}-Arn"),
                                   .condition = "IsProd"})
                  .ok());
  EXPECT_EQ(Error(), "<valid>");
}

TEST_F(CfnTemplateValidate, GetAttToAMissingResourceNamesBothEnds) {
  AddFunction("Role", GetAtt("NoSuchRole", "Arn"));
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Role: Fn::GetAtt refers to \"NoSuchRole\", "
            "which is not a resource in this template");
}

TEST_F(CfnTemplateValidate, GetAttStringFormIsChecked) {
  AddFunction("Role", json::object{{"Fn::GetAtt", "NoSuchRole.Arn"}});
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Role: Fn::GetAtt refers to \"NoSuchRole\", "
            "which is not a resource in this template");
}

TEST_F(CfnTemplateValidate, GetAttToAParameterIsAnError) {
  AddFunction("Role", GetAtt("Stage", "Arn"));
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Role: Fn::GetAtt refers to \"Stage\", "
            "which is a parameter, not a resource in this template");
}

TEST_F(CfnTemplateValidate, DanglingRefNamesThePath) {
  AddFunction("Environment", json::object{{"Variables", json::object{{"X", Ref("Missing")}}}});
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Environment.Variables.X: Ref refers to "
            "\"Missing\", which is not a parameter, resource or pseudo parameter in this "
            "template");
}

TEST_F(CfnTemplateValidate, RefToAnUnknownPseudoParameterIsAnError) {
  AddFunction("A", Ref("AWS::Regoin"));
  EXPECT_NE(Error().find("Ref refers to \"AWS::Regoin\""), std::string::npos);
}

TEST_F(CfnTemplateValidate, RefInsideAnotherIntrinsicAndAnArray) {
  AddFunction("Layers", json::array{"x", Join("", json::array{"a", Ref("Gone")})});
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Layers[1]: Ref refers to \"Gone\", which is not "
            "a parameter, resource or pseudo parameter in this template");
}

TEST_F(CfnTemplateValidate, SubVariablesAreChecked) {
  AddFunction("Name", Sub("${Stage}-${Nope}"));
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Name: Fn::Sub ${Nope} refers to \"Nope\", which "
            "is not a parameter, resource or pseudo parameter in this template");
}

TEST_F(CfnTemplateValidate, SubAttributeFormNeedsAResource) {
  AddFunction("Name", Sub("${Stage.Arn}"));
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Name: Fn::Sub ${Stage.Arn} refers to \"Stage\", "
            "which is a parameter, not a resource in this template");
}

TEST_F(CfnTemplateValidate, SubLiteralsAndOwnVariablesAreNotReferences) {
  AddFunction("Name", Sub("${!Nope}-${Local}", {{"Local", "x"}}));
  EXPECT_EQ(Error(), "<valid>");
}

TEST_F(CfnTemplateValidate, SubVariableValuesAreChecked) {
  AddFunction("Name", Sub("${Local}", {{"Local", Ref("Gone")}}));
  EXPECT_NE(Error().find("property Name: Ref refers to \"Gone\""), std::string::npos) << Error();
}

TEST_F(CfnTemplateValidate, UnclosedSubIsReported) {
  AddFunction("Name", Sub("${Stage"));
  EXPECT_NE(Error().find("unclosed"), std::string::npos);
}

TEST_F(CfnTemplateValidate, DependsOnAMissingResource) {
  ASSERT_TRUE(
      t_.AddResource("Fn", {.type = "AWS::Lambda::Function", .depends_on = {"LogGroup"}}).ok());
  EXPECT_EQ(Error(),
            "resource \"Fn\" DependsOn: refers to \"LogGroup\", which is not a resource in this "
            "template");
}

TEST_F(CfnTemplateValidate, DependsOnAParameterOrItself) {
  ASSERT_TRUE(
      t_.AddResource("Fn", {.type = "AWS::Lambda::Function", .depends_on = {"Stage"}}).ok());
  EXPECT_NE(Error().find("refers to \"Stage\", which is a parameter, not a resource"),
            std::string::npos);
  ASSERT_TRUE(t_.AddResource("Loop", {.type = "AWS::SNS::Topic", .depends_on = {"Loop"}}).ok());
  EXPECT_NE(Error().find("resource \"Loop\" DependsOn itself"), std::string::npos) << Error();
}

TEST_F(CfnTemplateValidate, ResourceConditionMustExist) {
  ASSERT_TRUE(t_.AddResource("Fn", {.type = "AWS::SNS::Topic", .condition = "IsDev"}).ok());
  EXPECT_EQ(Error(),
            "resource \"Fn\" Condition: refers to \"IsDev\", which is not a condition in this "
            "template");
}

TEST_F(CfnTemplateValidate, OutputConditionAndValueAreChecked) {
  ASSERT_TRUE(t_.AddOutput("Out", {.value = GetAtt("Gone", "Arn"), .condition = "Stage"}).ok());
  std::string e = Error();
  EXPECT_NE(e.find("2 problems"), std::string::npos) << e;
  EXPECT_NE(e.find("output \"Out\" Condition: refers to \"Stage\", which is a parameter, not a "
                   "condition in this template"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("output \"Out\" Value: Fn::GetAtt refers to \"Gone\", which is not a "
                   "resource in this template"),
            std::string::npos)
      << e;
}

TEST_F(CfnTemplateValidate, OutputExportNameIsChecked) {
  ASSERT_TRUE(t_.AddOutput("Out", {.value = "x", .export_name = Sub("${Gone}-x")}).ok());
  EXPECT_NE(Error().find("output \"Out\" Export Name: Fn::Sub ${Gone} refers to \"Gone\""),
            std::string::npos)
      << Error();
}

TEST_F(CfnTemplateValidate, IfConditionMustExist) {
  AddFunction("Memory", If("IsBig", 1024, 128));
  EXPECT_EQ(Error(),
            "resource \"HelloFunction\" property Memory Fn::If: refers to \"IsBig\", which is "
            "not a condition in this template");
}

TEST_F(CfnTemplateValidate, IfBranchesAreChecked) {
  AddFunction("Memory", If("IsProd", Ref("Gone"), 128));
  EXPECT_NE(Error().find("property Memory: Ref refers to \"Gone\""), std::string::npos);
}

TEST_F(CfnTemplateValidate, ConditionsMayOnlyUseParameters) {
  ASSERT_TRUE(t_.AddCondition("HasRole", Equals(Ref("HelloRole"), "x")).ok());
  EXPECT_EQ(Error(),
            "condition \"HasRole\": Ref refers to \"HelloRole\", which is a resource, not a "
            "parameter in this template (conditions may only use parameters)");
}

TEST_F(CfnTemplateValidate, ConditionReferencesInsideConditions) {
  ASSERT_TRUE(t_.AddCondition("NotProd", Not(Condition("IsProd"))).ok());
  EXPECT_EQ(Error(), "<valid>");
  ASSERT_TRUE(t_.AddCondition("Both", And({Condition("IsProd"), Condition("IsTest")})).ok());
  EXPECT_EQ(Error(),
            "condition \"Both\" Condition: refers to \"IsTest\", which is not a condition in "
            "this template");
}

TEST_F(CfnTemplateValidate, MissingTypeAndLongDescription) {
  ASSERT_TRUE(t_.AddResource("NoType", {}).ok());
  t_.set_description(std::string(1025, 'd'));
  std::string e = Error();
  EXPECT_NE(e.find("resource \"NoType\" has no Type"), std::string::npos) << e;
  EXPECT_NE(e.find("Description is 1025 bytes"), std::string::npos) << e;
  t_.set_description(std::string(1024, 'd'));
  EXPECT_EQ(Error().find("Description"), std::string::npos);
}

TEST_F(CfnTemplateValidate, MalformedIntrinsicsAreReported) {
  AddFunction("A", json::object{{"Fn::GetAtt", json::array{"OnlyOne"}}});
  Resource* f = t_.FindResource("HelloFunction");
  f->properties["B"] = json::object{{"Ref", 3}};
  f->properties["C"] = json::object{{"Fn::If", json::array{"IsProd", 1}}};
  std::string e = Error();
  EXPECT_NE(e.find("3 problems"), std::string::npos) << e;
  EXPECT_NE(e.find("Fn::GetAtt takes [resource, attribute]"), std::string::npos) << e;
  EXPECT_NE(e.find("Ref takes a logical ID string"), std::string::npos) << e;
  EXPECT_NE(e.find("Fn::If takes [condition"), std::string::npos) << e;
}

TEST_F(CfnTemplateValidate, CircularDependenciesAreNamedAsAChain) {
  Resource bucket{.type = "AWS::S3::Bucket", .depends_on = {"HelloPermission"}};
  ASSERT_TRUE(t_.AddResource("Uploads", std::move(bucket)).ok());
  Resource permission{.type = "AWS::Lambda::Permission"};
  permission.properties["FunctionName"] = GetAtt("HelloFunction", "Arn");
  ASSERT_TRUE(t_.AddResource("HelloPermission", std::move(permission)).ok());
  // Through Fn::Sub and the Metadata as well.
  Resource f{.type = "AWS::Lambda::Function", .metadata = json::object{{"Doc", Ref("HelloRole")}}};
  f.properties["Environment"] = Sub("${Uploads.Arn}");
  ASSERT_TRUE(t_.AddResource("HelloFunction", std::move(f)).ok());
  EXPECT_EQ(Error(),
            "circular dependency between resources: HelloFunction -> Uploads -> "
            "HelloPermission -> HelloFunction; CloudFormation cannot create one before the "
            "other, so remove one of these references (or DependsOn)");
  // Break it: the function no longer names the bucket.
  t_.FindResource("HelloFunction")->properties.erase("Environment");
  EXPECT_EQ(Error(), "<valid>");
}

}  // namespace
}  // namespace sparta::cfn
