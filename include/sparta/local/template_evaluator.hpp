#pragma once
// The template evaluator of the embedded local cloud: the pure, network-free
// interpretation of a CloudFormation template. Given the template, the
// stack's parameter values and its context, it resolves parameters, evaluates
// conditions and evaluates property and output values once the resources
// they mention have physical IDs and attributes (supplied by the caller).
// Resource ordering is in template_graph.hpp.
//
// Every failure is an Error with code "ValidationError" and CloudFormation's
// own wording, since that is what CloudFormation answers for the same
// template.
//
// **Example**:
//   auto params = local::ResolveParameters(tmpl, {{"Stage", "dev"}});
//   auto conds = local::EvaluateConditions(tmpl, *params, ctx);
//   local::EvalScope scope{.ctx = ctx, .params = &*params, .conditions = &*conds};
//   scope.ref_resource = [&](std::string_view id) -> Result<std::string> { ... };
//   auto props = local::EvaluateValue(resource.at("Properties"), scope);

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local {

/// The error code of every evaluator failure.
inline constexpr std::string_view kValidationError = "ValidationError";

/// What the pseudo parameters (AWS::StackName, AWS::Region, ...) resolve to.
struct StackContext {
  std::string stack_name;
  std::string stack_id;
  std::string region;
  std::string account_id;
  std::string partition = "aws";
  std::string url_suffix = "amazonaws.com";
  std::vector<std::string> notification_arns;
};

/// One parameter after defaults and constraints were applied.
struct ResolvedParameter {
  std::string type;  // as declared, e.g. "String", "List<Number>"
  /// A JSON string for scalar types (Number included, as CloudFormation
  /// passes numbers as strings), a JSON array of strings for list types
  /// (List<...> and CommaDelimitedList).
  json::value value;
  bool no_echo = false;  // the value must be masked wherever it is shown
};
using ResolvedParameters = std::map<std::string, ResolvedParameter, std::less<>>;

/// Applies `given` to the template's Parameters section: Default for
/// missing values, Type (String, Number, List<Number>, CommaDelimitedList,
/// AWS-specific types as String or list of String), AllowedValues (each
/// element for lists), AllowedPattern (full match, ECMAScript), Min/MaxLength,
/// Min/MaxValue (Number and List<Number>); ConstraintDescription replaces the
/// constraint's own message. AWS::SSM::Parameter::Value<...> types are taken
/// literally (no parameter store here).
/// Errors: names in `given` the template does not declare ("Parameters: [X]
/// do not exist in the template"), parameters without value ("Parameters:
/// [X] must have values"), the first violated constraint, a malformed
/// Parameters section.
Result<ResolvedParameters> ResolveParameters(const json::value& tmpl,
                                             const std::map<std::string, std::string>& given);

using ConditionValues = std::map<std::string, bool, std::less<>>;

/// Evaluates every entry of the Conditions section (Fn::Equals, Fn::And,
/// Fn::Or, Fn::Not, {"Condition": name}, Ref to parameters and pseudo
/// parameters, Fn::FindInMap). Errors: a condition referring to itself
/// through others, a Ref to anything but a parameter, an unknown condition,
/// a malformed function.
Result<ConditionValues> EvaluateConditions(const json::value& tmpl,
                                           const ResolvedParameters& params,
                                           const StackContext& ctx);

/// Everything a value may refer to. Pointers are not owned and must outlive
/// the call; a null pointer stands for an empty section. An unset callback
/// means nothing of that kind exists (references to it fail).
struct EvalScope {
  StackContext ctx{};
  const ResolvedParameters* params = nullptr;
  const ConditionValues* conditions = nullptr;
  const json::object* mappings = nullptr;  // the template's Mappings section
  /// Ref to a resource: its physical ID, or an Error.
  std::function<Result<std::string>(std::string_view logical_id)> ref_resource{};
  /// Fn::GetAtt: the attribute's value, or an Error.
  std::function<Result<json::value>(std::string_view logical_id, std::string_view attribute)>
      get_att{};
  /// Fn::ImportValue: the exported value, nullopt when nothing exports it.
  std::function<std::optional<std::string>(std::string_view export_name)> import_value{};
};

/// Evaluates every intrinsic in `v`: Ref, Fn::GetAtt (both forms),
/// Fn::Join, Fn::Sub (both forms, `${!Literal}`), Fn::Base64, Fn::Select,
/// Fn::Split, Fn::If, Fn::Equals/And/Or/Not, Fn::ImportValue, Fn::GetAZs
/// (["<region>a", "<region>b", "<region>c"]), Fn::FindInMap. AWS::NoValue
/// removes the object key or array element it is the value of; when `v`
/// as a whole evaluates to AWS::NoValue the result is null.
/// Only the taken branch of Fn::If is evaluated, so an untaken branch may
/// mention resources that do not exist.
Result<json::value> EvaluateValue(const json::value& v, const EvalScope& scope);

struct EvaluatedOutput {
  std::string logical_id;
  json::value value;                       // normally a string
  std::string description;                 // empty when none
  std::optional<std::string> export_name;  // Export.Name, evaluated
};

/// Evaluates the Outputs section in logical-ID order, skipping outputs
/// whose Condition is false (the condition must exist in scope.conditions).
/// Errors: those of EvaluateValue, an unknown condition, an Export.Name
/// that does not evaluate to a string.
Result<std::vector<EvaluatedOutput>> EvaluateOutputs(const json::value& tmpl,
                                                     const EvalScope& scope);

}  // namespace sparta::local
