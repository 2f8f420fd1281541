#pragma once
// Deleting a stack and waiting for it to be gone: shared by DeleteStack and
// by Provision (which removes a ROLLBACK_COMPLETE or empty REVIEW_IN_PROGRESS
// stack before creating it anew).

#include <string>

#include "sparta/util/result.hpp"

#include "deploy/progress_reporter.hpp"
#include "deploy/provision_clients.hpp"
#include "deploy/stack_wait.hpp"

namespace sparta::deploy::detail {

/// Issues DeleteStack for `stack_id` (an ARN) and waits until the stack is
/// DELETE_COMPLETE, streaming its events under `step`. Errors: AWS's (with
/// context), "StackDeleteFailed" (DELETE_FAILED: the resources that could not
/// be deleted and why), "Timeout".
Result<StackWatch> DeleteAndWait(const DeployClients& clients, const std::string& stack_id,
                                 const std::string& stack_name, const WaitOptions& options,
                                 std::string_view step, const Reporter& reporter);

}  // namespace sparta::deploy::detail
