// CloudFormationClient against a scripted transport: the exact request of each
// operation, and the parsing of responses shaped as botocore's model says.

#include "sparta/aws/cloudformation_client.hpp"

#include <gtest/gtest.h>

#include "sparta/aws/stack_status.hpp"
#include "sparta/json/json.hpp"

#include "aws/clients/fake_aws.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;
using testing::FormFields;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr char kStackArn[] =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/demo/0d7f7a60-9b2e-11ee-8c2b-0a1b2c3d4e5f";

std::string Wrap(const std::string& operation, const std::string& result) {
  return "<" + operation +
         "Response xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">" + "<" +
         operation + "Result>" + result + "</" + operation + "Result>" +
         "<ResponseMetadata><RequestId>6e1f5c1a-1111-4b1e-9c1e-aaaaaaaaaaaa</RequestId>"
         "</ResponseMetadata></" +
         operation + "Response>";
}

class CloudFormationClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  CloudFormationClient client_{testing::MakeClient(
      testing::MakeEndpoint("cloudformation", "cloudformation.us-east-1.amazonaws.com"),
      transport_)};

  const HttpRequest& Request(std::size_t index = 0) {
    EXPECT_GT(transport_->requests().size(), index);
    return transport_->requests().at(index);
  }
  Fields BodyFields(std::size_t index = 0) { return FormFields(Request(index).body); }
};

