#pragma once
// Where an S3 bucket and key live on the wire: path-style
// (`host/bucket/key`) or virtual-hosted (`bucket.host/key`), and how a key is
// written in a URI path.

#include <string>
#include <string_view>

#include "sparta/aws/aws_client.hpp"

namespace sparta::aws {

/// Percent-encodes an object key for a URI path, once, keeping '/' (S3 keys
/// are signed as given: "a b/c+d" → "a%20b/c%2Bd").
std::string S3EncodeKey(std::string_view key);

/// True for a bucket name that can be a DNS label as S3 requires for
/// virtual-hosted addressing: 3..63 characters of [a-z0-9.-], starting and
/// ending with a letter or digit, no "..", not an IPv4 address.
bool IsDnsCompatibleBucket(std::string_view bucket);

/// True when requests for `bucket` use path-style addressing: the endpoint
/// asks for it (`s3_path_style`, e.g. a custom endpoint), the name is not
/// DNS-compatible, or it has a '.' and the scheme is https (the wildcard
/// certificate would not match).
bool UsesPathStyle(const Endpoint& endpoint, std::string_view bucket);

/// The host and path of `bucket`/`key` (an empty key addresses the bucket),
/// without the endpoint's base_path (AwsClient adds it).
struct S3Location {
  std::string host;  // the endpoint host, or "<bucket>.<endpoint host>"
  std::string path;  // "/bucket/key" or "/key" (encoded); "/bucket" or "/" for the bucket
};
S3Location LocateS3(const Endpoint& endpoint, std::string_view bucket, std::string_view key);

/// The object's https (or the endpoint's scheme) URL, e.g. for CloudFormation's
/// TemplateURL: "https://bucket.s3.us-east-1.amazonaws.com/key".
std::string S3ObjectUrl(const Endpoint& endpoint, std::string_view bucket, std::string_view key);

}  // namespace sparta::aws
