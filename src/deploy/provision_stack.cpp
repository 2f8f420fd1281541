#include "deploy/provision_stack.hpp"

#include <algorithm>

#include "sparta/aws/s3_addressing.hpp"
#include "sparta/aws/stack_status.hpp"
#include "sparta/service/synthesize.hpp"

#include "deploy/stack_change_set.hpp"
#include "deploy/stack_delete.hpp"

namespace sparta::deploy::detail {
namespace cf = aws::cloudformation;
namespace {

// How many times Prepare looks at the stack again after waiting for it or
// deleting it, before it gives up on a stack that keeps changing.
constexpr int kMaxRounds = 6;

constexpr std::string_view kStackResourceType = "AWS::CloudFormation::Stack";

// Provision creates stacks with CreateStack, but a CREATE change set made
// elsewhere (`aws cloudformation deploy`, a console review, an older
// provision) leaves a REVIEW_IN_PROGRESS stack. One whose change set is ready
// but not executed may be about to be executed; after this long it is taken
// as abandoned (a crashed deploy, a forgotten review) and replaced.
constexpr std::chrono::seconds kAbandonedGrace{30};

bool IsPending(const cf::ChangeSetSummary& summary) {
  return IsChangeSetComputing(summary.status) ||
         (summary.status == "CREATE_COMPLETE" &&
          (summary.execution_status == "AVAILABLE" ||
           summary.execution_status == "EXECUTE_IN_PROGRESS"));
}

std::string ChangeSetNames(const std::vector<cf::ChangeSetSummary>& summaries) {
  std::string names;
  for (const cf::ChangeSetSummary& summary : summaries) {
    if (!names.empty()) names += ", ";
    names += summary.change_set_name;
  }
  return names;
}

std::string ChangesSummary(const std::vector<PlannedChange>& changes) {
  int add = 0, modify = 0, remove = 0, other = 0;
  for (const PlannedChange& change : changes) {
    if (change.action == "Add") {
      ++add;
    } else if (change.action == "Modify") {
      ++modify;
    } else if (change.action == "Remove") {
      ++remove;
    } else {
      ++other;
    }
  }
  std::string text = std::to_string(changes.size()) + " change(s): " + std::to_string(add) +
                     " to add, " + std::to_string(modify) + " to modify, " +
                     std::to_string(remove) + " to remove";
  if (other > 0) text += ", " + std::to_string(other) + " other";
  return text;
}

}  // namespace

Result<StackWatch> StackProvisioner::Watch(const cf::Stack& stack,
                                           std::chrono::steady_clock::time_point deadline,
                                           const std::function<bool(const cf::Stack&)>& done) {
  auto marker = NewestEventId(clients_, stack.stack_id);
  if (!marker) return marker.error();
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clients_.Now());
  WaitOptions options{inputs_.wait.poll_interval, std::max(left, std::chrono::milliseconds(0))};
  return WatchStack(clients_, stack.stack_id, *marker, done, options, kStepStack, reporter_);
}

Error StackProvisioner::Busy(const cf::Stack& stack) const {
  return MakeError("StackBusy", "stack " + inputs_.stack_name + " is still " + stack.stack_status +
                                    " after " + HumanDuration(inputs_.wait.timeout) +
                                    ": another operation is running on it; wait until it ends "
                                    "(sparta status) and provision again");
}

Result<std::vector<cf::ChangeSetSummary>> StackProvisioner::PendingChangeSets(
    const std::string& stack_id) const {
  std::vector<cf::ChangeSetSummary> pending;
  std::string token;
  do {
    auto page = clients_.cfn.ListChangeSets(stack_id, token);
    if (!page) {
      return WithContext(page.error(),
                         "cannot list the change sets of stack " + inputs_.stack_name);
    }
    for (cf::ChangeSetSummary& summary : page->items) {
      // Filtered here too: some emulators list every stack's change sets.
      if (summary.stack_id == stack_id && IsPending(summary)) pending.push_back(std::move(summary));
    }
    token = page->next_token;
  } while (!token.empty());
  return pending;
}

