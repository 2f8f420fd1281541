#pragma once
// Watching a stack: polling its status by StackId while streaming its new
// events, and explaining a failed operation from those events.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/util/result.hpp"

#include "deploy/progress_reporter.hpp"
#include "deploy/provision_clients.hpp"

namespace sparta::deploy::detail {

struct WaitOptions {
  std::chrono::milliseconds poll_interval{5000};
  std::chrono::milliseconds timeout{std::chrono::minutes(60)};
};

/// The EventId of the stack's newest event ("" when it has none): the
/// marker after which WatchStack reports events.
Result<std::string> NewestEventId(const DeployClients& clients, std::string_view stack_id);

struct StackWatch {
  aws::cloudformation::Stack stack;                     // the last description
  std::vector<aws::cloudformation::StackEvent> events;  // new events seen, oldest first
  bool timed_out = false;  // `done` was still false when the timeout passed
};

/// Polls the stack `stack_id` (an ARN, so a deleted stack is still found)
/// until `done(stack)`, at most `options.timeout`; each poll first reports
/// the events newer than `after_event_id` (each once, oldest first) under
/// `step`. Errors: a poll that failed (after AwsClient's own retries), with
/// context saying the operation goes on in CloudFormation.
Result<StackWatch> WatchStack(const DeployClients& clients, std::string_view stack_id,
                              std::string after_event_id,
                              const std::function<bool(const aws::cloudformation::Stack&)>& done,
                              const WaitOptions& options, std::string_view step,
                              const Reporter& reporter);

struct FailedResource {
  std::string logical_id;
  std::string resource_type;
  std::string status;  // e.g. CREATE_FAILED
  std::string reason;
};

/// The resources that failed in `events`: resource (not stack) events whose
/// status ends in "_FAILED", without the ones only cancelled because another
/// resource failed ("Resource creation cancelled", "Resource update
/// cancelled"); the last event of each resource, in order of first failure.
std::vector<FailedResource> FailedResources(
    const std::vector<aws::cloudformation::StackEvent>& events);

/// Error "StackFailed" (or "StackDeleteFailed" when `operation` is "deleting")
/// for a stack operation that ended in `stack.stack_status`: what was being
/// done ("creating stack demo"), the final status and reason, each failed
/// resource with its reason, and what to do next.
Error StackFailureError(std::string_view operation, const aws::cloudformation::Stack& stack,
                        const std::vector<aws::cloudformation::StackEvent>& events);

/// What to do about a stack left in `status` by a failed operation.
std::string RecoveryAdvice(std::string_view status, std::string_view stack_name);

/// "12.3 s", "2 min 5 s".
std::string HumanDuration(std::chrono::milliseconds duration);

}  // namespace sparta::deploy::detail
