// Provision and DeleteStack against FakeCloud, which behaves as AWS does
// where moto cannot: CreateStack returning at once and the stack created over
// several polls, resources failing and stacks rolling back, change sets
// computed asynchronously, empty change sets FAILED rather than refused,
// other deploys in progress or racing ours, answers lost on the way back.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sparta/util/digest.hpp"

#include "deploy/provision_fake_cloud.hpp"
#include "deploy/provision_fixture.hpp"
#include "deploy/provision_internal.hpp"

namespace sparta::deploy {
namespace {

namespace cf = aws::cloudformation;
using testing::FakeCloud;
using testing::Frame;
using testing::RecordingSink;
using testing::ResourceEvent;

constexpr char kBucket[] = "sparta-artifacts-111122223333-us-east-1";

std::string FormField(const std::vector<std::pair<std::string, std::string>>& form,
                      const std::string& key) {
  for (const auto& [name, value] : form) {
    if (name == key) return value;
  }
  return "<absent>";
}

/// "Key=Value" of every Parameters.member.N, "Key=<previous>" for UsePreviousValue.
std::vector<std::string> FormParameters(
    const std::vector<std::pair<std::string, std::string>>& form) {
  std::vector<std::string> parameters;
  for (int n = 1;; ++n) {
    const std::string prefix = "Parameters.member." + std::to_string(n) + ".";
    const std::string key = FormField(form, prefix + "ParameterKey");
    if (key == "<absent>") break;
    parameters.push_back(key + "=" +
                         (FormField(form, prefix + "UsePreviousValue") == "true"
                              ? "<previous>"
                              : FormField(form, prefix + "ParameterValue")));
  }
  return parameters;
}

class ProvisionFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cloud_ = std::make_shared<FakeCloud>();
    clients_ = std::make_unique<detail::DeployClients>(testing::FakeClients(cloud_));
    dir_ = testing::TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto build = testing::MakeBuild(dir_, testing::HelloService("demo"), "program");
    ASSERT_TRUE(build) << build.error().message;
    build_ = *build;
    cf::Change add;
    add.type = "Resource";
    add.resource_change.action = "Add";
    add.resource_change.logical_resource_id = "HelloFunction";
    add.resource_change.resource_type = "AWS::Lambda::Function";
    cloud_->changes = {add};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static ProvisionRequest Request() {
    ProvisionRequest request;
    request.stack_name = "demo";
    request.poll_interval = std::chrono::seconds(5);
    request.wait_timeout = std::chrono::minutes(10);
    return request;
  }
  Result<ProvisionResult> Run(const ProvisionRequest& request = Request()) {
    return detail::ProvisionWith(*clients_, build_, request, sink_);
  }
  /// Parameters a stack made by Provision has.
  std::vector<std::pair<std::string, std::string>> DeployedParameters() const {
    return {{"ArtifactS3Bucket", kBucket}, {"ArtifactS3Key", "sparta/demo/old.zip"}};
  }
  bool HasMessage(ProgressKind kind, const std::string& text) const {
    for (const ProgressEvent& event : sink_.OfKind(kind)) {
      if (event.message.find(text) != std::string::npos) return true;
    }
    return false;
  }

