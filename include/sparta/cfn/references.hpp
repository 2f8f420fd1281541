#pragma once
// What a template value refers to: the names its intrinsics mention. Used to
// order resources (CloudFormation creates what a resource refers to first)
// and so to find circular dependencies before CloudFormation does.

#include <set>
#include <string>

#include "sparta/json/json.hpp"

namespace sparta::cfn {

/// The names `value` refers to through Ref, Fn::GetAtt (its resource) and
/// Fn::Sub (`${Name}` and `${Resource.Attribute}`, minus `${!Literal}` and
/// the Sub's own variables), at any depth. Pseudo parameters (AWS::...) are
/// left out; parameters and resources are both returned (the caller knows
/// which is which).
std::set<std::string> ReferencedNames(const json::value& value);

}  // namespace sparta::cfn
