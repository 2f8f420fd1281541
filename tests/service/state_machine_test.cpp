// State machines: the Amazon States Language they become, the role that may
// invoke exactly their functions, and the definitions Step Functions would
// refuse, named by machine and state.

#include "sparta/service/state_machine.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sparta/service/synthesize.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

using testing::MakeFunction;
namespace step = sparta::step;

json::value J(std::string_view text) { return json::parse(text); }

// Check -> Valid? -> Charge | Rejected, as a shop would write it.
step::StateMachine Orders(const Function& check, const Function& charge) {
  return step::StateMachine{
      "Orders",
      {.start_at = "Check",
       .states =
           {{"Check", step::Task{.function = check, .next = "Valid?"}},
            {"Valid?", step::Choice{.choices = {{step::BooleanEquals("$.valid", true), "Charge"}},
                                    .otherwise = "Rejected"}},
            {"Charge",
             step::Task{.function = charge,
                        .end = true,
                        .retry = {step::Retry{.errors = {"States.TaskFailed"}, .max_attempts = 2}},
                        .catch_errors = {{.next = "Rejected", .result_path = "$.error"}},
                        .timeout = std::chrono::seconds(30)}},
            {"Rejected", step::Fail{.error = "InvalidOrder", .cause = "check failed"}}}},
      {.comment = "orders, checked then charged"}};
}

Service Shop() {
  Service s;
  s.name = "shop";
  Function check = MakeFunction("Check");
  Function charge = MakeFunction("Charge");
  s.functions = {check, charge};
  s.state_machines = {Orders(check, charge)};
  return s;
}

std::string Problems(const Service& s) {
  auto t = Synthesize(s);
  return t.ok() ? std::string("(no error)") : t.error().message;
}

TEST(StateMachines, BecomeStatesLanguageWithTheFunctionsArnsSubstituted) {
  auto t = Synthesize(Shop());
  ASSERT_TRUE(t.ok()) << t.error().message;
  const json::value resources = t->ToJson().at("Resources");
  EXPECT_EQ(resources.at("OrdersStateMachine"), J(R"({
    "Type": "AWS::StepFunctions::StateMachine",
    "Properties": {
      "StateMachineName": {"Fn::Sub": "${AWS::StackName}-Orders"},
      "StateMachineType": "STANDARD",
      "Definition": {
        "Comment": "orders, checked then charged",
        "StartAt": "Check",
        "States": {
          "Check": {"Type": "Task", "Resource": "${CheckFunctionArn}", "Next": "Valid?"},
          "Valid?": {"Type": "Choice",
                     "Choices": [{"Variable": "$.valid", "BooleanEquals": true, "Next": "Charge"}],
                     "Default": "Rejected"},
          "Charge": {"Type": "Task", "Resource": "${ChargeFunctionArn}", "TimeoutSeconds": 30,
                     "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1,
                                "MaxAttempts": 2, "BackoffRate": 2.0}],
                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Rejected",
                                "ResultPath": "$.error"}],
                     "End": true},
          "Rejected": {"Type": "Fail", "Error": "InvalidOrder", "Cause": "check failed"}}},
      "DefinitionSubstitutions": {
        "CheckFunctionArn": {"Fn::GetAtt": ["CheckFunction", "Arn"]},
        "ChargeFunctionArn": {"Fn::GetAtt": ["ChargeFunction", "Arn"]}},
      "RoleArn": {"Fn::GetAtt": ["OrdersStateMachineRole", "Arn"]}}})"));
  // Its role may invoke its two functions, and nothing else.
  EXPECT_EQ(resources.at("OrdersStateMachineRole"), J(R"({
    "Type": "AWS::IAM::Role",
    "Properties": {
      "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
      "Policies": [{"PolicyName": "Orders-states-policy", "PolicyDocument": {
          "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Action": ["lambda:InvokeFunction"],
              "Resource": [{"Fn::GetAtt": ["CheckFunction", "Arn"]},
                           {"Fn::GetAtt": ["ChargeFunction", "Arn"]}]}]}}]}})"));
}

