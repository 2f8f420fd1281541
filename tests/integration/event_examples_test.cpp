// The event-source examples (objects, messaging, streams, schedules, logs,
// dropzone), the Cloud Map one (directory) and the Step Functions one
// (workflow) end to end: their templates pass cfn-lint; their handlers read the events
// `invoke --event-source` generates; they provision onto sparta-local (the
// types it does not serve yet recorded as simulated, with an event saying
// so) and onto moto_server (skipped, not passed, where it is absent); and on
// sparta-local a function reacting to S3 reads the object an event names,
// through its own role and S3 client.

#include <sys/wait.h>

#include <map>
#include <string>
#include <vector>

#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/s3_notifications.hpp"
#include "sparta/util/files.hpp"

#include "aws/clients/moto_server.hpp"
#include "program_test_util.hpp"
#include "support/local_cloud_process.hpp"

namespace sparta::testing {
namespace {
using namespace std::chrono_literals;

struct Example {
  std::string program;
  std::string stack;
};

const Example kObjects{OBJECTS_PROGRAM, "SpartaObjects"};
const Example kMessaging{MESSAGING_PROGRAM, "SpartaMessaging"};
const Example kStreams{STREAMS_PROGRAM, "SpartaStreams"};
const Example kSchedules{SCHEDULES_PROGRAM, "SpartaSchedules"};
const Example kLogs{LOGS_PROGRAM, "SpartaLogs"};
const Example kDirectory{DIRECTORY_PROGRAM, "SpartaDirectory"};
const Example kDropzone{DROPZONE_PROGRAM, "SpartaDropzone"};
const Example kWorkflow{WORKFLOW_PROGRAM, "SpartaWorkflow"};
const Example kAll[] = {kObjects,   kMessaging, kStreams,   kSchedules,
                        kLogs,      kDirectory, kDropzone, kWorkflow};
// Those that provision with no parameters (dropzone names a bucket that must
// exist first: its own test makes one).
const Example kSelfContained[] = {kObjects, kMessaging, kStreams,   kSchedules,
                                  kLogs,    kDirectory, kWorkflow};
// moto 5.2's CloudFormation does not create AWS::ServiceDiscovery resources,
// so the directory example is not provisioned there; its run-time lookup is
// checked against moto's Cloud Map API itself (MotoTest.CloudMapDiscoverInstances).
// Nor does it run custom resources without Docker, so dropzone's built-in
// one is checked on sparta-local, and its S3 edits against moto's S3
// (MotoTest.S3NotificationEntriesAreEditedOneAtATime).
const Example kOnMoto[] = {kObjects, kMessaging, kStreams, kSchedules, kLogs, kWorkflow};

// `invoke <function> <args...> --output json` run locally: the function's
// answer, parsed.
json::value Invoke(const Example& e, const std::string& function, std::vector<std::string> args,
                   const std::string& input = {}) {
  std::vector<std::string> argv = {e.program, "invoke", function};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--output", "json"});
  auto r = RunProcess(argv, input, {"AWS_REGION=us-east-1"}, "", 60s);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  json::value result = ParseOrFail(r.out);
  if (!result.is_object()) return nullptr;
  EXPECT_TRUE(result.at("functionError").is_null()) << r.out << r.err;
  return ParseOrFail(Str(result.as_object(), "payload"));
}

TEST(EventExamples, TemplatesPassCfnLint) {
  for (const Example& e : kAll) {
    SCOPED_TRACE(e.stack);
    ExpectTemplateLintsClean(e.program, e.stack);
  }
}

TEST(EventExamples, SqsBatchFailuresNameTheMessagesThatFailed) {
  json::value failed = Invoke(kMessaging, "Work",
                              {"--event-source", "sqs", "--body", "not a job", "--count", "2"});
  EXPECT_EQ(failed, json::parse(R"({"batchItemFailures": [
      {"itemIdentifier": "059f36b4-87a3-44ab-83d2-661972850001"},
      {"itemIdentifier": "059f36b4-87a3-44ab-83d2-661972850002"}]})"));
  EXPECT_EQ(Invoke(kMessaging, "Work", {"--event-source", "sqs", "--body", R"({"job":"resize"})"}),
            json::parse(R"({"batchItemFailures": []})"));
}

TEST(EventExamples, SnsAndSesEventsReachTheirHandlers) {
  EXPECT_EQ(Invoke(kMessaging, "Notify",
                   {"--event-source", "sns", "--message", R"({"size":"big"})"}),
            json::parse(R"({"messages": ["{\"size\":\"big\"}"]})"));
  EXPECT_EQ(Invoke(kMessaging, "Inbox",
                   {"--event-source", "ses", "--subject", "Order 7", "--from", "ada@example.com"}),
            json::parse(R"({"subjects": ["Order 7"], "senders": ["ada@example.com"]})"));
}

TEST(EventExamples, StreamRecordsArriveTyped) {
  EXPECT_EQ(Invoke(kStreams, "Audit",
                   {"--event-source", "dynamodb:modify", "--keys", R"({"id":{"S":"42"}})",
                    "--new-image", R"({"id":{"S":"42"},"status":{"S":"shipped"}})",
                    "--old-image", R"({"id":{"S":"42"},"status":{"S":"paid"}})"}),
            json::parse(R"({"changes": [{"order": "42", "change": "MODIFY",
                                        "status_before": "paid", "status_after": "shipped"}]})"));
  // Kinesis data is decoded from base64; the window's state counts pages.
  EXPECT_EQ(Invoke(kStreams, "Count",
                   {"--event-source", "kinesis", "--data", "/home", "--count", "3"}),
            json::parse(R"({"batchItemFailures": [], "state": {"/home": "3"}})"));
}

