// CloudFormationClient's change-set operations against a scripted transport.

#include <gtest/gtest.h>

#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/stack_status.hpp"

#include "aws/clients/fake_aws.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;
using testing::FormFields;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr char kChangeSetArn[] =
    "arn:aws:cloudformation:us-east-1:123456789012:changeSet/deploy-1/"
    "6b1c4f2e-0d1a-4c5e-9f00-111111111111";
constexpr char kStackArn[] =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/demo/0d7f7a60-9b2e-11ee-8c2b-0a1b2c3d4e5f";

std::string Wrap(const std::string& operation, const std::string& result) {
  return "<" + operation +
         "Response xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">" +
         (result.empty() ? "<" + operation + "Result/>"
                         : "<" + operation + "Result>" + result + "</" + operation + "Result>") +
         "<ResponseMetadata><RequestId>9c3d1e2f-3333-4b1e-9c1e-cccccccccccc</RequestId>"
         "</ResponseMetadata></" +
         operation + "Response>";
}

class ChangeSetTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  CloudFormationClient client_{testing::MakeClient(
      testing::MakeEndpoint("cloudformation", "cloudformation.us-east-1.amazonaws.com"),
      transport_)};

  Fields BodyFields(std::size_t index = 0) {
    EXPECT_GT(transport_->requests().size(), index);
    return FormFields(transport_->requests().at(index).body);
  }
};

TEST_F(ChangeSetTest, CreateChangeSetRequestAndResult) {
  transport_->Respond(
      200, Wrap("CreateChangeSet",
                std::string("<Id>") + kChangeSetArn + "</Id><StackId>" + kStackArn + "</StackId>"));
  CreateChangeSetRequest request;
  request.stack_name = "demo";
  request.change_set_name = "deploy-1";
  request.change_set_type = "CREATE";
  request.template_body = "Resources: {}";
  request.parameters = {{"Env", "", false, ""}};
  request.capabilities = {"CAPABILITY_AUTO_EXPAND"};
  request.tags = {{"owner", "me@example.com"}};
  request.description = "sparta deploy";
  auto created = client_.CreateChangeSet(request);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id, kChangeSetArn);
  EXPECT_EQ(created->stack_id, kStackArn);
  EXPECT_EQ(BodyFields(), (Fields{
                              {"Action", "CreateChangeSet"},
                              {"Version", "2010-05-15"},
                              {"StackName", "demo"},
                              {"TemplateBody", "Resources%3A%20%7B%7D"},
                              {"Parameters.member.1.ParameterKey", "Env"},
                              {"Parameters.member.1.ParameterValue", ""},
                              {"Capabilities.member.1", "CAPABILITY_AUTO_EXPAND"},
                              {"Tags.member.1.Key", "owner"},
                              {"Tags.member.1.Value", "me%40example.com"},
                              {"ChangeSetName", "deploy-1"},
                              {"Description", "sparta%20deploy"},
                              {"ChangeSetType", "CREATE"},
                          }));
}

TEST_F(ChangeSetTest, CreateChangeSetNeedsAName) {
  CreateChangeSetRequest request;
  request.stack_name = "demo";
  request.template_body = "{}";
  auto created = client_.CreateChangeSet(request);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, "InvalidArgument");
  EXPECT_NE(created.error().message.find("change set name"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

std::string ModifyChange(const std::string& logical_id) {
  return R"(<member><Type>Resource</Type><HookInvocationCount>0</HookInvocationCount><ResourceChange>
      <Action>Modify</Action><LogicalResourceId>)" +
         logical_id + R"(</LogicalResourceId>
      <PhysicalResourceId>demo-)" +
         logical_id + R"(-1AB2</PhysicalResourceId>
      <ResourceType>AWS::Lambda::Function</ResourceType>
      <Replacement>Conditional</Replacement>
      <Scope><member>Properties</member><member>Tags</member></Scope>
      <Details>
        <member><Target><Attribute>Properties</Attribute><Name>Code</Name>
          <RequiresRecreation>Never</RequiresRecreation></Target>
          <Evaluation>Static</Evaluation><ChangeSource>DirectModification</ChangeSource></member>
        <member><Target><Attribute>Properties</Attribute><Name>Role</Name>
          <RequiresRecreation>Conditionally</RequiresRecreation></Target>
          <Evaluation>Dynamic</Evaluation><ChangeSource>ResourceAttribute</ChangeSource>
          <CausingEntity>Role.Arn</CausingEntity></member>
      </Details></ResourceChange></member>)";
}

