#pragma once
// What Provision needs to know from a template before sending it: the
// capabilities it requires, the parameters it declares, its resources.

#include <string>
#include <string_view>
#include <vector>

#include "sparta/deploy/progress.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy::detail {

struct TemplateFacts {
  /// Sorted: CAPABILITY_AUTO_EXPAND (a Transform), CAPABILITY_IAM (any
  /// AWS::IAM::* resource), CAPABILITY_NAMED_IAM (an IAM Role, User, Group,
  /// ManagedPolicy or InstanceProfile given an explicit name).
  std::vector<std::string> capabilities;
  std::vector<std::string> parameters;  // declared parameter names, in template order
  /// Every resource as an "Add", in template order: the plan for a new stack.
  std::vector<PlannedChange> resources;
};

/// Error "InvalidTemplate" when `template_json` is not a JSON object with a
/// "Resources" object whose entries each have a string "Type".
Result<TemplateFacts> InspectTemplate(std::string_view template_json);

/// Splits "KEY=VALUE" at the first '='. Error "InvalidArgument" (naming
/// `what`, e.g. "parameter") for a missing '=' or an empty key.
struct KeyValue {
  std::string key;
  std::string value;
};
Result<std::vector<KeyValue>> ParseKeyValues(const std::vector<std::string>& items,
                                             std::string_view what);

}  // namespace sparta::deploy::detail