  std::shared_ptr<FakeCloud> cloud_;
  std::unique_ptr<detail::DeployClients> clients_;
  std::filesystem::path dir_;
  BuildOutput build_;
  RecordingSink sink_;
};

TEST_F(ProvisionFlowTest, CreatesANewStackWithCreateStackStreamingEventsOnceEach) {
  const std::string arn = "arn:aws:lambda:us-east-1:111122223333:function:demo-Hello";
  cloud_->create_frames = {
      {"CREATE_IN_PROGRESS",
       "",
       {ResourceEvent("HelloRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS")},
       {}},
      {"CREATE_IN_PROGRESS",
       "",
       {ResourceEvent("HelloRole", "AWS::IAM::Role", "CREATE_COMPLETE"),
        ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_IN_PROGRESS")},
       {}},
      {"CREATE_IN_PROGRESS",
       "",
       {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_COMPLETE")},
       {}},
      {"CREATE_COMPLETE",
       "",
       {},
       {{"HelloFunctionArn", arn, "", ""}, {"HelloFunctionName", "demo-Hello", "", ""}}},
  };
  ProvisionRequest request = Request();
  request.tags = {"team=core"};
  auto result = Run(request);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  EXPECT_EQ(result->stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(result->account, "111122223333");
  EXPECT_EQ(result->bucket, kBucket);
  ASSERT_EQ(cloud_->stacks().size(), 1u);
  EXPECT_EQ(result->stack_id, cloud_->stacks()[0].id);
  // The outputs as the stack has them once created.
  ASSERT_EQ(result->outputs.size(), 2u);
  EXPECT_EQ(result->outputs[0].key, "HelloFunctionArn");
  EXPECT_EQ(result->outputs[0].value, arn);
  EXPECT_EQ(result->outputs[1].key, "HelloFunctionName");
  EXPECT_EQ(result->outputs[1].value, "demo-Hello");
  // The changes: every resource of the template, added.
  std::vector<std::string> changes;
  for (const PlannedChange& change : result->changes) {
    changes.push_back(change.action + " " + change.logical_id + " " + change.resource_type);
  }
  std::sort(changes.begin(), changes.end());
  EXPECT_EQ(changes, (std::vector<std::string>{"Add HelloFunction AWS::Lambda::Function",
                                               "Add HelloLogGroup AWS::Logs::LogGroup",
                                               "Add HelloRole AWS::IAM::Role"}));

  // What was asked of CloudFormation: one CreateStack, no change set.
  EXPECT_EQ(cloud_->Count("CreateStack"), 1u);
  EXPECT_EQ(cloud_->Count("CreateChangeSet"), 0u);
  EXPECT_EQ(cloud_->Count("ExecuteChangeSet"), 0u);
  const auto form = cloud_->LastForm("CreateStack");
  EXPECT_EQ(FormField(form, "StackName"), "demo");
  EXPECT_EQ(FormField(form, "TemplateBody"), build_.template_json);
  EXPECT_EQ(FormField(form, "TemplateURL"), "<absent>");
  EXPECT_EQ(FormField(form, "OnFailure"), "ROLLBACK");
  EXPECT_EQ(FormField(form, "DisableRollback"), "<absent>");
  EXPECT_TRUE(FormField(form, "ClientRequestToken").starts_with("sparta-"))
      << FormField(form, "ClientRequestToken");
  EXPECT_EQ(FormField(form, "Capabilities.member.1"), "CAPABILITY_IAM");
  EXPECT_EQ(FormField(form, "Capabilities.member.2"), "<absent>");
  EXPECT_EQ(FormField(form, "Tags.member.1.Key"), "team");
  EXPECT_EQ(FormField(form, "Tags.member.1.Value"), "core");
  EXPECT_EQ(FormParameters(form),
            (std::vector<std::string>{
                std::string("ArtifactS3Bucket=") + kBucket,
                "ArtifactS3Key=sparta/demo/" + build_.artifact.sha256_hex + ".zip"}));

  // The steps: no change-set step; the changes are shown under the create.
  std::vector<std::string> steps;
  for (const ProgressEvent& event : sink_.events()) {
    if (event.kind == ProgressKind::kStepStarted || event.kind == ProgressKind::kChanges) {
      steps.push_back(std::string(ProgressKindName(event.kind)) + " " + std::string(event.step));
    }
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"step_started identity", "step_started bucket",
                                             "step_started upload", "step_started stack",
                                             "step_started execute", "changes execute"}));

  // Every event of the stack once, oldest first, under the execute step.
  std::vector<std::string> streamed;
  std::set<std::string> ids;
  for (const ProgressEvent& event : sink_.OfKind(ProgressKind::kStackEvent)) {
    streamed.push_back(event.stack_event.logical_resource_id + " " +
                       event.stack_event.resource_status);
    EXPECT_TRUE(ids.insert(event.stack_event.event_id).second) << event.stack_event.event_id;
    EXPECT_EQ(event.step, kStepExecute);
  }
  EXPECT_EQ(streamed, (std::vector<std::string>{
                          "demo CREATE_IN_PROGRESS", "HelloRole CREATE_IN_PROGRESS",
                          "HelloRole CREATE_COMPLETE", "HelloFunction CREATE_IN_PROGRESS",
                          "HelloFunction CREATE_COMPLETE", "demo CREATE_COMPLETE"}));
}

TEST_F(ProvisionFlowTest, UpdatesThroughAChangeSetExecutedOnlyOnceComputed) {
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {}, DeployedParameters());
  cf::Change modify;
  modify.type = "Resource";
  modify.resource_change.action = "Modify";
  modify.resource_change.logical_resource_id = "HelloFunction";
  modify.resource_change.resource_type = "AWS::Lambda::Function";
  modify.resource_change.replacement = "False";
  cloud_->changes = {modify};
  cloud_->update_frames = {
      {"UPDATE_IN_PROGRESS", "User Initiated", {}, {}},
      {"UPDATE_IN_PROGRESS",
       "",
       {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "UPDATE_IN_PROGRESS"),
        ResourceEvent("HelloFunction", "AWS::Lambda::Function", "UPDATE_COMPLETE")},
       {}},
      {"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "", {}, {}},
      {"UPDATE_COMPLETE", "", {}, {{"HelloFunctionArn", "arn:v2", "", ""}}},
  };
  auto result = Run();
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kUpdated);
  EXPECT_EQ(result->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(result->stack_id, cloud_->stacks()[0].id);
  ASSERT_EQ(result->outputs.size(), 1u);
  EXPECT_EQ(result->outputs[0].value, "arn:v2");
  ASSERT_EQ(result->changes.size(), 1u);
  EXPECT_EQ(result->changes[0].action, "Modify");
  EXPECT_EQ(result->changes[0].logical_id, "HelloFunction");
  EXPECT_EQ(result->changes[0].replacement, "False");

  EXPECT_EQ(cloud_->Count("CreateStack"), 0u);
  const auto form = cloud_->LastForm("CreateChangeSet");
  EXPECT_EQ(FormField(form, "ChangeSetType"), "UPDATE");
  EXPECT_EQ(FormField(form, "StackName"), "demo");
  EXPECT_EQ(FormField(form, "TemplateBody"), build_.template_json);
  EXPECT_EQ(FormField(form, "Capabilities.member.1"), "CAPABILITY_IAM");
  EXPECT_EQ(FormParameters(form),
            (std::vector<std::string>{
                std::string("ArtifactS3Bucket=") + kBucket,
                "ArtifactS3Key=sparta/demo/" + build_.artifact.sha256_hex + ".zip"}));
  // The change set was polled while CloudFormation computed it, and only
  // then executed.
  EXPECT_EQ(cloud_->Count("DescribeChangeSet"), 3u);
  EXPECT_TRUE(
      HasMessage(ProgressKind::kWaiting, "waiting for CloudFormation to compute change set"));
  const auto actions = cloud_->Actions();
  const auto execute = std::find(actions.begin(), actions.end(), "ExecuteChangeSet");
  ASSERT_NE(execute, actions.end());
  EXPECT_EQ(std::find(execute, actions.end(), "DescribeChangeSet"), actions.end());

  // Only this update's events, each once, oldest first.
  std::vector<std::string> streamed;
  for (const ProgressEvent& event : sink_.OfKind(ProgressKind::kStackEvent)) {
    streamed.push_back(event.stack_event.logical_resource_id + " " +
                       event.stack_event.resource_status);
    EXPECT_EQ(event.step, kStepExecute);
  }
  EXPECT_EQ(streamed, (std::vector<std::string>{
                          "demo UPDATE_IN_PROGRESS", "HelloFunction UPDATE_IN_PROGRESS",
                          "HelloFunction UPDATE_COMPLETE",
                          "demo UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "demo UPDATE_COMPLETE"}));
}

TEST_F(ProvisionFlowTest, AFailedCreateWaitsForTheRollbackNamesTheCauseThenIsReplaced) {
  cloud_->create_frames = {
      {"CREATE_IN_PROGRESS",
       "",
       {ResourceEvent("HelloRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS"),
        ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_IN_PROGRESS")},
       {}},
      {"ROLLBACK_IN_PROGRESS",
       "The following resource(s) failed to create: [HelloFunction, HelloRole]. Rollback requested "
       "by user.",
       {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_FAILED",
                      "Resource handler returned message: \"'MemorySize' value failed to satisfy "
                      "constraint\""),
        ResourceEvent("HelloRole", "AWS::IAM::Role", "CREATE_FAILED",
                      "Resource creation cancelled")},
       {}},
      {"ROLLBACK_IN_PROGRESS",
       "",
       {ResourceEvent("HelloRole", "AWS::IAM::Role", "DELETE_COMPLETE")},
       {}},
      {"ROLLBACK_COMPLETE", "", {}, {}},
  };
  auto failed = Run();
  ASSERT_FALSE(failed) << sink_.Transcript();
  EXPECT_EQ(failed.error().code, "StackFailed");
  const std::string& message = failed.error().message;
  EXPECT_NE(message.find("creating stack demo failed; it is now ROLLBACK_COMPLETE"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("HelloFunction (AWS::Lambda::Function) CREATE_FAILED: Resource handler "
                         "returned message: \"'MemorySize' value failed to satisfy constraint\""),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("HelloRole (AWS::IAM::Role)"), std::string::npos) << message;
  EXPECT_NE(message.find("provision again"), std::string::npos) << message;
  EXPECT_EQ(FormField(cloud_->LastForm("CreateStack"), "OnFailure"), "ROLLBACK");
  // It returned only once the rollback had finished, and left the
  // rolled-back stack (with its events) for the user to read.
  ASSERT_EQ(cloud_->stacks().size(), 1u);
  EXPECT_EQ(cloud_->stacks()[0].status, "ROLLBACK_COMPLETE");
  EXPECT_TRUE(cloud_->stacks()[0].frames.empty());
  EXPECT_EQ(cloud_->Count("DeleteStack"), 0u);
  EXPECT_TRUE(HasMessage(ProgressKind::kStepStarted, "creating stack demo")) << sink_.Transcript();
  bool failure_shown = false;
  for (const ProgressEvent& event : sink_.OfKind(ProgressKind::kStackEvent)) {
    failure_shown = failure_shown || (event.stack_event.logical_resource_id == "HelloFunction" &&
                                      event.stack_event.resource_status == "CREATE_FAILED");
  }
  EXPECT_TRUE(failure_shown) << sink_.Transcript();

  // The next provision deletes the rolled-back stack, then creates it anew.
  cloud_->create_frames = {{"CREATE_COMPLETE", "", {}, {}}};
  RecordingSink again_sink;
  auto again = detail::ProvisionWith(*clients_, build_, Request(), again_sink);
  ASSERT_TRUE(again) << again.error().message << "\n" << again_sink.Transcript();
  EXPECT_EQ(again->outcome, ProvisionOutcome::kCreated);
  bool told = false;
  for (const ProgressEvent& event : again_sink.OfKind(ProgressKind::kNotice)) {
    told = told || (event.message.find("deleting stack demo first") != std::string::npos &&
                    event.message.find("ROLLBACK_COMPLETE") != std::string::npos);
  }
  EXPECT_TRUE(told) << again_sink.Transcript();
  const auto stacks = cloud_->stacks();
  ASSERT_EQ(stacks.size(), 2u);
  EXPECT_EQ(stacks[0].status, "DELETE_COMPLETE");
  EXPECT_EQ(stacks[1].status, "CREATE_COMPLETE");
  EXPECT_EQ(again->stack_id, stacks[1].id);
  EXPECT_EQ(cloud_->Count("CreateStack"), 2u);
  EXPECT_EQ(cloud_->Count("DeleteStack"), 1u);
}

TEST_F(ProvisionFlowTest, ARefusedCreateKeepsAwsErrorVerbatimAndMakesNothing) {
  cloud_->create_errors = {
      Error{"InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]"}};
  auto refused = Run();
  ASSERT_FALSE(refused) << sink_.Transcript();
  EXPECT_EQ(refused.error().code, "InsufficientCapabilitiesException");
  const std::string& message = refused.error().message;
  EXPECT_TRUE(
      message.starts_with("cannot create stack demo: InsufficientCapabilitiesException: "
                          "Requires capabilities : [CAPABILITY_NAMED_IAM]"))
      << message;
  EXPECT_EQ(message.find("exists nonetheless"), std::string::npos) << message;
  EXPECT_TRUE(cloud_->stacks().empty());
  EXPECT_EQ(cloud_->Count("CreateStack"), 1u);  // not taken for a conflict, not retried
  EXPECT_TRUE(sink_.OfKind(ProgressKind::kStackEvent).empty());
}

TEST_F(ProvisionFlowTest, AStackKeptByARefusedCreateIsReportedAndLeftAlone) {
  cloud_->create_errors = {Error{"InvalidParameterValueException",
                                 "The role defined for the function cannot be assumed by Lambda."}};
  cloud_->refused_create_keeps_stack = true;
  auto refused = Run();
  ASSERT_FALSE(refused) << sink_.Transcript();
  EXPECT_EQ(refused.error().code, "InvalidParameterValueException");
  ASSERT_EQ(cloud_->stacks().size(), 1u);
  const std::string id = cloud_->stacks()[0].id;
  EXPECT_EQ(refused.error().message,
            "cannot create stack demo: InvalidParameterValueException: The role defined for the "
            "function cannot be assumed by Lambda. (HTTP 400, request id fake)\n"
            "CloudFormation kept stack demo all the same (" +
                id +
                ", CREATE_IN_PROGRESS): delete it (aws cloudformation delete-stack "
                "--stack-name " +
                id + ") before provisioning again");
  EXPECT_EQ(cloud_->Count("DeleteStack"), 0u);
  EXPECT_EQ(cloud_->stacks()[0].status, "CREATE_IN_PROGRESS");
}

TEST_F(ProvisionFlowTest, AStackAnotherProvisionCreatedMeanwhileIsWaitedForThenUpdated) {
  // Both found no stack; the other provision's CreateStack came first.
  cloud_->create_races = true;
  cloud_->create_frames = {
      {"CREATE_IN_PROGRESS",
       "",
       {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_IN_PROGRESS")},
       {}},
      {"CREATE_COMPLETE",
       "",
       {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_COMPLETE")},
       {{"HelloFunctionArn", "arn:theirs", "", ""}}},
  };
  cloud_->next_change_set_empty = true;  // it deployed the same build
  auto result = Run();
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kNoChanges);
  EXPECT_EQ(result->stack_status, "CREATE_COMPLETE");
  EXPECT_TRUE(result->changes.empty());
  ASSERT_EQ(result->outputs.size(), 1u);
  EXPECT_EQ(result->outputs[0].value, "arn:theirs");
  ASSERT_EQ(cloud_->stacks().size(), 1u) << "a second stack of the same name";
  EXPECT_EQ(result->stack_id, cloud_->stacks()[0].id);
  EXPECT_EQ(cloud_->Count("CreateStack"), 1u);
  EXPECT_EQ(FormField(cloud_->LastForm("CreateChangeSet"), "ChangeSetType"), "UPDATE");
  EXPECT_EQ(cloud_->Count("ExecuteChangeSet"), 0u);
  EXPECT_EQ(cloud_->Count("DeleteStack"), 0u);
  EXPECT_TRUE(HasMessage(ProgressKind::kNotice, "got in the way")) << sink_.Transcript();
  EXPECT_TRUE(HasMessage(ProgressKind::kNotice, "AlreadyExistsException")) << sink_.Transcript();
  EXPECT_TRUE(HasMessage(ProgressKind::kWaiting,
                         "waiting for the in-progress CREATE_IN_PROGRESS of stack demo"))
      << sink_.Transcript();
}

TEST_F(ProvisionFlowTest, ACreateRetriedAfterItsAnswerWasLostIsStillOneCreate) {
  clients_ = std::make_unique<detail::DeployClients>(testing::FakeClients(cloud_, 3));
  cloud_->lost_create_answers = 1;
  cloud_->create_frames = {{"CREATE_COMPLETE", "", {}, {{"HelloFunctionArn", "arn:mine", "", ""}}}};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message << "\n"
                      << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  ASSERT_EQ(result->outputs.size(), 1u);
  EXPECT_EQ(result->outputs[0].value, "arn:mine");
  EXPECT_EQ(cloud_->Count("CreateStack"), 2u);  // the first answer was lost: retried
  ASSERT_EQ(cloud_->stacks().size(), 1u);
  EXPECT_EQ(result->stack_id, cloud_->stacks()[0].id);
  EXPECT_EQ(cloud_->stacks()[0].client_request_token,
            FormField(cloud_->LastForm("CreateStack"), "ClientRequestToken"));
  EXPECT_EQ(cloud_->Count("CreateChangeSet"), 0u);
  EXPECT_FALSE(HasMessage(ProgressKind::kNotice, "got in the way")) << sink_.Transcript();
}

TEST_F(ProvisionFlowTest, AFailedUpdateReportsTheRollbackToThePreviousVersion) {
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {}, DeployedParameters());
  cloud_->update_frames = {
      {"UPDATE_IN_PROGRESS",
       "User Initiated",
       {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "UPDATE_FAILED",
                      "Resource handler returned message: \"Code storage limit exceeded\"")},
       {}},
      {"UPDATE_ROLLBACK_IN_PROGRESS",
       "The following resource(s) failed to update: [HelloFunction].",
       {},
       {}},
      {"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "", {}, {}},
      {"UPDATE_ROLLBACK_COMPLETE", "", {}, {}},
  };
  auto failed = Run();
  ASSERT_FALSE(failed) << sink_.Transcript();
  EXPECT_EQ(failed.error().code, "StackFailed");
  EXPECT_NE(
      failed.error().message.find("updating stack demo failed; it is now UPDATE_ROLLBACK_COMPLETE"),
      std::string::npos)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find("HelloFunction (AWS::Lambda::Function) UPDATE_FAILED: "
                                        "Resource handler returned message: \"Code storage limit "
                                        "exceeded\""),
            std::string::npos)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find("runs its previous version"), std::string::npos);
  EXPECT_EQ(FormField(cloud_->LastForm("CreateChangeSet"), "ChangeSetType"), "UPDATE");
}

TEST_F(ProvisionFlowTest, AnEmptyChangeSetIsDeletedOnlyOnceComputed) {
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {}, DeployedParameters());
  cloud_->next_change_set_empty = true;
  cloud_->change_set_computing_polls = 3;
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kNoChanges);
  EXPECT_EQ(result->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(cloud_->Count("ExecuteChangeSet"), 0u);
  EXPECT_EQ(cloud_->Count("DeleteChangeSet"), 1u);
  EXPECT_EQ(cloud_->deletes_while_computing(), 0) << "deleted while CREATE_IN_PROGRESS (#45)";
  EXPECT_TRUE(cloud_->change_sets().empty());
  EXPECT_TRUE(sink_.OfKind(ProgressKind::kStackEvent).empty());
}

TEST_F(ProvisionFlowTest, ParametersNotGivenKeepTheirValuesOnUpdate) {
  const std::string tmpl = R"({"Parameters":{"ArtifactS3Bucket":{"Type":"String"},
    "ArtifactS3Key":{"Type":"String"},"Stage":{"Type":"String"},"Level":{"Type":"String"},
    "Fresh":{"Type":"String","Default":"x"}},
    "Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}})";
  auto build = testing::MakeBuild(dir_ / "params", testing::HelloService("demo"), "program", tmpl);
  ASSERT_TRUE(build) << build.error().message;
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {},
                   {{"ArtifactS3Bucket", kBucket},
                    {"ArtifactS3Key", "old.zip"},
                    {"Stage", "prod"},
                    {"Level", "1"}});
  cloud_->update_frames = {{"UPDATE_COMPLETE", "", {}, {}}};
  ProvisionRequest request = Request();
  request.parameters = {"Level=2"};
  auto result = detail::ProvisionWith(*clients_, *build, request, sink_);
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kUpdated);
  const auto form = cloud_->LastForm("CreateChangeSet");
  EXPECT_EQ(FormParameters(form),
            (std::vector<std::string>{std::string("ArtifactS3Bucket=") + kBucket,
                                      "ArtifactS3Key=" + result->code_key, "Stage=<previous>",
                                      "Level=2"}));
  EXPECT_EQ(FormField(form, "Capabilities.member.1"), "<absent>");  // no IAM resource
}