TEST(EventExamples, RulesSchedulesAndLogsReachTheirHandlers) {
  EXPECT_EQ(Invoke(kSchedules, "Welcome",
                   {"--event-source", "eventbridge", "--source", "example.users",
                    "--detail-type", "Signup", "--detail", R"({"user":"ada","plan":"pro"})"}),
            json::parse(R"({"to": "ada", "text": "Welcome, ada, to the pro plan!"})"));
  // A schedule's input replaces the scheduled event.
  json::value done = Invoke(kSchedules, "Nightly", {"--event", "-"}, R"({"chore":"compact"})");
  EXPECT_EQ(done.at("chore"), "compact");
  // The subscription's data is gzip + base64: decoded by the typed event.
  EXPECT_EQ(Invoke(kLogs, "Alerts",
                   {"--event-source", "cloudwatch-logs", "--log-group", "/aws/lambda/checkout",
                    "--message", "ERROR card declined"}),
            json::parse(R"({"log_group": "/aws/lambda/checkout",
                            "lines": ["ERROR card declined"]})"));
}

// The state machine's tasks are ordinary handlers: each reads its state's
// input and answers the next one's.
TEST(EventExamples, AWorkflowsTasksPassTheOrderAlong) {
  const json::value checked = Invoke(kWorkflow, "Check", {"--event", "-"},
                                     R"({"id": "7", "total": 12.5})");
  EXPECT_EQ(checked, json::parse(R"({"id": "7", "total": 12.5, "valid": true})"));
  EXPECT_EQ(Invoke(kWorkflow, "Charge", {"--event", "-"}, jsonutil::Compact(checked)),
            json::parse(R"({"id": "7", "charged": 12.5, "receipt": "R-7"})"));
  EXPECT_EQ(Invoke(kWorkflow, "Check", {"--event", "-"}, R"({"id": "8", "total": 0})")
                .at("valid"),
            false);
}

TEST(EventExamples, BadEventSourcesAreUsageErrors) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--event-source", "carrier-pigeon"},
       "no event source \"carrier-pigeon\"; the sources: s3, sns, sqs, dynamodb, kinesis, ses, "
       "schedule, eventbridge, cloudwatch-logs"},
      {{"--event-source", "s3:rename"}, "event source s3 has no kind \"rename\"; its kinds: put, "
                                        "delete"},
      {{"--event-source", "sqs", "--bodyy", "x"},
       "event source sqs has no key --bodyy; its keys: --queue-arn, --body, --count"},
      {{"--event-source", "sqs", "--count", "11"}, "--count takes a whole number from 1 to 10"},
      {{"--event-source", "sqs", "--count"}, "--count has no value"},
      {{"--event-source", "sqs", "--event", "x.json"}, "give --event or --event-source, not both"},
      {{"--bucket", "b"}, "--<key> <value> pairs follow --event-source"},
  };
  for (const auto& [args, message] : cases) {
    std::vector<std::string> argv = {kMessaging.program, "invoke", "Work"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = RunProcess(argv);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n in: " << r.err;
  }
}

