#include "deploy/stack_wait.hpp"

#include <algorithm>
#include <unordered_set>

#include "sparta/aws/stack_status.hpp"

namespace sparta::deploy::detail {
namespace cf = aws::cloudformation;
namespace {

constexpr std::string_view kStackType = "AWS::CloudFormation::Stack";

bool IsCancellation(std::string_view reason) {
  return reason.find("Resource creation cancelled") != std::string_view::npos ||
         reason.find("Resource update cancelled") != std::string_view::npos;
}

}  // namespace

std::string RecoveryAdvice(std::string_view status, std::string_view stack_name) {
  const std::string name(stack_name);
  if (status == "ROLLBACK_COMPLETE") {
    return "the stack was rolled back and holds nothing; fix the cause and run provision again "
           "(it deletes the rolled-back stack and creates it anew)";
  }
  if (status == "UPDATE_ROLLBACK_COMPLETE") {
    return "the stack was rolled back and runs its previous version; fix the cause and run "
           "provision again";
  }
  if (status == "UPDATE_ROLLBACK_FAILED") {
    return "the stack cannot change until its rollback is continued: run `aws cloudformation "
           "continue-update-rollback --stack-name " +
           name + "` (skipping the resources that cannot roll back), then provision again";
  }
  if (status == "ROLLBACK_FAILED" || status == "CREATE_FAILED") {
    return "delete the stack (sparta delete), fix the cause, then provision again";
  }
  if (status == "DELETE_FAILED") {
    return "remove or fix the resources above (a non-empty S3 bucket, say) and run delete again";
  }
  if (status == "UPDATE_FAILED") {
    return "fix the cause and run provision again";
  }
  return "see the stack's events (sparta status) and fix the cause";
}

Result<std::string> NewestEventId(const DeployClients& clients, std::string_view stack_id) {
  auto page = clients.cfn.DescribeStackEvents(stack_id);
  if (!page)
    return WithContext(page.error(), "cannot read the events of stack " + std::string(stack_id));
  return page->items.empty() ? std::string() : page->items.front().event_id;
}

Result<StackWatch> WatchStack(const DeployClients& clients, std::string_view stack_id,
                              std::string after_event_id,
                              const std::function<bool(const cf::Stack&)>& done,
                              const WaitOptions& options, std::string_view step,
                              const Reporter& reporter) {
  const auto deadline = clients.Now() + options.timeout;
  const std::string id(stack_id);
  StackWatch watch;
  std::unordered_set<std::string> seen;
  auto lost = [&](const Error& error) {
    return WithContext(error, "lost track of stack " + id +
                                  " while waiting (its operation goes on in CloudFormation; "
                                  "follow it with `status`)");
  };
  auto stream = [&]() -> Status {
    auto events = clients.cfn.StackEventsSince(id, after_event_id);
    if (!events) {
      // A stack deleted long ago may be unknown even by its ARN: no events.
      if (aws::cloudformation::IsStackNotFound(events.error())) return {};
      return lost(events.error());
    }
    for (cf::StackEvent& event : *events) {
      if (!seen.insert(event.event_id).second) continue;
      after_event_id = event.event_id;
      reporter.StackEvent(step, event);
      watch.events.push_back(std::move(event));
    }
    return {};
  };
  for (;;) {
    if (auto streamed = stream(); !streamed) return streamed.error();
    auto stack = clients.cfn.DescribeStack(id);
    if (stack) {
      watch.stack = std::move(*stack);
    } else if (aws::cloudformation::IsStackNotFound(stack.error())) {
      // Not even found by its ARN any more (emulators forget deleted
      // stacks): it is gone, which is what DELETE_COMPLETE says.
      watch.stack.stack_id = id;
      watch.stack.stack_status = "DELETE_COMPLETE";
    } else {
      return lost(stack.error());
    }
    if (done(watch.stack)) {
      // Events can lag the status: one last look, so the final ones are shown.
      if (auto streamed = stream(); !streamed) return streamed.error();
      return watch;
    }
    if (clients.Now() >= deadline) {
      watch.timed_out = true;
      return watch;
    }
    clients.Sleep(options.poll_interval);
  }
}

std::vector<FailedResource> FailedResources(const std::vector<cf::StackEvent>& events) {
  std::vector<FailedResource> failed;
  for (const cf::StackEvent& event : events) {
    if (event.resource_type == kStackType) continue;
    if (!event.resource_status.ends_with("_FAILED")) continue;
    if (IsCancellation(event.resource_status_reason)) continue;
    FailedResource resource{event.logical_resource_id, event.resource_type, event.resource_status,
                            event.resource_status_reason};
    auto same = std::find_if(failed.begin(), failed.end(), [&](const FailedResource& r) {
      return r.logical_id == resource.logical_id;
    });
    if (same != failed.end()) {
      *same = std::move(resource);
    } else {
      failed.push_back(std::move(resource));
    }
  }
  return failed;
}

Error StackFailureError(std::string_view operation, const cf::Stack& stack,
                        const std::vector<cf::StackEvent>& events) {
  std::string message = std::string(operation) + " failed; it is now " + stack.stack_status;
  if (!stack.stack_status_reason.empty()) message += " (" + stack.stack_status_reason + ")";
  const std::vector<FailedResource> failed = FailedResources(events);
  if (failed.empty()) {
    message += "\n  no resource reported a failure";
  }
  for (const FailedResource& resource : failed) {
    message += "\n  " + resource.logical_id + " (" + resource.resource_type + ") " +
               resource.status + ": " +
               (resource.reason.empty() ? "no reason given" : resource.reason);
  }
  message += '\n';
  message += RecoveryAdvice(stack.stack_status, stack.stack_name);
  return MakeError(operation.starts_with("deleting") ? "StackDeleteFailed" : "StackFailed",
                   std::move(message));
}

std::string HumanDuration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms < 60000) {
    return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + " s";
  }
  return std::to_string(ms / 60000) + " min " + std::to_string((ms % 60000) / 1000) + " s";
}

}  // namespace sparta::deploy::detail