TEST_F(ProvisionFlowTest, AnOperationStartedElsewhereIsWaitedForAndShown) {
  cloud_->AddStack("demo", "UPDATE_IN_PROGRESS",
                   // (the first frame is what Provision finds on its first look)
                   {{"UPDATE_IN_PROGRESS", "", {}, {}},
                    {"UPDATE_IN_PROGRESS",
                     "",
                     {ResourceEvent("Other", "AWS::SNS::Topic", "UPDATE_COMPLETE")},
                     {}},
                    {"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "", {}, {}},
                    {"UPDATE_COMPLETE", "", {}, {}}},
                   DeployedParameters());
  cloud_->update_frames = {{"UPDATE_IN_PROGRESS", "", {}, {}}, {"UPDATE_COMPLETE", "", {}, {}}};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kUpdated);
  EXPECT_TRUE(HasMessage(ProgressKind::kWaiting,
                         "waiting for the in-progress UPDATE_IN_PROGRESS of stack demo started "
                         "elsewhere"))
      << sink_.Transcript();
  bool shown = false;
  for (const ProgressEvent& event : sink_.OfKind(ProgressKind::kStackEvent)) {
    if (event.stack_event.logical_resource_id == "Other") {
      shown = true;
      EXPECT_EQ(event.step, kStepStack);
    }
  }
  EXPECT_TRUE(shown) << "the other operation's events were not shown";
}

