// Each event source's synthesized resources and privileges: exactly these,
// no more, no fewer; and the mistakes Validate() refuses.

#include <gtest/gtest.h>

#include <string>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/kinesis.hpp"
#include "sparta/resources/logs.hpp"
#include "sparta/resources/s3.hpp"
#include "sparta/resources/sns.hpp"
#include "sparta/resources/sqs.hpp"
#include "sparta/service/archetypes.hpp"
#include "sparta/service/synthesize.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

using testing::MakeFunction;
namespace ddb = resources::dynamodb;

json::value J(std::string_view text) { return json::parse(text); }

json::object Synth(const Service& s) {
  auto t = Synthesize(s);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  if (!t.ok()) return {};
  return t->ToJson().as_object().at("Resources").as_object();
}

std::string Problems(const Service& s) {
  auto t = Synthesize(s);
  return t.ok() ? std::string("(no error)") : t.error().message;
}

Service With(FunctionOptions options, std::vector<ServiceResource> resources = {}) {
  Service s;
  s.name = "demo";
  s.functions.push_back(MakeFunction("Worker", std::move(options)));
  s.resources = std::move(resources);
  return s;
}

// The Worker role's statements after the log statement.
json::array SourceStatements(const json::object& resources) {
  json::array statements = testing::RoleStatements(resources, "WorkerRole");
  statements.erase(statements.begin());
  return statements;
}

// Every resource type in `resources`, by logical ID.
std::map<std::string, std::string> Types(const json::object& resources) {
  std::map<std::string, std::string> out;
  for (const auto& [id, r] : resources) out[id] = r.at("Type").as_string().c_str();
  return out;
}

std::map<std::string, std::string> BaseTypes() {
  return {{"WorkerFunction", "AWS::Lambda::Function"},
          {"WorkerRole", "AWS::IAM::Role"},
          {"WorkerLogGroup", "AWS::Logs::LogGroup"}};
}

TEST(EventSources, SqsIsAMappingWithTheQueueReadPrivilegesOnThatQueueOnly) {
  resources::sqs::Queue jobs{"Jobs"};
  auto r = Synth(With({.events = {SqsEvents{.queue_arn = jobs.Arn(),
                                            .batch_size = 50,
                                            .batching_window = std::chrono::seconds(5),
                                            .report_batch_item_failures = true,
                                            .maximum_concurrency = 4,
                                            .filters = {J(R"({"body":{"kind":["order"]}})")}}}},
                      {jobs}));
  auto expected = BaseTypes();
  expected["Jobs"] = "AWS::SQS::Queue";
  expected["WorkerJobsSqsMapping"] = "AWS::Lambda::EventSourceMapping";
  EXPECT_EQ(Types(r), expected);
  EXPECT_EQ(r.at("WorkerJobsSqsMapping").at("Properties"), J(R"({
      "EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]},
      "FunctionName": {"Ref": "WorkerFunction"},
      "BatchSize": 50, "MaximumBatchingWindowInSeconds": 5,
      "FunctionResponseTypes": ["ReportBatchItemFailures"],
      "ScalingConfig": {"MaximumConcurrency": 4},
      "FilterCriteria": {"Filters": [{"Pattern": "{\"body\":{\"kind\":[\"order\"]}}"}]},
      "Enabled": true})"));
  EXPECT_EQ(json::value(SourceStatements(r)), J(R"([{"Effect": "Allow",
      "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      "Resource": [{"Fn::GetAtt": ["Jobs", "Arn"]}]}])"));
}

TEST(EventSources, AnExistingQueueByArnGetsAReadableStableLogicalId) {
  const std::string arn = "arn:aws:sqs:us-east-1:123456789012:legacy-jobs";
  auto r = Synth(With({.events = {SqsEvents{.queue_arn = json::value(arn)}}}));
  const std::string id = "Workerlegacyjobs" + cfn::StableHash8("\"" + arn + "\"") + "SqsMapping";
  ASSERT_TRUE(r.contains(id)) << json::serialize(r);
  EXPECT_EQ(r.at(id).at("Properties").at("EventSourceArn"), json::value(arn));
  EXPECT_FALSE(r.at(id).at("Properties").as_object().contains("MaximumBatchingWindowInSeconds"));
  EXPECT_EQ(SourceStatements(r).at(0).at("Resource"), J("[\"" + arn + "\"]"));
}

