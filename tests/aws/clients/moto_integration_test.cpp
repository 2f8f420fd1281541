// The clients against moto_server on loopback: real HTTP, real SigV4, and an
// independent implementation of each service's wire protocol.

#include <gtest/gtest.h>

#include <algorithm>

#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/cloud_map_client.hpp"
#include "sparta/aws/dynamodb_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/s3_notifications.hpp"
#include "sparta/aws/stack_status.hpp"
#include "sparta/aws/sts_client.hpp"
#include "sparta/util/digest.hpp"

#include "aws/clients/md5.hpp"
#include "aws/clients/moto_server.hpp"

namespace sparta::aws {
namespace {

using testing::MotoServer;

class MotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (MotoServer::Find().empty()) GTEST_SKIP() << "moto_server is not on PATH";
    auto server = MotoServer::Start();
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
  }
  std::unique_ptr<MotoServer> server_;
};

TEST_F(MotoTest, S3BucketAndObjects) {
  S3Client s3(server_->Client("s3"));
  auto absent = s3.HeadBucket("sparta-it");
  ASSERT_TRUE(absent) << absent.error().message;
  EXPECT_FALSE(absent->exists);

  ASSERT_TRUE(s3.CreateBucket("sparta-it"));
  auto bucket = s3.HeadBucket("sparta-it");
  ASSERT_TRUE(bucket) << bucket.error().message;
  EXPECT_TRUE(bucket->exists);
  EXPECT_EQ(bucket->region, "us-east-1");

  PutObjectOptions small_options;
  small_options.content_type = "text/plain";
  small_options.metadata = {{"built-by", "sparta"}};
  auto small = s3.PutObject("sparta-it", "svc/notes 1+1.txt", "hello, moto", small_options);
  ASSERT_TRUE(small) << small.error().message;
  // A single-part ETag is the quoted hex MD5 of the body.
  EXPECT_EQ(small->etag, "\"" + util::HexEncode(detail::Md5("hello, moto")) + "\"");
  EXPECT_EQ(small->parts, 0);

  // 11 MiB in 5 MiB parts: three parts, the last one short.
  std::string large(11 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 31 % 253);
  PutObjectOptions large_options;
  large_options.part_size = 5 * 1024 * 1024;
  large_options.content_type = "application/zip";
  auto multipart = s3.PutObject("sparta-it", "svc/app.zip", large, large_options);
  ASSERT_TRUE(multipart) << multipart.error().message;
  EXPECT_EQ(multipart->parts, 3);
  EXPECT_TRUE(multipart->etag.ends_with("-3\"")) << multipart->etag;

  auto head = s3.HeadObject("sparta-it", "svc/notes 1+1.txt");
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_TRUE(head->exists);
  EXPECT_EQ(head->size, 11u);
  EXPECT_EQ(head->etag, small->etag);
  EXPECT_EQ(head->content_type, "text/plain");
  EXPECT_EQ(head->metadata, (s3::Metadata{{"built-by", "sparta"}}));

  auto listed = s3.ListAllObjects("sparta-it", "svc/");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  std::vector<std::string> keys = {(*listed)[0].key, (*listed)[1].key};
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"svc/app.zip", "svc/notes 1+1.txt"}));

  ListObjectsRequest paged;
  paged.bucket = "sparta-it";
  paged.max_keys = 1;
  auto first = s3.ListObjectsV2(paged);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->objects.size(), 1u);
  EXPECT_TRUE(first->is_truncated);

  auto got = s3.GetObject("sparta-it", "svc/app.zip");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->body.size(), large.size());
  EXPECT_TRUE(got->body == large);

  auto missing = s3.GetObject("sparta-it", "svc/none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "NoSuchKey");

  ASSERT_TRUE(s3.DeleteObject("sparta-it", "svc/app.zip"));
  auto gone = s3.HeadObject("sparta-it", "svc/app.zip");
  ASSERT_TRUE(gone) << gone.error().message;
  EXPECT_FALSE(gone->exists);
}

