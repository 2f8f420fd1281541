#pragma once
// IAM roles for functions: a least-privilege definition, or an existing role.

#include <string>
#include <variant>
#include <vector>

#include "sparta/json/json.hpp"

namespace sparta {

/// One Allow statement. `resources` are ARNs as JSON strings, or
/// CloudFormation intrinsics (e.g. cfn::GetAtt(...)) built with sparta::cfn.
struct IamPrivilege {
  std::vector<std::string> actions{};
  std::vector<json::value> resources{};
  json::value condition = nullptr;  // optional IAM Condition block
};

/// A role Sparta creates for the function: the function's own log-group
/// permissions, plus exactly the privileges listed here.
struct IamRoleDefinition {
  std::vector<IamPrivilege> privileges{};
  std::vector<std::string> managed_policy_arns{};
};

/// A role that already exists, by ARN; Sparta creates none.
struct ExistingRole {
  std::string arn{};
};

using Role = std::variant<IamRoleDefinition, ExistingRole>;

}  // namespace sparta
