// The local CloudFormation's engine over a simulated resource provider:
// statuses and events, rollback, updates, change sets, deletion, exports,
// restarts, and the Query API's answers to bad input. Driven through
// aws::CloudFormationClient over an in-process transport, and through raw
// form bodies.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "local_cloud/cloudformation/cfn_test_support.hpp"
#include "local_cloud/cloudformation/simulated_resources.hpp"
#include "local_cloud/cloudformation/stack_engine.hpp"

namespace sparta::local_cloud::cfn {
namespace {

namespace cf = aws::cloudformation;
using ::testing::HasSubstr;
using testing::OutputValue;
using testing::QueryRequest;
using testing::TempDir;
using testing::WaitForStack;

/// Simulated resources, plus types that misbehave on purpose:
/// Test::Failing fails to create, Test::Undeletable fails to delete,
/// Test::FailingUpdate fails to update in place, Test::Slow blocks its
/// creation until Release().
class TestProvider : public SimulatedResourceProvider {
 public:
  /// Test::Slow stands for a real resource (one a crash could leak).
  bool IsSimulated(std::string_view type) const override { return type != "Test::Slow"; }
  Result<ProvisionedResource> Create(const ResourceSpec& spec) override {
    if (spec.type == "Test::Failing") {
      return MakeError("InvalidRequest", "boom: " + spec.logical_id + " cannot be created");
    }
    if (spec.type == "Test::Slow") {
      std::unique_lock lock(mu_);
      slow_started_ = true;
      cv_.notify_all();
      cv_.wait(lock, [&] { return released_; });
    }
    {
      std::lock_guard lock(mu_);
      ++creates_;
    }
    return SimulatedResourceProvider::Create(spec);
  }
  Result<ProvisionedResource> Update(const ResourceSpec& spec, const ProvisionedResource& current,
                                     const json::object&) override {
    if (spec.type == "Test::FailingUpdate" && StringProperty(spec.properties, "Mode") == "bad") {
      return MakeError("InvalidRequest", "update refused");
    }
    std::lock_guard lock(mu_);
    ++updates_;
    return current;
  }
  Status Delete(const ResourceSpec& spec, const ProvisionedResource& current) override {
    if (spec.type == "Test::Undeletable") return MakeError("Conflict", "it is still in use");
    std::lock_guard lock(mu_);
    deleted_.insert(current.physical_id);
    return SimulatedResourceProvider::Delete(spec, current);
  }

  void WaitUntilSlowStarted() {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return slow_started_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  bool WasDeleted(const std::string& physical_id) {
    std::lock_guard lock(mu_);
    return deleted_.contains(physical_id);
  }
  int updates() {
    std::lock_guard lock(mu_);
    return updates_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool slow_started_ = false;
  bool released_ = false;
  int creates_ = 0;
  int updates_ = 0;
  std::set<std::string> deleted_;
};

/// The message as CloudFormation wrote it, without the client's
/// " (HTTP 400, request id ...)" suffix.
std::string Message(const Error& error) {
  return error.message.substr(0, error.message.find(" (HTTP "));
}

cf::Parameter P(std::string key, std::string value) {
  cf::Parameter parameter;
  parameter.key = std::move(key);
  parameter.value = std::move(value);
  return parameter;
}

cf::Parameter Previous(std::string key) {
  cf::Parameter parameter;
  parameter.key = std::move(key);
  parameter.use_previous_value = true;
  return parameter;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = StateStore::Open(dir_.path() / "data");
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    OpenEngine(&provider_);
  }
  void TearDown() override {
    provider_.Release();
    if (engine_) engine_->Shutdown();
  }

  void OpenEngine(ResourceProvider* provider) {
    EngineOptions options;
    options.context.region = "us-east-1";
    options.context.account_id = "123456789012";
    options.provider = provider;
    options.read_object = [this](std::string_view bucket,
                                 std::string_view key) -> Result<std::string> {
      auto it = objects_.find(std::string(bucket) + "/" + std::string(key));
      if (it == objects_.end()) return MakeError("NoSuchKey", "The specified key does not exist.");
      return it->second;
    };
    auto engine = StackEngine::Open(*store_, std::move(options));
    ASSERT_TRUE(engine) << engine.error().message;
    engine_ = std::move(*engine);
  }

  testing::QueryHandler Handler() {
    return [this](const CloudRequest& request) { return engine_->HandleQuery(request); };
  }
  CloudResponse Call(const std::vector<std::pair<std::string, std::string>>& fields) {
    return engine_->HandleQuery(QueryRequest(fields));
  }

  Result<std::string> Create(const std::string& name, const std::string& body,
                             std::vector<cf::Parameter> parameters = {},
                             std::string on_failure = "") {
    aws::CreateStackRequest request;
    request.stack_name = name;
    request.template_body = body;
    request.parameters = std::move(parameters);
    request.on_failure = std::move(on_failure);
    return client_.CreateStack(request);
  }

  cf::Stack CreateAndWait(const std::string& name, const std::string& body,
                          std::vector<cf::Parameter> parameters = {}) {
    auto id = Create(name, body, std::move(parameters));
    EXPECT_TRUE(id) << id.error().message;
    if (!id) return {};
    auto stack = WaitForStack(client_, *id);
    EXPECT_TRUE(stack) << stack.error().message;
    return stack ? *stack : cf::Stack{};
  }

  /// Events oldest first.
  std::vector<cf::StackEvent> Events(const std::string& stack) {
    auto events = client_.StackEventsSince(stack, "");
    EXPECT_TRUE(events) << events.error().message;
    return events ? *events : std::vector<cf::StackEvent>{};
  }

  std::map<std::string, cf::StackResourceSummary> Resources(const std::string& stack) {
    auto all = client_.ListAllStackResources(stack);
    EXPECT_TRUE(all) << all.error().message;
    std::map<std::string, cf::StackResourceSummary> by_id;
    if (all) {
      for (auto& r : *all) by_id[r.logical_resource_id] = r;
    }
    return by_id;
  }

  TempDir dir_;
  std::unique_ptr<StateStore> store_;
  TestProvider provider_;
  std::unique_ptr<StackEngine> engine_;
  std::map<std::string, std::string> objects_;
  aws::CloudFormationClient client_ = testing::MakeClient(
      [this](const CloudRequest& request) { return engine_->HandleQuery(request); });
};

constexpr const char* kTopicAndQueue = R"({
  "Description": "a topic and a queue",
  "Parameters": {
    "TopicName": {"Type": "String", "Default": "orders"},
    "Secret": {"Type": "String", "Default": "hush", "NoEcho": true}
  },
  "Resources": {
    "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "TopicName"}}},
    "Queue": {"Type": "AWS::SQS::Queue",
              "Properties": {"Tags": [{"Key": "topic", "Value": {"Ref": "Topic"}}]}}
  },
  "Outputs": {
    "TopicArn": {"Value": {"Ref": "Topic"}, "Description": "the topic",
                 "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-topic"}}},
    "QueueArn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}},
    "QueueUrl": {"Value": {"Ref": "Queue"}}
  }
})";

