#pragma once
// Where an S3 request points: the bucket (from a virtual-host Host header or
// the first path segment) and the key (the rest of the path, decoded), plus
// S3's bucket-naming rules.

#include <string>
#include <string_view>

namespace sparta::local_cloud::s3 {

struct S3Target {
  std::string bucket;  // empty: the service itself (ListBuckets)
  std::string key;     // empty: the bucket itself
  bool virtual_host = false;
};

/// The bucket named by a virtual-host-style `host` (with or without a port):
/// "<bucket>.s3.amazonaws.com", "<bucket>.s3.<region>.amazonaws.com",
/// "<bucket>.s3-<region>.amazonaws.com", "<bucket>.s3.dualstack.<region>
/// .amazonaws.com", "<bucket>.s3.localhost", "<bucket>.localhost". Empty for
/// every other host (an IP, "localhost", "s3.amazonaws.com", ...): the
/// request is then path-style.
std::string VirtualHostBucket(std::string_view host);

/// Resolves `path` (as received, percent-encoded, without the query) against
/// the Host header: virtual-host style takes the whole path as the key,
/// path style its first segment as the bucket and the rest as the key.
S3Target ResolveTarget(std::string_view host, std::string_view path);

/// Why S3 would refuse `name` as a bucket name, or "" when it is valid
/// (3-63 characters of a-z, 0-9, '.', '-'; starting and ending with a letter
/// or digit; no "..", no IP-address form, no reserved prefix or suffix).
std::string BucketNameProblem(std::string_view name);

}  // namespace sparta::local_cloud::s3