TEST(EventSources, DynamoDbStreamReadsThatStreamAndWritesFailuresToItsQueue) {
  ddb::Table orders{"Orders",
                    {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
                     .BillingMode = "PAY_PER_REQUEST",
                     .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}},
                     .StreamSpecification = {{.StreamViewType = "NEW_AND_OLD_IMAGES"}}}};
  resources::sqs::Queue failed{"Failed"};
  auto r = Synth(With(
      {.events = {DynamoDbStreamEvents{.stream_arn = orders.StreamArn(),
                                       .starting_position = StartingPosition::kTrimHorizon,
                                       .batch_size = 25,
                                       .bisect_batch_on_error = true,
                                       .maximum_retry_attempts = 3,
                                       .maximum_record_age = std::chrono::seconds(3600),
                                       .on_failure = FailureDestination::Queue(failed.Arn()),
                                       .parallelization_factor = 2,
                                       .tumbling_window = std::chrono::seconds(30),
                                       .report_batch_item_failures = true}}},
      {orders, failed}));
  EXPECT_EQ(r.at("WorkerOrdersDynamoDbMapping").at("Properties"), J(R"({
      "EventSourceArn": {"Fn::GetAtt": ["Orders", "StreamArn"]},
      "FunctionName": {"Ref": "WorkerFunction"},
      "StartingPosition": "TRIM_HORIZON", "BatchSize": 25,
      "BisectBatchOnFunctionError": true, "MaximumRetryAttempts": 3,
      "MaximumRecordAgeInSeconds": 3600,
      "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["Failed", "Arn"]}}},
      "ParallelizationFactor": 2, "TumblingWindowInSeconds": 30,
      "FunctionResponseTypes": ["ReportBatchItemFailures"], "Enabled": true})"));
  EXPECT_EQ(json::value(SourceStatements(r)), J(R"([
      {"Effect": "Allow",
       "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
       "Resource": [{"Fn::GetAtt": ["Orders", "StreamArn"]}]},
      {"Effect": "Allow", "Action": ["sqs:SendMessage"],
       "Resource": [{"Fn::GetAtt": ["Failed", "Arn"]}]}])"));
}

TEST(EventSources, KinesisReadsThatStreamFromATimestamp) {
  resources::kinesis::Stream clicks{"Clicks", {.ShardCount = 1}};
  resources::sns::Topic alarms{"Alarms"};
  auto r = Synth(With(
      {.events = {KinesisEvents{
           .stream_arn = clicks.Arn(),
           .starting_position = StartingPosition::kAtTimestamp,
           .starting_timestamp = std::chrono::sys_seconds(std::chrono::seconds(1767225600)),
           .on_failure = FailureDestination::Topic(alarms.Ref())}}},
      {clicks, alarms}));
  const auto& p = r.at("WorkerClicksKinesisMapping").at("Properties");
  EXPECT_EQ(p.at("StartingPosition"), json::value("AT_TIMESTAMP"));
  EXPECT_EQ(p.at("StartingPositionTimestamp"), json::value(1767225600));
  EXPECT_EQ(p.at("BatchSize"), json::value(100));
  EXPECT_EQ(json::value(SourceStatements(r)), J(R"([
      {"Effect": "Allow",
       "Action": ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                  "kinesis:GetShardIterator", "kinesis:ListShards"],
       "Resource": [{"Fn::GetAtt": ["Clicks", "Arn"]}]},
      {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [{"Ref": "Alarms"}]}])"));
}

