// The pure parts of provisioning: reading the template, parsing KEY=VALUE
// lists, naming change sets, recognising conflicts, and explaining failures.

#include <gtest/gtest.h>

#include <regex>

#include "sparta/deploy/provision.hpp"

#include "deploy/progress_reporter.hpp"
#include "deploy/provision_template.hpp"
#include "deploy/stack_change_set.hpp"
#include "deploy/stack_wait.hpp"

namespace sparta::deploy::detail {
namespace {

namespace cf = aws::cloudformation;

TEST(InspectTemplate, CapabilitiesFollowTheIamResources) {
  auto none = InspectTemplate(R"({"Resources":{"T":{"Type":"AWS::SNS::Topic"}}})");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->capabilities.empty());

  auto iam = InspectTemplate(R"({"Parameters":{"B":{"Type":"String"},"A":{"Type":"String"}},
    "Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"Path":"/"}},
                 "P":{"Type":"AWS::IAM::Policy","Properties":{"PolicyName":"named-but-not-IAM-named"}}}})");
  ASSERT_TRUE(iam) << iam.error().message;
  EXPECT_EQ(iam->capabilities, std::vector<std::string>{"CAPABILITY_IAM"});
  EXPECT_EQ(iam->parameters, (std::vector<std::string>{"B", "A"}));
  ASSERT_EQ(iam->resources.size(), 2u);
  EXPECT_EQ(iam->resources[0].action, "Add");
  EXPECT_EQ(iam->resources[0].logical_id, "R");
  EXPECT_EQ(iam->resources[0].resource_type, "AWS::IAM::Role");

  for (const char* named :
       {R"({"Type":"AWS::IAM::Role","Properties":{"RoleName":"x"}})",
        R"({"Type":"AWS::IAM::User","Properties":{"UserName":"x"}})",
        R"({"Type":"AWS::IAM::Group","Properties":{"GroupName":"x"}})",
        R"({"Type":"AWS::IAM::ManagedPolicy","Properties":{"ManagedPolicyName":"x"}})",
        R"({"Type":"AWS::IAM::InstanceProfile","Properties":{"InstanceProfileName":"x"}})"}) {
    auto facts = InspectTemplate(std::string(R"({"Resources":{"N":)") + named + "}}");
    ASSERT_TRUE(facts) << facts.error().message;
    EXPECT_EQ(facts->capabilities,
              (std::vector<std::string>{"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"}))
        << named;
  }

  auto transform = InspectTemplate(
      R"({"Transform":"AWS::Serverless-2016-10-31","Resources":{"F":{"Type":"AWS::Serverless::Function"}}})");
  ASSERT_TRUE(transform) << transform.error().message;
  EXPECT_EQ(transform->capabilities, std::vector<std::string>{"CAPABILITY_AUTO_EXPAND"});
}

TEST(InspectTemplate, RejectsWhatIsNoTemplate) {
  for (const char* text : {"", "[]", "{\"Resources\": 3}", "{}",
                           R"({"Resources":{"X":{"Properties":{}}}})", "{\"Resources\":"}) {
    auto facts = InspectTemplate(text);
    ASSERT_FALSE(facts) << text;
    EXPECT_EQ(facts.error().code, "InvalidTemplate") << text;
    EXPECT_NE(facts.error().message.find("build"), std::string::npos) << facts.error().message;
  }
}

TEST(ParseKeyValues, SplitsAtTheFirstEqualsSign) {
  auto parsed = ParseKeyValues({"Stage=prod", "Empty=", "Url=a=b"}, "parameter");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0].key, "Stage");
  EXPECT_EQ((*parsed)[0].value, "prod");
  EXPECT_EQ((*parsed)[1].value, "");
  EXPECT_EQ((*parsed)[2].key, "Url");
  EXPECT_EQ((*parsed)[2].value, "a=b");

  for (const char* bad : {"novalue", "=value"}) {
    auto refused = ParseKeyValues({bad}, "tag");
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, "InvalidArgument");
    EXPECT_NE(refused.error().message.find(std::string("tag \"") + bad), std::string::npos)
        << refused.error().message;
  }
  auto twice = ParseKeyValues({"A=1", "A=2"}, "parameter");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("twice"), std::string::npos);
}

TEST(ChangeSetName, IsValidForCloudFormationAndUnique) {
  const std::regex valid("sparta-[0-9]{8}T[0-9]{6}-[0-9a-f]{6}");
  const std::string first = NewChangeSetName();
  EXPECT_TRUE(std::regex_match(first, valid)) << first;
  EXPECT_NE(first, NewChangeSetName());
}