TEST_F(ProvisionFlowTest, AnOperationThatNeverEndsTimesOut) {
  cloud_->AddStack("demo", "UPDATE_ROLLBACK_IN_PROGRESS", {}, DeployedParameters());
  ProvisionRequest request = Request();
  request.wait_timeout = std::chrono::minutes(2);
  auto result = Run(request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "StackBusy");
  EXPECT_NE(result.error().message.find("UPDATE_ROLLBACK_IN_PROGRESS"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(cloud_->Count("CreateChangeSet"), 0u);
}

TEST_F(ProvisionFlowTest, AConflictIsRetriedOnceThenReported) {
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {}, DeployedParameters());
  cloud_->execute_errors = {Error{"InvalidChangeSetStatus", "ChangeSet is in EXECUTE_IN_PROGRESS"}};
  cloud_->update_frames = {{"UPDATE_COMPLETE", "", {}, {}}};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kUpdated);
  EXPECT_EQ(cloud_->Count("CreateChangeSet"), 2u);
  EXPECT_TRUE(HasMessage(ProgressKind::kNotice, "got in the way")) << sink_.Transcript();
  EXPECT_TRUE(cloud_->change_sets().size() <= 1u);

  cloud_->execute_errors = {
      Error{"ValidationError",
            "Stack:arn:x is in UPDATE_IN_PROGRESS state and can not be updated."},
      Error{"ValidationError",
            "Stack:arn:x is in UPDATE_IN_PROGRESS state and can not be updated."}};
  auto twice = Run();
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, "ValidationError");
  EXPECT_NE(twice.error().message.find("gave up"), std::string::npos) << twice.error().message;
  EXPECT_NE(twice.error().message.find("can not be updated"), std::string::npos);
}

