#pragma once
// DescribeStatus: what a deployed service's stack looks like now.

#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/aws/session.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy {

struct StackStatusReport {
  std::string region;
  /// Status and reason, creation/update times, parameters, outputs, tags,
  /// capabilities, as CloudFormation reports them.
  aws::cloudformation::Stack stack;
  /// Every resource: logical id, type, physical id, status (and reason).
  std::vector<aws::cloudformation::StackResourceSummary> resources;
  /// The newest events, oldest first.
  std::vector<aws::cloudformation::StackEvent> events;
};

/// Reads the stack `stack_name`, its resources and its `last_events` newest
/// events. A stack that does not exist is the error "StackNotFound", whose
/// message names the stack and the region and suggests `provision`; other
/// failures are AWS's errors verbatim.
Result<StackStatusReport> DescribeStatus(const aws::Session& session, std::string_view stack_name,
                                         int last_events = 10);

}  // namespace sparta::deploy
