#include "sparta/aws/own_stack.hpp"

#include "sparta/json/json.hpp"

namespace sparta::aws {
namespace {

// CloudFormation, signed with the function's own credentials.
Result<CloudFormationClient> OwnCloudFormation() {
  const Result<FunctionSession>& session = FunctionSession::Shared();
  if (!session.ok()) return session.error();
  return session->CloudFormation();
}

}  // namespace

Result<std::string> LoadDiscoveryFromStack(std::string_view stack, std::string_view logical_id) {
  auto cloudformation = OwnCloudFormation();
  if (!cloudformation.ok()) return cloudformation.error();
  auto detail = cloudformation->DescribeStackResource(stack, logical_id);
  if (!detail.ok()) return detail.error();
  auto metadata = jsonutil::Parse(detail->metadata, "the Metadata of " + std::string(logical_id));
  const json::object* object = metadata.ok() ? metadata->if_object() : nullptr;
  const json::value* document =
      object != nullptr ? object->if_contains(runtime::kDiscoveryMetadataKey) : nullptr;
  if (document == nullptr || !document->is_string()) {
    return MakeError("InvalidDiscovery",
                     "the Metadata of " + std::string(logical_id) + " has no \"" +
                         std::string(runtime::kDiscoveryMetadataKey) +
                         "\" document (was the stack deployed with this service's template?)");
  }
  return std::string(document->get_string());
}

Result<std::string> ReadStackStatus(std::string_view stack_id) {
  auto cloudformation = OwnCloudFormation();
  if (!cloudformation.ok()) return cloudformation.error();
  auto stack = cloudformation->DescribeStack(stack_id);
  if (!stack.ok()) return stack.error();
  return stack->stack_status;
}

}  // namespace sparta::aws
