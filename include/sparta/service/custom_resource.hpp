#pragma once
// User custom resources: a C++ class serves a CloudFormation custom resource
// type, and the service declares resources of that type like any other. The
// program itself is the provider: the service gets one Lambda function per
// custom resource type (named after the type, e.g. `Custom::Greeting` →
// function "GreetingProvider"), which runs the class's Create, Update and
// Delete through the full protocol (sparta/custom_resource/protocol.hpp).
//
// A provider class `T` has:
//   static constexpr std::string_view kType = "Custom::Greeting";
//   struct Properties {...};  // what it is given (BOOST_DESCRIBE_STRUCT)
//   struct Data {...};        // what it answers, read with Fn::GetAtt
//   CustomResult<Data> Create(const Properties&, const CustomResourceCall&);
//   CustomResult<Data> Update(const Properties& now, const Properties& before,
//                             const CustomResourceCall&);
//   void Delete(const Properties&, const CustomResourceCall&);
// and optionally
//   static FunctionOptions ProviderOptions();  // the provider function's (default: 60 s)
//   static IamRoleDefinition ProviderRole();   // what it may call (default: nothing)
//   // Deletes during UPDATE_COMPLETE_CLEANUP_IN_PROGRESS skipped (a
//   // replacement configured the same thing; Sparta's built-ins do this):
//   static constexpr auto kSkipDeletesDuringCleanup = sparta::aws::ReadStackStatus;
// Properties convert by the rules of sparta/json/convert.hpp, with numbers
// and booleans also read from strings (CloudFormation sends every scalar
// as a string). A new T is made for each request. Throwing fails the
// request (FAILED with the exception's message); Update answering another
// physical ID replaces the resource (CloudFormation then deletes the old
// ID). `Properties` or `Data` may be json::object to take them untyped.
//
// **Example**:
//   sparta::CustomResource<Greeting> hello{"Hello", {{"Name", "world"}}};
//   json::value text = hello.Attribute(&Greeting::Data::Text);  // Fn::GetAtt
//   sparta::Service service{.name = "Demo", .resources = {hello}};

#include <algorithm>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/resource_declaration.hpp"
#include "sparta/custom_resource/protocol.hpp"
#include "sparta/json/convert.hpp"
#include "sparta/service/function.hpp"

namespace sparta {

/// What a service needs to serve one custom resource type.
struct CustomResourceProvider {
  std::string type{};  // "Custom::Greeting"
  runtime::Handler handler{};
  FunctionOptions options{};
  IamRoleDefinition role{};
};

/// The name of the function serving custom resource `type`: the type
/// without "Custom::", characters other than letters, digits, '-' and '_'
/// dropped, then "Provider" ("Custom::Greeting" → "GreetingProvider").
std::string ProviderFunctionName(std::string_view type);

/// What a provider's handlers get besides the properties: the request as
/// CloudFormation sent it (physical ID, stack, logical ID, ...) and the
/// invocation's context (deadline, logger).
struct CustomResourceCall {
  const custom_resource::Request& request;
  runtime::Context& context;
};

/// What Create and Update answer.
template <class Data>
struct CustomResult {
  /// Empty: on Create "<LogicalResourceId>-<RequestId>", on Update the
  /// current ID. Another ID on Update replaces the resource.
  std::string physical_id{};
  Data data{};
  bool no_echo = false;  // masks `data` in the stack's outputs
};

namespace detail {

/// The properties without the keys CloudFormation reads itself.
inline json::object WithoutCloudFormationKeys(const json::object& properties) {
  json::object given = properties;
  given.erase("ServiceToken");
  given.erase("ServiceTimeout");
  return given;
}

template <class P>
P CustomProperties(const json::object& properties) {
  return jsonutil::FromJson<P>(WithoutCloudFormationKeys(properties),
                               {.scalars_from_strings = true});
}

template <class Data>
custom_resource::Outcome ToOutcome(CustomResult<Data> result) {
  json::value data = jsonutil::ToJson(result.data);
  custom_resource::Outcome outcome{.physical_id = std::move(result.physical_id)};
  if (data.is_object()) outcome.data = std::move(data.get_object());
  outcome.no_echo = result.no_echo;
  return outcome;
}

/// The described member names of T, or nothing when T is not described.
template <class T>
std::vector<std::string> MemberNames() {
  std::vector<std::string> names;
  if constexpr (boost::describe::has_describe_members<T>::value) {
    boost::mp11::mp_for_each<boost::describe::describe_members<
        T, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto member) { names.emplace_back(member.name); });
  }
  return names;
}

}  // namespace detail

