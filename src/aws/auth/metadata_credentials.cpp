#include "sparta/aws/metadata_credentials.hpp"

#include <array>

#include "aws/auth/credentials_internal.hpp"
#include "aws/auth/headers_internal.hpp"
#include "aws/auth/url_internal.hpp"
#include "sparta/json/json.hpp"

namespace sparta::aws {

namespace {

constexpr std::string_view kContainerHost = "169.254.170.2";
constexpr auto kContainerTimeout = std::chrono::seconds(2);
constexpr int kContainerAttempts = 3;

constexpr std::string_view kImdsHost = "169.254.169.254";
constexpr std::string_view kImdsIpv6Host = "fd00:ec2::254";
constexpr auto kImdsTimeout = std::chrono::seconds(1);
constexpr std::string_view kImdsTokenPath = "/latest/api/token";
constexpr std::string_view kImdsRolePath = "/latest/meta-data/iam/security-credentials/";
constexpr std::string_view kImdsTtlHeader = "x-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kImdsTokenHeader = "x-aws-ec2-metadata-token";
constexpr std::string_view kImdsTokenTtl = "21600";

std::string TrimWhitespace(std::string text) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.back())) text.pop_back();
  size_t start = 0;
  while (start < text.size() && blank(text[start])) ++start;
  return text.substr(start);
}

bool IsAllowedPlainHttpHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == kContainerHost || host == "169.254.170.23" ||
      host == "fd00:ec2::23") {
    return true;
  }
  // 127.0.0.0/8 as a dotted quad.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

// A message AWS's endpoints put in a JSON error body, if any. The body of an
// error response holds no credentials; only a known message field is shown.
std::string ErrorDetail(std::string_view body) {
  boost::system::error_code error;
  json::value document = json::parse(body, error);
  if (error || !document.is_object()) return {};
  for (std::string_view key : {"message", "Message"}) {
    if (const json::value* value = document.get_object().if_contains(key);
        value != nullptr && value->is_string()) {
      std::string text(value->get_string());
      if (text.size() > 300) text.resize(300);
      return ": " + text;
    }
  }
  return {};
}

bool IsRoleName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

// --- container endpoint ---

ContainerCredentialsProvider::ContainerCredentialsProvider(std::shared_ptr<const Environment> env,
                                                           std::shared_ptr<HttpTransport> transport)
    : env_(std::move(env)), transport_(std::move(transport)) {}

