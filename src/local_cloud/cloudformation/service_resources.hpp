#pragma once
// ServiceResourceProvider: the resource types the local cloud really
// creates, through its services: AWS::Lambda::Function (LambdaService, code
// read from S3Service), AWS::IAM::Role (IamService), AWS::S3::Bucket
// (S3Service) and AWS::Logs::LogGroup (recorded with its ARN); custom
// resources run their Lambda function (CustomResourceRunner). Every other
// type, and a supported type whose service is missing, is simulated.

#include <optional>

#include "local_cloud/cloudformation/custom_resources.hpp"
#include "local_cloud/cloudformation/simulated_resources.hpp"
#include "sparta/local_cloud/cloudformation_service.hpp"

namespace sparta::local_cloud::cfn {

class ServiceResourceProvider : public ResourceProvider {
 public:
  /// The services and `responses` are not owned and must outlive the
  /// provider.
  ServiceResourceProvider(ResourceServices services, CustomResourceResponses& responses);

  /// Custom resources waiting for a response give up; later ones fail.
  void Stop();

  bool IsSimulated(std::string_view type) const override;
  /// A bucket is created with its name only: its configurations
  /// (notifications, versioning, CORS, ...) are recorded, not applied yet.
  std::vector<std::string> UnappliedProperties(std::string_view type,
                                               const json::object& properties) const override;
  bool RequiresReplacement(std::string_view type, const json::object& before,
                           const json::object& after) const override;
  Result<ProvisionedResource> Create(const ResourceSpec& spec) override;
  Result<ProvisionedResource> Update(const ResourceSpec& spec, const ProvisionedResource& current,
                                     const json::object& old_properties) override;
  Status Delete(const ResourceSpec& spec, const ProvisionedResource& current) override;
  std::string FailedCreatePhysicalId(const ResourceSpec& spec) override;

 private:
  Result<ProvisionedResource> PutFunction(const ResourceSpec& spec, const std::string& name,
                                          bool update);
  Result<ProvisionedResource> PutRole(const ResourceSpec& spec, const std::string& name,
                                      const std::string& role_id);

  ResourceServices services_;
  SimulatedResourceProvider simulated_;
  std::optional<CustomResourceRunner> custom_;  // when there is a LambdaService
};

}  // namespace sparta::local_cloud::cfn