Status StackProvisioner::DeleteBeforeCreate(const cf::Stack& stack, const std::string& why) {
  reporter_.Notice(kStepStack, "deleting stack " + inputs_.stack_name + " first: " + why);
  auto deleted = DeleteAndWait(clients_, stack.stack_id, inputs_.stack_name, inputs_.wait,
                               kStepStack, reporter_);
  if (!deleted) return deleted.error();
  return {};
}

Result<StackState> StackProvisioner::Prepare() {
  const std::string& name = inputs_.stack_name;
  const auto deadline = clients_.Now() + inputs_.wait.timeout;
  bool abandoned_review = false;
  reporter_.StepStarted(kStepStack, "reading stack " + name);
  for (int round = 0; round < kMaxRounds; ++round) {
    auto found = clients_.cfn.DescribeStack(name);
    if (!found) {
      if (!cf::IsStackNotFound(found.error())) {
        return WithContext(found.error(), "cannot read stack " + name);
      }
      reporter_.StepFinished(kStepStack, "stack " + name + " does not exist yet");
      return StackState{};
    }
    const cf::Stack& stack = *found;
    const std::string& status = stack.stack_status;
    const std::string reason =
        stack.stack_status_reason.empty() ? "" : " (" + stack.stack_status_reason + ")";

    if (status == "REVIEW_IN_PROGRESS") {
      auto pending = PendingChangeSets(stack.stack_id);
      if (!pending) return pending.error();
      if (!pending->empty() && !abandoned_review) {
        const std::string names = ChangeSetNames(*pending);
        if (inputs_.noop) {
          return StackState{
              false,
              stack,
              true,
              {"stack " + name + " is REVIEW_IN_PROGRESS with change set(s) " + names +
               " not executed yet (another provision?); a provision would wait "
               "for them"}};
        }
        const bool computing = std::any_of(pending->begin(), pending->end(), [](const auto& s) {
          return IsChangeSetComputing(s.status) || s.execution_status == "EXECUTE_IN_PROGRESS";
        });
        reporter_.Waiting(kStepStack, "waiting for change set(s) " + names + " of stack " + name +
                                          " (REVIEW_IN_PROGRESS), created elsewhere, to be "
                                          "executed");
        const auto limit =
            computing ? deadline : std::min(deadline, clients_.Now() + kAbandonedGrace);
        auto watch = Watch(stack, limit, [](const cf::Stack& s) {
          return s.stack_status != "REVIEW_IN_PROGRESS";
        });
        if (!watch) return watch.error();
        if (!watch->timed_out) continue;
        if (computing || clients_.Now() >= deadline) return Busy(watch->stack);
        reporter_.Notice(kStepStack, "change set(s) " + names + " of stack " + name +
                                         " were not executed within " +
                                         std::to_string(kAbandonedGrace.count()) +
                                         " s: taking them as abandoned");
        abandoned_review = true;
        continue;
      }
      const std::string why =
          "it is an empty REVIEW_IN_PROGRESS stack (a change set created it but was never "
          "executed)";
      if (inputs_.noop) {
        return StackState{
            false, stack, false, {"stack " + name + " would be deleted and created anew: " + why}};
      }
      if (auto deleted = DeleteBeforeCreate(stack, why); !deleted) return deleted.error();
      continue;
    }

    if (!cf::IsTerminal(status)) {
      if (inputs_.noop) {
        return StackState{true,
                          stack,
                          true,
                          {"stack " + name + " is " + status +
                           ": another operation is running on it; a provision would wait for "
                           "it to end"}};
      }
      reporter_.Waiting(kStepStack, "waiting for the in-progress " + status + " of stack " + name +
                                        " started elsewhere");
      auto watch =
          Watch(stack, deadline, [](const cf::Stack& s) { return cf::IsStable(s.stack_status); });
      if (!watch) return watch.error();
      if (watch->timed_out) return Busy(watch->stack);
      continue;
    }

    if (cf::MustDeleteBeforeCreate(status)) {  // ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED
      const std::string why = "it is " + status + reason +
                              " after a failed create, and can only be deleted and created anew";
      if (inputs_.noop) {
        return StackState{
            false, stack, false, {"stack " + name + " would be deleted first: " + why}};
      }
      if (auto deleted = DeleteBeforeCreate(stack, why); !deleted) return deleted.error();
      continue;
    }

    if (status == "DELETE_FAILED" || status == "UPDATE_ROLLBACK_FAILED") {
      return MakeError("StackNotUpdatable",
                       "stack " + name + " is " + status + reason +
                           " and cannot be updated: " + RecoveryAdvice(status, name));
    }
    reporter_.StepFinished(kStepStack, "stack " + name + " is " + status);
    return StackState{true, stack, false, {}};
  }
  return MakeError("StackBusy", "stack " + name +
                                    " kept changing while provision waited for it; wait until it "
                                    "settles (sparta status) and provision again");
}