// Parallel branches and a Map's item processor are scopes of their own;
// functions used in several places are substituted (and allowed) once.
TEST(StateMachines, NestedScopesWaitsAndPassesAreWrittenToo) {
  Service s;
  s.name = "batch";
  Function work = MakeFunction("Work");
  s.functions = {work};
  step::Branch each{.start_at = "One",
                    .states = {{"One", step::Task{.function = "Work", .end = true}}}};
  s.state_machines = {step::StateMachine{
      "Batch",
      {.start_at = "Pause",
       .states = {{"Pause", step::Wait{.seconds = std::chrono::seconds(5), .next = "Both"}},
                  {"Both", step::Parallel{.branches = {each, each}, .next = "Items"}},
                  {"Items", step::Map{.processor = each,
                                      .items_path = "$.items",
                                      .max_concurrency = 4,
                                      .next = "Tag"}},
                  {"Tag", step::Pass{.result = J(R"({"done": true})"),
                                     .next = "Done",
                                     .result_path = "$.status"}},
                  {"Done", step::Succeed{}}}},
      {.type = step::MachineType::kExpress,
       .privileges = {{.actions = {"sns:Publish"},
                       .resources = {"arn:aws:sns:us-east-1:123456789012:done"}}}}}};
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const json::value machine = t->ToJson().at("Resources").at("BatchStateMachine");
  EXPECT_EQ(machine.at("Properties").at("StateMachineType"), "EXPRESS");
  const json::value states = machine.at("Properties").at("Definition").at("States");
  EXPECT_EQ(states.at("Pause"), J(R"({"Type": "Wait", "Seconds": 5, "Next": "Both"})"));
  const json::value branch = J(R"({"StartAt": "One", "States": {"One": {"Type": "Task",
      "Resource": "${WorkFunctionArn}", "End": true}}})");
  EXPECT_EQ(states.at("Both"), json::value({{"Type", "Parallel"},
                                            {"Branches", json::array{branch, branch}},
                                            {"Next", "Items"}}));
  json::object processor = branch.as_object();
  processor["ProcessorConfig"] = J(R"({"Mode": "INLINE"})");
  EXPECT_EQ(states.at("Items"), json::value({{"Type", "Map"},
                                             {"ItemProcessor", processor},
                                             {"ItemsPath", "$.items"},
                                             {"MaxConcurrency", 4},
                                             {"Next", "Tag"}}));
  EXPECT_EQ(states.at("Tag"), J(R"({"Type": "Pass", "Result": {"done": true},
                                    "ResultPath": "$.status", "Next": "Done"})"));
  EXPECT_EQ(machine.at("Properties").at("DefinitionSubstitutions"),
            J(R"({"WorkFunctionArn": {"Fn::GetAtt": ["WorkFunction", "Arn"]}})"));
  EXPECT_EQ(
      json::value(testing::RoleStatements(t->ToJson().at("Resources"), "BatchStateMachineRole")),
      J(R"([{"Effect": "Allow", "Action": ["lambda:InvokeFunction"],
                   "Resource": [{"Fn::GetAtt": ["WorkFunction", "Arn"]}]},
                  {"Effect": "Allow", "Action": ["sns:Publish"],
                   "Resource": ["arn:aws:sns:us-east-1:123456789012:done"]}])"));
}

// A function that starts executions gets exactly that privilege.
TEST(StateMachines, AFunctionMayStartExecutionsOfOne) {
  Service s = Shop();
  s.functions.push_back(MakeFunction(
      "Starter", {}, IamRoleDefinition{.privileges = {s.state_machines[0].StartExecution()}}));
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const json::array statements =
      testing::RoleStatements(t->ToJson().at("Resources"), "StarterRole");
  EXPECT_EQ(statements.back(), J(R"({"Effect": "Allow", "Action": ["states:StartExecution"],
                                     "Resource": [{"Ref": "OrdersStateMachine"}]})"));
}

