// Runs the official cfn-lint on synthesized templates. cfn-lint's exit code
// is a bit mask: 2 = errors, 4 = warnings, 8 = informational findings. The
// templates must have neither errors nor warnings; informational findings
// are allowed. Without cfn-lint on PATH the tests are skipped, not passed.

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>

#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/kinesis.hpp"
#include "sparta/resources/s3.hpp"
#include "sparta/resources/ses.hpp"
#include "sparta/resources/sns.hpp"
#include "sparta/resources/sqs.hpp"
#include "sparta/service/lambda_version.hpp"
#include "sparta/service/synthesize.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

using testing::MakeFunction;

bool CfnLintInstalled() { return std::system("command -v cfn-lint >/dev/null 2>&1") == 0; }

struct LintResult {
  int exit_code = -1;
  std::string output;
};

LintResult RunCfnLint(const std::filesystem::path& file) {
  LintResult r;
  std::string command = "cfn-lint --format parseable -- '" + file.string() + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.output.append(buffer.data(), n);
  int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

// A temporary directory removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "sparta-cfnlint-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes `t` to a temporary file and lints it.
LintResult Lint(const cfn::Template& t) {
  TempDir dir;
  if (dir.path().empty()) return {.exit_code = -1, .output = "cannot create a temp directory"};
  const auto file = dir.path() / "template.json";
  {
    std::ofstream out(file, std::ios::binary);
    out << t.Serialize();
    if (!out.good()) return {.exit_code = -1, .output = "cannot write " + file.string()};
  }
  return RunCfnLint(file);
}

void ExpectLintClean(const Service& service) {
  auto t = Synthesize(service);
  ASSERT_TRUE(t.ok()) << t.error().message;
  LintResult r = Lint(*t);
  ASSERT_GE(r.exit_code, 0) << "cfn-lint did not run: " << r.output;
  EXPECT_EQ(r.exit_code & ~8, 0) << "cfn-lint found errors (2) or warnings (4), exit code "
                                 << r.exit_code << ":\n"
                                 << r.output << "\ntemplate:\n"
                                 << t->Serialize();
}

// Guards the harness itself: a template cfn-lint must reject is rejected.
TEST(ServiceCfnLint, HarnessReportsErrors) {
  if (!CfnLintInstalled()) GTEST_SKIP() << "cfn-lint not installed";
  Service s;
  s.name = "hello-service";
  s.functions.push_back(MakeFunction("Hello"));
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  t->FindResource("HelloLogGroup")->properties["RetentionInDays"] = 13;  // not allowed
  LintResult r = Lint(*t);
  ASSERT_GE(r.exit_code, 0) << "cfn-lint did not run: " << r.output;
  EXPECT_NE(r.exit_code & 2, 0) << r.output;
  EXPECT_NE(r.output.find(":E3030:"), std::string::npos) << r.output;  // allowed values
}

TEST(ServiceCfnLint, SmallServiceIsClean) {
  if (!CfnLintInstalled()) GTEST_SKIP() << "cfn-lint not installed";
  Service s;
  s.name = "hello-service";
  s.description = "Says hello";
  s.functions.push_back(MakeFunction("Hello"));
  ExpectLintClean(s);
}

TEST(ServiceCfnLint, PublishedVersionAndAliasAreClean) {
  if (!CfnLintInstalled()) GTEST_SKIP() << "cfn-lint not installed";
  Service s;
  s.name = "versioned";
  s.functions.push_back(MakeFunction("Hello", {.decorators = {PublishVersion("live")}}));
  ExpectLintClean(s);
}

TEST(ServiceCfnLint, EveryOptionIsClean) {
  if (!CfnLintInstalled()) GTEST_SKIP() << "cfn-lint not installed";
  Service s;
  s.name = "busy-service";
  FunctionOptions o;
  o.description = "works hard";
  o.memory_mb = 2048;
  o.timeout = std::chrono::seconds(900);
  o.environment = {{"TABLE", "Jobs"}};
  o.architecture = Architecture::kArm64;
  o.reserved_concurrency = 0;
  o.ephemeral_storage_mb = 10240;
  o.tracing = Tracing::kActive;
  o.tags = {{"team", "core"}};
  o.log_retention_days = 3653;
  IamRoleDefinition role;
  role.privileges.push_back(
      {.actions = {"s3:GetObject"},
       .resources = {json::object{
           {"Fn::Sub", "arn:${AWS::Partition}:s3:::${AWS::StackName}-data/*"}}},
       .condition = json::object{{"Bool", json::object{{"aws:SecureTransport", "true"}}}}});
  role.managed_policy_arns = {
      "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy"};
  s.functions.push_back(MakeFunction("hello-world", o, role));
  s.functions.push_back(
      MakeFunction("Shared", {}, ExistingRole{"arn:aws:iam::123456789012:role/shared"}));
  ExpectLintClean(s);
}

// Every event source, on resources of the service and on existing ones.
TEST(ServiceCfnLint, EveryEventSourceIsClean) {
  if (!CfnLintInstalled()) GTEST_SKIP() << "cfn-lint not installed";
  namespace res = resources;
  res::s3::Bucket uploads{"Uploads"};
  res::sqs::Queue jobs{"Jobs"};
  res::sqs::Queue failed{"Failed"};
  res::sns::Topic news{"News"};
  res::kinesis::Stream clicks{"Clicks", {.ShardCount = 1}};
  res::dynamodb::Table orders{
      "Orders",
      {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
       .BillingMode = "PAY_PER_REQUEST",
       .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}},
       .StreamSpecification = {{.StreamViewType = "NEW_IMAGE"}}}};
  res::ses::ReceiptRuleSet mail{"Mail"};
  Service s;
  s.name = "reactive";
  s.resources = {uploads, jobs, failed, news, clicks, orders, mail};
  IamPrivilege read{.actions = {"s3:GetObject"},
                    .resources = {cfn::Join("", {uploads.Arn(), "/*"})}};
  s.functions.push_back(Function(
      "Objects", testing::Echo(),
      {.events = {S3Events{.bucket = uploads, .prefix = "in/"},
                  S3Events{.bucket = ExistingBucket{"someone-elses-drop"}, .read_objects = true}}},
      IamRoleDefinition{.privileges = {read}}));
  s.functions.push_back(MakeFunction(
      "Messages",
      {.events = {SqsEvents{.queue_arn = jobs.Arn(),
                            .batch_size = 100,
                            .batching_window = std::chrono::seconds(2),
                            .report_batch_item_failures = true,
                            .maximum_concurrency = 5,
                            .filters = {json::parse(R"({"body":{"kind":["a"]}})")}},
                  SqsEvents{.queue_arn = "arn:aws:sqs:us-east-1:123456789012:legacy"},
                  SnsEvents{.topic_arn = news.Ref(),
                            .filter_policy = json::parse(R"({"kind":["a"]})")},
                  SnsEvents{.topic_arn = "arn:aws:sns:us-east-1:123456789012:legacy"}}}));
  s.functions.push_back(MakeFunction(
      "Streams",
      {.events = {DynamoDbStreamEvents{.stream_arn = orders.StreamArn(),
                                       .starting_position = StartingPosition::kTrimHorizon,
                                       .bisect_batch_on_error = true,
                                       .maximum_retry_attempts = 2,
                                       .maximum_record_age = std::chrono::seconds(120),
                                       .on_failure = FailureDestination::Queue(failed.Arn()),
                                       .tumbling_window = std::chrono::seconds(60)},
                  KinesisEvents{.stream_arn = clicks.Arn(),
                                .starting_position = StartingPosition::kAtTimestamp,
                                .starting_timestamp = std::chrono::sys_seconds(
                                    std::chrono::seconds(1767225600)),
                                .on_failure = FailureDestination::Topic(news.Ref()),
                                .parallelization_factor = 4}}},
      SharedRole{"Readers"}));
  s.functions.push_back(MakeFunction(
      "Rules",
      {.events = {EventRule{.name = "Orders", .pattern = json::parse(R"({"source":["shop"]})")},
                  Schedule{.name = "Nightly", .expression = "cron(0 3 * * ? *)",
                           .input = json::parse(R"({"job":"compact"})")},
                  Schedule{.name = "Often", .expression = "rate(5 minutes)"},
                  LogSubscription{.log_group_name = cfn::Ref(LogicalIdsOf("Objects").log_group),
                                  .filter_pattern = "ERROR"},
                  SesReceipt{.rule_name = "inbound", .rule_set_name = mail.Ref(),
                             .recipients = {"orders@example.com"}}}},
      SharedRole{"Readers"}));
  ExpectLintClean(s);
}

