// Provision, DeleteStack and DescribeStatus against moto_server on loopback:
// real HTTP, SigV4, S3 and CloudFormation's Query protocol as an independent
// implementation speaks them. Skipped when moto_server is not installed.
//
// What moto (5.2) does differently from AWS, and how the tests allow for it:
// * it creates a stack synchronously, inside CreateStack (and executes a
//   change set inside ExecuteChangeSet): the stack is CREATE_COMPLETE (or
//   UPDATE_COMPLETE) when the call returns, and it emits only the stack's
//   own events (none per resource);
// * a resource that fails does not roll back: CreateStack itself answers
//   with the resource's error (e.g. Lambda's 400 JSON
//   InvalidParameterValueException "The role defined for the function
//   cannot be assumed by Lambda." for a role that does not exist), and keeps
//   the stack CREATE_IN_PROGRESS for good, with one event ("User
//   Initiated"); from then on every DescribeStacks that would show it fails
//   with that same error (moto tries to make the resource again to render
//   the Outputs), until DeleteStack removes it;
// * CreateStack's stacks get their Outputs (stacks made by a change set
//   never do);
// * it ignores ClientRequestToken;
// * its CreateStack checks that the name is free and records the stack
//   non-atomically: two CreateStacks of one name that overlap can both make
//   a stack (AWS refuses the second with AlreadyExistsException), so the
//   concurrency test lets them into moto one after the other;
// * it answers an UPDATE change set without changes at once with the error
//   "No updates are to be performed." (AWS creates a FAILED change set);
// * it lists every stack's change sets whatever the StackName, and keeps
//   executed change sets (EXECUTE_COMPLETE);
// * it never sets LastUpdatedTime; the tests count stack events instead.
// The rollback path itself (CREATE_FAILED events, ROLLBACK_COMPLETE) is
// covered against a scripted CloudFormation in provision_flow_test.cpp.

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/stack_status.hpp"
#include "sparta/deploy/delete_stack.hpp"
#include "sparta/deploy/provision.hpp"
#include "sparta/deploy/stack_status_report.hpp"
#include "sparta/util/digest.hpp"

#include "aws/clients/moto_server.hpp"
#include "deploy/provision_fixture.hpp"
#include "support/fault_proxy.hpp"

namespace sparta::deploy {
namespace {

namespace cf = aws::cloudformation;
using aws::testing::MotoServer;
using testing::HelloService;
using testing::RecordingSink;

constexpr char kDefaultBucket[] = "sparta-artifacts-123456789012-us-east-1";

class ProvisionMotoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (MotoServer::Find().empty()) GTEST_SKIP() << "moto_server is not on PATH";
    auto server = MotoServer::Start();
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    url_ = "http://127.0.0.1:" + std::to_string(server_->port());
    auto session = testing::TestSession(url_);
    ASSERT_TRUE(session) << session.error().message;
    session_ = *session;
    cfn_ = std::make_unique<aws::CloudFormationClient>(server_->Client("cloudformation"));
    s3_ = std::make_unique<aws::S3Client>(server_->Client("s3"));
    dir_ = testing::TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  static ProvisionRequest Request(const std::string& stack) {
    ProvisionRequest request;
    request.stack_name = stack;
    request.poll_interval = std::chrono::milliseconds(100);
    request.wait_timeout = std::chrono::seconds(20);
    return request;
  }
  static DeleteOptions Deletion(bool artifacts) {
    DeleteOptions options;
    options.delete_artifacts = artifacts;
    options.poll_interval = std::chrono::milliseconds(100);
    options.wait_timeout = std::chrono::seconds(20);
    return options;
  }

  BuildOutput Build(const Service& service, const std::string& code, const std::string& tag) {
    auto build = testing::MakeBuild(dir_ / tag, service, code);
    EXPECT_TRUE(build) << build.error().message;
    return build ? *build : BuildOutput{};
  }

  Result<ProvisionResult> Run(const BuildOutput& build, const ProvisionRequest& request,
                              RecordingSink& sink) {
    return Provision(*session_, build, request, sink);
  }

  /// The stack's events, oldest first.
  std::vector<cf::StackEvent> Events(const std::string& stack) {
    auto events = cfn_->StackEventsSince(stack, "");
    EXPECT_TRUE(events) << events.error().message;
    return events ? *events : std::vector<cf::StackEvent>{};
  }

