#pragma once
// What a function reads of the stack that created it, signed with the
// function's own credentials (FunctionSession), so it works on AWS and on
// sparta-local alike.
//
// DiscoveryFromStack: the loader for discovery documents too large for
// Lambda's 4 KB of environment (Service::discovery_from_stack). The
// document is the function resource's Metadata "SpartaDiscovery", which
// CloudFormation resolves and DescribeStackResource returns. The function's
// role gets exactly cloudformation:DescribeStackResource on its own stack.
//
// **Example**:
//   sparta::Service service{..., .discovery_from_stack = sparta::aws::DiscoveryFromStack()};

#include <string>
#include <string_view>

#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/function_session.hpp"
#include "sparta/runtime/discovery.hpp"

namespace sparta::aws {

/// The document of resource `logical_id` in `stack`, read from its
/// Metadata. Errors: the session's (no credentials, no region),
/// CloudFormation's (AccessDenied, ValidationError for an unknown stack or
/// resource), "InvalidDiscovery" when the Metadata holds no document.
Result<std::string> LoadDiscoveryFromStack(std::string_view stack, std::string_view logical_id);

inline runtime::DiscoveryLoader DiscoveryFromStack() {
  return {.name = "CloudFormation DescribeStackResource", .load = &LoadDiscoveryFromStack};
}

/// The status of stack `stack_id` (DescribeStacks), e.g. for a custom
/// resource type that skips Deletes during UPDATE_COMPLETE_CLEANUP_IN_PROGRESS
/// (`static constexpr auto kSkipDeletesDuringCleanup = sparta::aws::ReadStackStatus;`
/// in the class; its provider's role then gets cloudformation:DescribeStacks
/// on its own stack).
Result<std::string> ReadStackStatus(std::string_view stack_id);

}  // namespace sparta::aws
