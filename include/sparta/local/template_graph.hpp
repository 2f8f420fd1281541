#pragma once
// The order in which the embedded local cloud creates and deletes a
// template's resources: DependsOn plus the implicit dependencies that
// CloudFormation derives from references.

#include <string>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/local/template_evaluator.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local {

/// The resources to create, each after everything it depends on; ties are
/// broken by logical ID, so the order is deterministic. Resources whose
/// Condition is false are skipped. Dependencies come from DependsOn (a
/// string or a list) and from references anywhere in the resource: Ref,
/// Fn::GetAtt (both forms), `${X}` and `${X.Attr}` in Fn::Sub (not `${!X}`,
/// not names defined in Sub's variable map); references to parameters and
/// pseudo parameters are not dependencies. Inside Fn::If only the branch
/// the condition selects counts.
/// Errors ("ValidationError"): a dependency on a resource that does not
/// exist or is skipped ("Template format error: Unresolved resource
/// dependencies [A] in the Resources block of the template"), a cycle
/// ("Circular dependency between resources: [A, B]", naming the resources
/// on cycles), a Condition that `conditions` does not hold, a malformed
/// Resources section.
Result<std::vector<std::string>> CreationOrder(const json::value& tmpl,
                                               const ConditionValues& conditions);

/// CreationOrder reversed: dependents are deleted before their dependencies.
Result<std::vector<std::string>> DeletionOrder(const json::value& tmpl,
                                               const ConditionValues& conditions);

}  // namespace sparta::local