TEST_F(EngineTest, CreatesSimulatedResourcesWithOutputsAndEventsInOrder) {
  const cf::Stack stack = CreateAndWait("shop", kTopicAndQueue);
  EXPECT_EQ(stack.stack_status, "CREATE_COMPLETE");
  EXPECT_THAT(stack.stack_id,
              ::testing::StartsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/shop/"));
  EXPECT_EQ(stack.description, "a topic and a queue");
  EXPECT_EQ(OutputValue(stack, "TopicArn"), "arn:aws:sns:us-east-1:123456789012:orders");
  EXPECT_THAT(OutputValue(stack, "QueueArn"),
              ::testing::StartsWith("arn:aws:sqs:us-east-1:123456789012:shop-Queue-"));
  EXPECT_THAT(
      OutputValue(stack, "QueueUrl"),
      ::testing::StartsWith("https://sqs.us-east-1.amazonaws.com/123456789012/shop-Queue-"));
  bool exported = false;
  for (const auto& output : stack.outputs) {
    if (output.key == "TopicArn") {
      exported = output.export_name == "shop-topic" && output.description == "the topic";
    }
  }
  EXPECT_TRUE(exported);
  std::map<std::string, std::string> parameters;
  for (const auto& p : stack.parameters) parameters[p.key] = p.value;
  EXPECT_EQ(parameters["TopicName"], "orders");
  EXPECT_EQ(parameters["Secret"], "****");

  const auto events = Events("shop");
  std::vector<std::string> seen;
  for (const auto& e : events) seen.push_back(e.logical_resource_id + " " + e.resource_status);
  EXPECT_THAT(seen, ::testing::ElementsAre("shop CREATE_IN_PROGRESS", "Topic CREATE_IN_PROGRESS",
                                           "Topic CREATE_IN_PROGRESS", "Topic CREATE_COMPLETE",
                                           "Queue CREATE_IN_PROGRESS", "Queue CREATE_IN_PROGRESS",
                                           "Queue CREATE_COMPLETE", "shop CREATE_COMPLETE"));
  EXPECT_EQ(events[0].resource_status_reason, "User Initiated");
  EXPECT_EQ(events[0].resource_type, "AWS::CloudFormation::Stack");
  EXPECT_EQ(events[2].resource_status_reason, "Resource creation Initiated");
  EXPECT_EQ(events[3].resource_status_reason,
            "Simulated by sparta-local: AWS::SNS::Topic is recorded, not created");
  EXPECT_EQ(events[3].physical_resource_id, "arn:aws:sns:us-east-1:123456789012:orders");

  const auto resources = Resources("shop");
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources.at("Topic").resource_status, "CREATE_COMPLETE");
  EXPECT_EQ(resources.at("Queue").resource_type, "AWS::SQS::Queue");

  auto tmpl = client_.GetTemplate("shop");
  ASSERT_TRUE(tmpl) << tmpl.error().message;
  EXPECT_EQ(tmpl->template_body, kTopicAndQueue);
}

constexpr const char* kFailing = R"({
  "Resources": {
    "First": {"Type": "AWS::SNS::Topic"},
    "Broken": {"Type": "Test::Failing", "DependsOn": "First"},
    "Never": {"Type": "AWS::SNS::Topic", "DependsOn": "Broken"}
  }
})";

TEST_F(EngineTest, RollsBackWhenAResourceFails) {
  const cf::Stack stack = CreateAndWait("broken", kFailing);
  EXPECT_EQ(stack.stack_status, "ROLLBACK_COMPLETE");
  const auto events = Events("broken");
  std::vector<std::string> seen;
  std::string failed_reason;
  std::string rollback_reason;
  std::string first_physical;
  for (const auto& e : events) {
    seen.push_back(e.logical_resource_id + " " + e.resource_status);
    if (e.resource_status == "CREATE_FAILED") failed_reason = e.resource_status_reason;
    if (e.resource_status == "ROLLBACK_IN_PROGRESS") rollback_reason = e.resource_status_reason;
    if (e.logical_resource_id == "First" && !e.physical_resource_id.empty()) {
      first_physical = e.physical_resource_id;
    }
  }
  EXPECT_EQ(failed_reason, "boom: Broken cannot be created");
  EXPECT_EQ(rollback_reason,
            "The following resource(s) failed to create: [Broken]. Rollback requested by user.");
  EXPECT_THAT(seen, ::testing::Contains("First DELETE_COMPLETE"));
  EXPECT_THAT(seen, ::testing::Not(::testing::Contains("Never CREATE_IN_PROGRESS")));
  EXPECT_EQ(seen.back(), "broken ROLLBACK_COMPLETE");
  EXPECT_TRUE(provider_.WasDeleted(first_physical)) << first_physical;

  // A ROLLBACK_COMPLETE stack cannot be updated, only deleted.
  aws::UpdateStackRequest update;
  update.stack_name = "broken";
  update.template_body = kTopicAndQueue;
  auto refused = client_.UpdateStack(update);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ValidationError");
  EXPECT_THAT(refused.error().message, HasSubstr("is in ROLLBACK_COMPLETE state and can not be "
                                                 "updated."));
}

