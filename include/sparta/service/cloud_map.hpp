#pragma once
// AWS Cloud Map: publish this service's functions and resources as
// instances of a Cloud Map service, so other services find them at run time
// by namespace and service name (sparta::aws::CloudMapClient, from a
// handler's FunctionSession) instead of by hand-copied ARNs. Go Sparta's
// CloudMap decorator, as a sparta::ServiceDecorator.
//
// **Example**:
//   namespace sd = sparta::resources::servicediscovery;
//   sd::HttpNamespace shared{"Shared", {.Name = "shop"}};
//   sd::Service orders{"OrdersDirectory", {.Name = "orders", .NamespaceId = shared.Ref()}};
//   sparta::Service service{
//       ...,
//       .resources = {shared, orders, jobs},
//       .decorators = {sparta::PublishToCloudMap(orders.Ref(),
//                                                {{"worker", worker}, {"jobs-queue", jobs}})}};
//   // A function of another service, allowed to look them up:
//   //   .privileges = {sparta::CloudMapLookup(<the namespace's ARN>)}

#include <map>
#include <string>
#include <vector>

#include "sparta/cfn/resource_declaration.hpp"
#include "sparta/json/json.hpp"
#include "sparta/service/decorator.hpp"
#include "sparta/service/iam.hpp"

namespace sparta {

/// One instance to register: a function or resource of this service.
struct CloudMapInstance {
  /// The instance's ID in the Cloud Map service: 1 to 64 letters, digits,
  /// '-', '_' and '.'.
  std::string instance_id{};
  /// A function (its handle) or a declared resource.
  cfn::Handle target{};
  /// More attributes; values may be expressions. Keys starting with "AWS_"
  /// are Cloud Map's own and refused.
  std::map<std::string, json::value> attributes{};
};

/// A service decorator registering each instance in the Cloud Map service
/// `service_id` (an AWS::ServiceDiscovery::Service's Ref is its ID, or
/// "srv-..."), as an AWS::ServiceDiscovery::Instance with the attributes
/// "Ref" (the target's Ref: a function's name, a queue's URL, ...), "Type"
/// (its CloudFormation type), "Arn" (when the target has an Arn attribute)
/// and the ones given. Logical ID: `<instance id letters and digits><hash>
/// CloudMapInstance`. Errors at `build`: an ID Cloud Map refuses, a target
/// that is not in the template, a reserved or over-long attribute (Cloud
/// Map allows 30 attributes, keys up to 255 and values up to 1,024
/// characters).
ServiceDecorator PublishToCloudMap(json::value service_id, std::vector<CloudMapInstance> instances);

/// The privilege to look instances up (servicediscovery:DiscoverInstances)
/// in a namespace or service, by its ARN (an HttpNamespace's or Service's
/// `Arn` attribute, or a literal ARN).
IamPrivilege CloudMapLookup(json::value namespace_or_service_arn);

}  // namespace sparta
