#pragma once
// S3Client: buckets and objects for deploy artifacts, over S3's REST-XML
// protocol. Addressing (path-style or virtual-hosted) follows
// s3_addressing.hpp.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/s3_types.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

inline constexpr std::size_t kS3MinPartSize = 5 * 1024 * 1024;
inline constexpr std::size_t kS3DefaultPartSize = 8 * 1024 * 1024;
inline constexpr std::size_t kS3MaxParts = 10000;

struct PutObjectOptions {
  std::string content_type;  // empty: not sent (S3 stores binary/octet-stream)
  s3::Metadata metadata;     // sent as x-amz-meta-<name>
  /// Bodies larger than this go up as a multipart upload.
  std::size_t multipart_threshold = kS3DefaultPartSize;
  /// Size of each part but the last; raised to kS3MinPartSize, and as needed
  /// to stay within kS3MaxParts.
  std::size_t part_size = kS3DefaultPartSize;
  /// Called after each part (and once for a single PUT) with the bytes sent so far.
  std::function<void(std::size_t sent, std::size_t total)> on_progress;
};

struct ListObjectsRequest {
  std::string bucket;
  std::string prefix;
  std::string delimiter;
  std::string continuation_token;
  int max_keys = 0;  // 0: S3's default (1000)
};

/// Thread-safe (as AwsClient is). Failures carry S3's error code and message
/// verbatim (NoSuchBucket, AccessDenied, BadDigest, ...) as AwsClient reports
/// them, "InvalidResponse" for an unreadable success body, or
/// "InvalidArgument" for an empty bucket name or key.
class S3Client {
 public:
  /// REQUIRES: `client` is configured for S3 (signing name "s3"), its
  /// endpoint's signing_region being the region buckets are created in.
  explicit S3Client(std::shared_ptr<const AwsClient> client);

  /// Creates `bucket` in the endpoint's region (with a LocationConstraint
  /// except in us-east-1). BucketAlreadyOwnedByYou comes back as an error.
  Status CreateBucket(std::string_view bucket) const;
  /// Whether `bucket` exists (a 404 is `exists == false`, not an error) and
  /// its region. A 403 (someone else's bucket) and a 301 (the bucket is in
  /// another region than the endpoint's; the message names it) are errors.
  Result<s3::BucketInfo> HeadBucket(std::string_view bucket) const;

  /// Uploads `body` with Content-MD5 and x-amz-content-sha256, as one PUT or,
  /// above `options.multipart_threshold`, as a multipart upload (every part
  /// with its own Content-MD5). A failed multipart upload is aborted, so no
  /// parts stay stored (and billed); the error is the failure's, and says so
  /// if the abort failed too.
  Result<s3::PutObjectResult> PutObject(std::string_view bucket, std::string_view key,
                                        std::string_view body,
                                        const PutObjectOptions& options = {}) const;
  /// The object and its headers; a missing key is S3's NoSuchKey error.
  Result<s3::Object> GetObject(std::string_view bucket, std::string_view key) const;
  /// The object's headers; a 404 is `exists == false`, not an error.
  Result<s3::ObjectInfo> HeadObject(std::string_view bucket, std::string_view key) const;
  /// One page of keys (ListObjectsV2, keys URL-encoded on the wire and decoded here).
  Result<s3::ListObjectsPage> ListObjectsV2(const ListObjectsRequest& request) const;
  /// Every key under `prefix`, following continuation tokens.
  Result<std::vector<s3::ObjectSummary>> ListAllObjects(std::string_view bucket,
                                                        std::string_view prefix = {}) const;
  /// Deletes the object; succeeds also when it did not exist (S3's behaviour).
  Status DeleteObject(std::string_view bucket, std::string_view key) const;

  /// The bucket's notification configuration: the <NotificationConfiguration>
  /// document as S3 wrote it (empty of entries when the bucket has none).
  /// The XML itself, not a typed copy, so that a read-modify-write keeps
  /// every configuration S3 knows, including kinds this client has no type
  /// for.
  Result<std::string> GetBucketNotificationConfiguration(std::string_view bucket) const;
  /// Replaces the bucket's whole notification configuration with `xml` (a
  /// <NotificationConfiguration> document). S3 checks every destination as
  /// it is written: a function that does not let S3 invoke it is S3's
  /// InvalidArgument ("Unable to validate the following destination
  /// configurations").
  Status PutBucketNotificationConfiguration(std::string_view bucket, std::string_view xml) const;

 private:
  std::shared_ptr<const AwsClient> client_;
};

}  // namespace sparta::aws