Result<Credentials> ContainerCredentialsProvider::GetCredentials() {
  std::optional<std::string> relative = NonEmptyEnv(*env_, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  std::optional<std::string> full = NonEmptyEnv(*env_, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!relative && !full) {
    return internal::NotConfigured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                                   "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
  }
  HttpRequest request;
  request.method = "GET";
  if (relative) {
    if (!relative->starts_with('/')) {
      return MakeError("InvalidConfig",
                       "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with '/'");
    }
    Result<internal::HttpUrl> url = internal::ParseHttpUrl(
        "http://" + std::string(kContainerHost) + *relative,
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", /*allow_query=*/true);
    if (!url) return MakeError("InvalidConfig", url.error().message);
    request.scheme = "http";
    request.host = std::string(kContainerHost);
    request.path = url->path;
    request.query = url->query;
  } else {
    Result<internal::HttpUrl> url =
        internal::ParseHttpUrl(*full, "AWS_CONTAINER_CREDENTIALS_FULL_URI", /*allow_query=*/true);
    if (!url) return MakeError("InvalidConfig", url.error().message);
    if (url->scheme == "http" && !IsAllowedPlainHttpHost(url->host)) {
      return MakeError("InvalidConfig",
                       "AWS_CONTAINER_CREDENTIALS_FULL_URI uses plain http to " + url->host +
                           ": only loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23 are "
                           "allowed over http; use https for other hosts");
    }
    request.scheme = url->scheme;
    request.host = url->host;
    request.port = url->port;
    request.path = url->path.empty() ? "/" : url->path;
    request.query = url->query;
  }

  std::string token;
  if (std::optional<std::string> file = NonEmptyEnv(*env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    Result<std::string> contents = env_->ReadFile(*file);
    if (!contents) {
      return MakeError("InvalidConfig", "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: " +
                                            contents.error().message);
    }
    token = TrimWhitespace(std::move(contents).value());
  } else if (std::optional<std::string> value =
                 NonEmptyEnv(*env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *value;
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    return MakeError("InvalidConfig", "the container authorization token holds a line break");
  }
  request.headers.emplace_back("Accept", "application/json");
  if (!token.empty()) request.headers.emplace_back("Authorization", token);

  const std::string where = "container credentials endpoint at " + request.host;
  if (!transport_) {
    return MakeError("CredentialsFetch", "the " + where + " is configured, but this program has "
                                                          "no HTTP transport to reach it");
  }
  std::string last_failure;
  for (int attempt = 1; attempt <= kContainerAttempts; ++attempt) {
    Result<HttpResponse> response = transport_->Send(request, kContainerTimeout);
    if (!response) {
      last_failure = response.error().message;
      continue;
    }
    if (response->status >= 500) {
      last_failure = "HTTP " + std::to_string(response->status) + ErrorDetail(response->body);
      continue;
    }
    if (response->status != 200) {
      return MakeError("CredentialsFetch", "the " + where + " answered HTTP " +
                                               std::to_string(response->status) +
                                               ErrorDetail(response->body));
    }
    return internal::ParseCredentialsJson(response->body, "container credentials endpoint");
  }
  return MakeError("CredentialsFetch", "the " + where + " failed " +
                                           std::to_string(kContainerAttempts) +
                                           " times; last: " + last_failure);
}

// --- EC2 instance metadata ---

ImdsCredentialsProvider::ImdsCredentialsProvider(std::shared_ptr<const Environment> env,
                                                 std::shared_ptr<HttpTransport> transport)
    : env_(std::move(env)), transport_(std::move(transport)) {}

Result<Credentials> ImdsCredentialsProvider::GetCredentials() {
  if (EnvFlagIsTrue(*env_, "AWS_EC2_METADATA_DISABLED")) {
    return internal::NotConfigured("AWS_EC2_METADATA_DISABLED is true");
  }
  if (!transport_) return internal::NotConfigured("no HTTP transport to reach it");

  HttpRequest base;
  base.scheme = "http";
  std::string prefix;
  if (std::optional<std::string> endpoint = NonEmptyEnv(*env_, "AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    Result<internal::HttpUrl> url =
        internal::ParseHttpUrl(*endpoint, "AWS_EC2_METADATA_SERVICE_ENDPOINT", false);
    if (!url) return MakeError("InvalidConfig", url.error().message);
    base.scheme = url->scheme;
    base.host = url->host;
    base.port = url->port;
    prefix = url->path;
    while (prefix.ends_with('/')) prefix.pop_back();
  } else if (std::optional<std::string> mode =
                 NonEmptyEnv(*env_, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")) {
    if (internal::EqualsIgnoreCase(*mode, "IPv6")) {
      base.host = std::string(kImdsIpv6Host);
    } else if (internal::EqualsIgnoreCase(*mode, "IPv4")) {
      base.host = std::string(kImdsHost);
    } else {
      return MakeError("InvalidConfig", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or "
                                        "IPv6, not '" + *mode + "'");
    }
  } else {
    base.host = std::string(kImdsHost);
  }
  auto make = [&](std::string method, std::string_view path) {
    HttpRequest request = base;
    request.method = std::move(method);
    request.path = prefix + std::string(path);
    return request;
  };

  // 1. The IMDSv2 session token; IMDSv1 when the service refuses it.
  std::string token;
  {
    HttpRequest request = make("PUT", kImdsTokenPath);
    request.headers.emplace_back(std::string(kImdsTtlHeader), std::string(kImdsTokenTtl));
    Result<HttpResponse> response = transport_->Send(request, kImdsTimeout);
    bool use_v1 = false;
    if (!response) {
      if (response.error().code != "Timeout") {
        return internal::NotConfigured("not reachable (" + response.error().message + ")");
      }
      use_v1 = true;
    } else if (response->status == 200) {
      token = TrimWhitespace(response->body);
      if (token.empty() || token.find_first_of("\r\n") != std::string::npos) {
        return MakeError("CredentialsFetch", "EC2 instance metadata returned a malformed token");
      }
    } else if (response->status == 403 || response->status == 404 || response->status == 405) {
      use_v1 = true;
    } else {
      return internal::NotConfigured("the token request answered HTTP " +
                                     std::to_string(response->status));
    }
    if (use_v1 && EnvFlagIsTrue(*env_, "AWS_EC2_METADATA_V1_DISABLED")) {
      return internal::NotConfigured("no IMDSv2 token, and AWS_EC2_METADATA_V1_DISABLED forbids "
                                     "IMDSv1");
    }
  }
  auto with_token = [&](HttpRequest request) {
    if (!token.empty()) request.headers.emplace_back(std::string(kImdsTokenHeader), token);
    return request;
  };

  // 2. The role attached to the instance.
  std::string role;
  {
    Result<HttpResponse> response = transport_->Send(with_token(make("GET", kImdsRolePath)),
                                                     kImdsTimeout);
    if (!response) {
      return internal::NotConfigured("not reachable (" + response.error().message + ")");
    }
    if (response->status == 404) return internal::NotConfigured("no IAM role is attached");
    if (response->status != 200) {
      return MakeError("CredentialsFetch", "EC2 instance metadata answered HTTP " +
                                               std::to_string(response->status) +
                                               " when asked for the instance's role");
    }
    const std::string body = response->body;
    role = TrimWhitespace(body.substr(0, body.find('\n')));
    if (role.empty()) return internal::NotConfigured("no IAM role is attached");
    if (!IsRoleName(role)) {
      return MakeError("CredentialsFetch", "EC2 instance metadata returned a malformed role name");
    }
  }

  // 3. The role's credentials.
  Result<HttpResponse> response =
      transport_->Send(with_token(make("GET", std::string(kImdsRolePath) + role)), kImdsTimeout);
  if (!response) {
    return MakeError("CredentialsFetch", "EC2 instance metadata failed to return the credentials "
                                         "of role " + role + ": " + response.error().message);
  }
  if (response->status != 200) {
    return MakeError("CredentialsFetch", "EC2 instance metadata answered HTTP " +
                                             std::to_string(response->status) +
                                             " for the credentials of role " + role);
  }
  {
    boost::system::error_code error;
    json::value document = json::parse(response->body, error);
    if (!error && document.is_object()) {
      const json::value* code = document.get_object().if_contains("Code");
      if (code != nullptr && code->is_string() && code->get_string() != "Success") {
        return MakeError("CredentialsFetch", "EC2 instance metadata reports Code " +
                                                 std::string(code->get_string()) +
                                                 " for the credentials of role " + role);
      }
    }
  }
  Result<Credentials> credentials =
      internal::ParseCredentialsJson(response->body, "EC2 instance metadata service");
  if (credentials) credentials->source = "EC2 instance metadata (role " + role + ")";
  return credentials;
}

}  // namespace sparta::aws
