// Custom resource providers as functions of the service.

#include <chrono>
#include <set>

#include "sparta/service/service.hpp"

#include "event_sources.hpp"

namespace sparta {

std::string ProviderFunctionName(std::string_view type) {
  constexpr std::string_view kPrefix = "Custom::";
  if (type.starts_with(kPrefix)) type.remove_prefix(kPrefix.size());
  std::string name;
  for (char c : type) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (ok) name += c;
  }
  name += "Provider";
  return name;
}

std::vector<Function> AllFunctions(const Service& service) {
  std::vector<Function> functions = service.functions;
  std::set<std::string, std::less<>> types;
  for (const ServiceResource& r : service.resources) {
    const auto& provider = r.provider();
    if (!provider || !types.insert(provider->type).second) continue;
    functions.emplace_back(ProviderFunctionName(provider->type), provider->handler,
                           provider->options, provider->role);
  }
  // The built-in provider of existing buckets' notification entries: it may
  // read and write the notification configuration of those buckets only.
  runtime::Handler bucket_notifications;
  IamRoleDefinition role;
  for (const Function& f : service.functions) {
    for (const ExistingBucket* bucket : internal::ExistingBuckets(f)) {
      bucket_notifications = bucket->notifications_provider();
      role.privileges.push_back({.actions = {"s3:GetBucketNotification", "s3:PutBucketNotification"},
                                 .resources = {internal::ExistingBucketArn(*bucket)}});
    }
  }
  if (!role.privileges.empty()) {
    functions.emplace_back(ProviderFunctionName(kBucketNotificationsType),
                           std::move(bucket_notifications),
                           FunctionOptions{.timeout = std::chrono::seconds(60)}, std::move(role));
  }
  return functions;
}

}  // namespace sparta
