// ServiceModel: AWS's models parse whole, with their HTTP bindings, shapes,
// constraints and errors; Pattern matches as AWS's services do.
#include "sparta/local_cloud/protocol/service_model.hpp"

#include <gtest/gtest.h>

#include "local_cloud/protocol/model_fixture.hpp"
#include "local_cloud/protocol/models/models.hpp"

namespace sparta::local_cloud::protocol {
namespace {

TEST(ServiceModelTest, EveryGeneratedModelParsesWithAllItsPatterns) {
  struct Case {
    std::string_view json;
    std::string_view protocol;
    std::string_view operation;
  };
  const Case cases[] = {
      {models::CloudFormationModelJson(), "query", "CreateStack"},
      {models::IamModelJson(), "query", "CreateRole"},
      {models::LambdaModelJson(), "rest-json", "Invoke"},
      {models::S3ModelJson(), "rest-xml", "PutObject"},
      {models::SqsModelJson(), "json", "SendMessage"},
      {models::StsModelJson(), "query", "AssumeRole"},
  };
  for (const Case& c : cases) {
    // Parse refuses a model with a pattern Boost cannot compile: every
    // pattern of every model is checked here.
    auto model = ServiceModel::Parse(c.json);
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ((*model)->metadata().protocol, c.protocol);
    EXPECT_NE((*model)->FindOperation(c.operation), nullptr) << c.operation;
  }
}

TEST(ServiceModelTest, OperationsCarryTheirBindingsAndShapes) {
  const Operation* get_role = testing::Iam().FindOperation("GetRole");
  ASSERT_NE(get_role, nullptr);
  EXPECT_EQ(get_role->method, "POST");
  EXPECT_EQ(get_role->result_wrapper, "GetRoleResult");
  ASSERT_NE(get_role->input, nullptr);
  EXPECT_TRUE(get_role->input->IsRequired("RoleName"));
  const Member* role_name = get_role->input->FindMember("RoleName");
  ASSERT_NE(role_name, nullptr);
  EXPECT_EQ(role_name->shape->type, ShapeType::kString);
  EXPECT_EQ(role_name->shape->min, 1);
  EXPECT_EQ(role_name->shape->max, 64);
  EXPECT_EQ(role_name->shape->pattern_text, "[\\w+=,.@-]+");
  ASSERT_EQ(get_role->errors.size(), 2u);
  EXPECT_EQ(testing::Iam().metadata().xml_namespace, "https://iam.amazonaws.com/doc/2010-05-08/");

  auto s3 = ServiceModel::Parse(models::S3ModelJson());
  ASSERT_TRUE(s3.ok());
  const Operation* put = (*s3)->FindOperation("PutObject");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->method, "PUT");
  EXPECT_EQ(put->request_uri, "/{Bucket}/{Key+}");
  const Member* key = put->input->FindMember("Key");
  EXPECT_EQ(key->location, Location::kUri);
  const Member* metadata = put->input->FindMember("Metadata");
  EXPECT_EQ(metadata->location, Location::kHeaders);
  EXPECT_EQ(metadata->location_name, "x-amz-meta-");
  EXPECT_EQ(put->input->payload, "Body");
}

TEST(ServiceModelTest, ErrorShapesGiveCodeStatusAndFault) {
  const Shape* no_such = testing::Iam().FindError("NoSuchEntity");
  ASSERT_NE(no_such, nullptr);
  EXPECT_EQ(no_such->name, "NoSuchEntityException");
  EXPECT_EQ(no_such->error->http_status, 404);
  EXPECT_TRUE(no_such->error->sender_fault);
  const Shape* failure = testing::Iam().FindError("ServiceFailure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->error->http_status, 500);
  EXPECT_FALSE(failure->error->sender_fault);
  EXPECT_EQ(testing::Iam().FindError("NoSuchThing"), nullptr);
}

TEST(ServiceModelTest, MalformedModelsAreRefusedByName) {
  auto not_json = ServiceModel::Parse("{");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().code, "InvalidModel");
  auto dangling = ServiceModel::Parse(
      R"({"metadata":{"protocol":"query"},"operations":{},)"
      R"("shapes":{"A":{"type":"structure","members":{"B":{"shape":"Missing"}}}}})");
  ASSERT_FALSE(dangling.ok());
  EXPECT_NE(dangling.error().message.find("\"Missing\""), std::string::npos)
      << dangling.error().message;
  auto bad_type = ServiceModel::Parse(
      R"({"metadata":{},"operations":{},"shapes":{"A":{"type":"quaternion"}}})");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.error().message.find("quaternion"), std::string::npos);
  auto bad_pattern = ServiceModel::Parse(
      R"({"metadata":{},"operations":{},"shapes":{"A":{"type":"string","pattern":"(("}}})");
  ASSERT_FALSE(bad_pattern.ok());
  EXPECT_NE(bad_pattern.error().message.find("shape A"), std::string::npos);
}

TEST(PatternTest, MatchesTheWholeValueByCodePoint) {
  auto name = Pattern::Compile("[\\w+=,.@-]+");
  ASSERT_TRUE(name.ok()) << name.error().message;
  EXPECT_TRUE((*name)->Matches("my-role_1@x"));
  EXPECT_FALSE((*name)->Matches("my role"));  // whole value, not a substring
  EXPECT_FALSE((*name)->Matches("a/b"));

  // Java's \uXXXX escapes, by code point: U+00E9 is in range, U+4E2D not.
  auto latin1 = Pattern::Compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
  ASSERT_TRUE(latin1.ok()) << latin1.error().message;
  EXPECT_TRUE((*latin1)->Matches("caf\xC3\xA9 {\"a\":1}\n"));
  EXPECT_FALSE((*latin1)->Matches("\xE4\xB8\xAD"));
  EXPECT_FALSE((*latin1)->Matches("bad \xC3"));  // malformed UTF-8 never matches

  // Java reads a '-' after a range as a literal; so must we.
  auto path = Pattern::Compile("^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*");
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_TRUE((*path)->Matches("o-abcdefghij/r-abcd/ou-1-x"));
  EXPECT_FALSE((*path)->Matches("o-abc/r-abcd"));

  auto alpha = Pattern::Compile("\\p{Alpha}+");
  ASSERT_TRUE(alpha.ok()) << alpha.error().message;
  EXPECT_TRUE((*alpha)->Matches("abc"));
  EXPECT_FALSE((*alpha)->Matches("ab1"));
}

}  // namespace
}  // namespace sparta::local_cloud::protocol
