// Generated resource types: typed values in, the template's JSON out, with
// handles, resource attributes and problems reported by path.

#include <gtest/gtest.h>

#include "sparta/cfn/resource_declaration.hpp"
#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/lambda.hpp"
#include "sparta/resources/s3.hpp"
#include "sparta/resources/sqs.hpp"

namespace sparta::cfn {
namespace {

namespace ddb = sparta::resources::dynamodb;
namespace s3 = sparta::resources::s3;
namespace sqs = sparta::resources::sqs;

json::value ParseJson(std::string_view text) { return json::parse(text); }

TEST(TypedResource, WritesPropertiesAsTheSchemaNamesThem) {
  ddb::Table orders{"Orders",
                    {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
                     .BillingMode = "PAY_PER_REQUEST",
                     .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}},
                     .PointInTimeRecoverySpecification = {{.PointInTimeRecoveryEnabled = true}},
                     .TableName = Sub("${AWS::StackName}-orders")}};
  ResourceDeclaration d = orders.Declare();
  EXPECT_TRUE(d.problems.empty());
  EXPECT_EQ(d.logical_id, "Orders");
  EXPECT_EQ(d.resource.type, "AWS::DynamoDB::Table");
  EXPECT_EQ(json::value(d.resource.properties), ParseJson(R"({
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
    "TableName": {"Fn::Sub": "${AWS::StackName}-orders"}})"));
}

TEST(TypedResource, HandlesAreRefAndGetAtt) {
  ddb::Table orders{"Orders", {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
  EXPECT_EQ(orders.Ref(), Ref("Orders"));
  EXPECT_EQ(orders.Arn(), GetAtt("Orders", "Arn"));
  EXPECT_EQ(orders.StreamArn(), GetAtt("Orders", "StreamArn"));
  s3::Bucket site{"Site"};
  EXPECT_EQ(site.WebsiteURL(), GetAtt("Site", "WebsiteURL"));
  // Dotted attributes read as one name.
  EXPECT_EQ(site.MetadataConfigurationDestination(),
            GetAtt("Site", "MetadataConfiguration.Destination"));
}

TEST(TypedResource, ExpressionsAndLiteralsMix) {
  s3::Bucket uploads{"Uploads"};
  sqs::Queue jobs{"Jobs",
                  {.DelaySeconds = 5,
                   .MessageRetentionPeriod = If("IsProd", 1209600, 345600),
                   .QueueName = Sub("${AWS::StackName}-jobs"),
                   .RedrivePolicy = json::object{{"maxReceiveCount", 3}},
                   .Tags = {{.Key = "bucket", .Value = uploads.Ref()}}}};
  ResourceDeclaration d = jobs.Declare();
  EXPECT_EQ(json::value(d.resource.properties), ParseJson(R"({
    "DelaySeconds": 5,
    "MessageRetentionPeriod": {"Fn::If": ["IsProd", 1209600, 345600]},
    "QueueName": {"Fn::Sub": "${AWS::StackName}-jobs"},
    "RedrivePolicy": {"maxReceiveCount": 3},
    "Tags": [{"Key": "bucket", "Value": {"Ref": "Uploads"}}]})"));
}

TEST(TypedResource, UnsetPropertiesAreOmitted) {
  s3::Bucket plain{"Plain"};
  EXPECT_TRUE(plain.Declare().resource.properties.empty());
}

TEST(TypedResource, ResourceOptionsBecomeAttributes) {
  s3::Bucket logs{"Logs"};
  ddb::Table t{"Orders",
               {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}},
               {.depends_on = {logs},
                .condition = Handle("IsProd"),
                .deletion_policy = DeletionPolicy::kRetain,
                .update_replace_policy = UpdateReplacePolicy::kSnapshot,
                .metadata = json::object{{"owner", "team"}}}};
  Resource r = t.Declare().resource;
  EXPECT_EQ(r.depends_on, std::vector<std::string>{"Logs"});
  EXPECT_EQ(r.condition, "IsProd");
  EXPECT_EQ(r.deletion_policy, "Retain");
  EXPECT_EQ(r.update_replace_policy, "Snapshot");
  EXPECT_EQ(r.metadata, ParseJson(R"({"owner": "team"})"));
}

TEST(TypedResource, EnumLiteralsAreCheckedExpressionsAreNot) {
  namespace lambda = sparta::resources::lambda;
  lambda::Url bad{"Bad", {.AuthType = "OPEN", .TargetFunctionArn = "f"}};
  ResourceDeclaration d = bad.Declare();
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_EQ(d.problems[0],
            "resource \"Bad\" (AWS::Lambda::Url) property AuthType: \"OPEN\" is not one of "
            "AWS_IAM, NONE");
  lambda::Url ok{"Ok", {.AuthType = Ref("AuthType"), .TargetFunctionArn = "f"}};
  EXPECT_TRUE(ok.Declare().problems.empty());
}

TEST(TypedResource, NestedProblemsNameTheirPath) {
  namespace lambda = sparta::resources::lambda;
  lambda::Function f{"Fn",
                     {.Code = {{.S3Bucket = "b", .S3Key = "k"}},
                      .Role = "arn:aws:iam::123456789012:role/r",
                      .SnapStart = {{.ApplyOn = "Sometimes"}}}};
  ResourceDeclaration d = f.Declare();
  ASSERT_EQ(d.problems.size(), 1u) << d.problems[0];
  EXPECT_NE(d.problems[0].find("resource \"Fn\" (AWS::Lambda::Function) property "
                               "SnapStart.ApplyOn: \"Sometimes\" is not one of"),
            std::string::npos)
      << d.problems[0];
}

TEST(TypedResource, DiscoverableAttributesFollowTheDeclaration) {
  ddb::Table plain{"Plain", {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
  EXPECT_EQ(plain.Declare().attributes, (std::vector<std::string>{"Arn"}));
  ddb::Table streamed{"Streamed",
                      {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}},
                       .StreamSpecification = {{.StreamViewType = "NEW_IMAGE"}}}};
  // StreamArn exists only when the table has a stream.
  EXPECT_EQ(streamed.Declare().attributes, (std::vector<std::string>{"Arn", "StreamArn"}));
}

TEST(UntypedResource, IsTheEscapeHatch) {
  UntypedResource widget{"Widget", "Custom::Widget",
                         json::object{{"ServiceToken", GetAtt("Fn", "Arn")}, {"Size", 3}},
                         {.deletion_policy = DeletionPolicy::kDelete}, {"Color"}};
  EXPECT_EQ(widget.GetAtt("Color"), GetAtt("Widget", "Color"));
  ResourceDeclaration d = widget.Declare();
  EXPECT_EQ(d.resource.type, "Custom::Widget");
  EXPECT_EQ(d.resource.properties.at("Size"), 3);
  EXPECT_EQ(d.resource.deletion_policy, "Delete");
  EXPECT_EQ(d.attributes, std::vector<std::string>{"Color"});
}

TEST(AnyResource, HoldsTheDeclarationMadeWhenConverted) {
  s3::Bucket b{"Site", {.BucketName = "a"}};
  AnyResource any = b;
  b.properties.BucketName = "b";  // later changes are not seen
  EXPECT_EQ(any.declaration().resource.properties.at("BucketName"), "a");
}

}  // namespace
}  // namespace sparta::cfn
