#pragma once
// Declared resources: a resource of the service as a C++ value with a handle
// (its logical ID) that other declarations refer to through Ref()/GetAtt
// expressions, never through hand-typed IDs.
//
// Typed resources are generated (sparta/resources/<service>.hpp) and derive
// from TypedResource; UntypedResource is the escape hatch for any type the
// schemas lack (third-party types, `Custom::...`, brand-new AWS types). Both
// convert to a ResourceDeclaration, the type-erased form a Service holds.
//
// **Example**:
//   namespace ddb = sparta::resources::dynamodb;
//   ddb::Table orders{"Orders", {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}},
//                     {.deletion_policy = cfn::DeletionPolicy::kRetain}};
//   json::value arn = orders.Arn();   // {"Fn::GetAtt": ["Orders", "Arn"]}
//   json::value name = orders.Ref();  // {"Ref": "Orders"}

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/property_writer.hpp"
#include "sparta/cfn/template.hpp"
#include "sparta/json/json.hpp"

namespace sparta::cfn {

enum class DeletionPolicy { kUnset, kDelete, kRetain, kSnapshot, kRetainExceptOnCreate };
enum class UpdateReplacePolicy { kUnset, kDelete, kRetain, kSnapshot };

/// Anything with a logical ID that a DependsOn may name: a declared resource
/// (typed or not) or the handle of a function's resource.
class Handle {
 public:
  Handle() = default;
  /// From a raw logical ID, for resources declared outside the typed model.
  explicit Handle(std::string logical_id) : logical_id_(std::move(logical_id)) {}
  template <class R>
    requires requires(const R& r) {
      { r.logical_id() } -> std::convertible_to<std::string_view>;
    }
  Handle(const R& resource) : logical_id_(resource.logical_id()) {}  // NOLINT

  const std::string& logical_id() const { return logical_id_; }

 private:
  std::string logical_id_;
};

/// CloudFormation's resource attributes other than Type and Properties.
struct ResourceOptions {
  std::vector<Handle> depends_on{};
  Handle condition{};  // a declared sparta::Condition (see service/template_items.hpp)
  DeletionPolicy deletion_policy = DeletionPolicy::kUnset;
  UpdateReplacePolicy update_replace_policy = UpdateReplacePolicy::kUnset;
  json::value metadata = nullptr;
};

/// An attribute that discovery injects: `name` (as in Fn::GetAtt), present
/// only when the property `requires_property` is set (empty: always).
struct DiscoverableAttribute {
  std::string_view name;
  std::string_view requires_property;
};

/// The type-erased form of a declared resource, as a Service holds it.
struct ResourceDeclaration {
  std::string logical_id{};
  Resource resource{};
  /// Problems found while writing the properties (e.g. an enum value that
  /// the type does not accept); reported by the service's validation.
  std::vector<std::string> problems{};
  /// The Fn::GetAtt attributes discovery injects for this resource: the
  /// type's read-only attributes from its schema (empty for untyped
  /// resources unless given).
  std::vector<std::string> attributes{};
};

/// What every declared resource has: a logical ID, the attributes above and
/// the expressions that refer to it.
class DeclaredResource {
 public:
  /// `logical_id` is used as it is: 1..255 ASCII letters and digits
  /// (checked when the service is validated).
  DeclaredResource(std::string logical_id, ResourceOptions options)
      : logical_id_(std::move(logical_id)), options_(std::move(options)) {}

  const std::string& logical_id() const { return logical_id_; }
  const ResourceOptions& options() const { return options_; }

  /// `{"Ref": "<logical id>"}`: the value CloudFormation documents as the
  /// type's Ref (a name, an ID or an ARN, depending on the type).
  json::value Ref() const { return cfn::Ref(logical_id_); }

  /// `{"Fn::GetAtt": ["<logical id>", "<name>"]}`.
  json::value Attribute(std::string_view name) const { return cfn::GetAtt(logical_id_, name); }

 protected:
  /// The resource attributes of options() applied to `resource`.
  Resource WithOptions(Resource resource) const;

 private:
  std::string logical_id_;
  ResourceOptions options_;
};

/// Base of the generated types. `Derived` has:
///   static constexpr std::string_view kType;         // "AWS::DynamoDB::Table"
///   struct Properties { ...; void WriteTo(PropertyWriter&) const; };
///   Properties properties;
///   static std::vector<DiscoverableAttribute> DiscoverableAttributes();
template <class Derived>
class TypedResource : public DeclaredResource {
 public:
  using DeclaredResource::DeclaredResource;

  /// The declaration a Service holds; the properties are written now.
  ResourceDeclaration Declare() const {
    const auto& self = static_cast<const Derived&>(*this);
    ResourceDeclaration d{.logical_id = logical_id()};
    std::string path = "resource \"" + logical_id() + "\" (" + std::string(Derived::kType) + ")";
    PropertyWriter writer(std::move(path), d.problems);
    self.properties.WriteTo(writer);
    d.resource = WithOptions(Resource{.type = std::string(Derived::kType),
                                      .properties = writer.Take()});
    for (const DiscoverableAttribute& a : Derived::DiscoverableAttributes()) {
      if (a.requires_property.empty() || d.resource.properties.contains(a.requires_property)) {
        d.attributes.emplace_back(a.name);
      }
    }
    return d;
  }
};

/// The escape hatch: any resource type, properties as JSON.
///
/// **Example**:
///   cfn::UntypedResource widget{"Widget", "Custom::Widget", {{"ServiceToken", fn.Arn()}}};
///   json::value color = widget.GetAtt("Color");
class UntypedResource : public DeclaredResource {
 public:
  UntypedResource(std::string logical_id, std::string type, json::object properties = {},
                  ResourceOptions options = {}, std::vector<std::string> attributes = {})
      : DeclaredResource(std::move(logical_id), std::move(options)),
        type_(std::move(type)),
        properties_(std::move(properties)),
        attributes_(std::move(attributes)) {}

  /// Any attribute name: nothing checks it before CloudFormation does.
  json::value GetAtt(std::string_view name) const { return Attribute(name); }

  const std::string& type() const { return type_; }

  ResourceDeclaration Declare() const {
    return ResourceDeclaration{
        .logical_id = logical_id(),
        .resource = WithOptions(Resource{.type = type_, .properties = properties_}),
        .attributes = attributes_};
  }

 private:
  std::string type_;
  json::object properties_;
  std::vector<std::string> attributes_;
};

/// Any declared resource, type-erased: what Service::resources holds. Made
/// from a typed resource or an UntypedResource; the properties are written
/// when it is made, so later changes to the original are not seen.
class AnyResource {
 public:
  template <class R>
    requires requires(const R& r) {
      { r.Declare() } -> std::same_as<ResourceDeclaration>;
    }
  AnyResource(const R& resource) : declaration_(resource.Declare()) {}  // NOLINT

  const ResourceDeclaration& declaration() const { return declaration_; }

 private:
  ResourceDeclaration declaration_;
};

}  // namespace sparta::cfn