TEST_F(EngineTest, OnFailureDoNothingAndDeleteAreHonoured) {
  auto kept = Create("kept", kFailing, {}, "DO_NOTHING");
  ASSERT_TRUE(kept) << kept.error().message;
  auto gone = Create("gone", kFailing, {}, "DELETE");
  ASSERT_TRUE(gone) << gone.error().message;
  auto kept_stack = WaitForStack(client_, *kept);
  ASSERT_TRUE(kept_stack);
  EXPECT_EQ(kept_stack->stack_status, "CREATE_FAILED");
  auto gone_stack = WaitForStack(client_, *gone);
  ASSERT_TRUE(gone_stack);
  EXPECT_EQ(gone_stack->stack_status, "DELETE_COMPLETE");
  auto by_name = client_.DescribeStack("gone");
  ASSERT_FALSE(by_name);
  EXPECT_TRUE(cf::IsStackNotFound(by_name.error())) << by_name.error().message;
  EXPECT_EQ(Message(by_name.error()), "Stack with id gone does not exist");
}

constexpr const char* kUpdatable = R"({
  "Parameters": {
    "TopicName": {"Type": "String", "Default": "alpha"},
    "Display": {"Type": "String", "Default": "one"},
    "Mode": {"Type": "String", "Default": "good"}
  },
  "Resources": {
    "Topic": {"Type": "AWS::SNS::Topic",
              "Properties": {"TopicName": {"Ref": "TopicName"}, "DisplayName": {"Ref": "Display"}}},
    "Watcher": {"Type": "Test::FailingUpdate",
                "Properties": {"Target": {"Ref": "Topic"}, "Mode": {"Ref": "Mode"}}}
  },
  "Outputs": {"Topic": {"Value": {"Ref": "Topic"}}}
})";

TEST_F(EngineTest, UpdatesInPlaceOrByReplacement) {
  const cf::Stack created = CreateAndWait("upd", kUpdatable);
  ASSERT_EQ(created.stack_status, "CREATE_COMPLETE");
  const std::string alpha = "arn:aws:sns:us-east-1:123456789012:alpha";
  EXPECT_EQ(OutputValue(created, "Topic"), alpha);

  // DisplayName: in place, the physical ID stays.
  aws::UpdateStackRequest update;
  update.stack_name = "upd";
  update.use_previous_template = true;
  update.parameters = {P("Display", "two")};
  auto id = client_.UpdateStack(update);
  ASSERT_TRUE(id) << id.error().message;
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(OutputValue(*stack, "Topic"), alpha);
  EXPECT_FALSE(stack->last_updated_time.empty());
  auto events = client_.StackEventsSince(*id, created.stack_id.empty() ? "" : "");
  ASSERT_TRUE(events);

  // TopicName: replacement, the dependent updated, the old one cleaned up.
  update.parameters = {P("TopicName", "beta"), Previous("Display")};
  const std::string last_event = Events("upd").back().event_id;
  id = client_.UpdateStack(update);
  ASSERT_TRUE(id) << id.error().message;
  stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(OutputValue(*stack, "Topic"), "arn:aws:sns:us-east-1:123456789012:beta");
  auto since = client_.StackEventsSince("upd", last_event);
  ASSERT_TRUE(since);
  std::vector<std::string> seen;
  std::string replacement_reason;
  for (const auto& e : *since) {
    seen.push_back(e.logical_resource_id + " " + e.resource_status);
    if (e.logical_resource_id == "Topic" && replacement_reason.empty()) {
      replacement_reason = e.resource_status_reason;
    }
  }
  EXPECT_EQ(replacement_reason,
            "Requested update requires the creation of a new physical resource; hence creating "
            "one.");
  EXPECT_THAT(seen, ::testing::ElementsAre("upd UPDATE_IN_PROGRESS", "Topic UPDATE_IN_PROGRESS",
                                           "Topic UPDATE_IN_PROGRESS", "Topic UPDATE_COMPLETE",
                                           "Watcher UPDATE_IN_PROGRESS", "Watcher UPDATE_COMPLETE",
                                           "upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                                           "Topic DELETE_IN_PROGRESS", "Topic DELETE_COMPLETE",
                                           "upd UPDATE_COMPLETE"));
  EXPECT_TRUE(provider_.WasDeleted(alpha));
  std::map<std::string, std::string> parameters;
  for (const auto& p : stack->parameters) parameters[p.key] = p.value;
  EXPECT_EQ(parameters["Display"], "two");  // UsePreviousValue

  // Deletion follows the dependencies, although Topic is newer than Watcher now.
  const std::string before_delete = Events("upd").back().event_id;
  ASSERT_TRUE(client_.DeleteStack({"upd", {}, "", ""}));
  auto deleted = WaitForStack(client_, *id);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE");
  auto deletion = client_.StackEventsSince(*id, before_delete);
  ASSERT_TRUE(deletion);
  std::vector<std::string> order;
  for (const auto& e : *deletion) {
    if (e.resource_status == "DELETE_COMPLETE") order.push_back(e.logical_resource_id);
  }
  EXPECT_THAT(order, ::testing::ElementsAre("Watcher", "Topic", "upd"));
}