TEST(EventSources, SnsIsASubscriptionAndAPermissionFromThatTopic) {
  resources::sns::Topic orders{"Orders"};
  auto r = Synth(With({.events = {SnsEvents{.topic_arn = orders.Ref(),
                                            .filter_policy = J(R"({"kind":["order"]})"),
                                            .filter_policy_scope = FilterPolicyScope::kMessageBody}}},
                      {orders}));
  auto expected = BaseTypes();
  expected["Orders"] = "AWS::SNS::Topic";
  expected["WorkerOrdersSnsPermission"] = "AWS::Lambda::Permission";
  expected["WorkerOrdersSnsSubscription"] = "AWS::SNS::Subscription";
  EXPECT_EQ(Types(r), expected);
  EXPECT_EQ(r.at("WorkerOrdersSnsPermission").at("Properties"), J(R"({
      "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
      "Principal": "sns.amazonaws.com", "SourceArn": {"Ref": "Orders"}})"));
  EXPECT_EQ(r.at("WorkerOrdersSnsSubscription"), J(R"({
      "Type": "AWS::SNS::Subscription", "DependsOn": ["WorkerOrdersSnsPermission"],
      "Properties": {"Protocol": "lambda", "Endpoint": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
                     "TopicArn": {"Ref": "Orders"}, "FilterPolicy": {"kind": ["order"]},
                     "FilterPolicyScope": "MessageBody"}})"));
  // Pushed sources need no privilege of the function.
  EXPECT_TRUE(SourceStatements(r).empty());
}

TEST(EventSources, RulesAndSchedulesTargetTheFunctionWithAPermissionFromTheRule) {
  auto r = Synth(With({.events = {EventRule{.name = "Orders",
                                            .pattern = J(R"({"source":["shop"]})"),
                                            .event_bus = "shop-bus"},
                                  Schedule{.name = "Nightly",
                                           .expression = "cron(0 3 * * ? *)",
                                           .input = J(R"({"job":"compact"})"),
                                           .description = "compaction",
                                           .enabled = false}}}));
  EXPECT_EQ(r.at("WorkerOrdersEventsRule").at("Properties"), J(R"({
      "EventPattern": {"source": ["shop"]}, "EventBusName": "shop-bus", "State": "ENABLED",
      "Targets": [{"Arn": {"Fn::GetAtt": ["WorkerFunction", "Arn"]}, "Id": "Worker"}]})"));
  EXPECT_EQ(r.at("WorkerNightlyEventsRule").at("Properties"), J(R"j({
      "ScheduleExpression": "cron(0 3 * * ? *)", "State": "DISABLED", "Description": "compaction",
      "Targets": [{"Arn": {"Fn::GetAtt": ["WorkerFunction", "Arn"]}, "Id": "Worker",
                   "Input": "{\"job\":\"compact\"}"}]})j"));
  EXPECT_EQ(r.at("WorkerNightlyEventsPermission").at("Properties").at("SourceArn"),
            J(R"({"Fn::GetAtt": ["WorkerNightlyEventsRule", "Arn"]})"));
  EXPECT_EQ(r.at("WorkerOrdersEventsPermission").at("Properties").at("Principal"),
            json::value("events.amazonaws.com"));
  EXPECT_EQ(r.size(), 7u);
}

TEST(EventSources, LogSubscriptionFiltersAnotherFunctionsGroup) {
  Service s;
  s.name = "demo";
  s.functions.push_back(MakeFunction("Api"));
  const FunctionLogicalIds api = LogicalIdsOf("Api");
  s.functions.push_back(MakeFunction(
      "Worker", {.events = {LogSubscription{.log_group_name = cfn::Ref(api.log_group),
                                            .filter_pattern = "ERROR"}}}));
  auto r = Synth(s);
  EXPECT_EQ(r.at("WorkerApiLogGroupLogsSubscription"), J(R"({
      "Type": "AWS::Logs::SubscriptionFilter", "DependsOn": ["WorkerApiLogGroupLogsPermission"],
      "Properties": {"LogGroupName": {"Ref": "ApiLogGroup"}, "FilterPattern": "ERROR",
                     "DestinationArn": {"Fn::GetAtt": ["WorkerFunction", "Arn"]}}})"));
  EXPECT_EQ(r.at("WorkerApiLogGroupLogsPermission").at("Properties"), J(R"({
      "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
      "Principal": "logs.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"},
      "SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":logs:",
          {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":",
          "log-group:", {"Ref": "ApiLogGroup"}, ":*"]]}})"));
}