// The read-modify-write of a shared bucket's notifications, against another
// S3: moto reads back what was put, and keeps the other function's entry.
TEST_F(MotoTest, S3NotificationEntriesAreEditedOneAtATime) {
  S3Client s3(server_->Client("s3"));
  ASSERT_TRUE(s3.CreateBucket("sparta-notified"));
  auto empty = s3.GetBucketNotificationConfiguration("sparta-notified");
  ASSERT_TRUE(empty) << empty.error().code << ": " << empty.error().message;
  EXPECT_TRUE(s3::FunctionNotificationIds(*empty)->empty()) << *empty;
  const std::string account_arn = "arn:aws:lambda:us-east-1:123456789012:function:";
  auto theirs = s3::WithFunctionNotification(
      *empty, "theirs", s3::FunctionNotification{.function_arn = account_arn + "other",
                                                 .events = {"s3:ObjectRemoved:*"}});
  ASSERT_TRUE(theirs);
  ASSERT_TRUE(s3.PutBucketNotificationConfiguration("sparta-notified", *theirs));
  auto before = s3.GetBucketNotificationConfiguration("sparta-notified");
  ASSERT_TRUE(before);
  auto mine = s3::WithFunctionNotification(
      *before, "mine",
      s3::FunctionNotification{.function_arn = account_arn + "worker",
                               .events = {"s3:ObjectCreated:*"},
                               .prefix = "incoming/"});
  ASSERT_TRUE(mine);
  auto put = s3.PutBucketNotificationConfiguration("sparta-notified", *mine);
  ASSERT_TRUE(put) << put.error().message;
  auto both = s3.GetBucketNotificationConfiguration("sparta-notified");
  ASSERT_TRUE(both);
  EXPECT_EQ(*s3::FunctionNotificationIds(*both), (std::vector<std::string>{"theirs", "mine"}))
      << *both;
  EXPECT_NE(both->find("incoming/"), std::string::npos) << *both;
  auto without = s3::WithFunctionNotification(*both, "mine", std::nullopt);
  ASSERT_TRUE(without);
  ASSERT_TRUE(s3.PutBucketNotificationConfiguration("sparta-notified", *without));
  auto after = s3.GetBucketNotificationConfiguration("sparta-notified");
  ASSERT_TRUE(after);
  EXPECT_EQ(*s3::FunctionNotificationIds(*after), std::vector<std::string>{"theirs"}) << *after;
}

constexpr char kTemplate[] = R"({
  "Parameters": {"Name": {"Type": "String", "Default": "sparta-it-topic"}},
  "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Name"}}}},
  "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}, "Export": {"Name": "sparta-it-topic-arn"}}}
})";

constexpr char kTemplateWithQueue[] = R"({
  "Parameters": {"Name": {"Type": "String", "Default": "sparta-it-topic"}},
  "Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Name"}}},
                "Second": {"Type": "AWS::SNS::Topic"}},
  "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}, "Export": {"Name": "sparta-it-topic-arn"}}}
})";

/// Polls DescribeStack until the status is stable (moto is synchronous; AWS is not).
Result<cloudformation::Stack> WaitStable(const CloudFormationClient& cfn, const std::string& id) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto stack = cfn.DescribeStack(id);
    if (!stack || cloudformation::IsStable(stack->stack_status)) return stack;
  }
  return MakeError("Timeout", "stack " + id + " did not settle");
}