// Metadata is resolved like properties and answered by DescribeStackResource;
// a change of Metadata alone updates it without touching the resource.
TEST_F(EngineTest, MetadataIsResolvedAndUpdatedInPlace) {
  const std::string body = R"({"Parameters": {"Note": {"Type": "String"}},
    "Resources": {
      "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "meta"}},
      "Queue": {"Type": "AWS::SQS::Queue",
                "Metadata": {"Doc": {"Fn::Sub": "{\"topic\":\"${Topic}\",\"note\":\"${Note}\"}"},
                             "Stack": {"Ref": "AWS::StackName"}}}}})";
  aws::CreateStackRequest create;
  create.stack_name = "meta";
  create.template_body = body;
  create.parameters = {P("Note", "one")};
  auto id = client_.CreateStack(create);
  ASSERT_TRUE(id) << id.error().message;
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack);
  ASSERT_EQ(stack->stack_status, "CREATE_COMPLETE");
  auto detail = client_.DescribeStackResource("meta", "Queue");
  ASSERT_TRUE(detail) << detail.error().message;
  EXPECT_EQ(json::parse(detail->metadata),
            json::parse(R"({"Doc": "{\"topic\":\"arn:aws:sns:us-east-1:123456789012:meta\",)"
                        R"(\"note\":\"one\"}", "Stack": "meta"})"));
  auto topic = client_.DescribeStackResource("meta", "Topic");
  ASSERT_TRUE(topic);
  EXPECT_TRUE(topic->metadata.empty());  // no Metadata, no element
  const std::string queue_id = detail->physical_resource_id;

  aws::UpdateStackRequest update;
  update.stack_name = "meta";
  update.use_previous_template = true;
  update.parameters = {P("Note", "two")};
  auto updated = client_.UpdateStack(update);
  ASSERT_TRUE(updated) << updated.error().message;
  stack = WaitForStack(client_, *updated);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
  detail = client_.DescribeStackResource("meta", "Queue");
  ASSERT_TRUE(detail);
  EXPECT_NE(detail->metadata.find(R"(\"note\":\"two\")"), std::string::npos) << detail->metadata;
  EXPECT_EQ(detail->physical_resource_id, queue_id);
}

TEST_F(EngineTest, FailedUpdateRollsBackToThePreviousTemplate) {
  ASSERT_EQ(CreateAndWait("rb", kUpdatable).stack_status, "CREATE_COMPLETE");
  aws::UpdateStackRequest update;
  update.stack_name = "rb";
  update.use_previous_template = true;
  update.parameters = {P("TopicName", "gamma"), P("Mode", "bad")};
  auto id = client_.UpdateStack(update);
  ASSERT_TRUE(id) << id.error().message;
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(OutputValue(*stack, "Topic"), "arn:aws:sns:us-east-1:123456789012:alpha");
  std::vector<std::string> statuses;
  std::string reason;
  for (const auto& e : Events("rb")) {
    if (e.logical_resource_id == "rb") statuses.push_back(e.resource_status);
    if (e.resource_status == "UPDATE_ROLLBACK_IN_PROGRESS") reason = e.resource_status_reason;
  }
  EXPECT_THAT(statuses, ::testing::ElementsAre("CREATE_IN_PROGRESS", "CREATE_COMPLETE",
                                               "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS",
                                               "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
                                               "UPDATE_ROLLBACK_COMPLETE"));
  EXPECT_EQ(reason, "The following resource(s) failed to update: [Watcher]. ");
  // The replacement topic made during the update is gone again.
  EXPECT_TRUE(provider_.WasDeleted("arn:aws:sns:us-east-1:123456789012:gamma"));
  EXPECT_FALSE(provider_.WasDeleted("arn:aws:sns:us-east-1:123456789012:alpha"));
  std::map<std::string, std::string> parameters;
  for (const auto& p : stack->parameters) parameters[p.key] = p.value;
  EXPECT_EQ(parameters["TopicName"], "alpha");
  // And it can be updated again.
  update.parameters = {P("Display", "three")};
  id = client_.UpdateStack(update);
  ASSERT_TRUE(id) << id.error().message;
  stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
}

TEST_F(EngineTest, NoChangesAreReportedAsCloudFormationDoes) {
  ASSERT_EQ(CreateAndWait("same", kTopicAndQueue).stack_status, "CREATE_COMPLETE");
  aws::UpdateStackRequest update;
  update.stack_name = "same";
  update.template_body = kTopicAndQueue;
  update.parameters = {P("TopicName", "orders")};  // the default: no change
  auto refused = client_.UpdateStack(update);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(cf::IsNoUpdatesError(refused.error())) << refused.error().message;
  EXPECT_EQ(Message(refused.error()), "No updates are to be performed.");

  aws::CreateChangeSetRequest request;
  request.stack_name = "same";
  request.change_set_name = "nothing";
  request.change_set_type = "UPDATE";
  request.template_body = kTopicAndQueue;
  auto created = client_.CreateChangeSet(request);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_THAT(created->id, HasSubstr(":changeSet/nothing/"));
  auto described = client_.DescribeChangeSet(created->id, "");
  ASSERT_TRUE(described) << described.error().message;
  EXPECT_EQ(described->status, "FAILED");
  EXPECT_EQ(described->execution_status, "UNAVAILABLE");
  EXPECT_EQ(described->status_reason,
            "The submitted information didn't contain changes. Submit different information to "
            "create a change set.");
  EXPECT_TRUE(cf::IsEmptyChangeSet(described->status, described->status_reason));
  auto executed = client_.ExecuteChangeSet(created->id, "");
  ASSERT_FALSE(executed);
  EXPECT_EQ(executed.error().code, "InvalidChangeSetStatus");
  ASSERT_TRUE(client_.DeleteChangeSet(created->id, ""));
  auto gone = client_.DescribeChangeSet(created->id, "");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, "ChangeSetNotFound");
}

