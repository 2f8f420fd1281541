#pragma once
// CloudMapClient: finding instances in AWS Cloud Map at run time
// (DiscoverInstances, over servicediscovery's JSON 1.1 protocol, API version
// 2017-03-14), as a handler does to reach what another service published
// (sparta/service/cloud_map.hpp).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/aws_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// One instance DiscoverInstances found.
struct CloudMapFound {
  std::string instance_id;
  std::string namespace_name;
  std::string service_name;
  std::string health_status;  // HEALTHY, UNHEALTHY or UNKNOWN
  std::map<std::string, std::string> attributes;
};

struct DiscoverInstancesRequest {
  std::string namespace_name{};
  std::string service_name{};
  /// Only instances with all of these attribute values.
  std::map<std::string, std::string> query_parameters{};
  int max_results = 0;  // 0: Cloud Map's default (100)
};

/// Thread-safe (as AwsClient is). AWS's errors come back with AWS's code
/// (NamespaceNotFound, ServiceNotFound, ...); an unreadable answer is
/// "InvalidResponse" naming the field; a request without namespace or
/// service name is "InvalidArgument", refused before anything is sent.
class CloudMapClient {
 public:
  /// REQUIRES: `client` is configured for servicediscovery; on AWS, for its
  /// data plane host (FunctionSession::CloudMap() does both).
  explicit CloudMapClient(std::shared_ptr<const AwsClient> client);

  Result<std::vector<CloudMapFound>> DiscoverInstances(
      const DiscoverInstancesRequest& request) const;

 private:
  std::shared_ptr<const AwsClient> client_;
};

}  // namespace sparta::aws
