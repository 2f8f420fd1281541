#include "function_names.hpp"

#include <vector>

namespace sparta::local_cloud::detail {
namespace {

std::vector<std::string_view> SplitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t colon = text.find(':');
    parts.push_back(text.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    text.remove_prefix(colon + 1);
  }
}

Error Malformed(std::string_view text) {
  std::string message = "1 validation error detected: Value '";
  message += text;
  message +=
      "' at 'functionName' failed to satisfy constraint: Member must be a function name "
      "(1 to 64 of A-Z, a-z, 0-9, - and _), optionally with :$LATEST, or its ARN";
  return MakeError("InvalidParameterValueException", std::move(message));
}

}  // namespace

bool IsValidFunctionName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string FunctionArn(const CloudContext& context, std::string_view name) {
  std::string arn = "arn:aws:lambda:";
  arn += context.region;
  arn += ':';
  arn += context.account_id;
  arn += ":function:";
  arn += name;
  return arn;
}

Error FunctionNotFound(const CloudContext& context, std::string_view name,
                       std::string_view qualifier) {
  std::string message = "Function not found: ";
  message += FunctionArn(context, name);
  if (!qualifier.empty()) {
    message += ':';
    message += qualifier;
  }
  return MakeError("ResourceNotFoundException", std::move(message));
}

Result<FunctionRef> ParseFunctionRef(std::string_view text, const CloudContext& context) {
  std::vector<std::string_view> parts = SplitColons(text);
  FunctionRef ref;
  std::string_view account;
  std::string_view region;
  if (parts.size() <= 2) {  // name[:qualifier]
    ref.name = parts[0];
    if (parts.size() == 2) ref.qualifier = parts[1];
  } else if ((parts.size() == 3 || parts.size() == 4) && parts[1] == "function") {
    account = parts[0];
    ref.name = parts[2];
    if (parts.size() == 4) ref.qualifier = parts[3];
  } else if ((parts.size() == 7 || parts.size() == 8) && parts[0] == "arn" &&
             parts[2] == "lambda" && parts[5] == "function") {
    region = parts[3];
    account = parts[4];
    ref.name = parts[6];
    if (parts.size() == 8) ref.qualifier = parts[7];
  } else {
    return Malformed(text);
  }
  if (!IsValidFunctionName(ref.name) || (parts.size() % 2 == 0 && ref.qualifier.empty())) {
    return Malformed(text);
  }
  if ((!account.empty() && account != context.account_id) ||
      (!region.empty() && region != context.region)) {
    std::string message = "Function not found: ";
    message += text;
    return MakeError("ResourceNotFoundException", std::move(message));
  }
  return ref;
}

}  // namespace sparta::local_cloud::detail