TEST_F(MotoTest, CloudFormationStackLifecycle) {
  CloudFormationClient cfn(server_->Client("cloudformation"));
  auto validated = cfn.ValidateTemplate(kTemplate);
  ASSERT_TRUE(validated) << validated.error().message;

  CreateStackRequest create;
  create.stack_name = "sparta-it";
  create.template_body = kTemplate;
  create.parameters = {{"Name", "it-topic", false, ""}};
  create.tags = {{"app", "sparta"}};
  auto stack_id = cfn.CreateStack(create);
  ASSERT_TRUE(stack_id) << stack_id.error().message;
  EXPECT_TRUE(stack_id->starts_with("arn:aws:cloudformation:us-east-1:")) << *stack_id;

  auto stack = WaitStable(cfn, *stack_id);
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(cloudformation::ClassifyStackStatus(cloudformation::StackOperation::kCreate,
                                                stack->stack_status),
            cloudformation::StackOutcome::kSucceeded)
      << stack->stack_status;
  EXPECT_EQ(stack->stack_name, "sparta-it");
  ASSERT_EQ(stack->outputs.size(), 1u);
  EXPECT_EQ(stack->outputs[0].key, "TopicArn");
  EXPECT_TRUE(stack->outputs[0].value.ends_with(":it-topic")) << stack->outputs[0].value;
  EXPECT_EQ(stack->outputs[0].export_name, "sparta-it-topic-arn");
  ASSERT_EQ(stack->tags.size(), 1u);
  EXPECT_EQ(stack->tags[0].value, "sparta");

  auto events = cfn.StackEventsSince(*stack_id, "");
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().resource_type, "AWS::CloudFormation::Stack");
  EXPECT_EQ(events->back().resource_status, "CREATE_COMPLETE");

  auto resources = cfn.DescribeStackResources("sparta-it");
  ASSERT_TRUE(resources) << resources.error().message;
  ASSERT_EQ(resources->size(), 1u);
  EXPECT_EQ((*resources)[0].logical_resource_id, "Topic");
  auto summaries = cfn.ListAllStackResources("sparta-it");
  ASSERT_TRUE(summaries) << summaries.error().message;
  ASSERT_EQ(summaries->size(), 1u);
  EXPECT_EQ((*summaries)[0].resource_type, "AWS::SNS::Topic");

  auto template_body = cfn.GetTemplate("sparta-it");
  ASSERT_TRUE(template_body) << template_body.error().message;
  EXPECT_NE(template_body->template_body.find("AWS::SNS::Topic"), std::string::npos);

  CreateChangeSetRequest change;
  change.stack_name = "sparta-it";
  change.change_set_name = "add-second";
  change.change_set_type = "UPDATE";
  change.template_body = kTemplateWithQueue;
  change.parameters = {{"Name", "", true, ""}};
  auto created = cfn.CreateChangeSet(change);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->stack_id, *stack_id);
  auto described = cfn.DescribeChangeSet(created->id, "");
  ASSERT_TRUE(described) << described.error().message;
  EXPECT_EQ(described->status, "CREATE_COMPLETE");
  EXPECT_EQ(described->execution_status, "AVAILABLE");
  ASSERT_FALSE(described->changes.empty());
  EXPECT_EQ(described->changes[0].resource_change.action, "Add");
  EXPECT_EQ(described->changes[0].resource_change.logical_resource_id, "Second");
  auto listed = cfn.ListChangeSets("sparta-it");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].change_set_name, "add-second");

  ASSERT_TRUE(cfn.ExecuteChangeSet("add-second", "sparta-it"));
  auto updated = WaitStable(cfn, *stack_id);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->stack_status, "UPDATE_COMPLETE");

  // The same template again: nothing to do. AWS creates a FAILED change set
  // saying so; moto refuses the change set with "No updates are to be
  // performed.". Both are recognised.
  change.change_set_name = "nothing";
  auto empty = cfn.CreateChangeSet(change);
  if (empty) {
    auto empty_described = cfn.DescribeChangeSet("nothing", "sparta-it");
    ASSERT_TRUE(empty_described) << empty_described.error().message;
    EXPECT_TRUE(
        cloudformation::IsEmptyChangeSet(empty_described->status, empty_described->status_reason))
        << empty_described->status << ": " << empty_described->status_reason;
    ASSERT_TRUE(cfn.DeleteChangeSet("nothing", "sparta-it"));
  } else {
    EXPECT_TRUE(cloudformation::IsNoUpdatesError(empty.error())) << empty.error().message;
  }
  UpdateStackRequest same;
  same.stack_name = *stack_id;
  same.template_body = kTemplateWithQueue;
  same.parameters = {{"Name", "", true, ""}};
  auto no_update = cfn.UpdateStack(same);
  if (!no_update) {
    EXPECT_TRUE(cloudformation::IsNoUpdatesError(no_update.error())) << no_update.error().message;
  }

  ASSERT_TRUE(cfn.DeleteStack({"sparta-it", {}, "", ""}));
  auto deleted = cfn.DescribeStack(*stack_id);  // by ARN: still found
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE");
  auto by_name = cfn.DescribeStack("sparta-it");  // by name: gone
  ASSERT_FALSE(by_name);
  EXPECT_EQ(by_name.error().code, "ValidationError");
  EXPECT_TRUE(cloudformation::IsStackNotFound(by_name.error())) << by_name.error().message;
}