TEST_F(CloudFormationClientTest, CreateStackSendsEveryFieldInOrder) {
  transport_->Respond(200,
                      Wrap("CreateStack", std::string("<StackId>") + kStackArn + "</StackId>"));
  CreateStackRequest request;
  request.stack_name = "demo";
  request.template_url = "https://b.s3.amazonaws.com/t.json";
  request.parameters = {{"Env", "prod", false, ""}, {"Size", "", true, ""}};
  request.capabilities = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"};
  request.tags = {{"app", "x"}};
  request.on_failure = "DELETE";
  request.timeout_in_minutes = 15;
  request.client_request_token = "tok-1";
  auto stack_id = client_.CreateStack(request);
  ASSERT_TRUE(stack_id) << stack_id.error().message;
  EXPECT_EQ(*stack_id, kStackArn);

  const HttpRequest& sent = Request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/");
  EXPECT_EQ(sent.host, "cloudformation.us-east-1.amazonaws.com");
  EXPECT_EQ(*FindHeader(sent.headers, "Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  ASSERT_NE(FindHeader(sent.headers, "Authorization"), nullptr);
  EXPECT_NE(
      FindHeader(sent.headers, "Authorization")->find("/us-east-1/cloudformation/aws4_request"),
      std::string::npos);
  EXPECT_EQ(BodyFields(), (Fields{
                              {"Action", "CreateStack"},
                              {"Version", "2010-05-15"},
                              {"StackName", "demo"},
                              {"TemplateURL", "https%3A%2F%2Fb.s3.amazonaws.com%2Ft.json"},
                              {"Parameters.member.1.ParameterKey", "Env"},
                              {"Parameters.member.1.ParameterValue", "prod"},
                              {"Parameters.member.2.ParameterKey", "Size"},
                              {"Parameters.member.2.UsePreviousValue", "true"},
                              {"TimeoutInMinutes", "15"},
                              {"Capabilities.member.1", "CAPABILITY_IAM"},
                              {"Capabilities.member.2", "CAPABILITY_NAMED_IAM"},
                              {"OnFailure", "DELETE"},
                              {"Tags.member.1.Key", "app"},
                              {"Tags.member.1.Value", "x"},
                              {"ClientRequestToken", "tok-1"},
                          }));
}

TEST_F(CloudFormationClientTest, TemplateSourceIsCheckedBeforeSending) {
  CreateStackRequest request;
  request.stack_name = "demo";
  auto none = client_.CreateStack(request);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "InvalidArgument");
  request.template_body = "{}";
  request.template_url = "https://b/t.json";
  EXPECT_FALSE(client_.CreateStack(request));
  request.template_url.clear();
  request.template_body = std::string(51201, ' ');
  auto large = client_.CreateStack(request);
  ASSERT_FALSE(large);
  EXPECT_NE(large.error().message.find("51,200"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(CloudFormationClientTest, UpdateStackWithPreviousTemplate) {
  transport_->Respond(200,
                      Wrap("UpdateStack", std::string("<StackId>") + kStackArn + "</StackId>"));
  UpdateStackRequest request;
  request.stack_name = kStackArn;
  request.use_previous_template = true;
  request.parameters = {{"Env", "dev", false, ""}};
  auto stack_id = client_.UpdateStack(request);
  ASSERT_TRUE(stack_id) << stack_id.error().message;
  EXPECT_EQ(*stack_id, kStackArn);
  EXPECT_EQ(BodyFields(), (Fields{
                              {"Action", "UpdateStack"},
                              {"Version", "2010-05-15"},
                              {"StackName",
                               "arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012"
                               "%3Astack%2Fdemo%2F0d7f7a60-9b2e-11ee-8c2b-0a1b2c3d4e5f"},
                              {"UsePreviousTemplate", "true"},
                              {"Parameters.member.1.ParameterKey", "Env"},
                              {"Parameters.member.1.ParameterValue", "dev"},
                          }));
}

TEST_F(CloudFormationClientTest, NoUpdatesErrorReachesTheCallerVerbatim) {
  transport_->Respond(
      400,
      "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
      "<Error><Type>Sender</Type><Code>ValidationError</Code>"
      "<Message>No updates are to be performed.</Message></Error>"
      "<RequestId>0f2b4e5a-2222-4b1e-9c1e-bbbbbbbbbbbb</RequestId></ErrorResponse>");
  UpdateStackRequest request;
  request.stack_name = "demo";
  request.template_body = "{\"Resources\":{}}";
  auto result = client_.UpdateStack(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ValidationError");
  EXPECT_TRUE(result.error().message.starts_with("No updates are to be performed."));
  EXPECT_TRUE(cloudformation::IsNoUpdatesError(result.error()));
}

TEST_F(CloudFormationClientTest, DeleteStackHasNoResult) {
  transport_->Respond(
      200,
      "<DeleteStackResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
      "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
      "</DeleteStackResponse>");
  DeleteStackRequest request;
  request.stack_name = "demo";
  request.retain_resources = {"Bucket"};
  ASSERT_TRUE(client_.DeleteStack(request));
  EXPECT_EQ(BodyFields(), (Fields{{"Action", "DeleteStack"},
                                  {"Version", "2010-05-15"},
                                  {"StackName", "demo"},
                                  {"RetainResources.member.1", "Bucket"}}));
}

TEST_F(CloudFormationClientTest, DescribeStackReadsEveryField) {
  transport_->Respond(200, Wrap("DescribeStacks", std::string(R"(<Stacks><member>
      <StackId>)") + kStackArn + R"(</StackId>
      <StackName>demo</StackName>
      <ChangeSetId>arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs-1/abc</ChangeSetId>
      <Description>A demo &amp; more</Description>
      <Parameters>
        <member><ParameterKey>Env</ParameterKey><ParameterValue>prod</ParameterValue></member>
        <member><ParameterKey>Ami</ParameterKey><ParameterValue>/aws/ami</ParameterValue>
                <ResolvedValue>ami-123</ResolvedValue></member>
      </Parameters>
      <CreationTime>2024-01-02T03:04:05.678Z</CreationTime>
      <LastUpdatedTime>2024-01-03T00:00:00Z</LastUpdatedTime>
      <StackStatus>UPDATE_COMPLETE</StackStatus>
      <StackStatusReason>done</StackStatusReason>
      <DisableRollback>false</DisableRollback>
      <NotificationARNs/>
      <TimeoutInMinutes>30</TimeoutInMinutes>
      <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
      <Outputs>
        <member><OutputKey>Url</OutputKey><OutputValue>https://x.example</OutputValue>
                <Description>The URL</Description><ExportName>demo-url</ExportName></member>
        <member><OutputKey>Arn</OutputKey><OutputValue>arn:aws:sns:us-east-1:1:t</OutputValue></member>
      </Outputs>
      <RoleARN>arn:aws:iam::123456789012:role/cfn</RoleARN>
      <Tags><member><Key>app</Key><Value>x</Value></member></Tags>
      <EnableTerminationProtection>true</EnableTerminationProtection>
      <DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>
    </member></Stacks>)"));
  auto stack = client_.DescribeStack("demo");
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(
      BodyFields(),
      (Fields{{"Action", "DescribeStacks"}, {"Version", "2010-05-15"}, {"StackName", "demo"}}));
  EXPECT_EQ(stack->stack_id, kStackArn);
  EXPECT_EQ(stack->stack_name, "demo");
  EXPECT_EQ(stack->change_set_id,
            "arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs-1/abc");
  EXPECT_EQ(stack->description, "A demo & more");
  ASSERT_EQ(stack->parameters.size(), 2u);
  EXPECT_EQ(stack->parameters[0].key, "Env");
  EXPECT_EQ(stack->parameters[0].value, "prod");
  EXPECT_EQ(stack->parameters[1].resolved_value, "ami-123");
  EXPECT_EQ(stack->creation_time, "2024-01-02T03:04:05.678Z");
  EXPECT_EQ(stack->last_updated_time, "2024-01-03T00:00:00Z");
  EXPECT_EQ(stack->deletion_time, "");
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(stack->stack_status_reason, "done");
  EXPECT_EQ(stack->disable_rollback, false);
  EXPECT_EQ(stack->timeout_in_minutes, 30);
  EXPECT_EQ(stack->capabilities, std::vector<std::string>{"CAPABILITY_IAM"});
  ASSERT_EQ(stack->outputs.size(), 2u);
  EXPECT_EQ(stack->outputs[0].key, "Url");
  EXPECT_EQ(stack->outputs[0].value, "https://x.example");
  EXPECT_EQ(stack->outputs[0].description, "The URL");
  EXPECT_EQ(stack->outputs[0].export_name, "demo-url");
  EXPECT_EQ(stack->outputs[1].export_name, "");
  EXPECT_EQ(stack->role_arn, "arn:aws:iam::123456789012:role/cfn");
  ASSERT_EQ(stack->tags.size(), 1u);
  EXPECT_EQ(stack->tags[0].key, "app");
  EXPECT_EQ(stack->enable_termination_protection, true);
}

TEST_F(CloudFormationClientTest, MissingStackIsAwsValidationError) {
  transport_->Respond(
      400,
      "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
      "<Error><Type>Sender</Type><Code>ValidationError</Code>"
      "<Message>Stack with id nope does not exist</Message></Error>"
      "<RequestId>r-2</RequestId></ErrorResponse>");
  auto stack = client_.DescribeStack("nope");
  ASSERT_FALSE(stack);
  EXPECT_EQ(stack.error().code, "ValidationError");
  EXPECT_TRUE(stack.error().message.starts_with("Stack with id nope does not exist"));
  EXPECT_TRUE(cloudformation::IsStackNotFound(stack.error()));
}

TEST_F(CloudFormationClientTest, DescribeStacksPages) {
  transport_->Respond(200, Wrap("DescribeStacks",
                                "<Stacks><member><StackName>a</StackName>"
                                "<StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>"
                                "<NextToken>page+2/=</NextToken>"));
  transport_->Respond(200, Wrap("DescribeStacks",
                                "<Stacks><member><StackName>b</StackName>"
                                "<StackStatus>DELETE_FAILED</StackStatus></member></Stacks>"));
  auto first = client_.DescribeStacks("");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].stack_name, "a");
  EXPECT_EQ(first->next_token, "page+2/=");
  auto second = client_.DescribeStacks("", first->next_token);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->items[0].stack_status, "DELETE_FAILED");
  EXPECT_EQ(second->next_token, "");
  EXPECT_EQ(BodyFields(0), (Fields{{"Action", "DescribeStacks"}, {"Version", "2010-05-15"}}));
  EXPECT_EQ(BodyFields(1), (Fields{{"Action", "DescribeStacks"},
                                   {"Version", "2010-05-15"},
                                   {"NextToken", "page%2B2%2F%3D"}}));
}

std::string EventMember(const std::string& id, const std::string& logical_id,
                        const std::string& type, const std::string& status) {
  return "<member><StackId>" + std::string(kStackArn) + "</StackId><EventId>" + id +
         "</EventId><StackName>demo</StackName><LogicalResourceId>" + logical_id +
         "</LogicalResourceId><PhysicalResourceId>phys-" + logical_id +
         "</PhysicalResourceId><ResourceType>" + type +
         "</ResourceType><Timestamp>2024-01-02T03:04:05Z</Timestamp><ResourceStatus>" + status +
         "</ResourceStatus></member>";
}

TEST_F(CloudFormationClientTest, DescribeStackEventsReadsAPage) {
  transport_->Respond(
      200, Wrap("DescribeStackEvents",
                "<StackEvents>" +
                    EventMember("e3", "demo", "AWS::CloudFormation::Stack", "CREATE_COMPLETE") +
                    "<member><StackId>s</StackId><EventId>e2</EventId><StackName>demo</StackName>"
                    "<LogicalResourceId>Topic</LogicalResourceId>"
                    "<ResourceType>AWS::SNS::Topic</ResourceType>"
                    "<Timestamp>2024-01-02T03:04:04Z</Timestamp>"
                    "<ResourceStatus>CREATE_FAILED</ResourceStatus>"
                    "<ResourceStatusReason>Resource creation cancelled</ResourceStatusReason>"
                    "<ResourceProperties>{\"TopicName\":\"t\"}</ResourceProperties>"
                    "<ClientRequestToken>tok</ClientRequestToken></member>"
                    "</StackEvents><NextToken>n2</NextToken>"));
  auto page = client_.DescribeStackEvents(kStackArn);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].event_id, "e3");
  EXPECT_EQ(page->items[0].resource_type, "AWS::CloudFormation::Stack");
  EXPECT_EQ(page->items[0].physical_resource_id, "phys-demo");
  EXPECT_EQ(page->items[1].resource_status, "CREATE_FAILED");
  EXPECT_EQ(page->items[1].resource_status_reason, "Resource creation cancelled");
  EXPECT_EQ(page->items[1].resource_properties, "{\"TopicName\":\"t\"}");
  EXPECT_EQ(page->items[1].client_request_token, "tok");
  EXPECT_EQ(page->next_token, "n2");
}

TEST_F(CloudFormationClientTest, StackEventsSincePagesBackToTheLastSeenEvent) {
  transport_->Respond(
      200, Wrap("DescribeStackEvents", "<StackEvents>" + EventMember("e5", "demo", "S", "X") +
                                           EventMember("e4", "B", "T", "X") +
                                           "</StackEvents><NextToken>t2</NextToken>"));
  transport_->Respond(
      200, Wrap("DescribeStackEvents", "<StackEvents>" + EventMember("e3", "A", "T", "X") +
                                           EventMember("e2", "A", "T", "X") +
                                           "</StackEvents><NextToken>t3</NextToken>"));
  auto events = client_.StackEventsSince("demo", "e2");
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].event_id, "e3");  // oldest first
  EXPECT_EQ((*events)[2].event_id, "e5");
  EXPECT_EQ(transport_->requests().size(), 2u);  // stopped at e2: no third page
  EXPECT_EQ(BodyFields(1).back(), (std::pair<std::string, std::string>{"NextToken", "t2"}));
}

