#pragma once
// S3Service: the local cloud's S3: buckets and objects kept in the
// StateStore, and the REST-XML API over them (path-style and
// virtual-host-style addressing) that provisioning and the AWS CLI's
// `s3 cp/ls/rm/mb/rb` use.
//
// The typed members are what other local services use directly (the local
// CloudFormation reads uploaded templates and artifact zips, and creates
// `AWS::S3::Bucket`s); HandleRest() is the wire API. Errors carry S3's own
// codes ("NoSuchBucket", "NoSuchKey", "BucketNotEmpty",
// "BucketAlreadyOwnedByYou", "InvalidBucketName", ...).
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/state_store.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud {

struct S3BucketInfo {
  std::string name;
  std::chrono::system_clock::time_point created;
  std::string region;
};

struct S3ObjectInfo {
  std::string bucket;
  std::string key;
  std::uint64_t size = 0;
  std::string etag;  // with its quotes, as S3 sends it: "\"<md5 hex>\""
  std::chrono::system_clock::time_point last_modified;
  std::string content_type;
  std::map<std::string, std::string> metadata;  // x-amz-meta-*, names lower-case
};

class S3Service {
 public:
  /// Loads the buckets and objects already in `store`.
  static Result<std::unique_ptr<S3Service>> Open(StateStore& store, CloudContext context);
  ~S3Service();
  S3Service(const S3Service&) = delete;
  S3Service& operator=(const S3Service&) = delete;

  /// Creates a bucket; "BucketAlreadyOwnedByYou" (409) if it exists,
  /// "InvalidBucketName" (400) for a name S3 would refuse.
  Status CreateBucket(std::string_view bucket, std::string_view region);
  /// "NoSuchBucket", "BucketNotEmpty".
  Status DeleteBucket(std::string_view bucket);
  bool BucketExists(std::string_view bucket) const;

  Result<S3ObjectInfo> PutObject(std::string_view bucket, std::string_view key,
                                 std::string_view body, std::string_view content_type = {});
  /// The object's bytes: "NoSuchBucket", "NoSuchKey".
  Result<std::string> GetObject(std::string_view bucket, std::string_view key) const;
  Result<S3ObjectInfo> HeadObject(std::string_view bucket, std::string_view key) const;
  /// Removes an object; a missing key is not an error. "NoSuchBucket".
  Status DeleteObject(std::string_view bucket, std::string_view key);

  /// Every bucket, sorted by name.
  std::vector<S3BucketInfo> ListBuckets() const;
  /// Every object of `bucket` whose key starts with `prefix`, sorted by key
  /// (all pages). "NoSuchBucket".
  Result<std::vector<S3ObjectInfo>> ListObjects(std::string_view bucket,
                                                std::string_view prefix = {}) const;

  /// The S3 REST API. `request.path`/`query` as received; the bucket comes
  /// from the Host header (virtual-host style: "<bucket>.s3...",
  /// "<bucket>.localhost") or else from the first path segment.
  CloudResponse HandleRest(const CloudRequest& request);

 private:
  struct State;
  explicit S3Service(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::local_cloud
