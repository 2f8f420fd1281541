#pragma once
// IAM roles for functions: a least-privilege definition (one role per
// function, or one shared by several), or an existing role.

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

/// One role Sparta creates for several functions: give the same value (or
/// one with the same `name` and definition) to each. Its policy holds each
/// of those functions' own log-group permissions and event-source
/// privileges, plus `definition`. `name` (1..64 letters and digits) gives
/// its logical ID, `<name>SharedRole`.
///
/// **Example**:
///   sparta::SharedRole workers{"Workers", {.privileges = {...}}};
///   sparta::Function a{"A", DoA, {}, workers}, b{"B", DoB, {}, workers};
struct SharedRole {
  std::string name{};
  IamRoleDefinition definition{};
};

using Role = std::variant<IamRoleDefinition, ExistingRole, SharedRole>;

}  // namespace sparta
