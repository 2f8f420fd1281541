#pragma once
// Discovery: inside a deployed function, what the stack created for it.
//
// A function lists what it uses in FunctionOptions::dependencies; provisioning
// injects the stack's identity and, for each dependency, its Ref value, type
// and attributes (the environment variable SPARTA_DISCOVERY, resolved by
// CloudFormation). Discover() reads it once and caches it; lookups are plain
// map reads. Works the same on AWS and on sparta-local, which resolves real
// values.
//
// A document too large for Lambda's 4 KB of environment is served from the
// stack instead, when the service opts in (Service::discovery_from_stack):
// it goes into the function resource's Metadata (key "SpartaDiscovery",
// resolved by CloudFormation), the environment carries only
// SPARTA_DISCOVERY_FROM_STACK = {"stack": ..., "logicalId": ...}, and the
// first Discover() fetches it with the registered DiscoveryLoader
// (sparta::aws::DiscoveryFromStack(): CloudFormation DescribeStackResource).
//
// **Example**:
//   namespace s3 = sparta::resources::s3;
//   const auto& d = sparta::runtime::Discover();
//   std::string bucket = d.Get<s3::Bucket>("Uploads").Ref();      // the bucket's name
//   std::string arn = d.Get<s3::Bucket>("Uploads").Arn();         // typed attribute
//   std::string any = d.Resource("Uploads").Attribute("DomainName");

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::runtime {

/// The stack that created the function.
struct StackIdentity {
  std::string name;
  std::string id;
  std::string region;
  std::string account;
  std::string partition;
  std::string url_suffix;
};

/// One dependency as CloudFormation resolved it.
struct DiscoveredResource {
  std::string logical_id;
  std::string type;                                            // e.g. "AWS::S3::Bucket"
  std::string ref;                                             // its Ref value
  std::map<std::string, std::string, std::less<>> attributes;  // Fn::GetAtt name -> value

  /// The attribute's value. Throws FunctionError "Sparta.DiscoveryError"
  /// naming the resource and the attributes it has when `name` is not one.
  const std::string& Attribute(std::string_view name) const;
};

/// A dependency seen through its generated type's attribute accessors
/// (`Discovered<dynamodb::Table>` has Arn() and StreamArn()), each
/// returning the resolved value.
template <class T>
class Discovered : public T::template AttributesOf<Discovered<T>> {
 public:
  explicit Discovered(const DiscoveredResource& resource) : resource_(&resource) {}
  const std::string& Ref() const { return resource_->ref; }
  const std::string& Attribute(std::string_view name) const { return resource_->Attribute(name); }
  const DiscoveredResource& resource() const { return *resource_; }

 private:
  const DiscoveredResource* resource_;
};

class Discovery {
 public:
  /// Parses a discovery document (the contract is in
  /// src/service/discovery_document.hpp). Unknown keys are ignored.
  /// Error "InvalidDiscovery" names what is malformed.
  static Result<Discovery> Parse(std::string_view document);

  const StackIdentity& stack() const { return stack_; }
  /// The logical ID of the function this runs in.
  const std::string& function_logical_id() const { return function_; }
  const std::map<std::string, DiscoveredResource, std::less<>>& resources() const {
    return resources_;
  }

  /// The dependency `logical_id`. Throws FunctionError "Sparta.DiscoveryError"
  /// naming what the function does depend on when it is not one.
  const DiscoveredResource& Resource(std::string_view logical_id) const;

  /// Typed: `Get<s3::Bucket>("Uploads").Arn()`. Also checks the type.
  template <class T>
  Discovered<T> Get(std::string_view logical_id) const {
    const DiscoveredResource& r = Resource(logical_id);
    CheckType(r, T::kType);
    return Discovered<T>(r);
  }
  /// Typed, from the declared value itself: `Get(uploads).Ref()`.
  template <class T>
  Discovered<T> Get(const T& declared) const {
    return Get<T>(declared.logical_id());
  }

 private:
  static void CheckType(const DiscoveredResource& r, std::string_view type);

  StackIdentity stack_;
  std::string function_;
  std::map<std::string, DiscoveredResource, std::less<>> resources_;
};

/// The variable that names where the document is when it is served from the
/// stack, and the Metadata key that holds it there.
inline constexpr std::string_view kDiscoveryFromStackVariable = "SPARTA_DISCOVERY_FROM_STACK";
inline constexpr std::string_view kDiscoveryMetadataKey = "SpartaDiscovery";

/// Fetches a discovery document that is served from the stack: the
/// `SpartaDiscovery` Metadata of resource `logical_id` in stack `stack`.
struct DiscoveryLoader {
  std::string name;  // for messages, e.g. "CloudFormation DescribeStackResource"
  std::function<Result<std::string>(std::string_view stack, std::string_view logical_id)> load;
};

/// Sets the loader Discover() uses for SPARTA_DISCOVERY_FROM_STACK. The
/// bootstrap's Main sets it from Service::discovery_from_stack before any
/// handler runs; tests set their own.
void SetDiscoveryLoader(DiscoveryLoader loader);

/// The function's discovery, read on the first call and cached
/// (thread-safe): from SPARTA_DISCOVERY, or from the stack through the
/// DiscoveryLoader when SPARTA_DISCOVERY_FROM_STACK is set instead. Throws
/// FunctionError "Sparta.DiscoveryError" when neither variable is set (the
/// function declares no dependencies, or runs outside a deployed stack),
/// when the document is malformed, or when it cannot be fetched (the
/// message says why, e.g. no loader, or the role lacks
/// cloudformation:DescribeStackResource). A failed fetch is tried again on
/// the next call.
const Discovery& Discover();

}  // namespace sparta::runtime