TEST(StateMachines, DefinitionsStepFunctionsWouldRefuseAreNamed) {
  Function check = MakeFunction("Check");
  auto problems_of = [&](step::Branch definition, step::StateMachineOptions options = {}) {
    Service s;
    s.name = "shop";
    s.functions = {check};
    s.state_machines = {step::StateMachine{"Orders", std::move(definition), std::move(options)}};
    return Problems(s);
  };
  const step::NamedState done{"Done", step::Succeed{}};
  struct Case {
    step::Branch definition;
    std::string says;
  };
  const Case cases[] = {
      {{.start_at = "Nope", .states = {done}},
       "state machine \"Orders\": StartAt \"Nope\" is not a state here; its states: \"Done\""},
      {{.start_at = "A", .states = {{"A", step::Task{.function = "Chekc", .end = true}}}},
       "state \"A\": function \"Chekc\" is not a function of this service; its functions: "
       "\"Check\""},
      {{.start_at = "A", .states = {{"A", step::Task{.function = check}}}},
       "state \"A\": neither goes on nor ends"},
      {{.start_at = "A",
        .states = {{"A", step::Task{.function = check, .next = "Done", .end = true}}, done}},
       "state \"A\": has both `.next` and `.end`"},
      {{.start_at = "A", .states = {{"A", step::Pass{.next = "Gone"}}, done}},
       "state \"A\": next state \"Gone\" is not a state here; its states: \"A\" \"Done\""},
      {{.start_at = "Done", .states = {done, {"Orphan", step::Pass{.end = true}}}},
       "state \"Orphan\": is not reachable from StartAt"},
      {{.start_at = "W", .states = {{"W", step::Wait{.next = "Done"}}, done}},
       "state \"W\": gives 0 of `.seconds`, `.timestamp`"},
      {{.start_at = "C", .states = {{"C", step::Choice{}}, done}}, "state \"C\": has no rules"},
      {{.start_at = "A",
        .states = {{"A", step::Task{.function = check,
                                    .end = true,
                                    .retry = {step::Retry{.max_attempts = -1, .backoff_rate = 0.5}},
                                    .timeout = std::chrono::seconds(10),
                                    .heartbeat = std::chrono::seconds(10)}}}},
       "retrier 1 has -1 attempts"},
      {{.start_at = "A",
        .states = {{"A", step::Task{.function = check,
                                    .end = true,
                                    .timeout = std::chrono::seconds(10),
                                    .heartbeat = std::chrono::seconds(10)}}}},
       "the heartbeat (10 s) is not shorter than the timeout (10 s)"},
      {{.start_at = "P",
        .states = {{"P", step::Parallel{.branches = {step::Branch{.start_at = "X", .states = {}}},
                                        .end = true}}}},
       "state machine \"Orders\", state \"P\", branch: has no states"},
      {{.start_at = "L", .states = {{"L", step::Pass{.next = "L"}}}},
       "has no state that ends the execution"},
      {{.start_at = "A", .states = {{"A", step::Task{.resource = "sns:publish", .end = true}}}},
       "resource \"sns:publish\" is not an ARN"},
  };
  for (const Case& c : cases) {
    const std::string problems = problems_of(c.definition);
    EXPECT_NE(problems.find(c.says), std::string::npos) << c.says << "\n in: " << problems;
  }
  EXPECT_NE(
      problems_of({.start_at = "Done", .states = {done}},
                  {.privileges = {{.actions = {"states:StartExecutoin"}, .resources = {"*"}}}})
          .find("state machine \"Orders\": privilege 1 action \"states:StartExecutoin\""),
      std::string::npos);
  Service twice = Shop();
  twice.state_machines.push_back(twice.state_machines[0]);
  EXPECT_NE(Problems(twice).find("two state machines are named \"Orders\""), std::string::npos);
}

}  // namespace
}  // namespace sparta
