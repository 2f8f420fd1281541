#include "sparta/service/cloud_map.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/service/service.hpp"

#include "event_sources.hpp"

namespace sparta {

namespace {

constexpr std::size_t kMaxAttributes = 30;
constexpr std::size_t kMaxKeyLength = 255;
constexpr std::size_t kMaxValueLength = 1024;

bool ValidInstanceId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return internal::IsAsciiAlnum(c) || c == '-' || c == '_' || c == '.';
  });
}

// Whether the declared resource `id` has an Arn attribute (functions do).
bool HasArn(const Service& service, const std::string& id, const std::string& type) {
  if (type == "AWS::Lambda::Function") return true;
  for (const cfn::AnyResource& r : service.resources) {
    const cfn::ResourceDeclaration& d = r.declaration();
    if (d.logical_id == id) {
      return std::find(d.attributes.begin(), d.attributes.end(), "Arn") != d.attributes.end();
    }
  }
  return false;
}

Status Invalid(const std::string& what) { return MakeError("InvalidService", what); }

}  // namespace

ServiceDecorator PublishToCloudMap(json::value service_id, std::vector<CloudMapInstance> instances) {
  return ServiceDecorator{
      "cloud-map",
      [service_id = std::move(service_id),
       instances = std::move(instances)](ServiceDecoration& d) -> Status {
        if (!(service_id.is_string() && !service_id.get_string().empty()) &&
            !service_id.is_object()) {
          return Invalid("the Cloud Map service ID is not set; give a Service's Ref or \"srv-...\"");
        }
        for (const CloudMapInstance& i : instances) {
          const std::string who = "Cloud Map instance \"" + i.instance_id + "\"";
          if (!ValidInstanceId(i.instance_id)) {
            return Invalid(who + ": the ID must be 1 to 64 letters, digits, '-', '_' or '.'");
          }
          const std::string& target = i.target.logical_id();
          const cfn::Resource* resource = d.current.FindResource(target);
          if (resource == nullptr) {
            return Invalid(who + ": \"" + target +
                           "\" is not a function or resource of this service");
          }
          json::object attributes{{"Ref", cfn::Ref(target)}, {"Type", resource->type}};
          if (HasArn(d.service, target, resource->type)) {
            attributes["Arn"] = cfn::GetAtt(target, "Arn");
          }
          for (const auto& [key, value] : i.attributes) {
            if (key.empty() || key.size() > kMaxKeyLength || key.starts_with("AWS_")) {
              return Invalid(who + ": attribute \"" + key +
                             "\" is not allowed; keys are 1 to 255 characters and those "
                             "starting with AWS_ are Cloud Map's own");
            }
            if (value.is_string() && value.get_string().size() > kMaxValueLength) {
              return Invalid(who + ": attribute \"" + key + "\" is over 1,024 characters");
            }
            attributes[key] = value;
          }
          if (attributes.size() > kMaxAttributes) {
            return Invalid(who + ": " + std::to_string(attributes.size()) +
                           " attributes; Cloud Map allows 30");
          }
          cfn::Resource instance{.type = "AWS::ServiceDiscovery::Instance"};
          instance.properties["ServiceId"] = service_id;
          instance.properties["InstanceId"] = i.instance_id;
          instance.properties["InstanceAttributes"] = std::move(attributes);
          const std::string id =
              cfn::LogicalId(i.instance_id + "-", "CloudMapInstance");  // '-': always hashed
          if (auto s = d.additions.AddResource(id, std::move(instance)); !s) return s;
        }
        return {};
      }};
}

IamPrivilege CloudMapLookup(json::value namespace_or_service_arn) {
  return {.actions = {"servicediscovery:DiscoverInstances"},
          .resources = {std::move(namespace_or_service_arn)}};
}

}  // namespace sparta