TEST_F(EngineTest, ChangeSetsDescribeAndExecuteChanges) {
  ASSERT_EQ(CreateAndWait("cs", kTopicAndQueue).stack_status, "CREATE_COMPLETE");
  const std::string changed = R"({
    "Parameters": {"TopicName": {"Type": "String", "Default": "orders"}},
    "Resources": {
      "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "renamed"}},
      "Table": {"Type": "AWS::DynamoDB::Table"}
    },
    "Outputs": {"Table": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}}}
  })";
  aws::CreateChangeSetRequest request;
  request.stack_name = "cs";
  request.change_set_name = "rename";
  request.template_body = changed;
  auto created = client_.CreateChangeSet(request);
  ASSERT_TRUE(created) << created.error().message;
  auto described = client_.DescribeChangeSet("rename", "cs");
  ASSERT_TRUE(described) << described.error().message;
  EXPECT_EQ(described->status, "CREATE_COMPLETE");
  EXPECT_EQ(described->execution_status, "AVAILABLE");
  std::map<std::string, cf::ResourceChange> changes;
  for (const auto& change : described->changes) {
    EXPECT_EQ(change.type, "Resource");
    changes[change.resource_change.logical_resource_id] = change.resource_change;
  }
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes["Topic"].action, "Modify");
  EXPECT_EQ(changes["Topic"].replacement, "True");
  EXPECT_EQ(changes["Topic"].physical_resource_id, "arn:aws:sns:us-east-1:123456789012:orders");
  ASSERT_EQ(changes["Topic"].details.size(), 1u);
  EXPECT_EQ(changes["Topic"].details[0].target_name, "TopicName");
  EXPECT_EQ(changes["Topic"].details[0].requires_recreation, "Always");
  EXPECT_EQ(changes["Table"].action, "Add");
  EXPECT_EQ(changes["Table"].resource_type, "AWS::DynamoDB::Table");
  EXPECT_EQ(changes["Queue"].action, "Remove");

  auto listed = client_.ListChangeSets("cs");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].change_set_name, "rename");

  ASSERT_TRUE(client_.ExecuteChangeSet(created->id, ""));
  auto stack = WaitForStack(client_, "cs");
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(stack->change_set_id, created->id);
  EXPECT_THAT(OutputValue(*stack, "Table"),
              ::testing::StartsWith("arn:aws:dynamodb:us-east-1:123456789012:table/cs-Table-"));
  const auto resources = Resources("cs");
  EXPECT_EQ(resources.size(), 2u);
  EXPECT_FALSE(resources.contains("Queue"));
  auto after = client_.DescribeChangeSet(created->id, "");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->execution_status, "EXECUTE_COMPLETE");
}

TEST_F(EngineTest, CreateTypeChangeSetStartsInReview) {
  aws::CreateChangeSetRequest request;
  request.stack_name = "fresh";
  request.change_set_name = "first";
  request.change_set_type = "CREATE";
  request.template_body = kTopicAndQueue;
  auto created = client_.CreateChangeSet(request);
  ASSERT_TRUE(created) << created.error().message;
  auto review = client_.DescribeStack("fresh");
  ASSERT_TRUE(review);
  EXPECT_EQ(review->stack_status, "REVIEW_IN_PROGRESS");
  EXPECT_EQ(review->stack_id, created->stack_id);
  auto described = client_.DescribeChangeSet(created->id, "");
  ASSERT_TRUE(described);
  EXPECT_EQ(described->changes.size(), 2u);
  ASSERT_TRUE(client_.ExecuteChangeSet("first", "fresh"));
  auto stack = WaitForStack(client_, created->stack_id);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "CREATE_COMPLETE");
  // A second CREATE change set for the existing stack is refused.
  request.change_set_name = "second";
  auto again = client_.CreateChangeSet(request);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "AlreadyExistsException");
  EXPECT_EQ(Message(again.error()), "Stack [fresh] already exists");
}

TEST_F(EngineTest, DeletesInReverseOrderKeepingRetainedResources) {
  const std::string body = R"({
    "Resources": {
      "Kept": {"Type": "AWS::SNS::Topic", "DeletionPolicy": "Retain"},
      "Dropped": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": [
        {"Key": "k", "Value": {"Ref": "Kept"}}]}}
    }
  })";
  const cf::Stack stack = CreateAndWait("del", body);
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE");
  ASSERT_TRUE(client_.DeleteStack({"del", {}, "", ""}));
  auto deleted = WaitForStack(client_, stack.stack_id);
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE");
  EXPECT_FALSE(deleted->deletion_time.empty());
  std::vector<std::string> seen;
  for (const auto& e : Events(stack.stack_id)) {
    if (e.resource_status.starts_with("DELETE")) {
      seen.push_back(e.logical_resource_id + " " + e.resource_status);
    }
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("del DELETE_IN_PROGRESS", "Dropped DELETE_IN_PROGRESS",
                                           "Dropped DELETE_COMPLETE", "Kept DELETE_SKIPPED",
                                           "del DELETE_COMPLETE"));
  auto by_name = client_.DescribeStack("del");
  ASSERT_FALSE(by_name);
  EXPECT_TRUE(cf::IsStackNotFound(by_name.error()));
  // Deleting again (or a stack that never existed) succeeds, as in AWS.
  EXPECT_TRUE(client_.DeleteStack({"del", {}, "", ""}));
  EXPECT_TRUE(client_.DeleteStack({"never-was", {}, "", ""}));
  // ListStacks still shows it, by its status.
  auto listed = Call({{"Action", "ListStacks"}, {"StackStatusFilter.member.1", "DELETE_COMPLETE"}});
  EXPECT_EQ(listed.status, 200);
  EXPECT_THAT(listed.body, HasSubstr(stack.stack_id));
}

TEST_F(EngineTest, AResourceThatCannotBeDeletedFailsTheDelete) {
  const cf::Stack stack =
      CreateAndWait("stuck", R"({"Resources": {"Held": {"Type": "Test::Undeletable"}}})");
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE");
  ASSERT_TRUE(client_.DeleteStack({"stuck", {}, "", ""}));
  auto failed = WaitForStack(client_, stack.stack_id);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->stack_status, "DELETE_FAILED");
  EXPECT_EQ(failed->stack_status_reason, "The following resource(s) failed to delete: [Held]. ");
  EXPECT_EQ(Resources("stuck").at("Held").resource_status_reason, "it is still in use");
  // Retaining it lets the delete finish.
  ASSERT_TRUE(client_.DeleteStack({"stuck", {"Held"}, "", ""}));
  auto deleted = WaitForStack(client_, stack.stack_id);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->stack_status, "DELETE_COMPLETE");
}