// Provisioned onto sparta-local: the stack completes, and what it only
// records says so in its events.
class EventExamplesOnSpartaLocal : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cloud = LocalCloudProcess::Start(SPARTA_LOCAL_PROGRAM, dir_.path() / "cloud");
    ASSERT_TRUE(cloud.ok()) << cloud.error().message;
    cloud_ = std::move(*cloud);
    env_ = LocalCloudEnvironment(dir_.path());
  }
  void TearDown() override {
    if (cloud_) {
      EXPECT_EQ(cloud_->Terminate(), 0) << cloud_->Log();
    }
  }

  ProcessResult Run(const Example& e, std::vector<std::string> args, const std::string& endpoint) {
    std::vector<std::string> argv = {e.program};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--endpoint-url", endpoint});
    return RunProcess(argv, "", env_, dir_.path().string(), 120s);
  }

  // Provisions `e` at `endpoint`; the stack's status.
  std::string Provision(const Example& e, const std::string& endpoint,
                        std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"provision", "--output", "json"});
    auto r = Run(e, args, endpoint);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\nlog:\n" << (cloud_ ? cloud_->Log() : "");
    const std::size_t last = r.out.rfind("\n{");
    json::value status = ParseOrFail(r.out.substr(last == std::string::npos ? 0 : last + 1));
    return status.is_object() ? Str(status.as_object(), "stackStatus") : "";
  }

  TempDir dir_;
  std::unique_ptr<LocalCloudProcess> cloud_;
  std::vector<std::string> env_;
};

TEST_F(EventExamplesOnSpartaLocal, EveryExampleProvisionsAndSaysWhatItSimulates) {
  aws::CloudFormationClient cfn(cloud_->Client("cloudformation"));
  for (const Example& e : kSelfContained) {
    SCOPED_TRACE(e.stack);
    ASSERT_EQ(Provision(e, cloud_->endpoint()), "CREATE_COMPLETE");
    auto stack = cfn.DescribeStack(e.stack);
    ASSERT_TRUE(stack.ok()) << stack.error().message;
    auto events = cfn.StackEventsSince(stack->stack_id, "");
    ASSERT_TRUE(events.ok()) << events.error().message;
    std::map<std::string, std::string> complete;  // logical ID -> reason
    for (const auto& ev : *events) {
      if (ev.resource_status == "CREATE_COMPLETE") {
        complete[ev.logical_resource_id] = ev.resource_status_reason;
      }
    }
    for (const auto& [id, reason] : complete) {
      if (id == e.stack || id.ends_with("Function") || id.ends_with("Role") ||
          id.ends_with("LogGroup")) {
        EXPECT_EQ(reason, "") << id;  // made for real
      } else {
        EXPECT_TRUE(reason.starts_with("Simulated by sparta-local: ")) << id << ": " << reason;
      }
    }
  }
}

TEST_F(EventExamplesOnSpartaLocal, AnS3ReactorReadsTheObjectItsEventNames) {
  ASSERT_EQ(Provision(kObjects, cloud_->endpoint()), "CREATE_COMPLETE");
  aws::CloudFormationClient cfn(cloud_->Client("cloudformation"));
  auto resources = cfn.ListAllStackResources(kObjects.stack);
  ASSERT_TRUE(resources.ok()) << resources.error().message;
  std::string bucket;
  for (const auto& r : *resources) {
    if (r.logical_resource_id == "Uploads") bucket = r.physical_resource_id;
  }
  ASSERT_FALSE(bucket.empty());
  const std::string key = "incoming/Q1 report.csv";
  aws::S3Client s3(cloud_->Client("s3"));
  ASSERT_TRUE(s3.PutObject(bucket, key, "region,total\nnorth,7\nsouth,5\n").ok());

  auto called = Run(kObjects,
                    {"call", "Catalog", "--output", "json", "--event-source", "s3", "--bucket",
                     bucket, "--key", key},
                    cloud_->endpoint());
  ASSERT_EQ(called.exit_code, 0) << called.out << called.err << "\nlog:\n" << cloud_->Log();
  json::value answer = ParseOrFail(Str(ParseOrFail(called.out).as_object(), "payload"));
  EXPECT_EQ(answer, json::value({{"entries", json::array{json::object{
                                                 {"bucket", bucket}, {"key", key}, {"rows", 3}}}}}));

  ASSERT_TRUE(s3.DeleteObject(bucket, key).ok());
  auto removed = Run(kObjects, {"delete"}, cloud_->endpoint());
  EXPECT_EQ(removed.exit_code, 0) << removed.out << removed.err;
}

