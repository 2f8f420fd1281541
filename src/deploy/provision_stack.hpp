#pragma once
// The CloudFormation half of Provision: find out the stack's state (waiting
// for or clearing what is in the way), then create a new stack with
// CreateStack, or update an existing one by creating, inspecting and
// executing an UPDATE change set, or (noop) only plan.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/deploy/provision.hpp"
#include "sparta/util/result.hpp"

#include "deploy/progress_reporter.hpp"
#include "deploy/provision_clients.hpp"
#include "deploy/provision_template.hpp"
#include "deploy/stack_wait.hpp"
#include "deploy/upload_artifacts.hpp"

namespace sparta::deploy::detail {

/// What Provision settled on and sends: one per Provision call.
struct StackInputs {
  std::string stack_name;
  std::string bucket;
  ArtifactKeys keys;
  bool template_stored = false;  // the template object is in S3 (TemplateURL usable)
  const std::string* template_json = nullptr;
  TemplateFacts facts;
  std::vector<KeyValue> parameters;  // the user's
  std::vector<KeyValue> tags;
  bool noop = false;
  WaitOptions wait;
};

/// The stack as Provision found it, after waiting for or removing what was in the way.
struct StackState {
  bool exists = false;               // updated through a change set; else created
  aws::cloudformation::Stack stack;  // when it exists
  bool busy = false;                 // noop only: another operation runs on it
  std::vector<std::string> notes;    // noop only: what a provision would do first
};

class StackProvisioner {
 public:
  StackProvisioner(const DeployClients& clients, const StackInputs& inputs,
                   const Reporter& reporter)
      : clients_(clients), inputs_(inputs), reporter_(reporter) {}

  /// The stack's state. Without noop, waits for another operation to finish
  /// and deletes a stack that can only be re-created: one a failed create
  /// left (ROLLBACK_COMPLETE, ...), or an empty REVIEW_IN_PROGRESS stack that
  /// a CREATE change set made elsewhere left (after waiting a while for a
  /// pending change set of it to be executed).
  Result<StackState> Prepare();

  /// One try: CreateStack (OnFailure=ROLLBACK) when `state` has no stack,
  /// else an UPDATE change set, executed; then waits until the stack settles.
  /// Returns false when another operation got in the way (CloudFormation's
  /// conflict answers, e.g. AlreadyExistsException when another provision
  /// created the stack first): the caller may Prepare and try again (then
  /// updating); `conflict()` says what happened. On true, `result` holds the
  /// outcome. A failed create is left rolled back (ROLLBACK_COMPLETE) for its
  /// events to be read; the next Prepare deletes it.
  Result<bool> Apply(const StackState& state, ProvisionResult& result);

  /// noop: fills `result` with the plan (outcome kPlanned).
  Status Plan(const StackState& state, ProvisionResult& result);

  const Error& conflict() const { return conflict_; }

 private:
  struct PreparedChangeSet {
    bool no_changes = false;
    std::string id;
    std::string stack_id;
    aws::cloudformation::ChangeSet described;
  };
  /// Creates an UPDATE change set and waits until it is computed. REQUIRES:
  /// `state.exists`. nullopt: a conflict (see conflict_). A FAILED change
  /// set is discarded: an empty one is returned with `no_changes`, any other
  /// as "ChangeSetFailed".
  Result<std::optional<PreparedChangeSet>> PrepareChangeSet(const StackState& state);
  /// Apply for a stack that does not exist yet.
  Result<bool> CreateNewStack(const StackState& state, ProvisionResult& result);
  /// The error for a CreateStack CloudFormation refused (`refused`, kept
  /// verbatim after "cannot create stack <name>"), saying so, and how to
  /// remove it, when a stack of that name exists all the same.
  Error CreateRefused(const Error& refused) const;
  /// Waits for the create or update of `stack_id` to settle, streaming its
  /// events after `after_event_id`; fills `result` on success, else the
  /// "Timeout" or "StackFailed" error (after the rollback).
  Result<bool> AwaitOperation(bool create, const std::string& stack_id,
                              const std::string& after_event_id, ProvisionResult& result);
  std::vector<aws::cloudformation::Parameter> Parameters(const StackState& state) const;
  Result<std::vector<aws::cloudformation::ChangeSetSummary>> PendingChangeSets(
      const std::string& stack_id) const;
  /// Watches `stack` from its newest event on until `done` or `deadline`.
  Result<StackWatch> Watch(const aws::cloudformation::Stack& stack,
                           std::chrono::steady_clock::time_point deadline,
                           const std::function<bool(const aws::cloudformation::Stack&)>& done);
  Status DeleteBeforeCreate(const aws::cloudformation::Stack& stack, const std::string& why);
  Error Busy(const aws::cloudformation::Stack& stack) const;

  const DeployClients& clients_;
  const StackInputs& inputs_;
  const Reporter& reporter_;
  Error conflict_;
};

}  // namespace sparta::deploy::detail
