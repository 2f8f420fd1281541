#pragma once
// Template: a CloudFormation template as a value. Property values are JSON
// (`sparta::json::value`), with intrinsics built by cfn/intrinsics.hpp.
//
// Logical IDs share one namespace across Parameters, Conditions, Resources
// and Outputs: adding an ID that is already used anywhere is an error, never
// an overwrite. Thread-compatible (a plain value type).
//
// **Example**:
//   cfn::Template t;
//   cfn::Resource bucket{.type = "AWS::S3::Bucket"};
//   if (auto s = t.AddResource("SiteBucket", std::move(bucket)); !s) return s.error();
//   if (auto s = t.AddOutput("SiteBucketName", {.value = cfn::Ref("SiteBucket")}); !s) ...
//   if (auto s = t.Validate(); !s) return s.error();
//   std::string body = t.Serialize();

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::cfn {

/// The CloudFormation format version every serialized template declares.
inline constexpr std::string_view kFormatVersion = "2010-09-09";
/// CloudFormation's limit on a template passed inline (TemplateBody), bytes.
inline constexpr std::size_t kMaxTemplateBodyBytes = 51'200;
/// CloudFormation's limit on a template read from S3 (TemplateURL), bytes.
/// AWS states it as "1 MB"; the decimal reading is the safe one.
inline constexpr std::size_t kMaxTemplateUrlBytes = 1'000'000;
/// CloudFormation's limit on the template Description, bytes.
inline constexpr std::size_t kMaxDescriptionBytes = 1'024;
/// CloudFormation's quotas on a template's sections (per template).
inline constexpr std::size_t kMaxResources = 500;
inline constexpr std::size_t kMaxOutputs = 200;
inline constexpr std::size_t kMaxParameters = 200;
inline constexpr std::size_t kMaxMappings = 200;

// Every member has an initializer (`{}` at least) so designated
// initializers that name only some members compile cleanly under
// -Wextra (GCC's -Wmissing-field-initializers).

/// A template parameter. Unset optionals and empty strings/lists are omitted.
struct Parameter {
  std::string type = "String";  // String, Number, CommaDelimitedList, AWS::..., ...
  std::string description{};
  std::optional<json::value> default_value{};
  std::vector<std::string> allowed_values{};
  std::string allowed_pattern{};
  std::optional<int> min_length{};
  std::optional<int> max_length{};
  std::optional<double> min_value{};
  std::optional<double> max_value{};
  bool no_echo = false;
  std::string constraint_description{};
};

/// A resource. Empty strings/lists and a null `metadata` are omitted.
struct Resource {
  std::string type{};  // e.g. "AWS::Lambda::Function"
  json::object properties{};
  std::vector<std::string> depends_on{};  // logical IDs of resources
  std::string condition{};                // a condition's logical ID
  std::string deletion_policy{};          // Delete | Retain | Snapshot | RetainExceptOnCreate
  std::string update_replace_policy{};    // Delete | Retain | Snapshot
  json::value metadata = nullptr;
};

/// An output. `export_name` (string or intrinsic) is emitted as
/// `Export: {Name: ...}` when not null.
struct Output {
  json::value value{};
  std::string description{};
  json::value export_name = nullptr;
  std::string condition{};  // a condition's logical ID
};

class Template {
 public:
  using ParameterMap = std::map<std::string, Parameter, std::less<>>;
  using MappingMap = std::map<std::string, json::object, std::less<>>;
  using ConditionMap = std::map<std::string, json::value, std::less<>>;
  using ResourceMap = std::map<std::string, Resource, std::less<>>;
  using OutputMap = std::map<std::string, Output, std::less<>>;

  /// Omitted from the output when empty. Validate() checks its length.
  void set_description(std::string description) { description_ = std::move(description); }
  const std::string& description() const { return description_; }

  /// Each Add* fails, and leaves the template unchanged, when `logical_id`
  /// is not 1..255 ASCII letters/digits (code "InvalidLogicalId") or is
  /// already used in any section (code "DuplicateLogicalId").
  Status AddParameter(std::string logical_id, Parameter parameter);
  /// `mapping` is `{top-level key: {second-level key: value}}`, read with
  /// Fn::FindInMap.
  Status AddMapping(std::string logical_id, json::object mapping);
  /// `condition` is a condition function: Equals/And/Or/Not/Condition.
  Status AddCondition(std::string logical_id, json::value condition);
  Status AddResource(std::string logical_id, Resource resource);
  Status AddOutput(std::string logical_id, Output output);

  const ParameterMap& parameters() const { return parameters_; }
  const MappingMap& mappings() const { return mappings_; }
  const ConditionMap& conditions() const { return conditions_; }
  const ResourceMap& resources() const { return resources_; }
  const OutputMap& outputs() const { return outputs_; }

  /// nullptr when there is no resource `logical_id`. The pointer stays valid
  /// until the template is destroyed (resources are never removed).
  const Resource* FindResource(std::string_view logical_id) const;
  Resource* FindResource(std::string_view logical_id);

  /// Checks that every name the template mentions exists: Ref (parameter,
  /// resource or pseudo parameter; in Conditions only parameters), Fn::GetAtt
  /// in both forms (a resource), `${X}`/`${X.Attr}` in Fn::Sub (minus
  /// `${!literal}` and Sub's own variables), DependsOn (another resource),
  /// resource/output Condition, Fn::If's and `{"Condition": X}`'s condition
  /// names; that resources have a Type and the Description fits 1024 bytes.
  /// On failure (code "InvalidTemplate") the message lists every problem,
  /// each naming where it is and what it refers to, e.g.
  ///   resource "HelloFunction" property Role: Fn::GetAtt refers to
  ///   "HelloRole", which is not a resource in this template
  /// Fn::FindInMap's map name (a mapping); that resources have a Type and the
  /// Description fits 1024 bytes.
  /// Resource Metadata is not inspected for names. With every name resolved,
  /// it also refuses a circular dependency between resources (through Ref,
  /// Fn::GetAtt, Fn::Sub, DependsOn and Metadata, as CloudFormation orders
  /// them), naming the chain, e.g. "circular dependency between resources:
  /// Uploads -> ReactFunction -> ReactRole -> Uploads".
  Status Validate() const;

  /// Checks CloudFormation's quotas: at most kMaxResources resources,
  /// kMaxOutputs outputs, kMaxParameters parameters, kMaxMappings mappings
  /// and a serialized size of at most kMaxTemplateUrlBytes (the limit of a
  /// template read from S3, as provision sends it). On failure (code
  /// "TemplateQuota") the message gives each count, the limit and what to do.
  Status CheckQuotas() const;

  /// The template as JSON, with the layout Serialize() documents.
  json::value ToJson() const;

  /// Deterministic pretty JSON: the same template always gives the same
  /// bytes. Sections in CloudFormation's conventional order
  /// (AWSTemplateFormatVersion, Description, Parameters, Mappings, Conditions,
  /// Resources, Outputs; empty ones omitted); entries of each section sorted
  /// by logical ID (byte order); each entry's attributes in a fixed order
  /// (Type first); every JSON object inside property, condition and output
  /// values with its keys sorted. Indent 2, ends with a newline.
  std::string Serialize() const;

  /// Size of Serialize() in bytes, to compare with kMaxTemplateBodyBytes /
  /// kMaxTemplateUrlBytes.
  std::size_t SerializedSize() const { return Serialize().size(); }

 private:
  Status ClaimLogicalId(std::string_view logical_id, std::string_view section) const;

  std::string description_;
  ParameterMap parameters_;
  MappingMap mappings_;
  ConditionMap conditions_;
  ResourceMap resources_;
  OutputMap outputs_;
};

}  // namespace sparta::cfn