std::vector<cf::Parameter> StackProvisioner::Parameters(const StackState& state) const {
  std::vector<cf::Parameter> parameters;
  auto user_value = [&](const std::string& key) -> const KeyValue* {
    for (const KeyValue& kv : inputs_.parameters) {
      if (kv.key == key) return &kv;
    }
    return nullptr;
  };
  for (const std::string& declared : inputs_.facts.parameters) {
    if (declared == kArtifactBucketParameter) {
      parameters.push_back({declared, inputs_.bucket, false, ""});
    } else if (declared == kArtifactKeyParameter) {
      parameters.push_back({declared, inputs_.keys.code_key, false, ""});
    } else if (const KeyValue* kv = user_value(declared)) {
      parameters.push_back({declared, kv->value, false, ""});
    } else if (state.exists &&
               std::any_of(state.stack.parameters.begin(), state.stack.parameters.end(),
                           [&](const cf::Parameter& p) { return p.key == declared; })) {
      // As `aws cloudformation deploy` does: what is not given keeps its value.
      parameters.push_back({declared, "", true, ""});
    }
  }
  // One the template does not declare: CloudFormation's own error says so.
  for (const KeyValue& kv : inputs_.parameters) {
    if (std::find(inputs_.facts.parameters.begin(), inputs_.facts.parameters.end(), kv.key) ==
        inputs_.facts.parameters.end()) {
      parameters.push_back({kv.key, kv.value, false, ""});
    }
  }
  return parameters;
}

Result<std::optional<StackProvisioner::PreparedChangeSet>> StackProvisioner::PrepareChangeSet(
    const StackState& state) {
  const std::string& name = inputs_.stack_name;
  aws::CreateChangeSetRequest request;
  // By name: AWS takes the ARN too, but some emulators look UPDATE change
  // sets up by name only.
  request.stack_name = name;
  request.change_set_name = NewChangeSetName();
  request.change_set_type = "UPDATE";
  if (inputs_.template_json->size() <= kMaxTemplateBodyBytes) {
    request.template_body = *inputs_.template_json;
  } else {
    request.template_url =
        aws::S3ObjectUrl(clients_.s3_endpoint, inputs_.bucket, inputs_.keys.template_key);
  }
  request.parameters = Parameters(state);
  request.capabilities = inputs_.facts.capabilities;
  for (const KeyValue& tag : inputs_.tags) request.tags.push_back({tag.key, tag.value});
  request.description = "sparta provision";
  reporter_.StepStarted(kStepChangeSet,
                        "creating change set " + request.change_set_name + " for stack " + name);

  auto created = clients_.cfn.CreateChangeSet(request);
  if (!created) {
    if (cf::IsNoUpdatesError(created.error())) {
      return std::optional<PreparedChangeSet>(PreparedChangeSet{true, "", "", {}});
    }
    if (IsConflict(created.error())) {
      conflict_ = created.error();
      return std::optional<PreparedChangeSet>();
    }
    return WithContext(created.error(), "cannot create a change set for stack " + name);
  }
  auto described = WaitForChangeSet(clients_, created->id, inputs_.wait, reporter_);
  if (!described) {
    if (IsConflict(described.error())) {
      conflict_ = described.error();
      return std::optional<PreparedChangeSet>();
    }
    return WithContext(described.error(),
                       "cannot read change set " + request.change_set_name + " of stack " + name);
  }
  PreparedChangeSet prepared{false, created->id, created->stack_id, std::move(*described)};
  if (prepared.described.status == "FAILED") {
    DiscardChangeSet(clients_, prepared.id, inputs_.wait, reporter_);
    if (cf::IsEmptyChangeSet(prepared.described.status, prepared.described.status_reason)) {
      prepared.no_changes = true;
      return std::optional<PreparedChangeSet>(std::move(prepared));
    }
    return MakeError("ChangeSetFailed", "CloudFormation could not prepare a change set for stack " +
                                            name + ": " + prepared.described.status_reason +
                                            "\nfix the template or the parameters and provision "
                                            "again");
  }
  return std::optional<PreparedChangeSet>(std::move(prepared));
}

