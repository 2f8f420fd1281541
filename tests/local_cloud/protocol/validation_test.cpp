// Validate: inputs checked against AWS's models with AWS's wording.
#include "sparta/local_cloud/protocol/validation.hpp"

#include <gtest/gtest.h>

#include "local_cloud/protocol/model_fixture.hpp"

namespace sparta::local_cloud::protocol {
namespace {

const Shape& InputOf(const ServiceModel& model, std::string_view operation) {
  return *model.FindOperation(operation)->input;
}

TEST(ValidationTest, AValidInputHasNoViolations) {
  json::value input = json::parse(R"({"RoleName":"exec","MaxItems":10})");
  EXPECT_TRUE(Validate(InputOf(testing::Iam(), "GetRole"), input).empty());
}

TEST(ValidationTest, MissingRequiredMembersAreNamedLowerCamel) {
  auto violations = Validate(InputOf(testing::Iam(), "CreateRole"), json::object());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0],
            "Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(ValidationMessage(violations),
            "2 validation errors detected: Value null at 'roleName' failed to satisfy "
            "constraint: Member must not be null; Value null at 'assumeRolePolicyDocument' "
            "failed to satisfy constraint: Member must not be null");
}

TEST(ValidationTest, LengthsPatternsRangesAndEnumsAreChecked) {
  const Shape& create = InputOf(testing::Iam(), "CreateRole");
  json::value input = json::parse(
      R"({"RoleName":"has space","AssumeRolePolicyDocument":"{}","MaxSessionDuration":60})");
  auto violations = Validate(create, input);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0],
            "Value 'has space' at 'roleName' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: [\\w+=,.@-]+");
  EXPECT_EQ(violations[1],
            "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have "
            "value greater than or equal to 3600");

  json::value too_long = json::object{{"RoleName", std::string(65, 'r')}};
  auto length = Validate(InputOf(testing::Iam(), "GetRole"), too_long);
  ASSERT_EQ(length.size(), 1u);
  EXPECT_NE(length[0].find("Member must have length less than or equal to 64"), std::string::npos);

  // Lengths count code points: 64 two-byte characters are 64, not 128.
  std::string wide;
  for (int i = 0; i < 64; ++i) wide += "\xC3\xA9";
  EXPECT_TRUE(
      Validate(InputOf(testing::Iam(), "GetRole"), json::object{{"RoleName", wide}}).size() == 1u)
      << "é is not \\w in IAM's pattern, but its length is fine";

  json::value bad_enum =
      json::parse(R"({"StackName":"s","OnFailure":"EXPLODE","TemplateBody":"{}"})");
  auto enum_violations = Validate(InputOf(testing::CloudFormation(), "CreateStack"), bad_enum);
  ASSERT_EQ(enum_violations.size(), 1u);
  EXPECT_EQ(enum_violations[0],
            "Value 'EXPLODE' at 'onFailure' failed to satisfy constraint: Member must satisfy "
            "enum value set: [DO_NOTHING, ROLLBACK, DELETE]");
}

TEST(ValidationTest, NestedListMembersHaveIndexedPaths) {
  json::value input = json::parse(
      R"({"RoleName":"r","AssumeRolePolicyDocument":"{}","Tags":[{"Key":"a","Value":"1"},{"Value":"2"}]})");
  auto violations = Validate(InputOf(testing::Iam(), "CreateRole"), input);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0],
            "Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be "
            "null");
}

TEST(ValidationTest, ManyViolationsAreCappedAtTen) {
  json::array tags;
  for (int i = 0; i < 30; ++i) tags.push_back(json::object());
  json::value input = json::object{{"RoleName", "r"}, {"Tags", tags}};
  auto violations = Validate(InputOf(testing::Iam(), "TagRole"), input);
  EXPECT_EQ(violations.size(), 10u);
}

}  // namespace
}  // namespace sparta::local_cloud::protocol
