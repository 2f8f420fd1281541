#pragma once
// Validate()'s check of IAM privileges, shared by functions' roles and state
// machines' roles.

#include <string>
#include <vector>

#include "sparta/service/iam.hpp"

namespace sparta::internal {

/// The problems of `privileges`, each "privilege <n> <what is wrong>":
/// actions that are not "service:Action" or that IAM does not know (with
/// the nearest real action), missing actions or resources, resources that
/// are neither ARNs nor intrinsics, conditions that are not objects.
std::vector<std::string> CheckPrivileges(const std::vector<IamPrivilege>& privileges);

}  // namespace sparta::internal