TEST_F(ChangeSetTest, DescribeChangeSetJoinsPagesOfChanges) {
  transport_->Respond(200, Wrap("DescribeChangeSet", std::string(R"(
      <ChangeSetName>deploy-1</ChangeSetName>
      <ChangeSetId>)") + kChangeSetArn + R"(</ChangeSetId>
      <StackId>)" + kStackArn + R"(</StackId>
      <StackName>demo</StackName>
      <Description>sparta deploy</Description>
      <Parameters><member><ParameterKey>Env</ParameterKey><ParameterValue>prod</ParameterValue></member></Parameters>
      <CreationTime>2024-01-02T03:04:05.123Z</CreationTime>
      <ExecutionStatus>AVAILABLE</ExecutionStatus>
      <Status>CREATE_COMPLETE</Status>
      <NotificationARNs/>
      <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
      <Tags><member><Key>app</Key><Value>x</Value></member></Tags>
      <Changes>)" + ModifyChange("Fn") + R"(<member><Type>Resource</Type><ResourceChange>
        <Action>Add</Action><LogicalResourceId>Queue</LogicalResourceId>
        <ResourceType>AWS::SQS::Queue</ResourceType><Scope/><Details/></ResourceChange></member>
      </Changes>
      <NextToken>p2</NextToken>
      <IncludeNestedStacks>false</IncludeNestedStacks>)"));
  transport_->Respond(200,
                      Wrap("DescribeChangeSet",
                           "<ChangeSetName>deploy-1</ChangeSetName><Status>CREATE_COMPLETE</Status>"
                           "<Changes>" +
                               ModifyChange("Other") + "</Changes>"));
  auto change_set = client_.DescribeChangeSet("deploy-1", "demo");
  ASSERT_TRUE(change_set) << change_set.error().message;
  EXPECT_EQ(BodyFields(0), (Fields{{"Action", "DescribeChangeSet"},
                                   {"Version", "2010-05-15"},
                                   {"ChangeSetName", "deploy-1"},
                                   {"StackName", "demo"}}));
  EXPECT_EQ(BodyFields(1), (Fields{{"Action", "DescribeChangeSet"},
                                   {"Version", "2010-05-15"},
                                   {"ChangeSetName", "deploy-1"},
                                   {"StackName", "demo"},
                                   {"NextToken", "p2"}}));
  EXPECT_EQ(change_set->change_set_name, "deploy-1");
  EXPECT_EQ(change_set->change_set_id, kChangeSetArn);
  EXPECT_EQ(change_set->stack_id, kStackArn);
  EXPECT_EQ(change_set->description, "sparta deploy");
  EXPECT_EQ(change_set->creation_time, "2024-01-02T03:04:05.123Z");
  EXPECT_EQ(change_set->execution_status, "AVAILABLE");
  EXPECT_EQ(change_set->status, "CREATE_COMPLETE");
  ASSERT_EQ(change_set->parameters.size(), 1u);
  EXPECT_EQ(change_set->parameters[0].value, "prod");
  EXPECT_EQ(change_set->capabilities, std::vector<std::string>{"CAPABILITY_IAM"});
  ASSERT_EQ(change_set->tags.size(), 1u);
  EXPECT_EQ(change_set->next_token, "");

  ASSERT_EQ(change_set->changes.size(), 3u);
  const cloudformation::ResourceChange& modify = change_set->changes[0].resource_change;
  EXPECT_EQ(change_set->changes[0].type, "Resource");
  EXPECT_EQ(modify.action, "Modify");
  EXPECT_EQ(modify.logical_resource_id, "Fn");
  EXPECT_EQ(modify.physical_resource_id, "demo-Fn-1AB2");
  EXPECT_EQ(modify.resource_type, "AWS::Lambda::Function");
  EXPECT_EQ(modify.replacement, "Conditional");
  EXPECT_EQ(modify.scope, (std::vector<std::string>{"Properties", "Tags"}));
  ASSERT_EQ(modify.details.size(), 2u);
  EXPECT_EQ(modify.details[0].target_attribute, "Properties");
  EXPECT_EQ(modify.details[0].target_name, "Code");
  EXPECT_EQ(modify.details[0].requires_recreation, "Never");
  EXPECT_EQ(modify.details[0].evaluation, "Static");
  EXPECT_EQ(modify.details[0].change_source, "DirectModification");
  EXPECT_EQ(modify.details[1].causing_entity, "Role.Arn");
  const cloudformation::ResourceChange& add = change_set->changes[1].resource_change;
  EXPECT_EQ(add.action, "Add");
  EXPECT_EQ(add.replacement, "");
  EXPECT_TRUE(add.scope.empty());
  EXPECT_TRUE(add.details.empty());
  EXPECT_EQ(change_set->changes[2].resource_change.logical_resource_id, "Other");
}

TEST_F(ChangeSetTest, EmptyChangeSetIsRecognised) {
  transport_->Respond(200, Wrap("DescribeChangeSet", R"(
      <ChangeSetName>deploy-2</ChangeSetName><StackName>demo</StackName>
      <ExecutionStatus>UNAVAILABLE</ExecutionStatus><Status>FAILED</Status>
      <StatusReason>The submitted information didn't contain changes. Submit different information to create a change set.</StatusReason>
      <Changes/>)"));
  auto change_set = client_.DescribeChangeSet(kChangeSetArn, "");
  ASSERT_TRUE(change_set) << change_set.error().message;
  EXPECT_TRUE(change_set->changes.empty());
  EXPECT_TRUE(cloudformation::IsEmptyChangeSet(change_set->status, change_set->status_reason));
  // An ARN needs no stack name: none is sent.
  EXPECT_EQ(BodyFields().size(), 3u);
}

TEST_F(ChangeSetTest, ExecuteDeleteAndListChangeSets) {
  transport_->Respond(200, Wrap("ExecuteChangeSet", ""));
  transport_->Respond(200, Wrap("DeleteChangeSet", ""));
  transport_->Respond(200, Wrap("ListChangeSets", std::string(R"(<Summaries><member>
      <StackId>)") + kStackArn + R"(</StackId><StackName>demo</StackName>
      <ChangeSetId>)" + kChangeSetArn + R"(</ChangeSetId><ChangeSetName>deploy-1</ChangeSetName>
      <ExecutionStatus>EXECUTE_COMPLETE</ExecutionStatus><Status>CREATE_COMPLETE</Status>
      <CreationTime>2024-01-02T03:04:05Z</CreationTime><Description>first</Description>
      </member></Summaries><NextToken>more</NextToken>)"));
  ASSERT_TRUE(client_.ExecuteChangeSet("deploy-1", "demo", "tok-9"));
  ASSERT_TRUE(client_.DeleteChangeSet("deploy-1", "demo"));
  auto listed = client_.ListChangeSets("demo");
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(BodyFields(0), (Fields{{"Action", "ExecuteChangeSet"},
                                   {"Version", "2010-05-15"},
                                   {"ChangeSetName", "deploy-1"},
                                   {"StackName", "demo"},
                                   {"ClientRequestToken", "tok-9"}}));
  EXPECT_EQ(BodyFields(1), (Fields{{"Action", "DeleteChangeSet"},
                                   {"Version", "2010-05-15"},
                                   {"ChangeSetName", "deploy-1"},
                                   {"StackName", "demo"}}));
  EXPECT_EQ(
      BodyFields(2),
      (Fields{{"Action", "ListChangeSets"}, {"Version", "2010-05-15"}, {"StackName", "demo"}}));
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].change_set_name, "deploy-1");
  EXPECT_EQ(listed->items[0].change_set_id, kChangeSetArn);
  EXPECT_EQ(listed->items[0].execution_status, "EXECUTE_COMPLETE");
  EXPECT_EQ(listed->items[0].status, "CREATE_COMPLETE");
  EXPECT_EQ(listed->items[0].description, "first");
  EXPECT_EQ(listed->next_token, "more");
}

TEST_F(ChangeSetTest, ExecuteErrorsReachTheCallerVerbatim) {
  transport_->Respond(
      400,
      "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
      "<Error><Type>Sender</Type><Code>InvalidChangeSetStatus</Code>"
      "<Message>ChangeSet [deploy-1] cannot be executed in its current status of "
      "[CREATE_PENDING]</Message></Error><RequestId>r-9</RequestId></ErrorResponse>");
  auto executed = client_.ExecuteChangeSet("deploy-1", "demo");
  ASSERT_FALSE(executed);
  EXPECT_EQ(executed.error().code, "InvalidChangeSetStatus");
  EXPECT_TRUE(executed.error().message.starts_with(
      "ChangeSet [deploy-1] cannot be executed in its current status of [CREATE_PENDING]"));
  EXPECT_NE(executed.error().message.find("r-9"), std::string::npos);
}

}  // namespace
}  // namespace sparta::aws
