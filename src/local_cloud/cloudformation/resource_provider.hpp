#pragma once
// How the local CloudFormation creates, updates and deletes one resource.
// The engine only sees this interface: ServiceResourceProvider creates the
// supported types in the local S3, IAM and Lambda; SimulatedResourceProvider
// records every other type with a realistic physical ID. Tests substitute
// their own.

#include <string>
#include <vector>
#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::cfn {

/// One resource as the template (evaluated) describes it.
struct ResourceSpec {
  std::string stack_name;
  std::string stack_id;
  std::string logical_id;
  std::string type;
  std::string region;
  std::string account_id;
  json::object properties;  // every intrinsic already evaluated
  /// The name the engine planned (and committed) before Create, so that a
  /// resource created by a process killed before its next commit can still
  /// be found and deleted; empty: the provider picks one.
  std::string name;
};

/// What a created resource is known by: Ref answers `physical_id`,
/// Fn::GetAtt answers `attributes`.
struct ProvisionedResource {
  std::string physical_id;
  json::object attributes;
  /// The attributes are secret (a custom resource's `NoEcho`): outputs that
  /// read them show "*****".
  bool no_echo = false;
};

class ResourceProvider {
 public:
  virtual ~ResourceProvider() = default;

  /// True when the type is only recorded (its CREATE_COMPLETE event says so).
  virtual bool IsSimulated(std::string_view type) const = 0;
  /// For a type that is served: the properties among `properties` that are
  /// recorded but not applied (its CREATE/UPDATE_COMPLETE event names them).
  virtual std::vector<std::string> UnappliedProperties(std::string_view /*type*/,
                                                       const json::object& /*properties*/) const {
    return {};
  }
  /// True when going from `before` to `after` needs a new physical resource
  /// (e.g. a changed name property).
  virtual bool RequiresReplacement(std::string_view type, const json::object& before,
                                   const json::object& after) const = 0;
  /// The error's message becomes the resource's CREATE_FAILED reason.
  virtual Result<ProvisionedResource> Create(const ResourceSpec& spec) = 0;
  /// After a failed Create: the physical ID the failure still named (a
  /// custom resource's FAILED response carries one), which the rollback
  /// then deletes as CloudFormation does; "" when there is none.
  virtual std::string FailedCreatePhysicalId(const ResourceSpec&) { return {}; }
  /// Updates from `old_properties` to `spec.properties`. A result with a
  /// physical ID other than `current.physical_id` is a replacement the
  /// provider decided on (a custom resource's new ID): the engine then
  /// deletes `current` in the cleanup phase, as CloudFormation does.
  virtual Result<ProvisionedResource> Update(const ResourceSpec& spec,
                                             const ProvisionedResource& current,
                                             const json::object& old_properties) = 0;
  /// Deletes `current`; `spec.properties` are its last applied properties.
  /// Deleting what is already gone succeeds.
  virtual Status Delete(const ResourceSpec& spec, const ProvisionedResource& current) = 0;
};

/// "<stack>-<logical>-<12 random upper-case alphanumerics>", the parts
/// shortened so that the whole fits `max_length`; lower-case when `lower`.
std::string GeneratedName(std::string_view stack_name, std::string_view logical_id,
                          std::size_t max_length, bool lower = false);

/// The name a new resource of `spec.type` gets: its name property when
/// given (FunctionName, BucketName, ...), else a GeneratedName (lower-case
/// and at most 63 characters for buckets, else at most 64).
std::string PlanName(const ResourceSpec& spec);

/// The string property `key`, or "" when absent or not a string.
std::string StringProperty(const json::object& properties, std::string_view key);

}  // namespace sparta::local_cloud::cfn
