#pragma once
// CustomResourceRunner: runs CloudFormation's custom resource protocol for
// real on the local cloud. For a `Custom::*` or
// `AWS::CloudFormation::CustomResource`, it builds the request CloudFormation
// sends (RequestType, ResponseURL, StackId, RequestId, LogicalResourceId,
// PhysicalResourceId, ResourceType, ResourceProperties with every scalar
// turned into a string, OldResourceProperties), invokes the ServiceToken's
// Lambda function with it, and waits for the response PUT to the presigned
// ResponseURL (CustomResourceResponses), up to the resource's
// ServiceTimeout (1-3600 s, default 3600). The response is checked as
// CloudFormation checks it: at most 4,096 bytes, Status SUCCESS or FAILED,
// a PhysicalResourceId of 1 to 1,024 characters, the request's identifiers
// echoed, Data an object (its keys answer Fn::GetAtt), NoEcho.
//
// Where it departs from CloudFormation, it says so in the failure reason:
// a function that fails (crashes, times out, throws) without having sent a
// response fails the resource at once, where CloudFormation would retry the
// asynchronous invoke and then wait the whole ServiceTimeout. ServiceTokens
// that are SNS topics are refused by name.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "sparta/local_cloud/lambda_service.hpp"

#include "local_cloud/cloudformation/custom_resource_responses.hpp"
#include "local_cloud/cloudformation/resource_provider.hpp"

namespace sparta::local_cloud::cfn {

/// True for the types CloudFormation treats as custom resources.
bool IsCustomResourceType(std::string_view type);

class CustomResourceRunner {
 public:
  /// Neither is owned; both must outlive the runner.
  CustomResourceRunner(LambdaService& lambda, CustomResourceResponses& responses)
      : lambda_(lambda), responses_(responses) {}

  Result<ProvisionedResource> Create(const ResourceSpec& spec);
  /// A changed ServiceToken is refused, as CloudFormation refuses it.
  Result<ProvisionedResource> Update(const ResourceSpec& spec, const ProvisionedResource& current,
                                     const json::object& old_properties);
  Status Delete(const ResourceSpec& spec, const ProvisionedResource& current);

  /// Later requests fail at once and waiting ones return (shutdown).
  void Stop();

  /// The PhysicalResourceId of the FAILED response to the last Create of
  /// `logical_id` in `stack_id` (forgotten once taken); "" when none.
  std::string TakeFailedCreate(const std::string& stack_id, const std::string& logical_id);

 private:
  Result<ProvisionedResource> Run(std::string_view request_type, const ResourceSpec& spec,
                                  const ProvisionedResource* current,
                                  const json::object* old_properties);

  LambdaService& lambda_;
  CustomResourceResponses& responses_;
  std::atomic<bool> stopped_{false};
  std::mutex failed_mu_;
  std::map<std::pair<std::string, std::string>, std::string>
      failed_creates_;  // GUARDED_BY(failed_mu_)
};

/// `properties` as CloudFormation sends them to a custom resource: numbers
/// and booleans become strings, recursively; null stays null.
json::object StringifiedProperties(const json::object& properties);

/// The ServiceTimeout property in seconds: 3600 when absent; an error
/// ("InvalidRequest") unless an integer in 1..3600.
Result<int> ServiceTimeoutOf(const json::object& properties);

/// Reads a custom resource's response body for the request `request_id`
/// (as CloudFormation validates it). A FAILED status is an error whose
/// message is CloudFormation's "Received response status [FAILED] ...",
/// and `failed_physical_id` (when given) gets the ID it named.
Result<ProvisionedResource> ReadCustomResourceResponse(std::string_view body,
                                                       std::string_view stack_id,
                                                       std::string_view logical_id,
                                                       std::string_view request_id,
                                                       std::string* failed_physical_id = nullptr);

}  // namespace sparta::local_cloud::cfn