  /// This stack's change sets that could still be executed.
  std::vector<cf::ChangeSetSummary> OpenChangeSets(const std::string& stack_id) {
    auto listed = cfn_->ListChangeSets(stack_id);
    EXPECT_TRUE(listed) << listed.error().message;
    std::vector<cf::ChangeSetSummary> open;
    if (!listed) return open;
    for (const cf::ChangeSetSummary& summary : listed->items) {
      if (summary.stack_id == stack_id && summary.execution_status != "EXECUTE_COMPLETE") {
        open.push_back(summary);
      }
    }
    return open;
  }

  std::unique_ptr<MotoServer> server_;
  std::string url_;
  std::shared_ptr<aws::Session> session_;
  std::unique_ptr<aws::CloudFormationClient> cfn_;
  std::unique_ptr<aws::S3Client> s3_;
  std::filesystem::path dir_;
};

std::string ParameterValue(const cf::Stack& stack, const std::string& key) {
  for (const cf::Parameter& parameter : stack.parameters) {
    if (parameter.key == key) return parameter.value;
  }
  return "<absent>";
}

TEST_F(ProvisionMotoTest, FirstProvisionUploadsAndCreatesTheStack) {
  const BuildOutput build = Build(HelloService("hello"), "program v1", "v1");
  RecordingSink sink;
  auto result = Run(build, Request("hello"), sink);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink.Transcript();

  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  EXPECT_EQ(result->stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(result->account, "123456789012");
  EXPECT_EQ(result->region, "us-east-1");
  EXPECT_EQ(result->bucket, kDefaultBucket);
  EXPECT_TRUE(result->stack_id.starts_with("arn:aws:cloudformation:us-east-1:"))
      << result->stack_id;
  EXPECT_EQ(result->code_key, "sparta/hello/" + build.artifact.sha256_hex + ".zip");
  EXPECT_EQ(result->template_key,
            "sparta/hello/" + util::Sha256Hex(build.template_json) + "-cftemplate.json");

  ASSERT_EQ(result->uploads.size(), 2u);
  EXPECT_EQ(result->uploads[0].key, result->code_key);
  EXPECT_EQ(result->uploads[0].bytes, build.artifact.size_bytes);
  EXPECT_FALSE(result->uploads[0].skipped);
  EXPECT_EQ(result->uploads[1].key, result->template_key);
  EXPECT_EQ(result->uploads[1].bytes, build.template_json.size());
  EXPECT_EQ(result->bytes_uploaded, build.artifact.size_bytes + build.template_json.size());

  // The objects are there, byte for byte, with their digest recorded.
  auto zip = s3_->GetObject(kDefaultBucket, result->code_key);
  ASSERT_TRUE(zip) << zip.error().message;
  EXPECT_EQ(util::Sha256Hex(zip->body), build.artifact.sha256_hex);
  EXPECT_EQ(zip->info.metadata, (aws::s3::Metadata{{"sha256", build.artifact.sha256_hex}}));
  auto stored_template = s3_->GetObject(kDefaultBucket, result->template_key);
  ASSERT_TRUE(stored_template) << stored_template.error().message;
  EXPECT_EQ(stored_template->body, build.template_json);

  // The changes: every resource of the template is added.
  std::vector<std::string> added;
  for (const PlannedChange& change : result->changes) {
    EXPECT_EQ(change.action, "Add");
    added.push_back(change.logical_id + " " + change.resource_type);
  }
  std::sort(added.begin(), added.end());
  EXPECT_EQ(added, (std::vector<std::string>{"HelloFunction AWS::Lambda::Function",
                                             "HelloLogGroup AWS::Logs::LogGroup",
                                             "HelloRole AWS::IAM::Role"}));

  auto stack = cfn_->DescribeStack("hello");
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(ParameterValue(*stack, "ArtifactS3Bucket"), kDefaultBucket);
  EXPECT_EQ(ParameterValue(*stack, "ArtifactS3Key"), result->code_key);
  // (moto keeps no Capabilities: provision_flow_test checks what is sent.)
  auto resources = cfn_->ListAllStackResources("hello");
  ASSERT_TRUE(resources) << resources.error().message;
  EXPECT_EQ(resources->size(), 3u);
  std::string function_name;
  for (const cf::StackResourceSummary& resource : *resources) {
    if (resource.logical_resource_id == "HelloFunction") {
      function_name = resource.physical_resource_id;
    }
  }
  EXPECT_EQ(function_name, "hello-Hello");

  // The outputs: the function's ARN and name, as the stack has them.
  std::vector<std::string> outputs;
  for (const cf::Output& output : result->outputs) {
    outputs.push_back(output.key + "=" + output.value);
  }
  std::sort(outputs.begin(), outputs.end());
  EXPECT_EQ(outputs,
            (std::vector<std::string>{
                "HelloFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:" + function_name,
                "HelloFunctionName=" + function_name}));
  std::vector<std::string> stack_outputs;
  for (const cf::Output& output : stack->outputs) {
    stack_outputs.push_back(output.key + "=" + output.value);
  }
  std::sort(stack_outputs.begin(), stack_outputs.end());
  EXPECT_EQ(stack_outputs, outputs);

  // Progress: the steps in order, both uploads, and the stack's own events.
  std::vector<std::string_view> started;
  for (const ProgressEvent& event : sink.OfKind(ProgressKind::kStepStarted)) {
    if (started.empty() || started.back() != event.step) started.push_back(event.step);
  }
  // (A new stack has no change set: CreateStack makes it.)
  EXPECT_EQ(started, (std::vector<std::string_view>{kStepIdentity, kStepBucket, kStepUpload,
                                                    kStepStack, kStepExecute}));
  EXPECT_EQ(sink.OfKind(ProgressKind::kUpload).size(), 2u);
  std::vector<std::string> stack_events;
  for (const ProgressEvent& event : sink.OfKind(ProgressKind::kStackEvent)) {
    stack_events.push_back(event.stack_event.logical_resource_id + " " +
                           event.stack_event.resource_status);
  }
  EXPECT_EQ(stack_events,
            (std::vector<std::string>{"hello CREATE_IN_PROGRESS", "hello CREATE_COMPLETE"}))
      << sink.Transcript();
  ASSERT_EQ(sink.OfKind(ProgressKind::kChanges).size(), 1u);
  EXPECT_EQ(sink.OfKind(ProgressKind::kChanges)[0].changes.size(), 3u);
  auto listed = cfn_->ListChangeSets(result->stack_id);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_TRUE(listed->items.empty()) << "a change set was made for a new stack";
}

TEST_F(ProvisionMotoTest, NewCodeUpdatesThroughAChangeSetThenNothingChanges) {
  RecordingSink first_sink;
  auto first = Run(Build(HelloService("hello"), "program v1", "v1"), Request("hello"), first_sink);
  ASSERT_TRUE(first) << first.error().message << "\n" << first_sink.Transcript();

  // New code, same template: only the zip is uploaded, the stack is updated.
  const BuildOutput v2 = Build(HelloService("hello"), "program v2", "v2");
  RecordingSink sink;
  auto updated = Run(v2, Request("hello"), sink);
  ASSERT_TRUE(updated) << updated.error().code << ": " << updated.error().message << "\n"
                       << sink.Transcript();
  EXPECT_EQ(updated->outcome, ProvisionOutcome::kUpdated);
  EXPECT_EQ(updated->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(updated->stack_id, first->stack_id);
  ASSERT_EQ(updated->uploads.size(), 2u);
  EXPECT_FALSE(updated->uploads[0].skipped);
  EXPECT_EQ(updated->uploads[0].bytes, v2.artifact.size_bytes);
  EXPECT_TRUE(updated->uploads[1].skipped) << "the template did not change";
  EXPECT_EQ(updated->uploads[1].bytes, 0u);
  EXPECT_EQ(updated->bytes_uploaded, v2.artifact.size_bytes);
  auto stack = cfn_->DescribeStack("hello");
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(ParameterValue(*stack, "ArtifactS3Key"), updated->code_key);
  EXPECT_NE(updated->code_key, first->code_key);
  const auto update_events = sink.OfKind(ProgressKind::kStackEvent);
  ASSERT_FALSE(update_events.empty());
  EXPECT_EQ(update_events.back().stack_event.resource_status, "UPDATE_COMPLETE");
  // Only this operation's events were streamed, not the creation's again.
  for (const ProgressEvent& event : update_events) {
    EXPECT_FALSE(event.stack_event.resource_status.starts_with("CREATE"))
        << event.stack_event.resource_status;
  }

  // The very same build again: nothing uploaded, the stack left alone.
  const std::size_t events_before = Events("hello").size();
  RecordingSink again_sink;
  auto again = Run(v2, Request("hello"), again_sink);
  ASSERT_TRUE(again) << again.error().message << "\n" << again_sink.Transcript();
  EXPECT_EQ(again->outcome, ProvisionOutcome::kNoChanges);
  EXPECT_EQ(again->bytes_uploaded, 0u);
  ASSERT_EQ(again->uploads.size(), 2u);
  EXPECT_TRUE(again->uploads[0].skipped);
  EXPECT_TRUE(again->uploads[1].skipped);
  EXPECT_EQ(again->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(again->stack_id, first->stack_id);
  EXPECT_EQ(Events("hello").size(), events_before) << "the stack was touched";
  auto after = cfn_->DescribeStack("hello");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->last_updated_time, stack->last_updated_time);
  EXPECT_TRUE(OpenChangeSets(first->stack_id).empty());
  EXPECT_TRUE(again_sink.OfKind(ProgressKind::kStackEvent).empty());
}

TEST_F(ProvisionMotoTest, NoopPlansWithoutWriting) {
  // No stack, no bucket: the plan adds every resource, and nothing is written.
  const BuildOutput v1 = Build(HelloService("hello"), "program v1", "v1");
  ProvisionRequest noop = Request("hello");
  noop.noop = true;
  RecordingSink plan_sink;
  auto plan = Run(v1, noop, plan_sink);
  ASSERT_TRUE(plan) << plan.error().message << "\n" << plan_sink.Transcript();
  EXPECT_EQ(plan->outcome, ProvisionOutcome::kPlanned);
  EXPECT_EQ(plan->changes.size(), 3u);
  EXPECT_EQ(plan->bytes_uploaded, 0u);
  ASSERT_EQ(plan->uploads.size(), 2u);
  EXPECT_TRUE(plan->uploads[0].planned);
  EXPECT_EQ(plan->uploads[0].size, v1.artifact.size_bytes);
  auto bucket = s3_->HeadBucket(kDefaultBucket);
  ASSERT_TRUE(bucket) << bucket.error().message;
  EXPECT_FALSE(bucket->exists) << "noop created the bucket";
  EXPECT_FALSE(cfn_->DescribeStack("hello")) << "noop created the stack";

  RecordingSink create_sink;
  auto created = Run(v1, Request("hello"), create_sink);
  ASSERT_TRUE(created) << created.error().message << "\n" << create_sink.Transcript();

  // More memory: the plan shows the function modified; nothing is changed.
  const BuildOutput bigger = Build(HelloService("hello", 256), "program v2", "v2");
  const std::size_t events_before = Events("hello").size();
  RecordingSink sink;
  auto planned = Run(bigger, noop, sink);
  ASSERT_TRUE(planned) << planned.error().message << "\n" << sink.Transcript();
  EXPECT_EQ(planned->outcome, ProvisionOutcome::kPlanned);
  EXPECT_EQ(planned->stack_status, "CREATE_COMPLETE");
  ASSERT_FALSE(planned->changes.empty()) << sink.Transcript();
  const auto modified = std::find_if(planned->changes.begin(), planned->changes.end(),
                                     [](const PlannedChange& c) { return c.action == "Modify"; });
  ASSERT_NE(modified, planned->changes.end());
  EXPECT_EQ(modified->logical_id, "HelloFunction");
  EXPECT_EQ(modified->resource_type, "AWS::Lambda::Function");
  EXPECT_EQ(planned->bytes_uploaded, 0u);
  EXPECT_TRUE(planned->uploads[0].planned);
  EXPECT_TRUE(planned->uploads[1].planned);
  auto head = s3_->HeadObject(kDefaultBucket, planned->code_key);
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_FALSE(head->exists) << "noop uploaded the new zip";
  EXPECT_TRUE(OpenChangeSets(created->stack_id).empty()) << "the preview change set was left";
  EXPECT_EQ(Events("hello").size(), events_before);
  auto stack = cfn_->DescribeStack("hello");
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "CREATE_COMPLETE");
}

TEST_F(ProvisionMotoTest, StatusReportsTheStackItsResourcesAndEvents) {
  ProvisionRequest request = Request("hello");
  request.tags = {"team=core", "cost=7"};
  RecordingSink sink;
  auto created = Run(Build(HelloService("hello"), "program v1", "v1"), request, sink);
  ASSERT_TRUE(created) << created.error().message << "\n" << sink.Transcript();

  auto report = DescribeStatus(*session_, "hello", 2);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->region, "us-east-1");
  EXPECT_EQ(report->stack.stack_name, "hello");
  EXPECT_EQ(report->stack.stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(ParameterValue(report->stack, "ArtifactS3Key"), created->code_key);
  std::vector<std::string> outputs;
  for (const cf::Output& output : report->stack.outputs) outputs.push_back(output.key);
  std::sort(outputs.begin(), outputs.end());
  EXPECT_EQ(outputs, (std::vector<std::string>{"HelloFunctionArn", "HelloFunctionName"}));
  std::vector<std::string> tags;
  for (const cf::Tag& tag : report->stack.tags) tags.push_back(tag.key + "=" + tag.value);
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"cost=7", "team=core"}));
  std::vector<std::string> resources;
  for (const auto& resource : report->resources) {
    resources.push_back(resource.logical_resource_id + " " + resource.resource_type);
    EXPECT_FALSE(resource.physical_resource_id.empty()) << resource.logical_resource_id;
    EXPECT_EQ(resource.resource_status, "CREATE_COMPLETE") << resource.logical_resource_id;
  }
  std::sort(resources.begin(), resources.end());
  EXPECT_EQ(resources, (std::vector<std::string>{"HelloFunction AWS::Lambda::Function",
                                                 "HelloLogGroup AWS::Logs::LogGroup",
                                                 "HelloRole AWS::IAM::Role"}));
  // The two newest events, oldest first: the creation starting, then done.
  ASSERT_EQ(report->events.size(), 2u);
  EXPECT_EQ(report->events[0].resource_status, "CREATE_IN_PROGRESS");
  EXPECT_EQ(report->events[1].resource_status, "CREATE_COMPLETE");

  auto missing = DescribeStatus(*session_, "nothing-here", 5);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "StackNotFound");
  EXPECT_NE(missing.error().message.find("nothing-here"), std::string::npos);
  EXPECT_NE(missing.error().message.find("us-east-1"), std::string::npos);
  EXPECT_NE(missing.error().message.find("provision"), std::string::npos);
}

