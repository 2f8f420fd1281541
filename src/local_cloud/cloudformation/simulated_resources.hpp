#pragma once
// SimulatedResourceProvider: records any resource type without creating
// anything, with the physical ID and Fn::GetAtt attributes CloudFormation
// would give it (SNS topics are ARNs, SQS queues URLs, DynamoDB tables
// names, ...). Names come from the type's name property when given, else are
// generated as CloudFormation does; changing the name property replaces.

#include "local_cloud/cloudformation/resource_provider.hpp"

namespace sparta::local_cloud::cfn {

class SimulatedResourceProvider : public ResourceProvider {
 public:
  bool IsSimulated(std::string_view) const override { return true; }
  bool RequiresReplacement(std::string_view type, const json::object& before,
                           const json::object& after) const override;
  Result<ProvisionedResource> Create(const ResourceSpec& spec) override;
  Result<ProvisionedResource> Update(const ResourceSpec& spec, const ProvisionedResource& current,
                                     const json::object& old_properties) override;
  Status Delete(const ResourceSpec&, const ProvisionedResource&) override { return {}; }
};

/// The property that names a resource of `type` ("TopicName", "BucketName",
/// ...), or "" when the type has none.
std::string_view NameProperty(std::string_view type);

}  // namespace sparta::local_cloud::cfn
