#include "sparta/aws/s3_addressing.hpp"

#include <cctype>

#include "sparta/aws/query_protocol.hpp"

namespace sparta::aws {
namespace {

bool LooksLikeIpv4(std::string_view name) {
  int dots = 0;
  for (const char ch : name) {
    if (ch == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(ch))) {
      return false;
    }
  }
  return dots == 3;
}

bool IsLowerAlnum(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); }

}  // namespace

std::string S3EncodeKey(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t slash = key.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? key.size() : slash;
    out += PercentEncode(key.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

bool IsDnsCompatibleBucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (!IsLowerAlnum(bucket.front()) || !IsLowerAlnum(bucket.back())) return false;
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    const char ch = bucket[i];
    if (!IsLowerAlnum(ch) && ch != '.' && ch != '-') return false;
    if (ch == '.' && i + 1 < bucket.size() && (bucket[i + 1] == '.' || bucket[i + 1] == '-')) {
      return false;
    }
    if (ch == '-' && i + 1 < bucket.size() && bucket[i + 1] == '.') return false;
  }
  return !LooksLikeIpv4(bucket);
}

bool UsesPathStyle(const Endpoint& endpoint, std::string_view bucket) {
  if (endpoint.s3_path_style || !IsDnsCompatibleBucket(bucket)) return true;
  return endpoint.scheme == "https" && bucket.find('.') != std::string_view::npos;
}

S3Location LocateS3(const Endpoint& endpoint, std::string_view bucket, std::string_view key) {
  S3Location location;
  const std::string encoded_key = S3EncodeKey(key);
  if (UsesPathStyle(endpoint, bucket)) {
    location.host = endpoint.host;
    // Appends, not "/" + string: GCC 12 warns falsely (-Wrestrict) on the latter.
    location.path.push_back('/');
    location.path += PercentEncode(bucket);
    if (!key.empty()) {
      location.path.push_back('/');
      location.path += encoded_key;
    }
  } else {
    location.host = std::string(bucket) + "." + endpoint.host;
    location.path.push_back('/');
    location.path += encoded_key;
  }
  return location;
}

std::string S3ObjectUrl(const Endpoint& endpoint, std::string_view bucket, std::string_view key) {
  const S3Location location = LocateS3(endpoint, bucket, key);
  std::string url = endpoint.scheme + "://" + location.host;
  const uint16_t default_port = endpoint.scheme == "https" ? 443 : 80;
  if (endpoint.port != 0 && endpoint.port != default_port) {
    url.push_back(':');
    url += std::to_string(endpoint.port);
  }
  return url + endpoint.base_path + location.path;
}

}  // namespace sparta::aws