TEST_F(EngineTest, ParameterAndCapabilityErrorsAnswerAtOnce) {
  const std::string body = R"({
    "Parameters": {"Stage": {"Type": "String", "AllowedValues": ["dev", "prod"]}},
    "Resources": {"T": {"Type": "AWS::SNS::Topic"}}
  })";
  auto bad = Create("params", body, {P("Stage", "test")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "ValidationError");
  EXPECT_THAT(bad.error().message, HasSubstr("Stage"));
  auto missing = Create("params", body);
  ASSERT_FALSE(missing);
  EXPECT_EQ(Message(missing.error()), "Parameters: [Stage] must have values");
  auto unknown = Create("params", body, {P("Stage", "dev"), P("Nope", "x")});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(Message(unknown.error()), "Parameters: [Nope] do not exist in the template");
  EXPECT_FALSE(client_.DescribeStack("params"));

  const std::string role = R"({"Resources": {"R": {"Type": "AWS::IAM::Role",
    "Properties": {"AssumeRolePolicyDocument": {}}}}})";
  auto no_caps = Create("caps", role);
  ASSERT_FALSE(no_caps);
  EXPECT_EQ(no_caps.error().code, "InsufficientCapabilitiesException");
  EXPECT_EQ(Message(no_caps.error()), "Requires capabilities : [CAPABILITY_IAM]");
  const std::string named = R"({"Resources": {"R": {"Type": "AWS::IAM::Role",
    "Properties": {"RoleName": "fixed", "AssumeRolePolicyDocument": {}}}}})";
  aws::CreateStackRequest request;
  request.stack_name = "caps";
  request.template_body = named;
  request.capabilities = {"CAPABILITY_IAM"};
  auto iam_only = client_.CreateStack(request);
  ASSERT_FALSE(iam_only);
  EXPECT_EQ(Message(iam_only.error()), "Requires capabilities : [CAPABILITY_NAMED_IAM]");
  request.capabilities = {"CAPABILITY_NAMED_IAM"};
  auto ok = client_.CreateStack(request);
  ASSERT_TRUE(ok) << ok.error().message;
  auto stack = WaitForStack(client_, *ok);
  ASSERT_TRUE(stack);
  EXPECT_EQ(stack->stack_status, "CREATE_COMPLETE");
  EXPECT_THAT(stack->capabilities, ::testing::ElementsAre("CAPABILITY_NAMED_IAM"));
  auto again = client_.CreateStack(request);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "AlreadyExistsException");
  EXPECT_EQ(Message(again.error()), "Stack [caps] already exists");
}

TEST_F(EngineTest, TemplateSourcesAndFormatErrors) {
  auto yaml = Create("yaml", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n");
  ASSERT_FALSE(yaml);
  EXPECT_EQ(Message(yaml.error()), "Template format error: sparta-local reads JSON templates only");
  auto broken = Create("json", "{\"Resources\": ");
  ASSERT_FALSE(broken);
  EXPECT_THAT(broken.error().message, ::testing::StartsWith("Template format error"));
  auto empty = Create("json", "{\"Resources\": {}}");
  ASSERT_FALSE(empty);
  EXPECT_EQ(Message(empty.error()),
            "Template format error: At least one Resources member must be defined.");

  // CloudFormation's quotas, refused with its own text (a Sparta build
  // refuses these first; a hand-written template reaches the cloud).
  json::object resources;
  for (int i = 0; i < 501; ++i) {
    resources[std::string("T").append(std::to_string(i))] =
        json::object{{"Type", "AWS::SNS::Topic"}};
  }
  auto too_many = Create("json", json::serialize(json::object{{"Resources", resources}}));
  ASSERT_FALSE(too_many);
  EXPECT_EQ(Message(too_many.error()),
            "Template format error: Number of resources, 501, is greater than maximum allowed, "
            "500");
  json::object outputs;
  for (int i = 0; i < 201; ++i) {
    outputs[std::string("O").append(std::to_string(i))] = json::object{{"Value", "v"}};
  }
  auto too_many_outputs = Create(
      "json", json::serialize(json::object{{"Resources", {{"T", {{"Type", "AWS::SNS::Topic"}}}}},
                                           {"Outputs", outputs}}));
  ASSERT_FALSE(too_many_outputs);
  EXPECT_EQ(Message(too_many_outputs.error()),
            "Template format error: Number of outputs, 201, is greater than maximum allowed, 200");

  objects_["deploy/templates/t.json"] = kTopicAndQueue;
  aws::CreateStackRequest request;
  request.stack_name = "by-url";
  request.template_url = "https://deploy.s3.us-east-1.amazonaws.com/templates/t.json";
  auto virtual_host = client_.CreateStack(request);
  ASSERT_TRUE(virtual_host) << virtual_host.error().message;
  request.stack_name = "by-path";
  request.template_url = "http://127.0.0.1:4566/deploy/templates/t.json";
  auto path_style = client_.CreateStack(request);
  ASSERT_TRUE(path_style) << path_style.error().message;
  request.stack_name = "bad-url";
  request.template_url = "ftp://nowhere/t.json";
  auto bad = client_.CreateStack(request);
  ASSERT_FALSE(bad);
  EXPECT_EQ(Message(bad.error()), "TemplateURL must be a supported URL.");
  request.template_url = "http://127.0.0.1:4566/deploy/missing.json";
  auto missing = client_.CreateStack(request);
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("NoSuchKey"));
  ASSERT_TRUE(WaitForStack(client_, *virtual_host));
  ASSERT_TRUE(WaitForStack(client_, *path_style));

  auto validated = client_.ValidateTemplate(kTopicAndQueue);
  ASSERT_TRUE(validated) << validated.error().message;
  EXPECT_EQ(validated->description, "a topic and a queue");
  ASSERT_EQ(validated->parameters.size(), 2u);
  const std::string role = R"({"Resources": {"R": {"Type": "AWS::IAM::Role"}}})";
  validated = client_.ValidateTemplate(role);
  ASSERT_TRUE(validated);
  EXPECT_THAT(validated->capabilities, ::testing::ElementsAre("CAPABILITY_IAM"));
  EXPECT_EQ(validated->capabilities_reason,
            "The following resource(s) require capabilities: [AWS::IAM::Role]");
}

