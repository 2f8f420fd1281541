#include "sparta/aws/cloud_map_client.hpp"

#include <utility>

#include "sparta/json/json.hpp"

namespace sparta::aws {

namespace {

Error Unreadable(std::string_view where) {
  return MakeError("InvalidResponse",
                   "Cloud Map DiscoverInstances answered something unreadable at " +
                       std::string(where));
}


}  // namespace

CloudMapClient::CloudMapClient(std::shared_ptr<const AwsClient> client)
    : client_(std::move(client)) {}

Result<std::vector<CloudMapFound>> CloudMapClient::DiscoverInstances(
    const DiscoverInstancesRequest& request) const {
  if (request.namespace_name.empty() || request.service_name.empty()) {
    return MakeError("InvalidArgument",
                     "DiscoverInstances needs a namespace name and a service name");
  }
  json::object input{{"NamespaceName", request.namespace_name},
                     {"ServiceName", request.service_name}};
  if (!request.query_parameters.empty()) {
    json::object query;
    for (const auto& [k, v] : request.query_parameters) query[k] = v;
    input["QueryParameters"] = std::move(query);
  }
  if (request.max_results > 0) input["MaxResults"] = request.max_results;
  HttpRequest http;
  http.method = "POST";
  http.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                  {"X-Amz-Target", "Route53AutoNaming_v20170314.DiscoverInstances"}};
  http.body = jsonutil::Compact(input);
  auto response = client_->Send(std::move(http), "Cloud Map DiscoverInstances");
  if (!response.ok()) return response.error();
  auto output = jsonutil::Parse(response->body, "Cloud Map DiscoverInstances response");
  if (!output.ok()) return MakeError("InvalidResponse", output.error().message);
  const json::object* root = output->if_object();
  if (root == nullptr) return Unreadable("$");
  std::vector<CloudMapFound> found;
  const json::value* list = root->if_contains("Instances");
  if (list == nullptr || list->is_null()) return found;
  if (!list->is_array()) return Unreadable("$.Instances");
  for (std::size_t i = 0; i < list->get_array().size(); ++i) {
    const std::string where = "$.Instances[" + std::to_string(i) + "]";
    const json::object* o = list->get_array()[i].if_object();
    if (o == nullptr) return Unreadable(where);
    CloudMapFound f;
    for (auto [key, out] : {std::pair{"InstanceId", &f.instance_id},
                            std::pair{"NamespaceName", &f.namespace_name},
                            std::pair{"ServiceName", &f.service_name},
                            std::pair{"HealthStatus", &f.health_status}}) {
      const json::value* v = o->if_contains(key);
      if (v == nullptr || v->is_null()) continue;
      if (!v->is_string()) return Unreadable(where + "." + key);
      *out = std::string(v->get_string());
    }
    if (const json::value* attributes = o->if_contains("Attributes");
        attributes != nullptr && !attributes->is_null()) {
      if (!attributes->is_object()) return Unreadable(where + ".Attributes");
      for (const auto& [key, value] : attributes->get_object()) {
        if (!value.is_string()) return Unreadable(where + ".Attributes." + std::string(key));
        f.attributes[std::string(key)] = std::string(value.get_string());
      }
    }
    found.push_back(std::move(f));
  }
  return found;
}

}  // namespace sparta::aws