/// The provider for T (see the header comment).
template <class T>
CustomResourceProvider ProviderFor() {
  using Properties = typename T::Properties;
  CustomResourceProvider provider{.type = std::string(T::kType)};
  provider.options.timeout = std::chrono::seconds(60);
  if constexpr (requires { T::ProviderOptions(); }) provider.options = T::ProviderOptions();
  if constexpr (requires { T::ProviderRole(); }) provider.role = T::ProviderRole();
  custom_resource::ServeOptions serve;
  if constexpr (requires { T::kSkipDeletesDuringCleanup; }) {
    serve.skip_deletes_during_cleanup = T::kSkipDeletesDuringCleanup;
    // To read its own stack's status, and nothing else.
    provider.role.privileges.push_back(
        {.actions = {"cloudformation:DescribeStacks"}, .resources = {cfn::Ref("AWS::StackId")}});
  }
  provider.handler =
      runtime::Handler([serve](std::string_view payload, runtime::Context& context) -> std::string {
        return custom_resource::Serve(
            payload, context,
            [](const custom_resource::Request& request,
               runtime::Context& ctx) -> custom_resource::Outcome {
              T resource{};
              const CustomResourceCall call{request, ctx};
              if (request.type == custom_resource::RequestType::kDelete) {
                // Properties that never converted (a Create that failed on
                // them, rolled back now) created nothing: succeed, or the
                // stack could never be deleted.
                auto now = jsonutil::TryFromJson<Properties>(
                    detail::WithoutCloudFormationKeys(request.properties),
                    {.scalars_from_strings = true});
                if (!now) {
                  ctx.log().Info("Delete without a call: the properties do not convert (" +
                                 now.error().message + ")");
                } else {
                  resource.Delete(*now, call);
                }
                return {.physical_id = request.physical_resource_id};
              }
              const Properties now = detail::CustomProperties<Properties>(request.properties);
              switch (request.type) {
                case custom_resource::RequestType::kCreate:
                  return detail::ToOutcome(resource.Create(now, call));
                case custom_resource::RequestType::kUpdate: {
                  const Properties before =
                      detail::CustomProperties<Properties>(request.old_properties);
                  return detail::ToOutcome(resource.Update(now, before, call));
                }
                case custom_resource::RequestType::kDelete:
                  break;  // handled above
              }
              return {};
            },
            serve);
      });
  return provider;
}

/// One resource of custom type T, declared in a service. Its properties
/// are JSON (intrinsics allowed; CloudFormation hands every scalar to the
/// provider as a string); `ServiceToken` is set to the provider function.
template <class T>
class CustomResource : public cfn::DeclaredResource {
 public:
  CustomResource(std::string logical_id, json::object properties = {},
                 cfn::ResourceOptions options = {})
      : DeclaredResource(std::move(logical_id), std::move(options)),
        properties_(std::move(properties)) {}

  using DeclaredResource::Attribute;
  /// `Fn::GetAtt` of one member of T::Data, named by member pointer, so a
  /// misspelled attribute does not compile.
  template <class M>
  json::value Attribute(M T::Data::*member) const {
    std::string name;
    boost::mp11::mp_for_each<boost::describe::describe_members<
        typename T::Data, boost::describe::mod_public | boost::describe::mod_inherited>>(
        [&](auto d) {
          if constexpr (std::is_same_v<decltype(d.pointer), M T::Data::*>) {
            if (d.pointer == member) name = d.name;
          }
        });
    return cfn::GetAtt(logical_id(), name);
  }

  cfn::ResourceDeclaration Declare() const {
    cfn::ResourceDeclaration d{.logical_id = logical_id()};
    const std::string where = "resource \"" + logical_id() + "\" (" + std::string(T::kType) + ")";
    json::object properties;
    properties["ServiceToken"] =
        cfn::GetAtt(cfn::LogicalId(ProviderFunctionName(T::kType), "Function"), "Arn");
    const std::vector<std::string> known = detail::MemberNames<typename T::Properties>();
    for (const auto& [key, value] : properties_) {
      if (key == "ServiceToken") {
        d.problems.push_back(where +
                             ": ServiceToken is set by Sparta to the type's provider function; "
                             "remove it from the properties");
        continue;
      }
      if (!known.empty() && key != "ServiceTimeout" &&
          std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
        std::string problem = where;
        problem += ": the provider's Properties have no member \"";
        problem.append(key);
        problem += "\"; its members:";
        for (const std::string& k : known) problem += " " + k;
        d.problems.push_back(std::move(problem));
        continue;
      }
      properties[key] = value;
    }
    d.resource = WithOptions(
        cfn::Resource{.type = std::string(T::kType), .properties = std::move(properties)});
    d.attributes = detail::MemberNames<typename T::Data>();
    return d;
  }

  CustomResourceProvider Provider() const { return ProviderFor<T>(); }

 private:
  json::object properties_;
};

/// A resource as Service::resources holds it: any declared resource, plus
/// the provider of a custom resource type.
class ServiceResource : public cfn::AnyResource {
 public:
  template <class R>
  requires std::constructible_from<cfn::AnyResource, const R&> ServiceResource(const R& resource)
      : cfn::AnyResource(resource) {  // NOLINT: implicit by design
    if constexpr (requires { resource.Provider(); }) provider_ = resource.Provider();
  }

  const std::optional<CustomResourceProvider>& provider() const { return provider_; }

 private:
  std::optional<CustomResourceProvider> provider_;
};

}  // namespace sparta