TEST(EventSources, SesReceiptRuleInvokesTheFunction) {
  auto r = Synth(With({.events = {SesReceipt{.rule_name = "inbound-orders",
                                             .rule_set_name = "default-rule-set",
                                             .recipients = {"orders@example.com"}}}}));
  const std::string tag = "inboundorders" + cfn::StableHash8("inbound-orders");
  const json::value& rule = r.at("Worker" + tag + "SesReceiptRule");
  EXPECT_EQ(rule.at("Properties"), J(R"({"RuleSetName": "default-rule-set",
      "Rule": {"Name": "inbound-orders", "Enabled": true, "ScanEnabled": true,
               "Recipients": ["orders@example.com"],
               "Actions": [{"LambdaAction": {"FunctionArn": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
                                             "InvocationType": "Event"}}]}})"));
  EXPECT_EQ(r.at("Worker" + tag + "SesPermission").at("Properties").at("SourceArn"),
            J(R"({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":ses:",
                {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":",
                "receipt-rule-set/", "default-rule-set", ":receipt-rule/inbound-orders"]]})"));
}

TEST(EventSources, S3EntriesGoIntoTheBucketWhichWaitsForThePermission) {
  resources::s3::Bucket uploads{"Uploads"};
  IamPrivilege read{.actions = {"s3:GetObject"},
                    .resources = {cfn::Join("", {uploads.Arn(), "/*"})}};
  IamPrivilege other{.actions = {"sqs:SendMessage"}, .resources = {"arn:aws:sqs:us-east-1:1:q"}};
  Service s;
  s.name = "demo";
  s.functions.push_back(Function(
      "Worker", testing::Echo(),
      {.events = {S3Events{.bucket = uploads, .events = {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"},
                           .prefix = "in/", .suffix = ".csv"}}},
      IamRoleDefinition{.privileges = {read, other}}));
  s.resources = {uploads};
  auto r = Synth(s);
  EXPECT_EQ(r.at("Uploads"), J(R"({"Type": "AWS::S3::Bucket", "DependsOn": ["WorkerUploadsS3Permission"],
      "Properties": {"NotificationConfiguration": {"LambdaConfigurations": [
        {"Event": "s3:ObjectCreated:*", "Function": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
         "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "in/"},
                                        {"Name": "suffix", "Value": ".csv"}]}}},
        {"Event": "s3:ObjectRemoved:*", "Function": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
         "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "in/"},
                                        {"Name": "suffix", "Value": ".csv"}]}}}]}}})"));
  // No BucketName: the permission is scoped to this account (its own ARN
  // would be circular).
  EXPECT_EQ(r.at("WorkerUploadsS3Permission").at("Properties"), J(R"({
      "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
      "Principal": "s3.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}})"));
  // The statement naming the bucket moves to its own policy on the role.
  EXPECT_EQ(json::value(SourceStatements(r)), J(R"([{"Effect": "Allow",
      "Action": ["sqs:SendMessage"], "Resource": ["arn:aws:sqs:us-east-1:1:q"]}])"));
  EXPECT_EQ(r.at("WorkerBucketAccessPolicy").at("Properties"), J(R"({
      "PolicyName": "Worker-bucket-access", "Roles": [{"Ref": "WorkerRole"}],
      "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Action": ["s3:GetObject"],
          "Resource": [{"Fn::Join": ["", [{"Fn::GetAtt": ["Uploads", "Arn"]}, "/*"]]}]}]}})"));
}

TEST(EventSources, ANamedBucketScopesThePermissionToItsArn) {
  resources::s3::Bucket uploads{"Uploads", {.BucketName = "demo-uploads"}};
  auto r = Synth(With({.events = {S3Events{.bucket = uploads}}}, {uploads}));
  EXPECT_EQ(r.at("WorkerUploadsS3Permission").at("Properties").at("SourceArn"),
            J(R"({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:", ":", ":",
                                    "demo-uploads"]]})"));
  // One event, no filter.
  EXPECT_EQ(r.at("Uploads").at("Properties").at("NotificationConfiguration"),
            J(R"({"LambdaConfigurations": [{"Event": "s3:ObjectCreated:*",
                  "Function": {"Fn::GetAtt": ["WorkerFunction", "Arn"]}}]})"));
}

