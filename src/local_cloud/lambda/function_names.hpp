#pragma once
// The ways Lambda's API names a function: `name`, `name:qualifier`, a
// partial ARN `<account>:function:name[:qualifier]` and a full ARN
// `arn:aws:lambda:<region>:<account>:function:name[:qualifier]`.

#include <string>
#include <string_view>

#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::detail {

/// Lambda's function name rule: 1 to 64 of [A-Za-z0-9-_].
bool IsValidFunctionName(std::string_view name);

/// `arn:aws:lambda:<region>:<account>:function:<name>` of this cloud.
std::string FunctionArn(const CloudContext& context, std::string_view name);

/// "Function not found: <arn>" as Lambda words it (404).
Error FunctionNotFound(const CloudContext& context, std::string_view name,
                       std::string_view qualifier = {});

struct FunctionRef {
  std::string name;
  std::string qualifier;  // empty when none was given
};

/// Parses any of the forms above. An ARN of another account or region is
/// "ResourceNotFoundException"; anything else malformed is
/// "InvalidParameterValueException".
Result<FunctionRef> ParseFunctionRef(std::string_view text, const CloudContext& context);

}  // namespace sparta::local_cloud::detail