TEST_F(EngineTest, ExportsAreSharedAndProtected) {
  ASSERT_EQ(CreateAndWait("producer", kTopicAndQueue).stack_status, "CREATE_COMPLETE");
  const std::string consumer = R"({
    "Resources": {"Sub": {"Type": "AWS::SNS::Subscription",
      "Properties": {"TopicArn": {"Fn::ImportValue": "producer-topic"}}}},
    "Outputs": {"Imported": {"Value": {"Fn::ImportValue": "producer-topic"}}}
  })";
  const cf::Stack stack = CreateAndWait("consumer", consumer);
  ASSERT_EQ(stack.stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(OutputValue(stack, "Imported"), "arn:aws:sns:us-east-1:123456789012:orders");

  auto exports = Call({{"Action", "ListExports"}});
  EXPECT_EQ(exports.status, 200);
  EXPECT_THAT(exports.body, HasSubstr("<Name>producer-topic</Name>"));

  auto refused = client_.DeleteStack({"producer", {}, "", ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(Message(refused.error()),
            "Export producer-topic cannot be deleted as it is in use by consumer");

  // The same export from another stack fails that stack's creation.
  const std::string duplicate = R"({
    "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"X": {"Value": "v", "Export": {"Name": "producer-topic"}}}
  })";
  const cf::Stack dup = CreateAndWait("dup", duplicate);
  EXPECT_EQ(dup.stack_status, "ROLLBACK_COMPLETE");
  std::string rollback_reason;
  for (const auto& e : Events("dup")) {
    if (e.resource_status == "ROLLBACK_IN_PROGRESS") rollback_reason = e.resource_status_reason;
  }
  EXPECT_THAT(rollback_reason,
              ::testing::StartsWith("Export with name producer-topic is already exported by "
                                    "stack arn:aws:cloudformation:"));
}

TEST_F(EngineTest, ARestartRollsBackWhatWasInProgress) {
  const std::string body = R"({
    "Resources": {
      "First": {"Type": "AWS::SNS::Topic"},
      "Slow": {"Type": "Test::Slow", "DependsOn": "First"}
    }
  })";
  auto id = Create("interrupted", body);
  ASSERT_TRUE(id) << id.error().message;
  provider_.WaitUntilSlowStarted();
  std::thread releaser([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    provider_.Release();
  });
  engine_->Shutdown();  // waits for the slow creation to reach its commit
  releaser.join();
  auto refused = Call({{"Action", "DescribeStacks"}});
  EXPECT_EQ(refused.status, 503);
  engine_.reset();

  TestProvider fresh;
  OpenEngine(&fresh);
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "ROLLBACK_COMPLETE");
  bool restarted = false;
  for (const auto& e : Events(*id)) {
    if (e.resource_status_reason == "sparta-local restarted during the operation") restarted = true;
  }
  EXPECT_TRUE(restarted);
  for (const auto& [logical, resource] : Resources(*id)) {
    EXPECT_EQ(resource.resource_status, "DELETE_COMPLETE") << logical;
  }
  engine_->Shutdown();
  engine_.reset();
  // Reopened once more, the finished stack is as it was.
  OpenEngine(&provider_);
  auto again = client_.DescribeStack(*id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->stack_status, "ROLLBACK_COMPLETE");
}

TEST_F(EngineTest, ACrashRightAfterACreationStillDeletesWhatWasCreated) {
  auto id = Create("crashed", R"({"Resources": {"Slow": {"Type": "Test::Slow"}}})");
  ASSERT_TRUE(id) << id.error().message;
  provider_.WaitUntilSlowStarted();
  // What the store held while the provider was creating: as if the process
  // had been killed before it could commit the result.
  auto keys = store_->List("cloudformation/stacks");
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  const std::string key = "cloudformation/stacks/" + keys->front();
  auto at_crash = store_->GetDocument(key);
  ASSERT_TRUE(at_crash && *at_crash);
  const std::string planned =
      std::string((**at_crash).at("resources").at("Slow").at("planned_name").as_string());
  EXPECT_THAT(planned, ::testing::MatchesRegex("crashed-Slow-[A-Z0-9]{12}"));
  provider_.Release();
  ASSERT_TRUE(WaitForStack(client_, *id));
  engine_->Shutdown();
  engine_.reset();
  ASSERT_TRUE(store_->PutDocument(key, **at_crash));

  TestProvider fresh;
  fresh.Release();
  OpenEngine(&fresh);
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "ROLLBACK_COMPLETE");
  EXPECT_TRUE(fresh.WasDeleted(planned));
  engine_->Shutdown();
  engine_.reset();
  OpenEngine(&provider_);
}

TEST_F(EngineTest, ARestartDuringAnUpdateRollsItBack) {
  const std::string before = R"({"Resources": {"First": {"Type": "AWS::SNS::Topic",
    "Properties": {"TopicName": "first"}}}})";
  const cf::Stack created = CreateAndWait("upd-restart", before);
  ASSERT_EQ(created.stack_status, "CREATE_COMPLETE");
  const std::string after = R"({"Resources": {
    "First": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "renamed"}},
    "Slow": {"Type": "Test::Slow", "DependsOn": "First"}}})";
  aws::UpdateStackRequest update;
  update.stack_name = "upd-restart";
  update.template_body = after;
  auto id = client_.UpdateStack(update);
  ASSERT_TRUE(id) << id.error().message;
  provider_.WaitUntilSlowStarted();
  // While it runs, the stack cannot be updated again.
  auto busy = client_.UpdateStack(update);
  ASSERT_FALSE(busy);
  EXPECT_EQ(Message(busy.error()), "Stack:" + created.stack_id +
                                       " is in UPDATE_IN_PROGRESS state and can not be updated.");
  std::thread releaser([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    provider_.Release();
  });
  engine_->Shutdown();
  releaser.join();
  engine_.reset();

  TestProvider fresh;
  OpenEngine(&fresh);
  auto stack = WaitForStack(client_, *id);
  ASSERT_TRUE(stack) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "UPDATE_ROLLBACK_COMPLETE");
  const auto resources = Resources(*id);
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_EQ(resources.at("First").physical_resource_id, "arn:aws:sns:us-east-1:123456789012:first");
  EXPECT_TRUE(fresh.WasDeleted("arn:aws:sns:us-east-1:123456789012:renamed"));
  auto tmpl = client_.GetTemplate(*id);
  ASSERT_TRUE(tmpl);
  EXPECT_EQ(tmpl->template_body, before);
  engine_->Shutdown();
  engine_.reset();
  OpenEngine(&provider_);
}

