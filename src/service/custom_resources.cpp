// Custom resource providers as functions of the service.

#include <set>

#include "sparta/service/service.hpp"

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
  return functions;
}

}  // namespace sparta