TEST_F(ProvisionFlowTest, AnEmptyReviewStackIsReplaced) {
  // As a CREATE change set made elsewhere and deleted unexecuted leaves it.
  cloud_->AddStack("demo", "REVIEW_IN_PROGRESS");
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  EXPECT_TRUE(HasMessage(ProgressKind::kNotice, "empty REVIEW_IN_PROGRESS")) << sink_.Transcript();
  EXPECT_EQ(cloud_->Count("DeleteStack"), 1u);
  EXPECT_EQ(cloud_->Count("CreateStack"), 1u);
  EXPECT_EQ(cloud_->Count("CreateChangeSet"), 0u);
  const auto stacks = cloud_->stacks();
  ASSERT_EQ(stacks.size(), 2u);
  EXPECT_EQ(stacks[0].status, "DELETE_COMPLETE");
  EXPECT_EQ(stacks[1].status, "CREATE_COMPLETE");
  EXPECT_EQ(result->stack_id, stacks[1].id);
  // The delete finished before the create was asked for.
  const auto actions = cloud_->Actions();
  EXPECT_LT(std::find(actions.begin(), actions.end(), "DeleteStack"),
            std::find(actions.begin(), actions.end(), "CreateStack"));
}

TEST_F(ProvisionFlowTest, AReviewStackWithAChangeSetNobodyExecutesIsWaitedForThenReplaced) {
  cloud_->AddStack("demo", "REVIEW_IN_PROGRESS");
  cloud_->AddChangeSet("demo", "left-behind", "AVAILABLE");
  const auto before = clients_->Now();
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kCreated);
  EXPECT_TRUE(HasMessage(ProgressKind::kWaiting, "waiting for change set(s) left-behind"))
      << sink_.Transcript();
  EXPECT_TRUE(HasMessage(ProgressKind::kNotice, "taking them as abandoned")) << sink_.Transcript();
  // It waited about 30 s (of the fake clock) before deleting the stack.
  const auto waited = std::chrono::duration_cast<std::chrono::seconds>(clients_->Now() - before);
  EXPECT_GE(waited.count(), 30);
  EXPECT_LT(waited.count(), 60);
  EXPECT_EQ(cloud_->Count("DeleteStack"), 1u);
  EXPECT_EQ(cloud_->Count("ExecuteChangeSet"), 0u) << "someone else's change set was executed";
  EXPECT_EQ(cloud_->Count("CreateStack"), 1u);
  EXPECT_TRUE(cloud_->change_sets().empty());
  const auto stacks = cloud_->stacks();
  ASSERT_EQ(stacks.size(), 2u);
  EXPECT_EQ(stacks[0].status, "DELETE_COMPLETE");
  EXPECT_EQ(result->stack_id, stacks[1].id);
}

