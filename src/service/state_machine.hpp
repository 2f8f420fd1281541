#pragma once
// Synthesis of a service's state machines (sparta/service/state_machine.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "sparta/cfn/template.hpp"
#include "sparta/service/state_machine.hpp"

namespace sparta::internal {

/// The DefinitionSubstitutions key holding a function's ARN
/// ("CheckFunctionArn"); its tasks' Resource is "${CheckFunctionArn}".
std::string FunctionArnKey(std::string_view function_name);

/// The machine's Amazon States Language; `functions` (when given) gets the
/// service functions its tasks name, each once, in order of appearance.
json::object StatesLanguage(const step::StateMachine& machine,
                            std::vector<std::string>* functions = nullptr);

/// Adds `<Name>StateMachineRole` (assumable by Step Functions; may invoke
/// the functions its tasks name, and the machine's privileges, nothing
/// else) and `<Name>StateMachine` (its definition, the functions' ARNs as
/// DefinitionSubstitutions). Errors: "DuplicateLogicalId".
Status AddStateMachine(cfn::Template& t, const step::StateMachine& machine);

}  // namespace sparta::internal
