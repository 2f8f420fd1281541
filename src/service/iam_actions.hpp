#pragma once
// Which IAM actions exist: the table generated from cfn-lint's list
// (generated/iam_actions_data.cpp, `make iam-actions`), and the check that
// `build` runs on every action a function's privileges name.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sparta::internal {

struct IamServiceActions {
  std::string_view prefix;   // "s3"
  std::string_view actions;  // lower-case, sorted, separated by one space
};

extern const IamServiceActions kIamServices[];
extern const std::size_t kIamServiceCount;

/// Nothing when `action` ("service:Action", any case, '*' and '?' allowed as
/// IAM allows them; "*" alone) names at least one real IAM action; else
/// what is wrong, naming the nearest real prefix or action, e.g.
/// `"s3:GetObjekt" is not an action of s3; did you mean "s3:getobject"?`.
/// REQUIRES: `action` is "*" or has the form "service:Action".
std::optional<std::string> CheckIamAction(std::string_view action);

}  // namespace sparta::internal