TEST_F(ProvisionMotoTest, DeleteRemovesTheStackAndItsArtifacts) {
  RecordingSink sink;
  auto v1 = Run(Build(HelloService("hello"), "program v1", "v1"), Request("hello"), sink);
  ASSERT_TRUE(v1) << v1.error().message << "\n" << sink.Transcript();
  auto v2 = Run(Build(HelloService("hello"), "program v2", "v2"), Request("hello"), sink);
  ASSERT_TRUE(v2) << v2.error().message << "\n" << sink.Transcript();
  // Another service's artifacts in the same bucket stay.
  RecordingSink other_sink;
  auto other =
      Run(Build(HelloService("hello-two"), "other", "other"), Request("hello-two"), other_sink);
  ASSERT_TRUE(other) << other.error().message << "\n" << other_sink.Transcript();

  RecordingSink delete_sink;
  auto deleted = DeleteStack(*session_, "hello", Deletion(true), delete_sink);
  ASSERT_TRUE(deleted) << deleted.error().message << "\n" << delete_sink.Transcript();
  EXPECT_TRUE(deleted->existed);
  EXPECT_EQ(deleted->stack_id, v1->stack_id);
  EXPECT_EQ(deleted->final_status, "DELETE_COMPLETE");
  EXPECT_EQ(deleted->bucket, kDefaultBucket);
  std::vector<std::string> removed = deleted->artifacts_deleted;
  std::sort(removed.begin(), removed.end());
  std::vector<std::string> expected = {v1->code_key, v2->code_key, v1->template_key};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(removed, expected);
  auto left = s3_->ListAllObjects(kDefaultBucket, "sparta/hello/");
  ASSERT_TRUE(left) << left.error().message;
  EXPECT_TRUE(left->empty());
  auto others = s3_->ListAllObjects(kDefaultBucket, "sparta/hello-two/");
  ASSERT_TRUE(others) << others.error().message;
  EXPECT_EQ(others->size(), 2u);
  const auto events = delete_sink.OfKind(ProgressKind::kStackEvent);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().stack_event.resource_status, "DELETE_COMPLETE");

  auto by_arn = cfn_->DescribeStack(v1->stack_id);
  ASSERT_TRUE(by_arn) << by_arn.error().message;
  EXPECT_EQ(by_arn->stack_status, "DELETE_COMPLETE");
  auto status = DescribeStatus(*session_, "hello", 1);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, "StackNotFound");

  // Without the flag the artifacts stay.
  RecordingSink keep_sink;
  auto kept = DeleteStack(*session_, "hello-two", Deletion(false), keep_sink);
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_TRUE(kept->artifacts_deleted.empty());
  others = s3_->ListAllObjects(kDefaultBucket, "sparta/hello-two/");
  ASSERT_TRUE(others) << others.error().message;
  EXPECT_EQ(others->size(), 2u);
}