// A bucket the service does not own: its entry is added to what is there,
// follows the bucket when the parameter changes, and is the only thing the
// stack's deletion removes. The built-in custom resource really runs (in
// sparta-local's Lambda, against its S3), and the function reads the order.
TEST_F(EventExamplesOnSpartaLocal, AnExistingBucketGetsItsEntryAndLosesOnlyThatOne) {
  aws::S3Client s3(cloud_->Client("s3"));
  ASSERT_TRUE(s3.CreateBucket("partner-drop").ok());
  ASSERT_TRUE(s3.CreateBucket("partner-moved").ok());
  const std::string theirs =
      "<NotificationConfiguration><QueueConfiguration><Id>audit</Id>"
      "<Queue>arn:aws:sqs:us-east-1:000000000000:audit</Queue><Event>s3:ObjectRemoved:*</Event>"
      "</QueueConfiguration></NotificationConfiguration>";
  ASSERT_TRUE(s3.PutBucketNotificationConfiguration("partner-drop", theirs).ok());
  auto entries = [&](const std::string& bucket) {
    auto document = s3.GetBucketNotificationConfiguration(bucket);
    EXPECT_TRUE(document.ok()) << document.error().message;
    if (!document.ok()) return std::pair<std::string, std::vector<std::string>>{};
    auto ids = aws::s3::FunctionNotificationIds(*document);
    EXPECT_TRUE(ids.ok());
    return std::pair{*document, ids.ok() ? *ids : std::vector<std::string>{}};
  };

  ASSERT_EQ(Provision(kDropzone, cloud_->endpoint(), {"--param", "DropBucket=partner-drop"}),
            "CREATE_COMPLETE");
  auto [document, ids] = entries("partner-drop");
  ASSERT_EQ(ids.size(), 1u) << document;
  EXPECT_TRUE(ids[0].starts_with("SpartaDropzone-IntakeDropBucketS3Notifications-")) << ids[0];
  EXPECT_NE(document.find("<Id>audit</Id>"), std::string::npos) << document;
  EXPECT_NE(document.find("function:SpartaDropzone-Intake</CloudFunction>"), std::string::npos)
      << document;
  EXPECT_NE(cloud_->Log().find("bucket partner-drop: notification configuration stored (2 "
                               "entries); sparta-local does not deliver S3 event notifications"),
            std::string::npos)
      << cloud_->Log();

  ASSERT_TRUE(s3.PutObject("partner-drop", "orders/7.json", R"({"id": "7", "total": 12.5})").ok());
  auto called = Run(kDropzone,
                    {"call", "Intake", "--output", "json", "--event-source", "s3", "--bucket",
                     "partner-drop", "--key", "orders/7.json"},
                    cloud_->endpoint());
  ASSERT_EQ(called.exit_code, 0) << called.out << called.err << "\nlog:\n" << cloud_->Log();
  EXPECT_EQ(ParseOrFail(Str(ParseOrFail(called.out).as_object(), "payload")),
            json::parse(R"({"orders": ["7"], "total": 12.5})"));

  // Another bucket: a new entry there, the old one removed.
  ASSERT_EQ(Provision(kDropzone, cloud_->endpoint(), {"--param", "DropBucket=partner-moved"}),
            "UPDATE_COMPLETE");
  EXPECT_EQ(entries("partner-drop").second, std::vector<std::string>{});
  EXPECT_EQ(entries("partner-moved").second.size(), 1u);

  auto removed = Run(kDropzone, {"delete"}, cloud_->endpoint());
  EXPECT_EQ(removed.exit_code, 0) << removed.out << removed.err;
  EXPECT_EQ(entries("partner-moved").second, std::vector<std::string>{});
  auto [left, left_ids] = entries("partner-drop");
  EXPECT_NE(left.find("<Id>audit</Id>"), std::string::npos) << left;  // theirs, untouched
}

// sparta-local does not serve Cloud Map yet: the function's own client
// reaches it (signed, at the function's endpoint) and the answer says so.
TEST_F(EventExamplesOnSpartaLocal, CloudMapLookupIsANamedNotImplementedThere) {
  ASSERT_EQ(Provision(kDirectory, cloud_->endpoint()), "CREATE_COMPLETE");
  auto called = Run(kDirectory, {"call", "Lookup"}, cloud_->endpoint());
  EXPECT_EQ(called.exit_code, 1) << called.out << called.err;
  EXPECT_NE(called.err.find("NotImplementedException: sparta-local does not implement the "
                            "'servicediscovery' service"),
            std::string::npos)
      << called.err;
}

TEST_F(EventExamplesOnSpartaLocal, EveryExampleProvisionsOnMoto) {
  if (aws::testing::MotoServer::Find().empty()) GTEST_SKIP() << "moto_server is not installed";
  auto moto = aws::testing::MotoServer::Start();
  ASSERT_TRUE(moto.ok()) << moto.error().message;
  const std::string endpoint = "http://127.0.0.1:" + std::to_string((*moto)->port());
  for (const Example& e : kOnMoto) {
    SCOPED_TRACE(e.stack);
    EXPECT_EQ(Provision(e, endpoint), "CREATE_COMPLETE");
  }
}

}  // namespace
}  // namespace sparta::testing
