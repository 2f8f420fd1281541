#pragma once
// Validate()'s checks of the service's state machines
// (sparta/service/state_machine.hpp).

#include <string>
#include <vector>

#include "sparta/service/service.hpp"

namespace sparta::internal {

/// The problems of every state machine, each "state machine <name>[, state
/// <name>[, branch <n>, state <name>...]]: <what is wrong and what to do>".
std::vector<std::string> CheckStateMachines(const Service& service);

}  // namespace sparta::internal
