#include "sparta/aws/aws_config.hpp"

#include <array>
#include <utility>

#include "aws/auth/headers_internal.hpp"
#include "aws/auth/url_internal.hpp"

namespace sparta::aws {

namespace {

// Lower-case letters, digits and inner '-': the shape of every AWS region.
bool IsRegionName(std::string_view region) {
  if (region.empty() || region.size() > 64 || region.front() == '-' || region.back() == '-') {
    return false;
  }
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Result<std::string> CheckedRegion(std::string region, std::string_view origin) {
  if (IsRegionName(region)) return region;
  return MakeError("InvalidArgument", "invalid AWS region '" + region + "' (from " +
                                          std::string(origin) +
                                          "): a region looks like us-east-1 or eu-west-2");
}

// "CloudWatch Logs" → upper "CLOUDWATCH_LOGS" / lower "cloudwatch_logs".
std::string ServiceKey(std::string_view service_id, bool upper) {
  std::string out;
  for (char c : service_id) {
    if (c == ' ') {
      out += '_';
    } else if (upper && c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if (!upper && c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

bool IgnoresConfiguredEndpoints(const Environment& env, const Profile* profile) {
  if (std::optional<std::string> value = env.GetEnv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    return internal::EqualsIgnoreCase(*value, "true");
  }
  if (profile != nullptr) {
    if (const std::string* value = profile->Get("ignore_configured_endpoint_urls")) {
      return internal::EqualsIgnoreCase(*value, "true");
    }
  }
  return false;
}

Result<ResolvedEndpoint> FromUrl(std::string_view url, std::string origin) {
  Result<EndpointUrl> parsed = ParseEndpointUrl(url, origin);
  if (!parsed) return parsed.error();
  ResolvedEndpoint out;
  out.scheme = parsed->scheme;
  out.host = parsed->host;
  out.port = parsed->port;
  out.base_path = parsed->base_path;
  out.custom = true;
  out.origin = std::move(origin);
  return out;
}

}  // namespace

Result<std::string> ResolveRegion(std::string_view flag_region, const Environment& env,
                                  const SharedConfig& config, std::string_view profile_name) {
  if (!flag_region.empty()) return CheckedRegion(std::string(flag_region), "--region");
  for (std::string_view variable : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (std::optional<std::string> region = NonEmptyEnv(env, variable)) {
      return CheckedRegion(*region, variable);
    }
  }
  if (const Profile* profile = config.FindProfile(profile_name)) {
    if (const std::string* region = profile->Get("region")) {
      return CheckedRegion(*region, "region in profile " + std::string(profile_name));
    }
  }
  return MakeError("NoRegion", "no AWS region: pass --region, set AWS_REGION, or set region in "
                               "profile " + std::string(profile_name) + " (" +
                                   config.config_path() + ")");
}

Result<EndpointUrl> ParseEndpointUrl(std::string_view url, std::string_view origin) {
  Result<internal::HttpUrl> parsed = internal::ParseHttpUrl(url, origin, /*allow_query=*/false);
  if (!parsed) return parsed.error();
  EndpointUrl out;
  out.scheme = std::move(parsed->scheme);
  out.host = std::move(parsed->host);
  out.port = parsed->port;
  out.base_path = std::move(parsed->path);
  while (out.base_path.ends_with('/')) out.base_path.pop_back();
  return out;
}

std::string ServiceSigningName(std::string_view service_id) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kKnown = {{
      {"CloudWatch Logs", "logs"},
      {"CloudWatch", "monitoring"},
      {"CloudWatch Events", "events"},
      {"EventBridge", "events"},
      {"API Gateway", "apigateway"},
      {"ApiGatewayManagementApi", "execute-api"},
      {"ApiGatewayV2", "apigateway"},
      {"Lambda", "lambda"},
  }};
  for (const auto& [id, name] : kKnown) {
    if (internal::EqualsIgnoreCase(id, service_id)) return std::string(name);
  }
  std::string out;
  for (char c : service_id) {
    if (c != ' ') out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

Result<ResolvedEndpoint> ResolveEndpoint(std::string_view service_id, std::string_view region,
                                         std::string_view flag_endpoint_url,
                                         const Environment& env, const SharedConfig& config,
                                         std::string_view profile_name) {
  Result<std::string> checked_region = CheckedRegion(std::string(region), "the resolved region");
  if (!checked_region) return checked_region.error();
  const std::string signing_name = ServiceSigningName(service_id);
  auto finish = [&](Result<ResolvedEndpoint> endpoint) -> Result<ResolvedEndpoint> {
    if (endpoint) {
      endpoint->signing_region = std::string(region);
      endpoint->signing_name = signing_name;
    }
    return endpoint;
  };

  if (!flag_endpoint_url.empty()) return finish(FromUrl(flag_endpoint_url, "--endpoint-url"));

  const Profile* profile = config.FindProfile(profile_name);
  if (!IgnoresConfiguredEndpoints(env, profile)) {
    const std::string service_variable = "AWS_ENDPOINT_URL_" + ServiceKey(service_id, true);
    for (const std::string& variable : {service_variable, std::string("AWS_ENDPOINT_URL")}) {
      if (std::optional<std::string> url = NonEmptyEnv(env, variable)) {
        return finish(FromUrl(*url, variable));
      }
    }
    if (profile != nullptr) {
      if (const std::string* services = profile->Get("services")) {
        const std::string key = ServiceKey(service_id, false);
        if (const auto* settings = config.FindServiceSettings(*services, key)) {
          if (auto it = settings->find("endpoint_url");
              it != settings->end() && !it->second.empty()) {
            return finish(FromUrl(it->second, "endpoint_url for " + key + " in [services " +
                                                  *services + "] of " + config.config_path()));
          }
        }
      }
      if (const std::string* url = profile->Get("endpoint_url")) {
        return finish(FromUrl(*url, "endpoint_url in profile " + std::string(profile_name)));
      }
    }
  }

  ResolvedEndpoint out;
  const std::string_view suffix = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  out.host = signing_name + "." + std::string(region) + "." + std::string(suffix);
  out.origin = "default";
  return finish(std::move(out));
}

}  // namespace sparta::aws