TEST(IsConflict, RecognisesWhatAnotherOperationCauses) {
  EXPECT_TRUE(IsConflict({"OperationInProgressException", "Another Operation on StackSet"}));
  EXPECT_TRUE(IsConflict(
      {"InvalidChangeSetStatus", "Cannot delete ChangeSet in status CREATE_IN_PROGRESS"}));
  EXPECT_TRUE(IsConflict({"ChangeSetNotFound", "ChangeSet [x] does not exist"}));
  EXPECT_TRUE(IsConflict({"ValidationError",
                          "Stack:arn:aws:cloudformation:us-east-1:1:stack/a/b is in "
                          "UPDATE_IN_PROGRESS state and can not be updated. (HTTP 400)"}));
  // CreateStack's answer when another deploy created the stack first (AWS, moto).
  EXPECT_TRUE(IsConflict({"AlreadyExistsException", "Stack [demo] already exists"}));
  EXPECT_TRUE(IsConflict({"AlreadyExistsException", "Stack demo already exists"}));
  EXPECT_TRUE(IsConflict({"ValidationError",
                          "Stack [demo] already exists and cannot be created again with the "
                          "changeSet [x]."}));
  EXPECT_FALSE(IsConflict({"ValidationError", "Template format error: unknown resource type"}));
  EXPECT_FALSE(IsConflict({"InsufficientCapabilitiesException", "Requires capabilities"}));
  EXPECT_FALSE(IsConflict({"Throttling", "Rate exceeded"}));
}

cf::StackEvent Event(std::string logical_id, std::string type, std::string status,
                     std::string reason = "") {
  cf::StackEvent event;
  event.stack_name = "demo";
  event.logical_resource_id = std::move(logical_id);
  event.resource_type = std::move(type);
  event.resource_status = std::move(status);
  event.resource_status_reason = std::move(reason);
  return event;
}

// A failed creation as AWS reports it, oldest first.
std::vector<cf::StackEvent> FailedCreation() {
  return {
      Event("demo", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
      Event("HelloRole", "AWS::IAM::Role", "CREATE_IN_PROGRESS"),
      Event("HelloLogGroup", "AWS::Logs::LogGroup", "CREATE_IN_PROGRESS"),
      Event("HelloLogGroup", "AWS::Logs::LogGroup", "CREATE_FAILED",
            "Resource handler returned message: \"Invalid retention value\""),
      Event("HelloRole", "AWS::IAM::Role", "CREATE_FAILED", "Resource creation cancelled"),
      Event("demo", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
            "The following resource(s) failed to create: [HelloRole, HelloLogGroup]. "),
      Event("HelloLogGroup", "AWS::Logs::LogGroup", "DELETE_COMPLETE"),
      Event("HelloRole", "AWS::IAM::Role", "DELETE_COMPLETE"),
      Event("demo", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE"),
  };
}

TEST(FailedResources, KeepsTheCausesNotTheCancellations) {
  const auto failed = FailedResources(FailedCreation());
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].logical_id, "HelloLogGroup");
  EXPECT_EQ(failed[0].resource_type, "AWS::Logs::LogGroup");
  EXPECT_EQ(failed[0].status, "CREATE_FAILED");
  EXPECT_EQ(failed[0].reason, "Resource handler returned message: \"Invalid retention value\"");
}

TEST(StackFailureError, ListsEachFailedResourceTheStatusAndWhatToDo) {
  cf::Stack stack;
  stack.stack_name = "demo";
  stack.stack_status = "ROLLBACK_COMPLETE";
  const Error error = StackFailureError("creating stack demo", stack, FailedCreation());
  EXPECT_EQ(error.code, "StackFailed");
  EXPECT_NE(error.message.find("creating stack demo failed; it is now ROLLBACK_COMPLETE"),
            std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("HelloLogGroup (AWS::Logs::LogGroup) CREATE_FAILED: Resource "
                               "handler returned message: \"Invalid retention value\""),
            std::string::npos)
      << error.message;
  EXPECT_EQ(error.message.find("HelloRole"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("provision again"), std::string::npos) << error.message;

  stack.stack_status = "UPDATE_ROLLBACK_FAILED";
  const Error stuck = StackFailureError("updating stack demo", stack, {});
  EXPECT_NE(stuck.message.find("continue-update-rollback --stack-name demo"), std::string::npos)
      << stuck.message;
  EXPECT_NE(stuck.message.find("no resource reported a failure"), std::string::npos);

  stack.stack_status = "DELETE_FAILED";
  const Error undeletable =
      StackFailureError("deleting stack demo", stack,
                        {Event("Site", "AWS::S3::Bucket", "DELETE_FAILED",
                               "The bucket you tried to delete is not empty")});
  EXPECT_EQ(undeletable.code, "StackDeleteFailed");
  EXPECT_NE(undeletable.message.find("Site (AWS::S3::Bucket) DELETE_FAILED: The bucket you tried "
                                     "to delete is not empty"),
            std::string::npos)
      << undeletable.message;
}

TEST(Naming, BucketsPrefixesOutcomesAndSizes) {
  EXPECT_EQ(DefaultArtifactBucket("123456789012", "eu-west-1"),
            "sparta-artifacts-123456789012-eu-west-1");
  EXPECT_EQ(ArtifactPrefix("hello-prod"), "sparta/hello-prod/");
  EXPECT_EQ(ProvisionOutcomeName(ProvisionOutcome::kNoChanges), "no-changes");
  EXPECT_EQ(ProgressKindName(ProgressKind::kStackEvent), "stack_event");
  EXPECT_EQ(HumanBytes(512), "512 B");
  EXPECT_EQ(HumanBytes(1536 * 1024), "1.5 MiB");
  EXPECT_EQ(HumanDuration(std::chrono::milliseconds(12345)), "12.3 s");
  EXPECT_EQ(HumanDuration(std::chrono::milliseconds(125000)), "2 min 5 s");
}

}  // namespace
}  // namespace sparta::deploy::detail