TEST_F(MotoTest, CreateChangeSetLeavesAReviewStack) {
  CloudFormationClient cfn(server_->Client("cloudformation"));
  CreateChangeSetRequest change;
  change.stack_name = "sparta-review";
  change.change_set_name = "first";
  change.change_set_type = "CREATE";
  change.template_body = kTemplate;
  auto created = cfn.CreateChangeSet(change);
  ASSERT_TRUE(created) << created.error().message;
  auto stack = cfn.DescribeStack(created->stack_id);
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "REVIEW_IN_PROGRESS");
  EXPECT_TRUE(cloudformation::IsStable(stack->stack_status));
  ASSERT_TRUE(cfn.ExecuteChangeSet(created->id, ""));
  auto executed = WaitStable(cfn, created->stack_id);
  ASSERT_TRUE(executed) << executed.error().message;
  EXPECT_EQ(executed->stack_status, "CREATE_COMPLETE");
}

TEST_F(MotoTest, StsCallerIdentity) {
  StsClient sts(server_->Client("sts"));
  auto identity = sts.GetCallerIdentity();
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_TRUE(identity->arn.starts_with("arn:aws:")) << identity->arn;
  EXPECT_FALSE(identity->user_id.empty());
}

// DynamoDbClient against an independent DynamoDB implementation: a table
// with a sort key, conditional writes, updates, queries and pages.
TEST_F(MotoTest, DynamoDbItemsQueriesAndConditions) {
  using dynamodb::AttributeValue;
  DynamoDbClient ddb(server_->Client("dynamodb"));
  auto created = ddb.Call("CreateTable", json::parse(R"({
    "TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                             {"AttributeName": "order", "AttributeType": "N"}],
    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                  {"AttributeName": "order", "KeyType": "RANGE"}]})").as_object());
  ASSERT_TRUE(created) << created.error().message;

  for (int order = 1; order <= 3; ++order) {
    auto put = ddb.PutItem({.table = "Orders",
                            .item = {{"customer", AttributeValue::String("ada")},
                                     {"order", AttributeValue::Number(order)},
                                     {"total", AttributeValue::Number(order * 2.5)},
                                     {"lines", AttributeValue::List({AttributeValue::String("x")})},
                                     {"gift", AttributeValue::Bool(order == 2)}}});
    ASSERT_TRUE(put) << put.error().message;
  }
  // The same key again, only if absent: DynamoDB's conditional failure.
  auto again = ddb.PutItem({.table = "Orders",
                            .item = {{"customer", AttributeValue::String("ada")},
                                     {"order", AttributeValue::Number(1)}},
                            .condition = "attribute_not_exists(#o)",
                            .arguments = {.names = {{"#o", "order"}}, .values = {}}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ConditionalCheckFailedException") << again.error().message;

  auto key = [](int order) {
    return dynamodb::Item{{"customer", AttributeValue::String("ada")},
                          {"order", AttributeValue::Number(order)}};
  };
  auto got = ddb.GetItem({.table = "Orders", .key = key(2), .consistent_read = true});
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((**got).at("total").number_as<double>(), 5.0);
  EXPECT_EQ(*(**got).at("gift").if_bool(), true);
  EXPECT_EQ((**got).at("lines"), AttributeValue::List({AttributeValue::String("x")}));

  auto updated = ddb.UpdateItem(
      {.table = "Orders",
       .key = key(2),
       .update = "SET #t = #t + :more",
       .arguments = {.names = {{"#t", "total"}}, .values = {{":more", AttributeValue::Number(1)}}},
       .return_values = "UPDATED_NEW"});
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ((**updated).at("total").number_as<double>(), 6.0);

  // Newest first, two per page.
  QueryRequest query{.table = "Orders",
                     .key_condition = "customer = :c",
                     .arguments = {.names = {}, .values = {{":c", AttributeValue::String("ada")}}},
                     .limit = 2,
                     .scan_index_forward = false};
  auto first = ddb.Query(query);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].at("order").number_as<int>(), 3);
  ASSERT_TRUE(first->last_evaluated_key.has_value());
  query.exclusive_start_key = first->last_evaluated_key;
  auto second = ddb.Query(query);
  ASSERT_TRUE(second) << second.error().message;
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].at("order").number_as<int>(), 1);

  auto deleted = ddb.DeleteItem({.table = "Orders", .key = key(1), .return_old_item = true});
  ASSERT_TRUE(deleted) << deleted.error().message;
  ASSERT_TRUE(deleted->has_value());
  auto scanned = ddb.Scan({.table = "Orders"});
  ASSERT_TRUE(scanned) << scanned.error().message;
  EXPECT_EQ(scanned->items.size(), 2u);

  auto missing_table = ddb.GetItem({.table = "Nope", .key = key(1)});
  ASSERT_FALSE(missing_table.ok());
  EXPECT_EQ(missing_table.error().code, "ResourceNotFoundException");
}

