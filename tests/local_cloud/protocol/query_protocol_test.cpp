// The Query protocol: forms decoded into model-shaped values, outputs
// written as AWS's XML documents.
#include "sparta/local_cloud/protocol/query_protocol.hpp"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "local_cloud/protocol/model_fixture.hpp"

namespace sparta::local_cloud::protocol {
namespace {

const Operation& Op(const ServiceModel& model, std::string_view name) {
  return *model.FindOperation(name);
}

TEST(QueryProtocolTest, DecodesScalarsListsAndStructures) {
  FormFields fields = ParseForm(
      "Action=CreateStack&StackName=s&TimeoutInMinutes=5&DisableRollback=true&"
      "Parameters.member.2.ParameterKey=B&Parameters.member.2.ParameterValue=2&"
      "Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=1&"
      "Capabilities.member.1=CAPABILITY_IAM&Tags.member.1.Key=k&Tags.member.1.Value=v&"
      "Unknown=ignored");
  auto value = DecodeQuery(*Op(testing::CloudFormation(), "CreateStack").input, fields);
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(json::serialize(*value),
            R"({"StackName":"s","Parameters":[{"ParameterKey":"A","ParameterValue":"1"},)"
            R"({"ParameterKey":"B","ParameterValue":"2"}],"DisableRollback":true,)"
            R"("TimeoutInMinutes":5,"Capabilities":["CAPABILITY_IAM"],)"
            R"("Tags":[{"Key":"k","Value":"v"}]})");
}

TEST(QueryProtocolTest, AnEmptyListIsTheNameAlone) {
  auto value = DecodeQuery(*Op(testing::CloudFormation(), "UpdateStack").input,
                           ParseForm("StackName=s&NotificationARNs="));
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(value->at("NotificationARNs").as_array().empty());
}

TEST(QueryProtocolTest, MapsAreEntriesOfKeyAndValue) {
  // STS's AssumeRole has no map; CloudFormation's DescribeType... neither:
  // a hand-written model exercises both map encodings.
  auto model = ServiceModel::Parse(R"({"metadata":{"protocol":"query"},"operations":{},"shapes":{
    "In":{"type":"structure","members":{"Attrs":{"shape":"M"},"Flat":{"shape":"F"}}},
    "M":{"type":"map","key":{"shape":"S","locationName":"Name"},"value":{"shape":"S","locationName":"Value"}},
    "F":{"type":"map","key":{"shape":"S"},"value":{"shape":"S"},"flattened":true},
    "S":{"type":"string"}}})");
  ASSERT_TRUE(model.ok()) << model.error().message;
  auto value = DecodeQuery(*(*model)->FindShape("In"),
                           ParseForm("Attrs.entry.1.Name=a&Attrs.entry.1.Value=1&"
                                     "Attrs.entry.2.Name=b&Attrs.entry.2.Value=2&"
                                     "Flat.1.key=x&Flat.1.value=y"));
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(json::serialize(*value), R"({"Attrs":{"a":"1","b":"2"},"Flat":{"x":"y"}})");
}

TEST(QueryProtocolTest, MistypedScalarsAreValidationErrors) {
  auto bad_number = DecodeQuery(*Op(testing::Iam(), "ListRoles").input, ParseForm("MaxItems=ten"));
  ASSERT_FALSE(bad_number.ok());
  EXPECT_EQ(bad_number.error().code, "ValidationError");
  EXPECT_NE(bad_number.error().message.find("'ten' at 'MaxItems'"), std::string::npos)
      << bad_number.error().message;
  auto bad_bool = DecodeQuery(*Op(testing::CloudFormation(), "CreateStack").input,
                              ParseForm("StackName=s&DisableRollback=yes"));
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_NE(bad_bool.error().message.find("true or false"), std::string::npos);
}

TEST(QueryProtocolTest, WritesResultsInModelOrderWithListsAndTimestamps) {
  json::value output = json::parse(R"({
    "IsTruncated": true,
    "Roles": [{"RoleName":"a<b","Arn":"arn:aws:iam::1:role/a","Path":"/","RoleId":"AROA1",
               "CreateDate":"2026-12-03T10:00:00.000Z","MaxSessionDuration":3600}],
    "Marker": "m"})");
  std::string body = EncodeQueryResponse(Op(testing::Iam(), "ListRoles"), output,
                                         testing::Iam().metadata().xml_namespace, "req-1");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(body.c_str())) << body;
  pugi::xml_node root = doc.child("ListRolesResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://iam.amazonaws.com/doc/2010-05-08/");
  pugi::xml_node result = root.child("ListRolesResult");
  pugi::xml_node role = result.child("Roles").child("member");
  EXPECT_STREQ(role.child_value("RoleName"), "a<b");
  EXPECT_STREQ(role.child_value("CreateDate"), "2026-12-03T10:00:00.000Z");
  EXPECT_STREQ(role.child_value("MaxSessionDuration"), "3600");
  EXPECT_STREQ(result.child_value("IsTruncated"), "true");
  EXPECT_STREQ(result.child_value("Marker"), "m");
  // The members come in the model's order: Roles, IsTruncated, Marker.
  EXPECT_STREQ(result.first_child().name(), "Roles");
  EXPECT_STREQ(root.child("ResponseMetadata").child_value("RequestId"), "req-1");
  // Within a Role, model order too: Path first.
  EXPECT_STREQ(role.first_child().name(), "Path");
}

TEST(QueryProtocolTest, EpochTimestampsAreWrittenAsIso) {
  EXPECT_EQ(TimestampIso(json::value(1764756000.5)), "2025-12-03T10:00:00.500Z");
  EXPECT_EQ(TimestampIso(json::value("2026-01-01T00:00:00Z")), "2026-01-01T00:00:00Z");
}

TEST(QueryProtocolTest, AnOperationWithoutOutputWritesNoResult) {
  std::string body = EncodeQueryResponse(Op(testing::Iam(), "DeleteRole"), json::value(nullptr),
                                         testing::Iam().metadata().xml_namespace, "r");
  EXPECT_EQ(body.find("DeleteRoleResult"), std::string::npos) << body;
  EXPECT_NE(body.find("<DeleteRoleResponse"), std::string::npos);
}

}  // namespace
}  // namespace sparta::local_cloud::protocol
