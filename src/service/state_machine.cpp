// State machines: their Amazon States Language, and the resources they
// become (service/state_machine.hpp).

#include "state_machine.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <variant>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/service/synthesize.hpp"

#include "event_sources.hpp"
#include "roles.hpp"

namespace sparta {
namespace step {
namespace {

json::value Compare(std::string_view variable, std::string_view op, json::value value) {
  json::object rule{{"Variable", variable}};
  rule[op] = std::move(value);
  return rule;
}

}  // namespace

json::value StringEquals(std::string_view variable, std::string_view value) {
  return Compare(variable, "StringEquals", json::string(value));
}
json::value StringMatches(std::string_view variable, std::string_view pattern) {
  return Compare(variable, "StringMatches", json::string(pattern));
}
json::value NumericEquals(std::string_view variable, double value) {
  return Compare(variable, "NumericEquals", value);
}
json::value NumericLessThan(std::string_view variable, double value) {
  return Compare(variable, "NumericLessThan", value);
}
json::value NumericLessThanEquals(std::string_view variable, double value) {
  return Compare(variable, "NumericLessThanEquals", value);
}
json::value NumericGreaterThan(std::string_view variable, double value) {
  return Compare(variable, "NumericGreaterThan", value);
}
json::value NumericGreaterThanEquals(std::string_view variable, double value) {
  return Compare(variable, "NumericGreaterThanEquals", value);
}
json::value BooleanEquals(std::string_view variable, bool value) {
  return Compare(variable, "BooleanEquals", value);
}
json::value IsPresent(std::string_view variable, bool present) {
  return Compare(variable, "IsPresent", present);
}
json::value And(std::vector<json::value> conditions) {
  return json::object{{"And", json::array(conditions.begin(), conditions.end())}};
}
json::value Or(std::vector<json::value> conditions) {
  return json::object{{"Or", json::array(conditions.begin(), conditions.end())}};
}
json::value Not(json::value condition) { return json::object{{"Not", std::move(condition)}}; }

}  // namespace step

namespace internal {
namespace {

using namespace step;

// Writes the ASL of a scope, collecting the functions its tasks name.
class AslWriter {
 public:
  json::object Scope(const Branch& branch) {
    json::object states;
    for (const NamedState& s : branch.states) states[s.name] = State(s.state);
    return json::object{{"StartAt", branch.start_at}, {"States", std::move(states)}};
  }

  const std::vector<std::string>& functions() const { return functions_; }

 private:
  static void Text(json::object& o, std::string_view key, const std::string& value) {
    if (!value.empty()) o[key] = value;
  }
  static void Value(json::object& o, std::string_view key, const json::value& value) {
    if (!value.is_null()) o[key] = value;
  }
  static void Transition(json::object& o, const std::string& next, bool end) {
    if (end) {
      o["End"] = true;
    } else {
      o["Next"] = next;
    }
  }
  static void Seconds(json::object& o, std::string_view key,
                      const std::optional<std::chrono::seconds>& value) {
    if (value) o[key] = static_cast<std::int64_t>(value->count());
  }
  static void Recovery(json::object& o, const std::vector<Retry>& retry,
                       const std::vector<Catch>& catches) {
    if (!retry.empty()) {
      json::array list;
      for (const Retry& r : retry) {
        json::object retrier{{"ErrorEquals", json::array(r.errors.begin(), r.errors.end())},
                             {"IntervalSeconds", r.interval_seconds},
                             {"MaxAttempts", r.max_attempts},
                             {"BackoffRate", r.backoff_rate}};
        if (r.max_delay_seconds) retrier["MaxDelaySeconds"] = *r.max_delay_seconds;
        list.push_back(std::move(retrier));
      }
      o["Retry"] = std::move(list);
    }
    if (!catches.empty()) {
      json::array list;
      for (const Catch& c : catches) {
        json::object catcher{{"ErrorEquals", json::array(c.errors.begin(), c.errors.end())},
                             {"Next", c.next}};
        Text(catcher, "ResultPath", c.result_path);
        list.push_back(std::move(catcher));
      }
      o["Catch"] = std::move(list);
    }
  }

  // The members states share: paths, recovery, and where they go next.
  template <class S>
  static void Common(json::object& o, const S& s) {
    if constexpr (requires { s.input_path; }) Text(o, "InputPath", s.input_path);
    if constexpr (requires { s.result_path; }) Text(o, "ResultPath", s.result_path);
    if constexpr (requires { s.output_path; }) Text(o, "OutputPath", s.output_path);
    if constexpr (requires { s.retry; }) Recovery(o, s.retry, s.catch_errors);
    if constexpr (requires { s.end; }) Transition(o, s.next, s.end);
  }

  json::object State(const step::State& state) {
    return std::visit([this](const auto& s) { return Write(s); }, state);
  }

  json::object Write(const Task& s) {
    json::object o{{"Type", "Task"}};
    Text(o, "Comment", s.comment);
    if (!s.function.name.empty()) {
      // A placeholder that DefinitionSubstitutions fills with the ARN.
      const std::string key = FunctionArnKey(s.function.name);
      o["Resource"] = "${" + key + "}";
      if (std::find(functions_.begin(), functions_.end(), s.function.name) == functions_.end()) {
        functions_.push_back(s.function.name);
      }
    } else {
      o["Resource"] = s.resource;
    }
    Value(o, "Parameters", s.parameters);
    Value(o, "ResultSelector", s.result_selector);
    Seconds(o, "TimeoutSeconds", s.timeout);
    Seconds(o, "HeartbeatSeconds", s.heartbeat);
    Common(o, s);
    return o;
  }