// What a service publishes in Cloud Map (set up here with raw JSON 1.1
// calls), found with CloudMapClient by namespace and service name.
TEST_F(MotoTest, CloudMapDiscoverInstances) {
  auto raw = server_->Client("servicediscovery");
  auto call = [&](std::string_view operation, json::object input) -> json::value {
    HttpRequest http;
    http.method = "POST";
    http.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                    {"X-Amz-Target", "Route53AutoNaming_v20170314." + std::string(operation)}};
    http.body = jsonutil::Compact(input);
    auto response = raw->Send(std::move(http), std::string(operation));
    EXPECT_TRUE(response.ok()) << operation << ": " << response.error().message;
    return response.ok() ? json::parse(response->body) : json::value();
  };
  call("CreateHttpNamespace", {{"Name", "shop"}});
  json::value namespaces = call("ListNamespaces", {});
  ASSERT_EQ(namespaces.at("Namespaces").as_array().size(), 1u);
  const json::value namespace_id = namespaces.at("Namespaces").at(0).at("Id");
  json::value service = call("CreateService", {{"Name", "orders"}, {"NamespaceId", namespace_id}});
  const json::value service_id = service.at("Service").at("Id");
  call("RegisterInstance", {{"ServiceId", service_id},
                            {"InstanceId", "worker"},
                            {"Attributes", json::object{{"Ref", "shop-Worker"},
                                                        {"Type", "AWS::Lambda::Function"}}}});
  call("RegisterInstance", {{"ServiceId", service_id},
                            {"InstanceId", "jobs"},
                            {"Attributes", json::object{{"Ref", "https://sqs/jobs"},
                                                        {"Type", "AWS::SQS::Queue"}}}});

  CloudMapClient cloud_map(raw);
  auto all = cloud_map.DiscoverInstances({.namespace_name = "shop", .service_name = "orders"});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  auto functions = cloud_map.DiscoverInstances({.namespace_name = "shop",
                                                .service_name = "orders",
                                                .query_parameters = {{"Type", "AWS::Lambda::Function"}}});
  ASSERT_TRUE(functions.ok()) << functions.error().message;
  ASSERT_EQ(functions->size(), 1u);
  EXPECT_EQ(functions->front().instance_id, "worker");
  EXPECT_EQ(functions->front().attributes.at("Ref"), "shop-Worker");

  auto missing = cloud_map.DiscoverInstances({.namespace_name = "nope", .service_name = "orders"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NamespaceNotFound") << missing.error().message;
}

}  // namespace
}  // namespace sparta::aws
