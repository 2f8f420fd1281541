// sparta::Main for the Lambda bootstrap (<target>-bootstrap): the runtime and
// nothing else. Linking this instead of the command-line Main keeps the deploy
// and local-cloud code (and their libraries) out of the Lambda artifact.

#include <cstdio>
#include <variant>
#include <vector>

#include "sparta/main.hpp"
#include "sparta/runtime/discovery.hpp"
#include "sparta/runtime/runtime.hpp"

namespace sparta {

int Main(int argc, char** argv, const Service& service) {
  (void)argc;
  (void)argv;
  std::vector<runtime::NamedHandler> handlers;
  // The same list as AllFunctions(), built without copying the declarations
  // (that would link JSON copying and the rest of the service model into
  // every bootstrap).
  for (const Function& f : service.functions) handlers.push_back({f.name, f.handler});
  for (const ServiceResource& r : service.resources) {
    const auto& provider = r.provider();
    if (!provider) continue;
    std::string name = ProviderFunctionName(provider->type);
    bool seen = false;
    for (const auto& h : handlers) seen = seen || h.name == name;
    if (!seen) handlers.push_back({std::move(name), provider->handler});
  }
  // The built-in provider of existing buckets' notification entries.
  bool bucket_notifications = false;
  for (const Function& f : service.functions) {
    for (const EventSource& source : f.options.events) {
      const auto* s3 = std::get_if<S3Events>(&source);
      const auto* existing = s3 != nullptr ? std::get_if<ExistingBucket>(&s3->bucket) : nullptr;
      if (existing == nullptr || bucket_notifications) continue;
      handlers.push_back({ProviderFunctionName(kBucketNotificationsType),
                          existing->notifications_provider()});
      bucket_notifications = true;
    }
  }
  if (service.discovery_from_stack) runtime::SetDiscoveryLoader(*service.discovery_from_stack);
  return runtime::RunLambdaRuntime(handlers);
}

}  // namespace sparta
