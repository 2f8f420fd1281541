#pragma once
// Store: the local S3's buckets, objects and multipart uploads: an in-memory
// sorted index over the StateStore documents that persist them.
//
// Layout under the StateStore (bucket names are already file-name safe):
//   s3/<bucket>/bucket.json                      the bucket
//   s3/<bucket>/objects/<sha256 hex of key>.json  an object's metadata (key inside)
//   s3/<bucket>/blobs/<random>                    an object's bytes
//   s3/<bucket>/uploads/<upload id>/upload.json   a multipart upload
//   s3/<bucket>/uploads/<upload id>/part-<N>.json a part's metadata
//   s3/<bucket>/uploads/<upload id>/blobs/<random> a part's bytes
//
// Every change is committed before the call returns, in an order where any
// prefix is consistent: bytes go to a fresh blob first, then the document
// pointing at them is written (the commit), then the blob it replaced is
// removed. Open() removes what a writer killed in between left behind:
// blobs no document points at, bucket and upload directories whose
// document is gone.
//
// Thread-safety: all members may be called concurrently. One mutex guards
// the index and the document writes; blob bytes are written and read
// outside it.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/local_cloud/state_store.hpp"
#include "sparta/util/result.hpp"

#include "local_cloud/s3/records.hpp"

namespace sparta::local_cloud::s3 {

struct ListParams {
  std::string prefix;
  std::string delimiter;
  std::string start_after;  // exclusive: marker, start-after or the decoded token
  std::size_t max_keys = 1000;
};

struct ListResult {
  std::vector<ObjectRecord> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_marker;  // the last key or common prefix returned
};

struct CompletedPart {
  int number = 0;
  std::string etag;                              // as the client sent it (quotes optional)
  std::map<std::string, std::string> checksums;  // "CRC32" -> base64, when sent
};

class Store {
 public:
  /// Loads every document under "s3/" and removes the leftovers of killed
  /// writers. Errors: the StateStore's "Io".
  static Result<std::unique_ptr<Store>> Open(StateStore& state);

  /// "BucketAlreadyOwnedByYou", "InvalidBucketName".
  Status CreateBucket(std::string_view name, std::string_view region);
  /// "NoSuchBucket", "BucketNotEmpty". Pending multipart uploads go with it.
  Status DeleteBucket(std::string_view name);
  std::optional<S3BucketInfo> FindBucket(std::string_view name) const;
  std::vector<S3BucketInfo> ListBuckets() const;  // sorted by name

  /// The bucket's notification configuration document ("" : none).
  /// "NoSuchBucket".
  Result<std::string> GetNotificationConfiguration(std::string_view bucket) const;
  /// Replaces it (committed with the bucket's document). "NoSuchBucket".
  Status PutNotificationConfiguration(std::string_view bucket, std::string document);

  /// Checked under the lock against the object about to be replaced
  /// (nullptr: none): If-Match / If-None-Match on writes.
  using WriteCheck = std::function<Status(const ObjectRecord* current)>;

  /// Stores `bytes` as `record.key`. The caller fills size, etag,
  /// attributes and checksums; blob and last_modified are set here.
  /// "NoSuchBucket", or the check's error.
  Result<ObjectRecord> PutObject(std::string_view bucket, ObjectRecord record,
                                 std::string_view bytes, const WriteCheck& check = {});
  /// "NoSuchBucket", "NoSuchKey".
  Result<ObjectRecord> HeadObject(std::string_view bucket, std::string_view key) const;
  /// The record and its bytes (read outside the lock). "NoSuchBucket", "NoSuchKey".
  Result<std::pair<ObjectRecord, std::string>> GetObject(std::string_view bucket,
                                                         std::string_view key) const;
  /// True when an object was removed, false when there was none.
  /// "NoSuchBucket".
  Result<bool> DeleteObject(std::string_view bucket, std::string_view key);
  /// One page of keys in order, with `delimiter` rolling keys up into
  /// common prefixes. "NoSuchBucket".
  Result<ListResult> ListObjects(std::string_view bucket, const ListParams& params) const;

  /// "NoSuchBucket".
  Result<UploadRecord> CreateUpload(std::string_view bucket, std::string_view key,
                                    ObjectAttributes attributes, std::string checksum_algorithm);
  /// Stores (or replaces) one part; the caller fills number, size, etag and
  /// checksums. "NoSuchBucket", "NoSuchUpload".
  Result<PartRecord> PutPart(std::string_view bucket, std::string_view key,
                             std::string_view upload_id, PartRecord part, std::string_view bytes);
  /// "NoSuchBucket", "NoSuchUpload".
  Result<UploadRecord> GetUpload(std::string_view bucket, std::string_view key,
                                 std::string_view upload_id) const;
  /// Every pending upload of `bucket`, by key then initiation. "NoSuchBucket".
  Result<std::vector<UploadRecord>> ListUploads(std::string_view bucket) const;
  /// Joins the listed parts into the object. "NoSuchBucket", "NoSuchUpload",
  /// "InvalidPart", "InvalidPartOrder", "EntityTooSmall".
  Result<ObjectRecord> CompleteUpload(std::string_view bucket, std::string_view key,
                                      std::string_view upload_id,
                                      const std::vector<CompletedPart>& parts);
  /// "NoSuchBucket", "NoSuchUpload".
  Status AbortUpload(std::string_view bucket, std::string_view key, std::string_view upload_id);

 private:
  explicit Store(StateStore& state) : state_(state) {}

  // REQUIRES: mutex_ held.
  BucketRecord* FindLocked(std::string_view name);
  const BucketRecord* FindLocked(std::string_view name) const;
  Result<UploadRecord*> FindUploadLocked(std::string_view bucket, std::string_view key,
                                         std::string_view upload_id);
  /// Writes the document of `record` and swaps it into the index; returns
  /// the blob of the object it replaced ("" if none).
  Result<std::string> CommitObjectLocked(BucketRecord& bucket, ObjectRecord record);

  Status LoadBucket(const std::string& dir_name);
  Status LoadUploads(BucketRecord& bucket, const std::string& dir);

  StateStore& state_;
  mutable std::mutex mutex_;
  std::map<std::string, BucketRecord, std::less<>> buckets_;  // GUARDED_BY(mutex_)
};

// StateStore keys of the layout above.
std::string BucketDir(std::string_view bucket);
std::string BucketDocKey(std::string_view bucket);
std::string ObjectDocKey(std::string_view bucket, std::string_view key);
std::string NewObjectBlobKey(std::string_view bucket);
std::string UploadDir(std::string_view bucket, std::string_view upload_id);
std::string PartDocKey(std::string_view bucket, std::string_view upload_id, int number);
std::string NewPartBlobKey(std::string_view bucket, std::string_view upload_id);
/// `n` random lowercase hex digits.
std::string RandomHex(std::size_t n);

}  // namespace sparta::local_cloud::s3
