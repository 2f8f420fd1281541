#pragma once
// Step Functions state machines whose tasks are the service's functions:
// declared as C++ values, written as Amazon States Language into an
// AWS::StepFunctions::StateMachine, with a role that may invoke exactly the
// functions its tasks name (plus the privileges its other tasks need).
//
// `build` checks the definition as Step Functions would when it is created:
// every transition names a state of its scope, every state is reachable,
// each state ends or goes on (not both), tasks name a function of the
// service or a resource ARN, retriers and waits are in range.
//
// **Example**:
//   namespace step = sparta::step;
//   sparta::Function check{"Check", Check}, charge{"Charge", Charge};
//   step::StateMachine orders{"Orders", {
//       .start_at = "Check",
//       .states = {
//           {"Check", step::Task{.function = check, .next = "Valid?"}},
//           {"Valid?", step::Choice{
//                .choices = {{step::BooleanEquals("$.valid", true), "Charge"}},
//                .otherwise = "Rejected"}},
//           {"Charge", step::Task{.function = charge, .end = true,
//                                 .retry = {step::Retry{.errors = {"States.TaskFailed"}}}}},
//           {"Rejected", step::Fail{.error = "InvalidOrder"}}}}};
//   sparta::Service service{.name = "Shop", .functions = {check, charge},
//                           .state_machines = {orders}};

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/json/json.hpp"
#include "sparta/service/function.hpp"
#include "sparta/service/iam.hpp"

