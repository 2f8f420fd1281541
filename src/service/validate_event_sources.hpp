#pragma once
// Validate()'s checks of the event sources (service/event_sources.hpp).

#include <string>
#include <vector>

#include "sparta/service/service.hpp"

namespace sparta::internal {

/// The problems of `f`'s event sources, each "event source <n> (<kind>):
/// <what is wrong and what is allowed>".
std::vector<std::string> CheckEventSources(const Service& service, const Function& f);

/// Problems between functions: overlapping S3 notifications on one bucket,
/// more than two subscription filters on one log group.
std::vector<std::string> CheckEventSourcesTogether(const std::vector<Function>& functions);

}  // namespace sparta::internal
