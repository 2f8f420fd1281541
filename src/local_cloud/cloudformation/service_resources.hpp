#pragma once
// ServiceResourceProvider: the resource types the local cloud really
// creates, through its services: AWS::Lambda::Function (LambdaService, code
// read from S3Service), AWS::IAM::Role (IamService), AWS::S3::Bucket
// (S3Service) and AWS::Logs::LogGroup (recorded with its ARN). Every other
// type, and a supported type whose service is missing, is simulated.

#include "local_cloud/cloudformation/simulated_resources.hpp"
#include "sparta/local_cloud/cloudformation_service.hpp"

namespace sparta::local_cloud::cfn {

class ServiceResourceProvider : public ResourceProvider {
 public:
  /// The services are not owned and must outlive the provider.
  explicit ServiceResourceProvider(ResourceServices services) : services_(services) {}

  bool IsSimulated(std::string_view type) const override;
  bool RequiresReplacement(std::string_view type, const json::object& before,
                           const json::object& after) const override;
  Result<ProvisionedResource> Create(const ResourceSpec& spec) override;
  Result<ProvisionedResource> Update(const ResourceSpec& spec,
                                     const ProvisionedResource& current) override;
  Status Delete(std::string_view type, const ProvisionedResource& current,
                const json::object& properties) override;

 private:
  Result<ProvisionedResource> PutFunction(const ResourceSpec& spec, const std::string& name,
                                          bool update);
  Result<ProvisionedResource> PutRole(const ResourceSpec& spec, const std::string& name,
                                      const std::string& role_id);

  ResourceServices services_;
  SimulatedResourceProvider simulated_;
};

}  // namespace sparta::local_cloud::cfn
