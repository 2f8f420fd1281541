#pragma once
// Reading CloudFormation stack and change-set states: when to stop waiting,
// whether the operation worked, and the two ways CloudFormation says "there
// is nothing to do".

#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::aws::cloudformation {

/// True when `status` does not end in "_IN_PROGRESS": CloudFormation will not
/// change the stack again by itself. REVIEW_IN_PROGRESS is *not* terminal by
/// this rule, although nothing happens to such a stack until a change set is
/// executed: see IsStable.
bool IsTerminal(std::string_view status);

/// IsTerminal, or REVIEW_IN_PROGRESS (a stack created by a CREATE change set
/// that has not been executed: it waits for the caller, not for AWS).
bool IsStable(std::string_view status);

/// What the caller asked CloudFormation to do, which decides what "done" means.
enum class StackOperation { kCreate, kUpdate, kDelete, kImport };

enum class StackOutcome {
  kInProgress,  // keep waiting
  kSucceeded,
  kFailed,
};

/// Classifies the stack status seen while waiting for `operation`:
/// * kSucceeded: CREATE_COMPLETE / UPDATE_COMPLETE / DELETE_COMPLETE /
///   IMPORT_COMPLETE for the matching operation;
/// * kInProgress: any "_IN_PROGRESS" status (REVIEW_IN_PROGRESS included: a
///   stack just created by a change set shows it until the execution starts);
/// * kFailed: every other terminal status (ROLLBACK_COMPLETE, UPDATE_ROLLBACK_COMPLETE,
///   DELETE_FAILED, ...; and a success status of another operation, e.g.
///   DELETE_COMPLETE while creating).
StackOutcome ClassifyStackStatus(StackOperation operation, std::string_view status);

/// True for a failed state in which the stack still runs its previous version
/// (UPDATE_ROLLBACK_COMPLETE, UPDATE_FAILED with rollback disabled).
bool IsUsableAfterFailure(std::string_view status);

/// True for the states a stack must leave by deletion before it can be
/// created again: ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED, and
/// REVIEW_IN_PROGRESS (an empty stack left by a CREATE change set).
bool MustDeleteBeforeCreate(std::string_view status);

/// UpdateStack's "nothing to do" answer: a ValidationError whose message is
/// "No updates are to be performed." (AwsClient may append " (HTTP 400, ...)").
bool IsNoUpdatesError(const Error& error);

/// A change set that failed only because it changes nothing: status FAILED
/// with a reason starting "The submitted information didn't contain changes"
/// or "No updates are to be performed" (templates with a Transform). Callers
/// treat it as success and delete the change set.
bool IsEmptyChangeSet(std::string_view status, std::string_view status_reason);

/// True for the ValidationError "Stack with id X does not exist" (a stack
/// looked up by name after deletion, or never created).
bool IsStackNotFound(const Error& error);

}  // namespace sparta::aws::cloudformation