// Every kind of state, nested scopes, a service integration: cfn-lint checks
// the definition against the States Language schema too.
TEST(ServiceCfnLint, StateMachinesAreClean) {
  if (!CfnLintInstalled()) GTEST_SKIP() << "cfn-lint not installed";
  namespace step = sparta::step;
  Service s;
  s.name = "workflow";
  Function check = MakeFunction("Check");
  Function work = MakeFunction("Work");
  s.functions = {check, work};
  const step::Branch each{.start_at = "One",
                          .states = {{"One", step::Task{.function = work, .end = true}}}};
  s.state_machines = {step::StateMachine{
      "Flow",
      {.start_at = "Check",
       .states = {
           {"Check", step::Task{.function = check,
                                .next = "Route",
                                .retry = {step::Retry{.errors = {"States.TaskFailed"},
                                                      .max_delay_seconds = 60}},
                                .catch_errors = {{.next = "Failed", .result_path = "$.error"}},
                                .timeout = std::chrono::seconds(60),
                                .heartbeat = std::chrono::seconds(20)}},
           {"Route", step::Choice{.choices = {{step::And({step::IsPresent("$.items"),
                                                          step::NumericGreaterThan("$.count", 0)}),
                                               "Items"},
                                              {step::Not(step::StringEquals("$.kind", "bulk")),
                                               "Pause"}},
                                  .otherwise = "Both"}},
           {"Pause", step::Wait{.seconds_path = "$.delay", .next = "Notify"}},
           {"Items", step::Map{.processor = each, .items_path = "$.items", .max_concurrency = 2,
                               .next = "Notify"}},
           {"Both", step::Parallel{.branches = {each, each}, .next = "Notify"}},
           {"Notify", step::Task{.resource = "arn:aws:states:::sns:publish",
                                 .parameters = json::parse(
                                     R"({"TopicArn": "arn:aws:sns:us-east-1:123456789012:done",
                                         "Message.$": "$"})"),
                                 .next = "Tag"}},
           {"Tag", step::Pass{.result = "done", .next = "Done", .result_path = "$.status"}},
           {"Done", step::Succeed{}},
           {"Failed", step::Fail{.error = "CheckFailed", .cause = "see the error"}}}},
      {.comment = "every kind of state",
       .timeout = std::chrono::seconds(3600),
       .privileges = {{.actions = {"sns:Publish"},
                       .resources = {"arn:aws:sns:us-east-1:123456789012:done"}}}}}};
  ExpectLintClean(s);
}

}  // namespace
}  // namespace sparta
