#pragma once
// Builders for CloudFormation's intrinsic functions. Each returns the JSON
// CloudFormation expects in a template, so the result can be used anywhere a
// property value goes. The builders do not check that the names they mention
// exist: Template::Validate() does, for the whole template at once.
//
// **Example**:
//   namespace cfn = sparta::cfn;
//   props["Role"] = cfn::GetAtt("HelloRole", "Arn");       // {"Fn::GetAtt": ["HelloRole", "Arn"]}
//   props["FunctionName"] = cfn::Sub("${AWS::StackName}-Hello");

#include <cstddef>
#include <string_view>

#include "sparta/json/json.hpp"

namespace sparta::cfn {

/// `{"Ref": name}`: a parameter's value, a resource's primary identifier, or
/// a pseudo parameter (see pseudo_parameters.hpp).
json::value Ref(std::string_view logical_id);

/// `{"Fn::GetAtt": [resource, attribute]}` (the array form).
json::value GetAtt(std::string_view resource, std::string_view attribute);

/// `{"Fn::Join": [delimiter, values]}`. `values` is a JSON array, or an
/// intrinsic that yields a list (e.g. GetAZs(), Split()).
json::value Join(std::string_view delimiter, json::value values);

/// `{"Fn::Sub": text}`: `${Name}` is replaced by Ref Name, `${Res.Attr}` by
/// GetAtt, `${!Literal}` stays as the literal `${Literal}`.
json::value Sub(std::string_view text);
/// `{"Fn::Sub": [text, variables]}`: names in `variables` are substituted by
/// their values first.
json::value Sub(std::string_view text, json::object variables);

/// `{"Fn::Base64": value}`.
json::value Base64(json::value value);

/// `{"Fn::Select": [index, list]}`.
json::value Select(std::size_t index, json::value list);

/// `{"Fn::Split": [delimiter, source]}`.
json::value Split(std::string_view delimiter, json::value source);

/// `{"Fn::If": [condition, value_if_true, value_if_false]}`. Use NoValue()
/// (pseudo_parameters.hpp) as a branch to omit the property.
json::value If(std::string_view condition, json::value value_if_true, json::value value_if_false);

/// `{"Fn::Equals": [a, b]}`: for the Conditions section.
json::value Equals(json::value a, json::value b);
/// `{"Fn::And": conditions}`, `{"Fn::Or": conditions}` (2..10 conditions each),
/// `{"Fn::Not": [condition]}`: for the Conditions section.
json::value And(json::array conditions);
json::value Or(json::array conditions);
json::value Not(json::value condition);
/// `{"Condition": name}`: refers to another condition inside And/Or/Not.
json::value Condition(std::string_view name);

/// `{"Fn::FindInMap": [map, top_level_key, second_level_key]}`.
json::value FindInMap(std::string_view map, json::value top_level_key,
                      json::value second_level_key);

/// `{"Fn::ImportValue": name}`: a value exported by another stack.
json::value ImportValue(json::value export_name);

/// `{"Fn::GetAZs": region}`; the empty string means the stack's region.
json::value GetAZs(json::value region = "");

}  // namespace sparta::cfn