TEST_F(ProvisionMotoTest, DeletingAMissingStackIsNotAnError) {
  RecordingSink sink;
  auto deleted = DeleteStack(*session_, "never-made", Deletion(true), sink);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_FALSE(deleted->existed);
  EXPECT_TRUE(deleted->stack_id.empty());
  EXPECT_TRUE(deleted->artifacts_deleted.empty());
  ASSERT_FALSE(sink.OfKind(ProgressKind::kStepFinished).empty());
  EXPECT_NE(sink.OfKind(ProgressKind::kStepFinished).back().message.find("does not exist"),
            std::string::npos);
}

TEST_F(ProvisionMotoTest, AFailingResourceFailsTheProvisionAndTheKeptStackIsReported) {
  // moto's Lambda refuses a role that does not exist inside CreateStack
  // (AWS would roll back after a CREATE_FAILED event instead; see
  // provision_flow_test.cpp), and moto keeps the stack.
  const Service broken =
      HelloService("broken", 128, "arn:aws:iam::123456789012:role/does-not-exist");
  RecordingSink sink;
  auto result = Run(Build(broken, "program", "broken"), Request("broken"), sink);
  ASSERT_FALSE(result) << sink.Transcript();
  // AWS's (here moto's) error reaches the caller verbatim.
  EXPECT_EQ(result.error().code, "InvalidParameterValueException");
  const std::string& message = result.error().message;
  EXPECT_TRUE(
      message.starts_with("cannot create stack broken: InvalidParameterValueException: "
                          "The role defined for the function cannot be assumed by "
                          "Lambda. (HTTP 400"))
      << message;
  EXPECT_TRUE(sink.OfKind(ProgressKind::kStackEvent).empty()) << sink.Transcript();

  // What moto kept: the stack, CREATE_IN_PROGRESS with its one event, which
  // no DescribeStacks can show any more.
  auto events = cfn_->DescribeStackEvents("broken");
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->items.size(), 1u);
  EXPECT_EQ(events->items[0].resource_status, "CREATE_IN_PROGRESS");
  EXPECT_EQ(events->items[0].resource_status_reason, "User Initiated");
  const std::string stack_id = events->items[0].stack_id;
  auto described = cfn_->DescribeStack("broken");
  ASSERT_FALSE(described) << described->stack_status;
  EXPECT_EQ(described.error().code, "InvalidParameterValueException");
  // ... and the error says so, and how to remove it.
  EXPECT_NE(message.find("\nCloudFormation kept stack broken all the same (" + stack_id +
                         ", CREATE_IN_PROGRESS): delete it (aws cloudformation delete-stack "
                         "--stack-name " +
                         stack_id + ") before provisioning again"),
            std::string::npos)
      << message;

  // Removed as told and fixed, it provisions cleanly.
  ASSERT_TRUE(cfn_->DeleteStack({stack_id, {}, "", ""}));
  auto gone = cfn_->DescribeStack("broken");
  ASSERT_FALSE(gone) << gone->stack_status;
  EXPECT_TRUE(cf::IsStackNotFound(gone.error())) << gone.error().message;
  RecordingSink fixed_sink;
  auto fixed =
      Run(Build(HelloService("broken"), "program", "fixed"), Request("broken"), fixed_sink);
  ASSERT_TRUE(fixed) << fixed.error().message << "\n" << fixed_sink.Transcript();
  EXPECT_EQ(fixed->outcome, ProvisionOutcome::kCreated);
  EXPECT_NE(fixed->stack_id, stack_id);
  EXPECT_EQ(fixed->outputs.size(), 2u);
}

