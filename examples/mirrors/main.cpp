// The mirrors service: one function that depends on many resources.
//
// Discovery normally travels in the function's environment, and Lambda
// allows 4 KB of environment per function. Eight buckets with all their
// attributes do not fit, so this service lets Sparta serve the document from
// the stack instead (`discovery_from_stack`): `build` says which functions
// that concerns, the document goes into the function's Metadata, the
// function's role may read exactly that, and the first Discover() fetches it
// with one signed CloudFormation call. The handler is the same either way.
//
//   ./mirrors build        (notes: function Locate: ... served from the stack)
//   ./mirrors provision --endpoint-url http://127.0.0.1:4566   (sparta-local)
//   ./mirrors call Locate

#include <boost/describe.hpp>
#include <map>
#include <sparta/aws/own_stack.hpp>
#include <sparta/resources/s3.hpp>
#include <sparta/sparta.hpp>
#include <string>
#include <vector>

namespace s3 = sparta::resources::s3;

const std::vector<std::string> kRegions = {"Lisbon", "Oslo",  "Osaka",  "Lima",
                                           "Perth",  "Cairo", "Quebec", "Seoul"};

struct Mirror {
  std::string bucket;
  std::string domain;
};
BOOST_DESCRIBE_STRUCT(Mirror, (), (bucket, domain))

// Every mirror's bucket and domain name, by region.
std::map<std::string, Mirror> Locate(const sparta::json::value&, sparta::runtime::Context&) {
  const sparta::runtime::Discovery& found = sparta::runtime::Discover();
  std::map<std::string, Mirror> mirrors;
  for (const std::string& region : kRegions) {
    auto bucket = found.Get<s3::Bucket>(region + "Mirror");
    mirrors[region] = {.bucket = bucket.Ref(), .domain = bucket.RegionalDomainName()};
  }
  return mirrors;
}

int main(int argc, char** argv) {
  std::vector<s3::Bucket> buckets;
  for (const std::string& region : kRegions) {
    buckets.push_back(
        {region + "Mirror", {}, {.deletion_policy = sparta::cfn::DeletionPolicy::kDelete}});
  }
  sparta::Service service{
      .name = "SpartaMirrors",
      .description = "Sparta C++ example: discovery larger than Lambda's environment",
      .functions = {{"Locate",
                     Locate,
                     {.description = "Finds every mirror bucket",
                      .dependencies = {buckets.begin(), buckets.end()}}}},
      .resources = {buckets.begin(), buckets.end()},
      .discovery_from_stack = sparta::aws::DiscoveryFromStack()};
  return sparta::Main(argc, argv, service);
}
