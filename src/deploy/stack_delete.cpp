// DeleteStack, and the delete-and-wait step Provision shares.

#include "deploy/stack_delete.hpp"

#include "sparta/aws/stack_status.hpp"
#include "sparta/deploy/delete_stack.hpp"
#include "sparta/deploy/provision.hpp"
#include "sparta/service/synthesize.hpp"

#include "deploy/provision_internal.hpp"

namespace sparta::deploy {
namespace cf = aws::cloudformation;

Result<DeleteResult> DeleteStack(const aws::Session& session, std::string_view stack_name,
                                 const DeleteOptions& options, ProgressSink& sink) {
  auto clients = detail::OpenDeployClients(session);
  if (!clients) return clients.error();
  return detail::DeleteStackWith(*clients, stack_name, options, sink);
}

namespace detail {
namespace {

Result<StackWatch> Settled(const Result<StackWatch>& watch, const std::string& stack_name,
                           const WaitOptions& options) {
  if (!watch) return watch.error();
  if (watch->timed_out) {
    return MakeError("Timeout", "stack " + stack_name + " is still " + watch->stack.stack_status +
                                    " after " + HumanDuration(options.timeout) +
                                    "; CloudFormation goes on with it: follow it with `status`");
  }
  if (watch->stack.stack_status != "DELETE_COMPLETE") {
    cf::Stack stack = watch->stack;
    if (stack.stack_name.empty()) stack.stack_name = stack_name;
    return StackFailureError("deleting stack " + stack_name, stack, watch->events);
  }
  return watch;
}

std::string ArtifactBucketOf(const cf::Stack& stack) {
  for (const cf::Parameter& parameter : stack.parameters) {
    if (parameter.key == kArtifactBucketParameter) return parameter.value;
  }
  return "";
}

Status DeleteArtifacts(const DeployClients& clients, const std::string& stack_name,
                       const std::string& bucket, const Reporter& reporter,
                       std::vector<std::string>& deleted) {
  const std::string prefix = ArtifactPrefix(stack_name);
  reporter.StepStarted(kStepArtifacts, "deleting s3://" + bucket + "/" + prefix);
  const std::string context =
      "stack " + stack_name + " is deleted, but not its artifacts in s3://" + bucket + "/" + prefix;
  auto objects = clients.s3.ListAllObjects(bucket, prefix);
  if (!objects) {
    if (objects.error().code == "NoSuchBucket") {
      reporter.StepFinished(kStepArtifacts,
                            "bucket " + bucket + " does not exist: nothing to delete");
      return {};
    }
    return WithContext(objects.error(), context);
  }
  for (const aws::s3::ObjectSummary& object : *objects) {
    if (auto removed = clients.s3.DeleteObject(bucket, object.key); !removed) {
      return WithContext(removed.error(), context);
    }
    deleted.push_back(object.key);
  }
  reporter.StepFinished(kStepArtifacts, std::to_string(deleted.size()) + " object(s) deleted");
  return {};
}

}  // namespace

Result<StackWatch> DeleteAndWait(const DeployClients& clients, const std::string& stack_id,
                                 const std::string& stack_name, const WaitOptions& options,
                                 std::string_view step, const Reporter& reporter) {
  auto marker = NewestEventId(clients, stack_id);
  if (!marker) return marker.error();
  if (auto deleted = clients.cfn.DeleteStack({stack_id, {}, "", ""}); !deleted) {
    return WithContext(deleted.error(), "cannot delete stack " + stack_name);
  }
  auto watch = WatchStack(
      clients, stack_id, *marker, [](const cf::Stack& s) { return cf::IsTerminal(s.stack_status); },
      options, step, reporter);
  return Settled(watch, stack_name, options);
}

Result<DeleteResult> DeleteStackWith(const DeployClients& clients, std::string_view stack_name,
                                     const DeleteOptions& options, ProgressSink& sink) {
  const auto started = clients.Now();
  const Reporter reporter(sink);
  if (auto valid = ValidateStackName(stack_name); !valid) return valid.error();
  if (options.poll_interval.count() <= 0 || options.wait_timeout.count() <= 0) {
    return MakeError("InvalidArgument", "poll_interval and wait_timeout must be positive");
  }
  const std::string name(stack_name);
  const WaitOptions wait{options.poll_interval, options.wait_timeout};
  DeleteResult result;
  result.stack_name = name;
  result.region = clients.region;
  auto finish = [&]() -> Result<DeleteResult> {
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clients.Now() - started);
    return std::move(result);
  };

  reporter.StepStarted(kStepDelete, "reading stack " + name);
  auto found = clients.cfn.DescribeStack(name);
  if (!found) {
    if (!cf::IsStackNotFound(found.error())) {
      return WithContext(found.error(), "cannot read stack " + name);
    }
    reporter.StepFinished(kStepDelete, "stack " + name + " does not exist in " + clients.region +
                                           ": nothing to delete");
    return finish();
  }
  result.existed = true;
  result.stack_id = found->stack_id;
  result.bucket = ArtifactBucketOf(*found);
  const std::string& status = found->stack_status;

  Result<StackWatch> watch = MakeError("Internal", "not waited");
  if (status == "DELETE_IN_PROGRESS") {
    reporter.Waiting(kStepDelete, "stack " + name + " is already being deleted; waiting for it");
    auto marker = NewestEventId(clients, result.stack_id);
    if (!marker) return marker.error();
    watch = Settled(WatchStack(
                        clients, result.stack_id, *marker,
                        [](const cf::Stack& s) { return cf::IsTerminal(s.stack_status); }, wait,
                        kStepDelete, reporter),
                    name, wait);
  } else {
    if (!cf::IsStable(status)) {
      reporter.Waiting(kStepDelete, "waiting for the in-progress " + status + " of stack " + name +
                                        " started elsewhere");
      auto marker = NewestEventId(clients, result.stack_id);
      if (!marker) return marker.error();
      auto settled = WatchStack(
          clients, result.stack_id, *marker,
          [](const cf::Stack& s) { return cf::IsStable(s.stack_status); }, wait, kStepDelete,
          reporter);
      if (!settled) return settled.error();
      if (settled->timed_out) {
        return MakeError("StackBusy", "stack " + name + " is still " + settled->stack.stack_status +
                                          " after " + HumanDuration(wait.timeout) +
                                          ": another operation is running on it; wait until it "
                                          "ends (sparta status) and delete again");
      }
    }
    reporter.StepStarted(kStepDelete, "deleting stack " + name);
    watch = DeleteAndWait(clients, result.stack_id, name, wait, kStepDelete, reporter);
  }
  if (!watch) return watch.error();
  result.final_status = watch->stack.stack_status;
  reporter.StepFinished(kStepDelete, "stack " + name + " is deleted");

  if (options.delete_artifacts) {
    if (result.bucket.empty()) {
      reporter.Notice(kStepArtifacts, "stack " + name + " has no " +
                                          std::string(kArtifactBucketParameter) +
                                          " parameter: no artifacts to delete");
    } else if (auto removed = DeleteArtifacts(clients, name, result.bucket, reporter,
                                              result.artifacts_deleted);
               !removed) {
      return removed.error();
    }
  }
  return finish();
}

}  // namespace detail
}  // namespace sparta::deploy
