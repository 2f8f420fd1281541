#pragma once
// Service: the whole declared application. Its name is the CloudFormation
// stack name.

#include <optional>
#include <string>
#include <vector>

#include "sparta/cfn/resource_declaration.hpp"
#include "sparta/runtime/discovery.hpp"
#include "sparta/service/custom_resource.hpp"
#include "sparta/service/function.hpp"
#include "sparta/service/state_machine.hpp"
#include "sparta/service/template_items.hpp"
#include "sparta/service/workflow_hooks.hpp"

namespace sparta {

/// **Example**:
///   namespace s3 = sparta::resources::s3;
///   s3::Bucket uploads{"Uploads"};
///   sparta::Service service{
///       .name = "Orders",
///       .functions = {{"Writer", Write, {.dependencies = {uploads}}}},
///       .resources = {uploads}};
struct Service {
  std::string name{};         // stack name: a letter, then letters, digits, '-'
  std::string description{};  // the template's Description
  std::vector<Function> functions{};
  /// Any CloudFormation resource: a generated type from
  /// sparta/resources/<service>.hpp, a cfn::UntypedResource, or a
  /// sparta::CustomResource<T> (whose type's provider function the service
  /// then gets).
  std::vector<ServiceResource> resources{};
  /// Step Functions state machines whose tasks are this service's functions.
  std::vector<step::StateMachine> state_machines{};
  std::vector<Parameter> parameters{};
  std::vector<Mapping> mappings{};
  std::vector<Condition> conditions{};
  std::vector<Output> outputs{};
  /// Run after every function and declaration is in the template, in order.
  std::vector<ServiceDecorator> decorators{};
  /// The service's own steps around `build` (service/workflow_hooks.hpp).
  WorkflowHooks hooks{};
  /// Where a discovery document goes when it does not fit in a function's
  /// 4 KB of environment. Unset: such a function is a `build` error. Set
  /// (to sparta::aws::DiscoveryFromStack(), sparta/aws/own_stack.hpp):
  /// the document goes into the function's Metadata, the function's role
  /// may read it (cloudformation:DescribeStackResource on this stack only),
  /// and Discover() fetches it once with this loader. Functions whose
  /// document fits keep it in their environment either way; `build` names
  /// those that do not.
  std::optional<runtime::DiscoveryLoader> discovery_from_stack{};
};

/// The service's functions: those declared, then one provider function per
/// custom resource type its resources use (ProviderFunctionName), in the
/// order the types first appear, then SpartaS3BucketNotificationsProvider
/// when a function reacts to an ExistingBucket (allowed to read and write
/// those buckets' notification configurations, nothing else). Everything
/// that builds, runs or invokes the service goes through this list.
std::vector<Function> AllFunctions(const Service& service);

}  // namespace sparta