Error StackProvisioner::CreateRefused(const Error& refused) const {
  const std::string& name = inputs_.stack_name;
  Error error = WithContext(refused, "cannot create stack " + name);
  // AWS refuses before it makes anything, but an emulator may fail a
  // resource inside the call and keep the stack: moto leaves it
  // CREATE_IN_PROGRESS for good, and then fails every DescribeStacks with the
  // resource's error. Its events can still be read. It is not deleted here
  // (a stack of that name may be another deploy's): the user is told.
  auto events = clients_.cfn.DescribeStackEvents(name);
  if (!events || events->items.empty()) return error;
  const auto own = std::find_if(
      events->items.begin(), events->items.end(),
      [](const cf::StackEvent& event) { return event.resource_type == kStackResourceType; });
  const std::string status = own == events->items.end() ? "" : own->resource_status;
  if (status == "DELETE_COMPLETE") return error;
  const std::string& stack_id = events->items.front().stack_id;
  error.message += "\nCloudFormation kept stack " + name + " all the same (" + stack_id +
                   (status.empty() ? "" : ", " + status) +
                   "): delete it (aws cloudformation delete-stack --stack-name " + stack_id +
                   ") before provisioning again";
  return error;
}

Result<bool> StackProvisioner::CreateNewStack(const StackState& state, ProvisionResult& result) {
  const std::string& name = inputs_.stack_name;
  aws::CreateStackRequest request;
  request.stack_name = name;
  if (inputs_.template_json->size() <= kMaxTemplateBodyBytes) {
    request.template_body = *inputs_.template_json;
  } else {
    request.template_url =
        aws::S3ObjectUrl(clients_.s3_endpoint, inputs_.bucket, inputs_.keys.template_key);
  }
  request.parameters = Parameters(state);
  request.capabilities = inputs_.facts.capabilities;
  for (const KeyValue& tag : inputs_.tags) request.tags.push_back({tag.key, tag.value});
  // Roll back on failure (not DELETE): the failed stack and its events stay
  // for the user to read; the next provision deletes it before creating.
  request.on_failure = "ROLLBACK";
  // The same token on each of AwsClient's retries: a retry of a call that got
  // through (its answer lost) is then this create again, not a conflict.
  request.client_request_token = NewChangeSetName();
  result.changes = inputs_.facts.resources;
  reporter_.StepStarted(kStepExecute, "creating stack " + name + " with " +
                                          std::to_string(result.changes.size()) + " resource(s)");
  reporter_.Changes(kStepExecute,
                    "stack " + name + " will be created with " +
                        std::to_string(result.changes.size()) + " resource(s)",
                    result.changes);
  auto created = clients_.cfn.CreateStack(request);
  if (!created) {
    if (IsConflict(created.error())) {  // e.g. another provision created it first
      conflict_ = created.error();
      return false;
    }
    return CreateRefused(created.error());
  }
  // A new stack: every one of its events belongs to this create.
  return AwaitOperation(/*create=*/true, *created, "", result);
}

Result<bool> StackProvisioner::AwaitOperation(bool create, const std::string& stack_id,
                                              const std::string& after_event_id,
                                              ProvisionResult& result) {
  const std::string& name = inputs_.stack_name;
  auto watch = WatchStack(
      clients_, stack_id, after_event_id,
      [](const cf::Stack& s) { return cf::IsTerminal(s.stack_status); }, inputs_.wait,
      kStepExecute, reporter_);
  if (!watch) return watch.error();
  if (watch->timed_out) {
    return MakeError("Timeout", "stack " + name + " is still " + watch->stack.stack_status +
                                    " after " + HumanDuration(inputs_.wait.timeout) +
                                    "; CloudFormation goes on with it: follow it with `status`");
  }
  const auto operation = create ? cf::StackOperation::kCreate : cf::StackOperation::kUpdate;
  if (cf::ClassifyStackStatus(operation, watch->stack.stack_status) !=
      cf::StackOutcome::kSucceeded) {
    return StackFailureError(std::string(create ? "creating" : "updating") + " stack " + name,
                             watch->stack, watch->events);
  }
  result.outcome = create ? ProvisionOutcome::kCreated : ProvisionOutcome::kUpdated;
  result.stack_id = watch->stack.stack_id;
  result.stack_status = watch->stack.stack_status;
  result.outputs = watch->stack.outputs;
  reporter_.StepFinished(kStepExecute, "stack " + name + " is " + result.stack_status);
  return true;
}