// Two provisions of one new stack: holds each at its CreateStack until both
// have found that the stack does not exist, then lets their CreateStacks
// through one at a time (standing in for AWS's atomic name check, which moto
// lacks). Every wait is bounded.
class CreateTurnstile {
 public:
  class Sink : public RecordingSink {
   public:
    Sink(CreateTurnstile& turnstile, int who) : turnstile_(turnstile), who_(who) {}
    void OnEvent(const ProgressEvent& event) override {
      RecordingSink::OnEvent(event);
      turnstile_.OnEvent(who_, event);
    }

   private:
    CreateTurnstile& turnstile_;
    int who_;
  };

  /// Lets the other one through when `who` is done.
  void Done(int who) {
    std::lock_guard lock(mutex_);
    if (holder_ == who) holder_ = -1;
    cv_.notify_all();
  }
  bool both_arrived() const {
    std::lock_guard lock(mutex_);
    return arrived_ == 2;
  }

 private:
  void OnEvent(int who, const ProgressEvent& event) {
    constexpr auto kBound = std::chrono::seconds(20);
    std::unique_lock lock(mutex_);
    if (event.kind == ProgressKind::kStepStarted && event.step == kStepExecute && !passed_[who]) {
      passed_[who] = true;  // its CreateStack comes next
      ++arrived_;
      cv_.notify_all();
      cv_.wait_for(lock, kBound, [&] { return arrived_ == 2; });
      cv_.wait_for(lock, kBound, [&] { return holder_ == -1; });
      holder_ = who;
      return;
    }
    // Its first event after CreateStack returned (not the plan it shows
    // before sending it).
    if (holder_ == who && event.kind != ProgressKind::kChanges) {
      holder_ = -1;
      cv_.notify_all();
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool passed_[2] = {false, false};
  int holder_ = -1;
};

TEST_F(ProvisionMotoTest, ConcurrentProvisionsOfOneNewStackCreateItOnce) {
  const BuildOutput build = Build(HelloService("hello"), "program v1", "v1");
  CreateTurnstile turnstile;
  CreateTurnstile::Sink sinks[2] = {{turnstile, 0}, {turnstile, 1}};
  std::optional<Result<ProvisionResult>> results[2];
  {
    auto run = [&](int who) {
      results[who].emplace(Run(build, Request("hello"), sinks[who]));
      turnstile.Done(who);
    };
    std::thread first(run, 0);
    std::thread second(run, 1);
    first.join();
    second.join();
  }
  const std::string transcripts = sinks[0].Transcript() + "----\n" + sinks[1].Transcript();
  ASSERT_TRUE(turnstile.both_arrived()) << "both were to find no stack\n" << transcripts;
  // Both succeed: one creates the stack; the other's CreateStack is refused
  // (AlreadyExistsException), so it waits for the stack to settle and updates
  // it, which for the same build changes nothing.
  int created = -1;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(results[i].has_value());
    const Result<ProvisionResult>& result = *results[i];
    ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                        << transcripts;
    if (result->outcome == ProvisionOutcome::kCreated) {
      EXPECT_EQ(created, -1) << "created twice\n" << transcripts;
      created = i;
    }
  }
  ASSERT_NE(created, -1) << "nobody created the stack\n" << transcripts;
  const ProvisionResult& creator = **results[created];
  const ProvisionResult& other = **results[1 - created];
  EXPECT_EQ(other.outcome, ProvisionOutcome::kNoChanges)
      << ProvisionOutcomeName(other.outcome) << "\n"
      << transcripts;
  EXPECT_EQ(other.stack_id, creator.stack_id);
  EXPECT_EQ(creator.outputs.size(), 2u);
  EXPECT_EQ(other.outputs.size(), 2u);
  bool refused = false;
  for (const ProgressEvent& event : sinks[1 - created].OfKind(ProgressKind::kNotice)) {
    refused = refused ||
              event.message.find("got in the way (AlreadyExistsException") != std::string::npos;
  }
  EXPECT_TRUE(refused) << transcripts;

  // One stack of that name, settled.
  auto all = cfn_->DescribeStacks("");
  ASSERT_TRUE(all) << all.error().message;
  int live = 0;
  for (const cf::Stack& stack : all->items) {
    if (stack.stack_name == "hello" && stack.stack_status != "DELETE_COMPLETE") {
      ++live;
      EXPECT_EQ(stack.stack_id, creator.stack_id);
      EXPECT_TRUE(stack.stack_status.ends_with("_COMPLETE")) << stack.stack_status;
    }
  }
  EXPECT_EQ(live, 1) << transcripts;
  if (std::getenv("SPARTA_TEST_VERBOSE") != nullptr) std::cerr << transcripts;
}

TEST_F(ProvisionMotoTest, ALargeTemplateGoesByUrl) {
  // moto reads a TemplateURL's bucket from the path only for "localhost".
  auto session = testing::TestSession("http://localhost:" + std::to_string(server_->port()));
  ASSERT_TRUE(session) << session.error().message;
  const Service service = HelloService("large");
  auto synthesized = testing::MakeBuild(dir_ / "probe", service, "x");
  ASSERT_TRUE(synthesized) << synthesized.error().message;
  std::string large = synthesized->template_json;
  const std::size_t brace = large.find('{');
  ASSERT_NE(brace, std::string::npos);
  large.insert(brace + 1, "\"Metadata\": {\"Padding\": \"" + std::string(60000, 'p') + "\"},");
  ASSERT_GT(large.size(), kMaxTemplateBodyBytes);
  auto build = testing::MakeBuild(dir_ / "large", service, "program", large);
  ASSERT_TRUE(build) << build.error().message;

  RecordingSink sink;
  auto result = Provision(**session, *build, Request("large"), sink);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  EXPECT_EQ(result->uploads[1].bytes, large.size());
  auto stored = cfn_->GetTemplate("large");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_NE(stored->template_body.find("Padding"), std::string::npos);
}

TEST_F(ProvisionMotoTest, ThrottlingAndServerErrorsAreRetried) {
  auto proxy = sparta::testing::FaultProxy::Start("127.0.0.1", server_->port());
  ASSERT_TRUE(proxy) << proxy.error().message;
  auto retries = std::make_shared<int>(0);
  auto session = testing::TestSession((*proxy)->url(), retries);
  ASSERT_TRUE(session) << session.error().message;

  // Faults aimed at the first request of chosen steps: the sink is called
  // just before each step sends anything.
  class FaultingSink : public RecordingSink {
   public:
    explicit FaultingSink(sparta::testing::FaultProxy& proxy) : proxy_(proxy) {}
    void OnEvent(const ProgressEvent& event) override {
      RecordingSink::OnEvent(event);
      if (event.kind != ProgressKind::kStepStarted) return;
      if (event.step == kStepIdentity) proxy_.Enqueue(sparta::testing::Fault::Throttle());
      if (event.step == kStepUpload) {
        proxy_.Enqueue(sparta::testing::Fault::Respond(500, "internal error"));
      }
      if (event.step == kStepExecute) {  // CreateStack
        proxy_.Enqueue(sparta::testing::Fault::Throttle());
        proxy_.Enqueue(sparta::testing::Fault::Respond(503, ""));
      }
    }

   private:
    sparta::testing::FaultProxy& proxy_;
  };
  FaultingSink sink(**proxy);
  auto result =
      Provision(**session, Build(HelloService("hello"), "program", "v1"), Request("hello"), sink);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  EXPECT_EQ((*proxy)->faults_applied(), 4);
  EXPECT_EQ(*retries, 4);
  EXPECT_EQ(result->outputs.size(), 2u);
  auto stack = cfn_->DescribeStack("hello");
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(stack->stack_id, result->stack_id);
}

TEST_F(ProvisionMotoTest, RequestsAreCheckedBeforeAnythingIsSent) {
  const BuildOutput build = Build(HelloService("hello"), "program", "v1");
  RecordingSink sink;
  ProvisionRequest bad_name = Request("9lives");
  auto named = Run(build, bad_name, sink);
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().code, "InvalidArgument");
  ProvisionRequest reserved = Request("hello");
  reserved.parameters = {"ArtifactS3Key=mine.zip"};
  auto taken = Run(build, reserved, sink);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, "InvalidArgument");
  EXPECT_NE(taken.error().message.find("ArtifactS3Key"), std::string::npos);
  ProvisionRequest malformed = Request("hello");
  malformed.tags = {"no-equals-sign"};
  auto tagged = Run(build, malformed, sink);
  ASSERT_FALSE(tagged);
  EXPECT_EQ(tagged.error().code, "InvalidArgument");
  EXPECT_TRUE(sink.events().empty());

  // A named bucket must exist: Provision creates only its default one.
  ProvisionRequest named_bucket = Request("hello");
  named_bucket.bucket = "someone-elses-bucket";
  auto missing = Run(build, named_bucket, sink);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "NoSuchBucket");
  EXPECT_NE(missing.error().message.find("someone-elses-bucket"), std::string::npos);
}

}  // namespace
}  // namespace sparta::deploy