TEST(EventSources, AFunctionThatDiscoversTheBucketItReactsToIsACircularDependency) {
  resources::s3::Bucket uploads{"Uploads"};
  std::string problems =
      Problems(With({.dependencies = {uploads}, .events = {S3Events{.bucket = uploads}}},
                    {uploads}));
  EXPECT_NE(problems.find("circular dependency between resources: Uploads -> WorkerFunction -> "
                          "Uploads"),
            std::string::npos)
      << problems;
}

TEST(EventSources, MistakesAreRefusedWithWhatIsAllowed) {
  resources::sqs::Queue jobs{"Jobs"};
  resources::sqs::Queue other{"Other"};
  const std::string problems = Problems(With(
      {.events = {SqsEvents{.queue_arn = jobs.Arn(), .batch_size = 100},
                  SqsEvents{.queue_arn = jobs.Arn()},
                  SqsEvents{.queue_arn = nullptr, .maximum_concurrency = 1, .filters = {J("[1]")}},
                  KinesisEvents{.stream_arn = "arn:aws:kinesis:us-east-1:1:stream/s",
                                .starting_position = StartingPosition::kAtTimestamp,
                                .maximum_record_age = std::chrono::seconds(30),
                                .parallelization_factor = 11},
                  DynamoDbStreamEvents{.stream_arn = "arn:aws:dynamodb:x",
                                       .starting_position = StartingPosition::kAtTimestamp},
                  S3Events{.bucket = other, .events = {"s3:ObjectCreated"}},
                  S3Events{.bucket = cfn::Handle("Missing")},
                  Schedule{.name = "Hourly", .expression = "rate(1 hours)"},
                  EventRule{.name = "Hourly", .pattern = J("{}")},
                  SesReceipt{.rule_name = "-bad", .rule_set_name = "set"}}},
      {jobs, other}));
  for (const char* expected : {
           "event source 1 (SqsEvents): batch_size 100 needs a batching_window of at least 1 s",
           "event source 2 (SqsEvents): {\"Fn::GetAtt\":[\"Jobs\",\"Arn\"]} is already a source "
           "of this function",
           "event source 3 (SqsEvents): queue_arn is not set",
           "maximum_concurrency is 1; Lambda allows 2..1000",
           "filter [1] is not an event pattern",
           "event source 4 (KinesisEvents): AT_TIMESTAMP needs starting_timestamp",
           "maximum_record_age is 30 s; Lambda allows -1 (no limit) or 60..604800 s",
           "parallelization_factor is 11; Lambda allows 1..10",
           "event source 5 (DynamoDbStreamEvents): DynamoDB streams start at LATEST or "
           "TRIM_HORIZON",
           "event source 6 (S3Events): bucket \"Other\" is an AWS::SQS::Queue, not an "
           "AWS::S3::Bucket",
           "event \"s3:ObjectCreated\" is not an S3 event type",
           "event source 7 (S3Events): bucket \"Missing\" is not a resource of this service",
           "event source 8 (Schedule): schedule \"rate(1 hours)\" has the unit \"hours\" for 1; "
           "EventBridge wants \"hour\"",
           "event source 9 (EventRule): another rule or schedule of this function is named "
           "\"Hourly\"",
           "pattern must be an event pattern",
           "event source 10 (SesReceipt): rule_name \"-bad\" is not valid",
       }) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n in:\n" << problems;
  }
}

