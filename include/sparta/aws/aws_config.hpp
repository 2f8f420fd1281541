#pragma once
// Which region and which endpoint: the flags, the standard environment
// variables and the profile, in the order the AWS CLI applies them.

#include <cstdint>
#include <string>
#include <string_view>

#include "sparta/aws/environment.hpp"
#include "sparta/aws/shared_config.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// `flag_region` (--region; "" when absent), else `AWS_REGION`, else
/// `AWS_DEFAULT_REGION`, else the profile's `region`. Errors: "NoRegion"
/// ("no AWS region: pass --region, set AWS_REGION, or set region in profile
/// X"), or "InvalidArgument" for a malformed name (regions look like
/// "us-east-1"), naming where it came from.
Result<std::string> ResolveRegion(std::string_view flag_region, const Environment& env,
                                  const SharedConfig& config, std::string_view profile_name);

/// A URL split the way an endpoint needs it.
struct EndpointUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for an IPv6 literal
  uint16_t port = 0;   // 0: the scheme's default
  std::string base_path;  // "" or "/prefix" (no trailing '/')
};

/// Parses `url` strictly: http or https, a host (name, IPv4, or [IPv6]),
/// an optional port 1-65535, an optional path; no user info, query or
/// fragment. Errors: "InvalidEndpoint", quoting `url` and naming `origin`
/// (e.g. "--endpoint-url").
Result<EndpointUrl> ParseEndpointUrl(std::string_view url, std::string_view origin);

/// Where a service is reached and how requests to it are signed.
struct ResolvedEndpoint {
  std::string scheme = "https";
  std::string host;
  uint16_t port = 0;  // 0: the scheme's default
  std::string base_path;
  std::string signing_region;
  std::string signing_name;  // "s3", "cloudformation", "sts", "lambda", ...
  bool custom = false;       // true unless it is the default AWS endpoint
  std::string origin;        // where it came from, for messages and -v output
};

/// The endpoint of `service_id` (the SDK service id: "S3", "CloudFormation",
/// "STS", "Lambda", "CloudWatch Logs", ...) in `region`, from the first of:
///  1. `flag_endpoint_url` (--endpoint-url; "" when absent);
///  2. `AWS_ENDPOINT_URL_<ID>` (id upper-cased, spaces as '_');
///  3. `AWS_ENDPOINT_URL`;
///  4. the `endpoint_url` for the service in the `[services X]` section
///     that the profile's `services = X` names (key: id lower-cased, spaces
///     as '_');
///  5. the profile's `endpoint_url`;
///  6. `https://<prefix>.<region>.amazonaws.com` (`.amazonaws.com.cn` for
///     cn-* regions).
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` or the profile's
/// `ignore_configured_endpoint_urls = true` skips 2-5. Errors:
/// "InvalidEndpoint" for a malformed URL (naming its origin),
/// "InvalidArgument" for a malformed region.
Result<ResolvedEndpoint> ResolveEndpoint(std::string_view service_id, std::string_view region,
                                         std::string_view flag_endpoint_url,
                                         const Environment& env, const SharedConfig& config,
                                         std::string_view profile_name);

/// The SigV4 signing name and host prefix of a service id ("CloudFormation"
/// → "cloudformation", "CloudWatch Logs" → "logs"); unknown ids are
/// lower-cased with spaces removed.
std::string ServiceSigningName(std::string_view service_id);

}  // namespace sparta::aws
