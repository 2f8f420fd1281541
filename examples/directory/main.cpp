// The directory service: finding things by name instead of by ARN, with
// AWS Cloud Map.
//
//   * The service publishes its Jobs queue and its Greet function in Cloud
//     Map (the "shop" HTTP namespace, service "orders"), each instance with
//     its Ref, type and ARN: another service finds them at run time by
//     namespace and service name, with no ARN copied between stacks.
//   * Lookup does what such a service would: it asks Cloud Map
//     (DiscoverInstances) and answers what it found. Its role may call
//     DiscoverInstances in the "shop" namespace only.
//
//   ./directory build
//   ./directory provision --endpoint-url http://127.0.0.1:4566   (sparta-local)

#include <boost/describe.hpp>
#include <map>
#include <sparta/aws/function_session.hpp>
#include <sparta/resources/servicediscovery.hpp>
#include <sparta/resources/sqs.hpp>
#include <sparta/runtime/or_throw.hpp>
#include <sparta/service/cloud_map.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace sd = sparta::resources::servicediscovery;
namespace sqs = sparta::resources::sqs;

struct Greeting {
  std::string text;
};
BOOST_DESCRIBE_STRUCT(Greeting, (), (text))

Greeting Greet(const sparta::json::value&, sparta::runtime::Context&) { return {"hello"}; }

struct Listing {
  std::map<std::string, std::string> refs;  // instance ID -> its Ref (a name, a URL)
};
BOOST_DESCRIBE_STRUCT(Listing, (), (refs))

// Everything published as shop/orders: its instance IDs and Refs.
Listing Lookup(const sparta::json::value&, sparta::runtime::Context&) {
  static const sparta::aws::CloudMapClient cloud_map =
      sparta::OrThrow(sparta::OrThrow(sparta::aws::FunctionSession::Shared()).CloudMap());
  Listing out;
  for (const auto& found : sparta::OrThrow(
           cloud_map.DiscoverInstances({.namespace_name = "shop", .service_name = "orders"}))) {
    auto ref = found.attributes.find("Ref");
    out.refs[found.instance_id] = ref != found.attributes.end() ? ref->second : "";
  }
  return out;
}

int main(int argc, char** argv) {
  sd::HttpNamespace shop{"Shop", {.Name = "shop"}};
  sd::Service orders{"Orders", {.Name = "orders", .NamespaceId = shop.Ref()}};
  sqs::Queue jobs{"Jobs"};

  sparta::Function greet{"Greet", Greet, {.description = "Published in Cloud Map"}};
  sparta::Function lookup{"Lookup",
                          Lookup,
                          {.description = "Lists what shop/orders publishes"},
                          sparta::IamRoleDefinition{
                              .privileges = {sparta::CloudMapLookup(shop.Arn())}}};

  sparta::Service service{
      .name = "SpartaDirectory",
      .description = "Sparta C++ example: functions and resources published in AWS Cloud Map",
      .functions = {greet, lookup},
      .resources = {shop, orders, jobs},
      .decorators = {sparta::PublishToCloudMap(orders.Ref(),
                                               {{.instance_id = "jobs", .target = jobs},
                                                {.instance_id = "greet", .target = greet}})}};
  return sparta::Main(argc, argv, service);
}