TEST_F(ProvisionFlowTest, AReviewStackWhoseChangeSetIsExecutedElsewhereIsWaitedForThenUpdated) {
  // Someone else's CREATE change set, executed while Provision waits.
  cloud_->AddStack("demo", "REVIEW_IN_PROGRESS",
                   {{"REVIEW_IN_PROGRESS", "", {}, {}},
                    {"CREATE_IN_PROGRESS", "User Initiated", {}, {}},
                    {"CREATE_COMPLETE",
                     "",
                     {ResourceEvent("HelloFunction", "AWS::Lambda::Function", "CREATE_COMPLETE")},
                     {}}},
                   DeployedParameters());
  cloud_->AddChangeSet("demo", "theirs", "AVAILABLE");
  cloud_->update_frames = {{"UPDATE_IN_PROGRESS", "User Initiated", {}, {}},
                           {"UPDATE_COMPLETE", "", {}, {}}};
  auto result = Run();
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kUpdated);
  EXPECT_EQ(result->stack_id, cloud_->stacks()[0].id);
  EXPECT_TRUE(HasMessage(ProgressKind::kWaiting, "waiting for change set(s) theirs"))
      << sink_.Transcript();
  EXPECT_FALSE(HasMessage(ProgressKind::kNotice, "abandoned")) << sink_.Transcript();
  EXPECT_EQ(cloud_->Count("DeleteStack"), 0u);
  EXPECT_EQ(cloud_->Count("CreateStack"), 0u);
  EXPECT_EQ(FormField(cloud_->LastForm("CreateChangeSet"), "ChangeSetType"), "UPDATE");
  ASSERT_EQ(cloud_->stacks().size(), 1u);
  EXPECT_EQ(cloud_->stacks()[0].status, "UPDATE_COMPLETE");
}