TEST_F(EngineTest, ManyEventsArePaged) {
  std::string body = R"({"Resources": {)";
  for (int i = 0; i < 40; ++i) {
    if (i > 0) body += ",";
    body += "\"T" + std::to_string(i) + "\": {\"Type\": \"AWS::SNS::Topic\"}";
  }
  body += "}}";
  ASSERT_EQ(CreateAndWait("many", body).stack_status, "CREATE_COMPLETE");
  auto first = client_.DescribeStackEvents("many");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->items.size(), 100u);
  EXPECT_FALSE(first->next_token.empty());
  EXPECT_EQ(first->items.front().resource_status, "CREATE_COMPLETE");
  EXPECT_EQ(first->items.front().logical_resource_id, "many");
  const auto all = Events("many");
  EXPECT_EQ(all.size(), 2u + 40u * 3u);
  EXPECT_EQ(all.front().resource_status, "CREATE_IN_PROGRESS");
}

TEST_F(EngineTest, BadRequestsGetErrorsNotCrashes) {
  auto unknown = Call({{"Action", "LaunchRockets"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("<Code>InvalidAction</Code>"));
  EXPECT_EQ(Call({}).status, 400);
  for (const char* action :
       {"CreateStack", "UpdateStack", "DeleteStack", "DescribeStackEvents", "ListStackResources",
        "DescribeStackResources", "DescribeStackResource", "GetTemplate", "ValidateTemplate",
        "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet", "DeleteChangeSet",
        "ListChangeSets"}) {
    auto response = Call({{"Action", action}});
    EXPECT_GE(response.status, 400) << action;
    EXPECT_LT(response.status, 500) << action << ": " << response.body;
  }
  auto missing = Call({{"Action", "DescribeStacks"}, {"StackName", "nope"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(missing.body, HasSubstr("Stack with id nope does not exist"));
  auto no_change_set =
      Call({{"Action", "DescribeChangeSet"}, {"ChangeSetName", "x"}, {"StackName", "nope"}});
  EXPECT_EQ(no_change_set.status, 404);
  EXPECT_THAT(no_change_set.body, HasSubstr("ChangeSetNotFound"));
  CloudRequest garbage;
  garbage.body = "%%%&&&==Action=%ZZ&Parameters.member.x.ParameterKey=&Tags.member.1";
  EXPECT_EQ(engine_->HandleQuery(garbage).status, 400);
  auto odd = Call({{"Action", "CreateStack"},
                   {"StackName", "odd"},
                   {"TemplateBody", "{\"Resources\": {\"X\": {\"Type\": 5}}}"}});
  EXPECT_GE(odd.status, 400);
  EXPECT_LT(odd.status, 500) << odd.body;
  auto listed = Call({{"Action", "DescribeStacks"}, {"NextToken", "garbage"}});
  EXPECT_EQ(listed.status, 200);
}

TEST_F(EngineTest, RandomRequestsNeverCrashOrFailInternally) {
  std::mt19937 random(12345);
  const std::vector<std::string> actions = {"CreateStack",
                                            "UpdateStack",
                                            "DeleteStack",
                                            "DescribeStacks",
                                            "ListStacks",
                                            "DescribeStackEvents",
                                            "ListStackResources",
                                            "DescribeStackResources",
                                            "DescribeStackResource",
                                            "GetTemplate",
                                            "ValidateTemplate",
                                            "ListExports",
                                            "CreateChangeSet",
                                            "DescribeChangeSet",
                                            "ExecuteChangeSet",
                                            "DeleteChangeSet",
                                            "ListChangeSets"};
  const std::vector<std::string> templates = {
      kTopicAndQueue,
      kFailing,
      kUpdatable,
      "{}",
      "[]",
      "{\"Resources\": []}",
      "null",
      "",
      "{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"DependsOn\": \"A\"}}}",
      "{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": "
      "{\"X\": {\"Fn::GetAtt\": [\"B\"]}}}}}",
      "{\"Conditions\": {\"C\": {\"Fn::Equals\": [1]}}, \"Resources\": {\"A\": "
      "{\"Type\": \"T::T\", \"Condition\": \"C\"}}}"};
  const std::vector<std::string> names = {"a", "b", "", "9bad", "arn:aws:cloudformation:x", "cs"};
  const auto pick = [&](const auto& items) { return items[random() % items.size()]; };
  for (int i = 0; i < 300; ++i) {
    std::vector<std::pair<std::string, std::string>> fields = {{"Action", pick(actions)}};
    if (random() % 4 != 0) fields.emplace_back("StackName", pick(names));
    if (random() % 2 == 0) fields.emplace_back("TemplateBody", pick(templates));
    if (random() % 3 == 0) fields.emplace_back("ChangeSetName", pick(names));
    if (random() % 3 == 0) fields.emplace_back("ChangeSetType", random() % 2 ? "CREATE" : "X");
    if (random() % 3 == 0) fields.emplace_back("UsePreviousTemplate", "true");
    if (random() % 3 == 0) fields.emplace_back("Parameters.member.1.ParameterKey", pick(names));
    if (random() % 3 == 0) fields.emplace_back("Parameters.member.1.UsePreviousValue", "true");
    if (random() % 4 == 0) fields.emplace_back("Capabilities.member.1", "CAPABILITY_IAM");
    if (random() % 4 == 0) fields.emplace_back("NextToken", pick(names));
    if (random() % 5 == 0) fields.emplace_back("TemplateURL", "http://h/" + pick(names));
    const CloudResponse response = Call(fields);
    ASSERT_LT(response.status, 500) << response.body;
  }
}

}  // namespace
}  // namespace sparta::local_cloud::cfn
