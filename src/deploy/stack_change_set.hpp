#pragma once
// Change sets: naming them, waiting until CloudFormation has computed one,
// reading its changes, and removing one Provision no longer needs.

#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/deploy/progress.hpp"
#include "sparta/util/result.hpp"

#include "deploy/progress_reporter.hpp"
#include "deploy/provision_clients.hpp"
#include "deploy/stack_wait.hpp"

namespace sparta::deploy::detail {

/// "sparta-20240101T120000-1a2b3c": unique per call (time and randomness),
/// and recognisable as Provision's in the console. Also valid as a
/// ClientRequestToken.
std::string NewChangeSetName();

/// CREATE_PENDING / CREATE_IN_PROGRESS: CloudFormation is still computing
/// it; such a change set must not be deleted (it cannot be, anyway).
bool IsChangeSetComputing(std::string_view status);

/// Polls DescribeChangeSet until the change set is CREATE_COMPLETE or
/// FAILED (at most `options.timeout`: then "Timeout"), reporting the wait.
Result<aws::cloudformation::ChangeSet> WaitForChangeSet(const DeployClients& clients,
                                                        const std::string& change_set_id,
                                                        const WaitOptions& options,
                                                        const Reporter& reporter);

std::vector<PlannedChange> ToPlannedChanges(const aws::cloudformation::ChangeSet& change_set);

/// Deletes a change set Provision created and will not execute, first
/// waiting (bounded) while it is still being computed. Best effort: a
/// failure is reported as a notice, never returned, since the caller is
/// already on its way out.
void DiscardChangeSet(const DeployClients& clients, const std::string& change_set_id,
                      const WaitOptions& options, const Reporter& reporter);

/// CloudFormation's ways of saying that another operation got in the way:
/// OperationInProgressException, InvalidChangeSetStatus(Exception),
/// ChangeSetNotFound(Exception) (another execution removed ours), a
/// ValidationError "... is in <STATE> state and can not be updated", or
/// AlreadyExistsException / "... already exists" (CreateStack's answer when
/// another deploy created the stack first).
bool IsConflict(const Error& error);

}  // namespace sparta::deploy::detail