namespace sparta::step {

struct NamedState;

/// A scope of states: the machine itself, a Parallel branch, a Map's
/// item processor.
struct Branch {
  std::string start_at{};
  std::vector<NamedState> states{};
};

/// Retries a failing Task, Parallel or Map (ASL's Retrier).
struct Retry {
  std::vector<std::string> errors = {"States.ALL"};  // ErrorEquals
  int interval_seconds = 1;                          // 1..99999999
  int max_attempts = 3;                              // 0..99999999
  double backoff_rate = 2.0;                         // >= 1.0
  std::optional<int> max_delay_seconds{};            // 1..31622400
};

/// Goes to `next` when the errors are not retried (ASL's Catcher).
struct Catch {
  std::vector<std::string> errors = {"States.ALL"};
  std::string next{};
  std::string result_path{};  // where the error goes in the input; empty: "$"
};

/// One of the service's functions, by its declaration or its name.
struct FunctionRef {
  FunctionRef() = default;
  FunctionRef(const Function& f) : name(f.name) {}                  // NOLINT: implicit by design
  FunctionRef(std::string function) : name(std::move(function)) {}  // NOLINT
  FunctionRef(const char* function) : name(function) {}             // NOLINT
  std::string name{};
};

/// A task: one of the service's functions (`.function = charge` or by
/// name), or another resource (`.resource = "arn:aws:states:::sns:publish"`
/// with `.parameters`; give the machine the privileges it needs).
struct Task {
  FunctionRef function{};
  std::string resource{};
  json::value parameters = nullptr;
  std::string next{};
  bool end = false;
  std::vector<Retry> retry{};
  std::vector<Catch> catch_errors{};
  std::optional<std::chrono::seconds> timeout{};    // TimeoutSeconds
  std::optional<std::chrono::seconds> heartbeat{};  // HeartbeatSeconds, < timeout
  std::string input_path{};
  std::string result_path{};
  json::value result_selector = nullptr;
  std::string output_path{};
  std::string comment{};
};

/// Passes its input on, or `result` in its place (at `result_path`).
struct Pass {
  json::value result = nullptr;
  json::value parameters = nullptr;
  std::string next{};
  bool end = false;
  std::string input_path{};
  std::string result_path{};
  std::string output_path{};
  std::string comment{};
};

/// Waits a duration or until a time; exactly one of the four.
struct Wait {
  std::optional<std::chrono::seconds> seconds{};
  std::string timestamp{};       // "2026-12-24T18:00:00Z"
  std::string seconds_path{};    // "$.delay"
  std::string timestamp_path{};  // "$.until"
  std::string next{};
  bool end = false;
  std::string input_path{};
  std::string output_path{};
  std::string comment{};
};

/// One rule of a Choice: a condition (the helpers below, or an ASL rule
/// object without "Next") and where it leads.
struct ChoiceRule {
  json::value condition = nullptr;
  std::string next{};
};

/// Goes to the first rule that holds, else to `otherwise` (ASL's Default;
/// empty: no rule holding fails the execution with States.NoChoiceMatched).
struct Choice {
  std::vector<ChoiceRule> choices{};
  std::string otherwise{};
  std::string input_path{};
  std::string output_path{};
  std::string comment{};
};

/// Ends the execution successfully.
struct Succeed {
  std::string input_path{};
  std::string output_path{};
  std::string comment{};
};

/// Ends the execution with an error.
struct Fail {
  std::string error{};
  std::string cause{};
  std::string comment{};
};

/// Runs its branches on the same input at once; the output is their
/// outputs, in order.
struct Parallel {
  std::vector<Branch> branches{};
  std::string next{};
  bool end = false;
  std::vector<Retry> retry{};
  std::vector<Catch> catch_errors{};
  std::string input_path{};
  std::string result_path{};
  std::string output_path{};
  std::string comment{};
};

/// Runs `processor` for each item of the array at `items_path`.
struct Map {
  Branch processor{};        // ItemProcessor (inline mode)
  std::string items_path{};  // empty: "$"
  json::value item_selector = nullptr;
  int max_concurrency = 0;  // 0: as many as Step Functions allows
  std::string next{};
  bool end = false;
  std::vector<Retry> retry{};
  std::vector<Catch> catch_errors{};
  std::string input_path{};
  std::string result_path{};
  std::string output_path{};
  std::string comment{};
};

using State = std::variant<Task, Pass, Wait, Choice, Succeed, Fail, Parallel, Map>;

struct NamedState {
  std::string name{};  // 1..80 characters, unique in its scope
  State state{};
};

// Choice conditions: ASL comparison rules on the value at `variable`
// ("$.order.total").
json::value StringEquals(std::string_view variable, std::string_view value);
json::value StringMatches(std::string_view variable, std::string_view pattern);  // '*' wildcards
json::value NumericEquals(std::string_view variable, double value);
json::value NumericLessThan(std::string_view variable, double value);
json::value NumericLessThanEquals(std::string_view variable, double value);
json::value NumericGreaterThan(std::string_view variable, double value);
json::value NumericGreaterThanEquals(std::string_view variable, double value);
json::value BooleanEquals(std::string_view variable, bool value);
json::value IsPresent(std::string_view variable, bool present = true);
json::value And(std::vector<json::value> conditions);
json::value Or(std::vector<json::value> conditions);
json::value Not(json::value condition);

enum class MachineType { kStandard, kExpress };

struct StateMachineOptions {
  MachineType type = MachineType::kStandard;
  std::string comment{};
  std::optional<std::chrono::seconds> timeout{};  // the execution's TimeoutSeconds
  /// What its tasks other than the service's functions need (e.g.
  /// sns:Publish on a topic for an "arn:aws:states:::sns:publish" task).
  std::vector<IamPrivilege> privileges{};
};

/// A state machine of the service. Its resources: `<Name>StateMachine`
/// (named "${AWS::StackName}-<Name>") and `<Name>StateMachineRole`.
class StateMachine {
 public:
  StateMachine(std::string name, Branch definition, StateMachineOptions options = {})
      : name_(std::move(name)), definition_(std::move(definition)), options_(std::move(options)) {}

  const std::string& name() const { return name_; }
  const Branch& definition() const { return definition_; }
  const StateMachineOptions& options() const { return options_; }

  std::string logical_id() const { return cfn::LogicalId(name_, "StateMachine"); }
  std::string role_logical_id() const { return cfn::LogicalId(name_, "StateMachineRole"); }
  /// The machine's ARN (its Ref).
  json::value Arn() const { return cfn::Ref(logical_id()); }
  /// What a function needs to start executions of this machine.
  IamPrivilege StartExecution() const {
    return {.actions = {"states:StartExecution"}, .resources = {Arn()}};
  }

 private:
  std::string name_;
  Branch definition_;
  StateMachineOptions options_;
};

}  // namespace sparta::step
