#include "local_cloud/s3/addressing.hpp"

#include <array>

#include "sparta/aws/sigv4_detail.hpp"

namespace sparta::local_cloud::s3 {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

std::string_view WithoutPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') return {};  // an IPv6 literal: never a bucket
  std::size_t colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A region-like label: lowercase letters, digits and '-'.
bool IsRegionLabel(std::string_view label) {
  if (label.empty()) return false;
  for (char c : label) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// "<bucket>.s3" + one of "", ".<region>", "-<region>", ".dualstack.<region>"
// before ".amazonaws.com": the bucket, or "" when `front` has none.
std::string BucketBeforeS3Label(std::string_view front) {
  if (EndsWith(front, ".s3")) return std::string(front.substr(0, front.size() - 3));
  std::size_t dot = front.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string_view last = front.substr(dot + 1);
  std::string_view before = front.substr(0, dot);
  if (StartsWith(last, "s3-") && IsRegionLabel(last.substr(3))) return std::string(before);
  if (!IsRegionLabel(last)) return {};
  if (EndsWith(before, ".s3")) return std::string(before.substr(0, before.size() - 3));
  if (EndsWith(before, ".s3.dualstack")) {
    return std::string(before.substr(0, before.size() - 13));
  }
  return {};
}

bool IsIpv4(std::string_view name) {
  int parts = 0;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || part.size() > 3) return false;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

std::string VirtualHostBucket(std::string_view host_header) {
  std::string host = Lower(WithoutPort(host_header));
  if (EndsWith(host, ".amazonaws.com")) {
    return BucketBeforeS3Label(std::string_view(host).substr(0, host.size() - 14));
  }
  if (EndsWith(host, ".s3.localhost")) return host.substr(0, host.size() - 13);
  if (EndsWith(host, ".localhost")) {
    std::string bucket = host.substr(0, host.size() - 10);
    return bucket == "s3" ? std::string() : bucket;
  }
  return {};
}

S3Target ResolveTarget(std::string_view host, std::string_view path) {
  S3Target target;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  target.bucket = VirtualHostBucket(host);
  if (!target.bucket.empty()) {
    target.virtual_host = true;
    target.key = aws::detail::UriDecode(path);
    return target;
  }
  std::size_t slash = path.find('/');
  target.bucket = aws::detail::UriDecode(path.substr(0, slash));
  if (slash != std::string_view::npos) target.key = aws::detail::UriDecode(path.substr(slash + 1));
  return target;
}

std::string BucketNameProblem(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) {
    return "Bucket names must be between 3 and 63 characters long.";
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
      return "Bucket names can consist only of lowercase letters, numbers, periods (.), and "
             "hyphens (-).";
    }
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) {
    return "Bucket names must begin and end with a letter or number.";
  }
  if (name.find("..") != std::string_view::npos) {
    return "Bucket names must not contain two adjacent periods.";
  }
  if (IsIpv4(name)) return "Bucket names must not be formatted as an IP address.";
  static constexpr std::array<std::string_view, 4> kReservedPrefixes = {
      "xn--", "sthree-", "amzn-s3-demo-", "sthree-configurator"};
  for (std::string_view prefix : kReservedPrefixes) {
    if (StartsWith(name, prefix)) {
      std::string message = "Bucket names must not start with the reserved prefix '";
      message += prefix;
      message += "'.";
      return message;
    }
  }
  static constexpr std::array<std::string_view, 5> kReservedSuffixes = {
      "-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};
  for (std::string_view suffix : kReservedSuffixes) {
    if (EndsWith(name, suffix)) {
      std::string message = "Bucket names must not end with the reserved suffix '";
      message += suffix;
      message += "'.";
      return message;
    }
  }
  return {};
}

}  // namespace sparta::local_cloud::s3