// An existing bucket: a permission from its ARN, and the built-in custom
// resource that writes the function's entry into the bucket's configuration;
// the provider may touch that bucket's notifications and nothing else.
TEST(EventSources, AnExistingBucketGetsItsEntryThroughTheBuiltInProvider) {
  auto r = Synth(With({.events = {S3Events{.bucket = ExistingBucket{"photos-archive"},
                                           .events = {"s3:ObjectCreated:*"},
                                           .prefix = "incoming/",
                                           .read_objects = true}}}));
  const std::string tag = "photosarchive" + cfn::StableHash8("\"photos-archive\"");
  auto types = BaseTypes();
  types["Worker" + tag + "S3Permission"] = "AWS::Lambda::Permission";
  types["Worker" + tag + "S3Notifications"] = "Custom::SpartaS3BucketNotifications";
  types["SpartaS3BucketNotificationsProviderFunction"] = "AWS::Lambda::Function";
  types["SpartaS3BucketNotificationsProviderRole"] = "AWS::IAM::Role";
  types["SpartaS3BucketNotificationsProviderLogGroup"] = "AWS::Logs::LogGroup";
  EXPECT_EQ(Types(r), types);
  const json::value arn = J(R"({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:", ":",
                                                  ":", "photos-archive"]]})");
  EXPECT_EQ(r.at("Worker" + tag + "S3Permission").at("Properties"),
            J(R"({"Action": "lambda:InvokeFunction",
                  "FunctionName": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
                  "Principal": "s3.amazonaws.com", "SourceArn": )" +
              jsonutil::Compact(arn) + R"(, "SourceAccount": {"Ref": "AWS::AccountId"}})"));
  EXPECT_EQ(r.at("Worker" + tag + "S3Notifications"),
            J(R"({"Type": "Custom::SpartaS3BucketNotifications",
                  "DependsOn": ["Worker)" + tag + R"(S3Permission"],
                  "Properties": {
                    "ServiceToken": {"Fn::GetAtt": ["SpartaS3BucketNotificationsProviderFunction", "Arn"]},
                    "BucketName": "photos-archive",
                    "FunctionArn": {"Fn::GetAtt": ["WorkerFunction", "Arn"]},
                    "Events": ["s3:ObjectCreated:*"], "Prefix": "incoming/"}})"));
  // Nothing here is circular: reading the objects stays in the role.
  EXPECT_EQ(json::value(SourceStatements(r)),
            J(R"([{"Effect": "Allow", "Action": ["s3:GetObject"],
                   "Resource": [{"Fn::Join": ["", [)" + jsonutil::Compact(arn) + R"(, "/*"]]}]}])"));
  const json::array provider = testing::RoleStatements(r, "SpartaS3BucketNotificationsProviderRole");
  ASSERT_EQ(provider.size(), 2u);  // its logs, and this
  EXPECT_EQ(provider[1], J(R"({"Effect": "Allow",
      "Action": ["s3:GetBucketNotification", "s3:PutBucketNotification"], "Resource": [)" +
                           jsonutil::Compact(arn) + "]}"));
}

// Two functions on one existing bucket: one provider, privileges on each
// bucket once, and the second entry waits for the first (each rewrites the
// whole configuration).
TEST(EventSources, EntriesOfOneExistingBucketAreWrittenOneAfterTheOther) {
  Service s;
  s.name = "demo";
  s.functions.push_back(MakeFunction(
      "Csv", {.events = {S3Events{.bucket = ExistingBucket{"shared-drop"}, .suffix = ".csv"}}}));
  s.functions.push_back(MakeFunction(
      "Json", {.events = {S3Events{.bucket = ExistingBucket{"shared-drop"}, .suffix = ".json"},
                          S3Events{.bucket = ExistingBucket{"other-drop"}}}}));
  auto r = Synth(s);
  const std::string shared = "shareddrop" + cfn::StableHash8("\"shared-drop\"");
  const std::string other = "otherdrop" + cfn::StableHash8("\"other-drop\"");
  EXPECT_EQ(r.at("Csv" + shared + "S3Notifications").at("DependsOn"),
            J(R"(["Csv)" + shared + R"(S3Permission"])"));
  EXPECT_EQ(r.at("Json" + shared + "S3Notifications").at("DependsOn"),
            J(R"(["Csv)" + shared + R"(S3Notifications", "Json)" + shared + R"(S3Permission"])"));
  EXPECT_EQ(r.at("Json" + other + "S3Notifications").at("DependsOn"),
            J(R"(["Json)" + other + R"(S3Permission"])"));
  const json::array provider = testing::RoleStatements(r, "SpartaS3BucketNotificationsProviderRole");
  EXPECT_EQ(provider.size(), 3u) << json::value(provider);  // logs, shared-drop, other-drop
}