TEST_F(ProvisionFlowTest, NoopPreviewsAnUpdateWithoutExecutingIt) {
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {}, DeployedParameters());
  ProvisionRequest request = Request();
  request.noop = true;
  auto result = Run(request);
  ASSERT_TRUE(result) << result.error().message << "\n" << sink_.Transcript();
  EXPECT_EQ(result->outcome, ProvisionOutcome::kPlanned);
  ASSERT_EQ(result->changes.size(), 1u);
  EXPECT_EQ(result->changes[0].action, "Add");
  EXPECT_EQ(cloud_->Count("ExecuteChangeSet"), 0u);
  EXPECT_EQ(cloud_->Count("DeleteChangeSet"), 1u);
  EXPECT_EQ(cloud_->deletes_while_computing(), 0);
  EXPECT_TRUE(cloud_->change_sets().empty());
  for (const std::string& action : cloud_->Actions()) {
    EXPECT_FALSE(action.starts_with("s3 PUT")) << action;
  }
}

TEST_F(ProvisionFlowTest, ADeleteThatFailsNamesWhatBlockedIt) {
  cloud_->AddStack("demo", "UPDATE_COMPLETE", {}, DeployedParameters());
  cloud_->delete_frames = {
      {"DELETE_IN_PROGRESS", "User Initiated", {}, {}},
      {"DELETE_FAILED",
       "The following resource(s) failed to delete: [Site].",
       {ResourceEvent("Site", "AWS::S3::Bucket", "DELETE_FAILED",
                      "The bucket you tried to delete is not empty")},
       {}},
  };
  DeleteOptions options;
  options.delete_artifacts = true;
  auto deleted = detail::DeleteStackWith(*clients_, "demo", options, sink_);
  ASSERT_FALSE(deleted) << sink_.Transcript();
  EXPECT_EQ(deleted.error().code, "StackDeleteFailed");
  EXPECT_NE(deleted.error().message.find("Site (AWS::S3::Bucket) DELETE_FAILED: The bucket you "
                                         "tried to delete is not empty"),
            std::string::npos)
      << deleted.error().message;
  EXPECT_NE(deleted.error().message.find("run delete again"), std::string::npos);
  for (const std::string& action : cloud_->Actions()) {
    EXPECT_FALSE(action.starts_with("s3 "))
        << "artifacts touched after a failed delete: " << action;
  }
}

}  // namespace
}  // namespace sparta::deploy
