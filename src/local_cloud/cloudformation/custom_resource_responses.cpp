#include "local_cloud/cloudformation/custom_resource_responses.hpp"

#include "sparta/aws/aws_config.hpp"
#include "sparta/aws/sigv4.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/digest.hpp"

namespace sparta::local_cloud::cfn {
namespace {

/// "us-east-1" → "useast1", as in CloudFormation's response bucket names.
std::string CompactRegion(std::string_view region) {
  std::string out;
  for (char c : region) {
    if (c != '-') out += c;
  }
  return out;
}

}  // namespace

Result<std::string> CustomResourceResponses::Open(std::string_view region,
                                                  std::string_view stack_id,
                                                  std::string_view logical_id,
                                                  std::string_view request_id) {
  auto endpoint = aws::ParseEndpointUrl(signer_.endpoint, "the local cloud's endpoint");
  if (!endpoint) return endpoint.error();
  std::string bucket(kResponseBucketPrefix);
  bucket += CompactRegion(region);
  std::string key(stack_id);
  key += '|';
  key.append(logical_id);
  key += '|';
  key.append(request_id);

  aws::HttpRequest request;
  request.method = "PUT";
  request.scheme = endpoint->scheme;
  request.host = endpoint->host;
  request.port = endpoint->port;
  request.path = endpoint->base_path;
  request.path += '/';
  request.path += bucket;
  request.path += '/';
  request.path += aws::detail::UriEncode(key, /*keep_slash=*/true);
  aws::Credentials credentials;
  credentials.access_key_id = signer_.access_key_id;
  credentials.secret_access_key = signer_.secret_access_key;
  aws::SigningOptions options;
  options.region = std::string(region);
  options.service = "s3";
  options.s3_path_rules = true;
  auto url = aws::PresignUrl(request, credentials, options, kResponseUrlLifetime);
  if (!url) return url.error();

  std::lock_guard lock(mu_);
  Slot& slot = slots_[std::string(request_id)];
  slot.key = bucket;
  slot.key += '/';
  slot.key += key;
  slot.body.reset();
  return url;
}

std::optional<std::string> CustomResourceResponses::Take(
    std::string_view request_id, std::chrono::steady_clock::time_point deadline, bool wait) {
  std::unique_lock lock(mu_);
  auto ready = [&] {
    auto it = slots_.find(request_id);
    return cancelled_ || it == slots_.end() || it->second.body.has_value();
  };
  if (wait) changed_.wait_until(lock, deadline, ready);
  auto it = slots_.find(request_id);
  if (it == slots_.end() || !it->second.body) return std::nullopt;
  return it->second.body;
}

void CustomResourceResponses::Close(std::string_view request_id) {
  std::lock_guard lock(mu_);
  if (auto it = slots_.find(request_id); it != slots_.end()) slots_.erase(it);
}

void CustomResourceResponses::Cancel() {
  {
    std::lock_guard lock(mu_);
    cancelled_ = true;
  }
  changed_.notify_all();
}

CloudResponse CustomResourceResponses::Handle(const CloudRequest& request) {
  const std::string path = aws::detail::UriDecode(request.path);
  std::string resource = path;
  if (request.method != "PUT") {
    return S3Error(405, "MethodNotAllowed",
                   "The specified method is not allowed against this resource: custom resource "
                   "responses are PUT to their ResponseURL.",
                   resource, request.request_id);
  }
  {
    std::lock_guard lock(mu_);
    const std::string key = path.empty() ? path : path.substr(1);
    for (auto& [id, slot] : slots_) {
      if (slot.key != key) continue;
      slot.body = request.body;
      changed_.notify_all();
      CloudResponse response;
      response.status = 200;
      std::string etag = "\"";
      etag += util::Sha256Hex(request.body).substr(0, 32);
      etag += '"';
      response.headers = {{"ETag", etag}, {"x-amz-request-id", request.request_id}};
      return response;
    }
  }
  return S3Error(403, "AccessDenied",
                 "No custom resource request is waiting for a response at this URL (it was "
                 "answered already, timed out, or never existed).",
                 resource, request.request_id);
}

}  // namespace sparta::local_cloud::cfn