  json::object Write(const Pass& s) {
    json::object o{{"Type", "Pass"}};
    Text(o, "Comment", s.comment);
    Value(o, "Result", s.result);
    Value(o, "Parameters", s.parameters);
    Common(o, s);
    return o;
  }

  json::object Write(const Wait& s) {
    json::object o{{"Type", "Wait"}};
    Text(o, "Comment", s.comment);
    Seconds(o, "Seconds", s.seconds);
    Text(o, "Timestamp", s.timestamp);
    Text(o, "SecondsPath", s.seconds_path);
    Text(o, "TimestampPath", s.timestamp_path);
    Common(o, s);
    return o;
  }

  json::object Write(const Choice& s) {
    json::object o{{"Type", "Choice"}};
    Text(o, "Comment", s.comment);
    json::array rules;
    for (const ChoiceRule& r : s.choices) {
      json::object rule = r.condition.is_object() ? r.condition.get_object() : json::object{};
      rule["Next"] = r.next;
      rules.push_back(std::move(rule));
    }
    o["Choices"] = std::move(rules);
    Text(o, "Default", s.otherwise);
    Common(o, s);
    return o;
  }

  json::object Write(const Succeed& s) {
    json::object o{{"Type", "Succeed"}};
    Text(o, "Comment", s.comment);
    Common(o, s);
    return o;
  }

  json::object Write(const Fail& s) {
    json::object o{{"Type", "Fail"}};
    Text(o, "Comment", s.comment);
    Text(o, "Error", s.error);
    Text(o, "Cause", s.cause);
    return o;
  }

  json::object Write(const Parallel& s) {
    json::object o{{"Type", "Parallel"}};
    Text(o, "Comment", s.comment);
    json::array branches;
    for (const Branch& b : s.branches) branches.push_back(Scope(b));
    o["Branches"] = std::move(branches);
    Common(o, s);
    return o;
  }

  json::object Write(const Map& s) {
    json::object o{{"Type", "Map"}};
    Text(o, "Comment", s.comment);
    json::object processor = Scope(s.processor);
    processor["ProcessorConfig"] = json::object{{"Mode", "INLINE"}};
    o["ItemProcessor"] = std::move(processor);
    Text(o, "ItemsPath", s.items_path);
    Value(o, "ItemSelector", s.item_selector);
    if (s.max_concurrency > 0) o["MaxConcurrency"] = s.max_concurrency;
    Common(o, s);
    return o;
  }

  std::vector<std::string> functions_;
};

}  // namespace

std::string FunctionArnKey(std::string_view function_name) {
  return LogicalIdsOf(function_name).function + "Arn";
}

json::object StatesLanguage(const step::StateMachine& machine,
                            std::vector<std::string>* functions) {
  AslWriter writer;
  json::object definition;
  if (!machine.options().comment.empty()) definition["Comment"] = machine.options().comment;
  json::object scope = writer.Scope(machine.definition());
  definition["StartAt"] = std::move(scope["StartAt"]);
  definition["States"] = std::move(scope["States"]);
  if (machine.options().timeout) {
    definition["TimeoutSeconds"] = static_cast<std::int64_t>(machine.options().timeout->count());
  }
  if (functions != nullptr) *functions = writer.functions();
  return definition;
}

Status AddStateMachine(cfn::Template& t, const step::StateMachine& machine) {
  std::vector<std::string> functions;
  json::object definition = StatesLanguage(machine, &functions);

  json::array statements;
  if (!functions.empty()) {
    json::array arns;
    for (const std::string& f : functions) {
      arns.push_back(cfn::GetAtt(LogicalIdsOf(f).function, "Arn"));
    }
    statements.push_back(AllowStatement({"lambda:InvokeFunction"}, std::move(arns)));
  }
  std::set<std::string> seen;
  for (const IamPrivilege& p : machine.options().privileges) {
    json::value statement = Statement(p);
    if (seen.insert(jsonutil::Compact(statement)).second)
      statements.push_back(std::move(statement));
  }
  cfn::Resource role{.type = "AWS::IAM::Role"};
  role.properties["AssumeRolePolicyDocument"] = AssumableBy("states.amazonaws.com");
  if (!statements.empty()) {
    role.properties["Policies"] =
        json::array{json::object{{"PolicyName", machine.name() + "-states-policy"},
                                 {"PolicyDocument", PolicyDocument(std::move(statements))}}};
  }
  if (auto s = t.AddResource(machine.role_logical_id(), std::move(role)); !s) return s;

  cfn::Resource sm{.type = "AWS::StepFunctions::StateMachine"};
  json::object& p = sm.properties;
  p["StateMachineName"] = cfn::Sub("${AWS::StackName}-" + machine.name());
  p["StateMachineType"] =
      machine.options().type == step::MachineType::kExpress ? "EXPRESS" : "STANDARD";
  p["Definition"] = std::move(definition);
  if (!functions.empty()) {
    json::object substitutions;
    for (const std::string& f : functions) {
      substitutions[FunctionArnKey(f)] = cfn::GetAtt(LogicalIdsOf(f).function, "Arn");
    }
    p["DefinitionSubstitutions"] = std::move(substitutions);
  }
  p["RoleArn"] = cfn::GetAtt(machine.role_logical_id(), "Arn");
  return t.AddResource(machine.logical_id(), std::move(sm));
}

}  // namespace internal
}  // namespace sparta
