#pragma once
// Validation of an operation's input against its model, with the wording
// AWS's services use: "1 validation error detected: Value null at 'roleName'
// failed to satisfy constraint: Member must not be null". Paths name members
// with their first letter lower-cased, list elements as "tags.1.member.key".

#include <string>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/protocol/service_model.hpp"

namespace sparta::local_cloud::protocol {

/// Every constraint `input` (a decoded value of `shape`) breaks: required
/// members, enums, lengths (in code points), ranges and patterns, each as
/// "Value ... at '...' failed to satisfy constraint: ...", in member order.
std::vector<std::string> Validate(const Shape& shape, const json::value& input);

/// "1 validation error detected: a" or "3 validation errors detected: a; b;
/// c"; empty when `violations` is.
std::string ValidationMessage(const std::vector<std::string>& violations);

}  // namespace sparta::local_cloud::protocol