TEST_F(CloudFormationClientTest, StackResources) {
  transport_->Respond(200, Wrap("DescribeStackResources", R"(<StackResources><member>
      <StackName>demo</StackName><StackId>s</StackId>
      <LogicalResourceId>Topic</LogicalResourceId>
      <PhysicalResourceId>arn:aws:sns:us-east-1:123456789012:demo-Topic-1</PhysicalResourceId>
      <ResourceType>AWS::SNS::Topic</ResourceType>
      <Timestamp>2024-01-02T03:04:05Z</Timestamp>
      <ResourceStatus>CREATE_COMPLETE</ResourceStatus>
      <DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>
    </member></StackResources>)"));
  auto resources = client_.DescribeStackResources("demo");
  ASSERT_TRUE(resources) << resources.error().message;
  ASSERT_EQ(resources->size(), 1u);
  EXPECT_EQ((*resources)[0].logical_resource_id, "Topic");
  EXPECT_EQ((*resources)[0].physical_resource_id,
            "arn:aws:sns:us-east-1:123456789012:demo-Topic-1");
  EXPECT_EQ((*resources)[0].resource_type, "AWS::SNS::Topic");
  EXPECT_EQ((*resources)[0].resource_status, "CREATE_COMPLETE");
  EXPECT_EQ((*resources)[0].timestamp, "2024-01-02T03:04:05Z");
}

TEST_F(CloudFormationClientTest, StackResourceDetailCarriesTheResolvedMetadata) {
  transport_->Respond(200, Wrap("DescribeStackResource", R"(<StackResourceDetail>
      <StackName>demo</StackName><StackId>s</StackId>
      <LogicalResourceId>Fn</LogicalResourceId>
      <PhysicalResourceId>demo-Fn</PhysicalResourceId>
      <ResourceType>AWS::Lambda::Function</ResourceType>
      <LastUpdatedTimestamp>2024-01-02T03:04:05Z</LastUpdatedTimestamp>
      <ResourceStatus>CREATE_COMPLETE</ResourceStatus>
      <Metadata>{"SpartaDiscovery":"{\"stack\":{\"name\":\"demo\"}}"}</Metadata>
    </StackResourceDetail>)"));
  auto detail = client_.DescribeStackResource("demo", "Fn");
  ASSERT_TRUE(detail) << detail.error().message;
  EXPECT_EQ(detail->physical_resource_id, "demo-Fn");
  EXPECT_EQ(detail->last_updated_timestamp, "2024-01-02T03:04:05Z");
  EXPECT_EQ(json::parse(detail->metadata).at("SpartaDiscovery"), R"({"stack":{"name":"demo"}})");
  const std::string& body = transport_->requests().at(0).body;
  EXPECT_NE(body.find("Action=DescribeStackResource&"), std::string::npos) << body;
  EXPECT_NE(body.find("LogicalResourceId=Fn"), std::string::npos) << body;
  auto unnamed = client_.DescribeStackResource("demo", "");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().code, "InvalidArgument");
}

TEST_F(CloudFormationClientTest, ListAllStackResourcesFollowsTokens) {
  const std::string summary =
      "<LogicalResourceId>%s</LogicalResourceId><PhysicalResourceId>p</PhysicalResourceId>"
      "<ResourceType>AWS::S3::Bucket</ResourceType>"
      "<LastUpdatedTimestamp>2024-01-02T03:04:05Z</LastUpdatedTimestamp>"
      "<ResourceStatus>CREATE_COMPLETE</ResourceStatus>";
  auto member = [&](const std::string& id) {
    std::string text = summary;
    text.replace(text.find("%s"), 2, id);
    return "<member>" + text + "</member>";
  };
  transport_->Respond(
      200, Wrap("ListStackResources", "<StackResourceSummaries>" + member("A") + member("B") +
                                          "</StackResourceSummaries><NextToken>more</NextToken>"));
  transport_->Respond(200, Wrap("ListStackResources", "<StackResourceSummaries>" + member("C") +
                                                          "</StackResourceSummaries>"));
  auto all = client_.ListAllStackResources("demo");
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].logical_resource_id, "C");
  EXPECT_EQ((*all)[0].last_updated_timestamp, "2024-01-02T03:04:05Z");
  EXPECT_EQ(BodyFields(1), (Fields{{"Action", "ListStackResources"},
                                   {"Version", "2010-05-15"},
                                   {"StackName", "demo"},
                                   {"NextToken", "more"}}));
}