TEST(EventSources, ExistingBucketMistakesAreRefused) {
  const std::string unnamed =
      Problems(With({.events = {S3Events{.bucket = ExistingBucket{""}}}}));
  EXPECT_NE(unnamed.find("ExistingBucket has no name"), std::string::npos) << unnamed;
  const std::string bad = Problems(With({.events = {S3Events{.bucket = ExistingBucket{"Photos_"}}}}));
  EXPECT_NE(bad.find("ExistingBucket \"Photos_\" is not an S3 bucket name"), std::string::npos)
      << bad;
  const std::string twice = Problems(With({.events = {S3Events{.bucket = ExistingBucket{"photos"}},
                                                     S3Events{.bucket = ExistingBucket{"photos"}}}}));
  EXPECT_NE(twice.find("is already a source of this function"), std::string::npos) << twice;
  Service s;
  s.name = "demo";
  s.functions.push_back(MakeFunction("A", {.events = {S3Events{.bucket = ExistingBucket{"drop"}}}}));
  s.functions.push_back(MakeFunction(
      "B", {.events = {S3Events{.bucket = ExistingBucket{"drop"}, .prefix = "in/"}}}));
  const std::string overlap = Problems(s);
  EXPECT_NE(overlap.find("bucket \"drop\": \"s3:ObjectCreated:*\" for function \"B\" overlaps"),
            std::string::npos)
      << overlap;
  // A parameter's value is an expression: CloudFormation checks it.
  Parameter drop{"Drop", {}};
  Service by_parameter = With({.events = {S3Events{.bucket = ExistingBucket{drop.Ref()}}}});
  by_parameter.parameters = {drop};
  auto t = Synthesize(by_parameter);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const json::value entry = t->ToJson().at("Resources").at(
      "WorkerDrop" + std::string("S3Notifications"));
  EXPECT_EQ(entry.at("Properties").at("BucketName"), J(R"({"Ref": "Drop"})"));
}

TEST(EventSources, OverlappingBucketNotificationsAreRefused) {
  resources::s3::Bucket uploads{"Uploads"};
  Service s;
  s.name = "demo";
  s.resources = {uploads};
  s.functions.push_back(MakeFunction(
      "Csv", {.events = {S3Events{.bucket = uploads, .prefix = "in/", .suffix = ".csv"}}}));
  s.functions.push_back(MakeFunction(
      "Json", {.events = {S3Events{.bucket = uploads, .prefix = "in/", .suffix = ".json"}}}));
  ASSERT_TRUE(Synthesize(s).ok()) << Problems(s);  // distinct suffixes
  s.functions.push_back(MakeFunction(
      "All", {.events = {S3Events{.bucket = uploads, .events = {"s3:ObjectCreated:Put"}}}}));
  const std::string problems = Problems(s);
  EXPECT_NE(problems.find("bucket \"Uploads\": \"s3:ObjectCreated:Put\" for function \"All\" "
                          "overlaps \"s3:ObjectCreated:*\" for function \"Csv\""),
            std::string::npos)
      << problems;
}

TEST(EventSources, TooManySubscriptionFiltersOnOneGroupAreRefused) {
  Service s;
  s.name = "demo";
  for (const char* name : {"A", "B", "C"}) {
    s.functions.push_back(
        MakeFunction(name, {.events = {LogSubscription{.log_group_name = "/shared/app"}}}));
  }
  EXPECT_NE(Problems(s).find("log group \"/shared/app\" has 3 subscription filters (functions "
                             "\"A\", \"B\", \"C\"); CloudWatch Logs allows 2 per group"),
            std::string::npos)
      << Problems(s);
}

TEST(EventSources, ArchetypesDeclareTheSourceAndItsPrivileges) {
  resources::s3::Bucket uploads{"Uploads"};
  resources::sqs::Queue jobs{"Jobs"};
  Service s;
  s.name = "demo";
  s.resources = {uploads, jobs};
  s.functions = {S3Reactor("Thumbs", testing::Echo(), {.bucket = uploads, .suffix = ".jpg"},
                           {.memory_mb = 1024}),
                 SqsReactor("Work", testing::Echo(), {.queue_arn = jobs.Arn()}),
                 ScheduledFunction("Nightly", testing::Echo(),
                                   {.name = "Compact", .expression = "rate(1 day)"})};
  auto r = Synth(s);
  EXPECT_EQ(r.at("ThumbsFunction").at("Properties").at("MemorySize"), json::value(1024));
  EXPECT_EQ(r.at("ThumbsBucketAccessPolicy").at("Properties").at("PolicyDocument").at("Statement"),
            J(R"([{"Effect": "Allow", "Action": ["s3:GetObject"],
                   "Resource": [{"Fn::Join": ["", [{"Fn::GetAtt": ["Uploads", "Arn"]}, "/*"]]}]}])"));
  EXPECT_TRUE(r.contains("WorkJobsSqsMapping"));
  EXPECT_EQ(r.at("NightlyCompactEventsRule").at("Properties").at("ScheduleExpression"),
            json::value("rate(1 day)"));
}