Result<bool> StackProvisioner::Apply(const StackState& state, ProvisionResult& result) {
  const std::string& name = inputs_.stack_name;
  if (!state.exists) return CreateNewStack(state, result);
  auto prepared = PrepareChangeSet(state);
  if (!prepared) return prepared.error();
  if (!prepared->has_value()) return false;
  PreparedChangeSet& change_set = **prepared;
  if (change_set.no_changes) {
    reporter_.StepFinished(kStepChangeSet, "no changes: stack " + name + " is up to date");
    result.outcome = ProvisionOutcome::kNoChanges;
    result.changes.clear();
    result.stack_id = state.stack.stack_id;
    result.stack_status = state.stack.stack_status;
    result.outputs = state.stack.outputs;
    return true;
  }
  result.changes = ToPlannedChanges(change_set.described);
  reporter_.Changes(kStepChangeSet, ChangesSummary(result.changes), result.changes);
  reporter_.StepFinished(kStepChangeSet,
                         "change set " + change_set.described.change_set_name + " is ready");

  auto marker = NewestEventId(clients_, change_set.stack_id);
  if (!marker) {
    DiscardChangeSet(clients_, change_set.id, inputs_.wait, reporter_);
    return marker.error();
  }
  reporter_.StepStarted(kStepExecute, "updating stack " + name);
  if (auto executed = clients_.cfn.ExecuteChangeSet(change_set.id, ""); !executed) {
    DiscardChangeSet(clients_, change_set.id, inputs_.wait, reporter_);
    if (IsConflict(executed.error())) {
      conflict_ = executed.error();
      return false;
    }
    return WithContext(
        executed.error(),
        "cannot execute change set " + change_set.described.change_set_name + " of stack " + name);
  }
  return AwaitOperation(/*create=*/false, change_set.stack_id, *marker, result);
}

Status StackProvisioner::Plan(const StackState& state, ProvisionResult& result) {
  const std::string& name = inputs_.stack_name;
  result.outcome = ProvisionOutcome::kPlanned;
  result.stack_status = state.stack.stack_status;
  result.stack_id = state.exists ? state.stack.stack_id : "";
  result.outputs = state.exists ? state.stack.outputs : std::vector<cf::Output>{};
  result.plan_notes = state.notes;
  if (!state.exists) {
    result.changes = inputs_.facts.resources;
    reporter_.Changes(kStepChangeSet,
                      "stack " + name + " would be created with " +
                          std::to_string(result.changes.size()) + " resource(s)",
                      result.changes);
    return {};
  }
  if (state.busy) return {};
  if (inputs_.template_json->size() > kMaxTemplateBodyBytes && !inputs_.template_stored) {
    result.plan_notes.push_back(
        "the template is larger than CloudFormation takes inline and is not in S3 yet, so its "
        "changes cannot be previewed without uploading it");
    return {};
  }
  auto prepared = PrepareChangeSet(state);
  if (!prepared) return prepared.error();
  if (!prepared->has_value()) {
    result.plan_notes.push_back("another operation got in the way of the preview: " +
                                conflict_.message);
    return {};
  }
  if ((*prepared)->no_changes) {
    result.plan_notes.push_back("no changes: stack " + name + " is up to date");
    reporter_.Changes(kStepChangeSet, "no changes", {});
    return {};
  }
  result.changes = ToPlannedChanges((*prepared)->described);
  reporter_.Changes(kStepChangeSet, ChangesSummary(result.changes), result.changes);
  DiscardChangeSet(clients_, (*prepared)->id, inputs_.wait, reporter_);
  reporter_.StepFinished(kStepChangeSet, "preview change set deleted");
  return {};
}

}  // namespace sparta::deploy::detail