TEST_F(CloudFormationClientTest, GetAndValidateTemplate) {
  transport_->Respond(200,
                      Wrap("GetTemplate",
                           "<TemplateBody>{\"Resources\":{\"T\":{\"Type\":\"AWS::SNS::Topic\"}}}"
                           "</TemplateBody><StagesAvailable><member>Original</member>"
                           "<member>Processed</member></StagesAvailable>"));
  auto got = client_.GetTemplate("demo", "Processed");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->template_body, "{\"Resources\":{\"T\":{\"Type\":\"AWS::SNS::Topic\"}}}");
  EXPECT_EQ(got->stages_available, (std::vector<std::string>{"Original", "Processed"}));
  EXPECT_EQ(BodyFields(0), (Fields{{"Action", "GetTemplate"},
                                   {"Version", "2010-05-15"},
                                   {"StackName", "demo"},
                                   {"TemplateStage", "Processed"}}));

  transport_->Respond(200, Wrap("ValidateTemplate", R"(
      <Parameters><member><ParameterKey>Env</ParameterKey><DefaultValue>dev</DefaultValue>
        <NoEcho>false</NoEcho><Description>Stage</Description></member>
        <member><ParameterKey>Secret</ParameterKey><NoEcho>true</NoEcho></member></Parameters>
      <Description>Tiny</Description>
      <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
      <CapabilitiesReason>The following resource(s) require capabilities: [AWS::IAM::Role]</CapabilitiesReason>
      <DeclaredTransforms><member>AWS::Serverless-2016-10-31</member></DeclaredTransforms>)"));
  auto validated = client_.ValidateTemplate("{\"Resources\":{}}");
  ASSERT_TRUE(validated) << validated.error().message;
  ASSERT_EQ(validated->parameters.size(), 2u);
  EXPECT_EQ(validated->parameters[0].key, "Env");
  EXPECT_EQ(validated->parameters[0].default_value, "dev");
  EXPECT_EQ(validated->parameters[0].description, "Stage");
  EXPECT_FALSE(validated->parameters[0].no_echo);
  EXPECT_TRUE(validated->parameters[1].no_echo);
  EXPECT_EQ(validated->description, "Tiny");
  EXPECT_EQ(validated->capabilities, std::vector<std::string>{"CAPABILITY_IAM"});
  EXPECT_NE(validated->capabilities_reason.find("AWS::IAM::Role"), std::string::npos);
  EXPECT_EQ(validated->declared_transforms, std::vector<std::string>{"AWS::Serverless-2016-10-31"});
  EXPECT_EQ(BodyFields(1), (Fields{{"Action", "ValidateTemplate"},
                                   {"Version", "2010-05-15"},
                                   {"TemplateBody", "%7B%22Resources%22%3A%7B%7D%7D"}}));
}

TEST_F(CloudFormationClientTest, UnexpectedRootIsInvalidResponse) {
  transport_->Respond(200, "<html><body>captive portal</body></html>");
  auto stack = client_.DescribeStack("demo");
  ASSERT_FALSE(stack);
  EXPECT_EQ(stack.error().code, "InvalidResponse");
  EXPECT_NE(stack.error().message.find("DescribeStacksResponse"), std::string::npos);
  transport_->Respond(200, "not xml at all <");
  auto other = client_.DescribeStack("demo");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "InvalidResponse");
}

TEST_F(CloudFormationClientTest, TransportErrorsPropagate) {
  transport_->Fail("Connect", "cannot connect to cloudformation.us-east-1.amazonaws.com:443");
  auto stack = client_.DescribeStack("demo");
  ASSERT_FALSE(stack);
  EXPECT_EQ(stack.error().code, "Connect");
}

}  // namespace
}  // namespace sparta::aws
