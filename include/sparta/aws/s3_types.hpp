#pragma once
// The values S3Client exchanges (shapes of botocore's s3 2006-03-01 model,
// reduced to what deploying needs). ETags are kept as S3 sends them, quotes
// included ("\"9b2cf535f27731c974343645a3985328\""); timestamps as S3's text.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sparta::aws::s3 {

/// User metadata: names without the "x-amz-meta-" prefix, lower-case on
/// output (S3 folds them), values as given.
using Metadata = std::vector<std::pair<std::string, std::string>>;

struct BucketInfo {
  bool exists = false;
  std::string region;  // from x-amz-bucket-region; empty when S3 did not say
};

struct PutObjectResult {
  std::string etag;
  std::string version_id;  // empty unless the bucket is versioned
  int parts = 0;           // 0: a single PutObject; N: a multipart upload of N parts
};

struct ObjectInfo {
  bool exists = false;  // false: HEAD answered 404 (the other fields are empty)
  std::string etag;
  uint64_t size = 0;
  std::string content_type;
  std::string last_modified;  // the HTTP date S3 sent
  std::string version_id;
  Metadata metadata;
};

struct Object {
  ObjectInfo info;  // `exists` is true
  std::string body;
};

/// ListObjectsV2's element.
struct ObjectSummary {
  std::string key;
  std::string last_modified;  // ISO-8601
  std::string etag;
  uint64_t size = 0;
  std::string storage_class;
};

struct ListObjectsPage {
  std::vector<ObjectSummary> objects;
  std::vector<std::string> common_prefixes;  // with a delimiter only
  bool is_truncated = false;
  std::string next_continuation_token;  // empty on the last page
};

}  // namespace sparta::aws::s3