// `build` writes the same template when only a handler's body changed: the
// code is a parameter (its S3 key), never part of the template.
TEST(EventSources, OnlyAHandlerBodyChangedGivesTheSameTemplate) {
  resources::sqs::Queue jobs{"Jobs"};
  auto with_handler = [&](runtime::Handler handler) {
    Service s;
    s.name = "demo";
    s.resources = {jobs};
    s.functions.push_back(Function("Worker", std::move(handler),
                                   {.events = {SqsEvents{.queue_arn = jobs.Arn()}}}));
    auto t = Synthesize(s);
    EXPECT_TRUE(t.ok());
    return t.ok() ? t->Serialize() : std::string();
  };
  const std::string before =
      with_handler([](std::string_view, runtime::Context&) { return std::string("{}"); });
  const std::string after = with_handler(
      [](std::string_view payload, runtime::Context&) { return std::string(payload) + " "; });
  EXPECT_FALSE(before.empty());
  EXPECT_EQ(before, after);
}

TEST(EventSources, ASharedRoleHoldsEachMembersLogsAndSourcesOnce) {
  resources::sqs::Queue jobs{"Jobs"};
  SharedRole workers{"Workers",
                     {.privileges = {{.actions = {"dynamodb:GetItem"},
                                      .resources = {"arn:aws:dynamodb:us-east-1:1:table/T"}}}}};
  Service s;
  s.name = "demo";
  s.resources = {jobs};
  s.functions = {Function("A", testing::Echo(), {.events = {SqsEvents{.queue_arn = jobs.Arn()}}},
                          workers),
                 Function("B", testing::Echo(), {.tracing = Tracing::kActive}, workers),
                 MakeFunction("C")};
  auto r = Synth(s);
  EXPECT_FALSE(r.contains("ARole"));
  EXPECT_FALSE(r.contains("BRole"));
  EXPECT_TRUE(r.contains("CRole"));
  EXPECT_EQ(r.at("AFunction").at("Properties").at("Role"),
            J(R"({"Fn::GetAtt": ["WorkersSharedRole", "Arn"]})"));
  EXPECT_EQ(r.at("BFunction").at("Properties").at("Role"),
            r.at("AFunction").at("Properties").at("Role"));
  EXPECT_EQ(r.at("WorkersSharedRole").at("Properties").at("Policies"), J(R"([{
      "PolicyName": "Workers-policy",
      "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": [{"Fn::GetAtt": ["ALogGroup", "Arn"]}, {"Fn::GetAtt": ["BLogGroup", "Arn"]}]},
        {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
         "Resource": "*"},
        {"Effect": "Allow",
         "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
         "Resource": [{"Fn::GetAtt": ["Jobs", "Arn"]}]},
        {"Effect": "Allow", "Action": ["dynamodb:GetItem"],
         "Resource": ["arn:aws:dynamodb:us-east-1:1:table/T"]}]}}])"));
}

TEST(EventSources, SharedRolesMustAgreeAndBeNamedAsLogicalIds) {
  Service s;
  s.name = "demo";
  s.functions = {MakeFunction("A", {}, SharedRole{"Workers"}),
                 MakeFunction("B", {}, SharedRole{"Workers", {.managed_policy_arns = {
                     "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}),
                 MakeFunction("C", {}, SharedRole{"work-ers"})};
  const std::string problems = Problems(s);
  EXPECT_NE(problems.find("function \"B\": shared role \"Workers\" is defined differently for "
                          "function \"A\""),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("function \"C\": shared role name \"work-ers\" is not valid"),
            std::string::npos)
      << problems;
}

}  // namespace
}  // namespace sparta
