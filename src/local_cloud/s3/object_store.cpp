#include "local_cloud/s3/object_store.hpp"

#include <random>

#include "sparta/util/digest.hpp"

#include "local_cloud/s3/addressing.hpp"
#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/listing.hpp"

namespace sparta::local_cloud::s3 {

std::string BucketDir(std::string_view bucket) {
  std::string dir = "s3/";
  dir += StateStore::EncodeName(bucket);
  return dir;
}
std::string BucketDocKey(std::string_view bucket) { return BucketDir(bucket) + "/bucket.json"; }
std::string ObjectDocKey(std::string_view bucket, std::string_view key) {
  std::string doc = BucketDir(bucket);
  doc += "/objects/";
  doc += util::Sha256Hex(key);
  doc += ".json";
  return doc;
}
std::string NewObjectBlobKey(std::string_view bucket) {
  std::string blob = BucketDir(bucket);
  blob += "/blobs/";
  blob += RandomHex(32);
  return blob;
}
std::string UploadDir(std::string_view bucket, std::string_view upload_id) {
  std::string dir = BucketDir(bucket);
  dir += "/uploads/";
  dir += StateStore::EncodeName(upload_id);
  return dir;
}
std::string PartDocKey(std::string_view bucket, std::string_view upload_id, int number) {
  std::string doc = UploadDir(bucket, upload_id);
  doc += "/part-";
  doc += std::to_string(number);
  doc += ".json";
  return doc;
}
std::string NewPartBlobKey(std::string_view bucket, std::string_view upload_id) {
  std::string blob = UploadDir(bucket, upload_id);
  blob += "/blobs/";
  blob += RandomHex(32);
  return blob;
}

std::string RandomHex(std::size_t n) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(kHex[engine() & 0xF]);
  return out;
}

BucketRecord* Store::FindLocked(std::string_view name) {
  auto it = buckets_.find(name);
  return it == buckets_.end() ? nullptr : &it->second;
}
const BucketRecord* Store::FindLocked(std::string_view name) const {
  auto it = buckets_.find(name);
  return it == buckets_.end() ? nullptr : &it->second;
}

Status Store::CreateBucket(std::string_view name, std::string_view region) {
  if (std::string problem = BucketNameProblem(name); !problem.empty()) {
    std::string message = "The specified bucket is not valid: '";
    message += name;
    message += "'. ";
    message += problem;
    return MakeError("InvalidBucketName", std::move(message));
  }
  std::lock_guard lock(mutex_);
  if (FindLocked(name) != nullptr) {
    std::string message =
        "Your previous request to create the named bucket succeeded and you already own it: '";
    message += name;
    message += "'.";
    return MakeError("BucketAlreadyOwnedByYou", std::move(message));
  }
  BucketRecord bucket;
  bucket.info.name = std::string(name);
  bucket.info.region = std::string(region);
  bucket.info.created = NowSeconds();
  bucket.incarnation = RandomHex(16);
  // A directory left by a bucket deleted mid-way (or a write racing its
  // deletion) must not leak into the new bucket.
  if (auto removed = state_.Remove(BucketDir(name)); !removed) return removed;
  if (auto written = state_.PutDocument(BucketDocKey(name), BucketToJson(bucket)); !written) {
    return written;
  }
  buckets_.emplace(bucket.info.name, std::move(bucket));
  return {};
}

Result<std::string> Store::GetNotificationConfiguration(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const BucketRecord* bucket = FindLocked(name);
  if (bucket == nullptr) return NoSuchBucket(name);
  return bucket->notification_configuration;
}

Status Store::PutNotificationConfiguration(std::string_view name, std::string document) {
  std::lock_guard lock(mutex_);
  BucketRecord* bucket = FindLocked(name);
  if (bucket == nullptr) return NoSuchBucket(name);
  BucketRecord changed;
  changed.info = bucket->info;
  changed.incarnation = bucket->incarnation;
  changed.notification_configuration = std::move(document);
  if (auto written = state_.PutDocument(BucketDocKey(name), BucketToJson(changed)); !written) {
    return written;
  }
  bucket->notification_configuration = std::move(changed.notification_configuration);
  return {};
}

Status Store::DeleteBucket(std::string_view name) {
  std::lock_guard lock(mutex_);
  BucketRecord* bucket = FindLocked(name);
  if (bucket == nullptr) return NoSuchBucket(name);
  if (!bucket->objects.empty()) {
    std::string message = "The bucket you tried to delete is not empty: '";
    message += name;
    message += "'. Delete its objects first (aws s3 rm --recursive s3://";
    message += name;
    message += ").";
    return MakeError("BucketNotEmpty", std::move(message));
  }
  // The document first: once it is gone the bucket is gone, whatever of
  // the directory a kill leaves behind (Open() removes it).
  if (auto removed = state_.Remove(BucketDocKey(name)); !removed) return removed;
  buckets_.erase(buckets_.find(name));
  return state_.Remove(BucketDir(name));
}

std::optional<S3BucketInfo> Store::FindBucket(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const BucketRecord* bucket = FindLocked(name);
  if (bucket == nullptr) return std::nullopt;
  return bucket->info;
}

std::vector<S3BucketInfo> Store::ListBuckets() const {
  std::lock_guard lock(mutex_);
  std::vector<S3BucketInfo> out;
  out.reserve(buckets_.size());
  for (const auto& [name, bucket] : buckets_) out.push_back(bucket.info);
  return out;
}

Result<std::string> Store::CommitObjectLocked(BucketRecord& bucket, ObjectRecord record) {
  if (auto written =
          state_.PutDocument(ObjectDocKey(bucket.info.name, record.key), ObjectToJson(record));
      !written) {
    return written.error();
  }
  std::string old_blob;
  auto it = bucket.objects.find(record.key);
  if (it != bucket.objects.end()) {
    old_blob = std::move(it->second.blob);
    it->second = std::move(record);
  } else {
    std::string key = record.key;
    bucket.objects.emplace(std::move(key), std::move(record));
  }
  return old_blob;
}

Result<ObjectRecord> Store::PutObject(std::string_view bucket_name, ObjectRecord record,
                                      std::string_view bytes, const WriteCheck& check) {
  std::string incarnation;
  {
    std::lock_guard lock(mutex_);
    const BucketRecord* bucket = FindLocked(bucket_name);
    if (bucket == nullptr) return NoSuchBucket(bucket_name);
    if (check) {
      auto current = bucket->objects.find(record.key);
      if (auto ok = check(current == bucket->objects.end() ? nullptr : &current->second); !ok) {
        return ok.error();
      }
    }
    incarnation = bucket->incarnation;
  }
  // The bytes, outside the lock, under a name nobody else uses.
  record.blob = NewObjectBlobKey(bucket_name);
  if (auto written = state_.PutBlob(record.blob, bytes); !written) return written.error();
  record.last_modified = NowSeconds();

  Result<std::string> old_blob = std::string();
  {
    std::lock_guard lock(mutex_);
    BucketRecord* bucket = FindLocked(bucket_name);
    Status ok;
    if (bucket == nullptr || bucket->incarnation != incarnation) {
      ok = NoSuchBucket(bucket_name);
    } else if (check) {
      auto current = bucket->objects.find(record.key);
      ok = check(current == bucket->objects.end() ? nullptr : &current->second);
    }
    if (!ok) {
      (void)state_.Remove(record.blob);
      return ok.error();
    }
    old_blob = CommitObjectLocked(*bucket, record);
  }
  if (!old_blob) {
    (void)state_.Remove(record.blob);
    return old_blob.error();
  }
  if (!old_blob->empty()) (void)state_.Remove(*old_blob);
  return record;
}

Result<ObjectRecord> Store::HeadObject(std::string_view bucket_name, std::string_view key) const {
  std::lock_guard lock(mutex_);
  const BucketRecord* bucket = FindLocked(bucket_name);
  if (bucket == nullptr) return NoSuchBucket(bucket_name);
  auto it = bucket->objects.find(std::string(key));
  if (it == bucket->objects.end()) return NoSuchKey(key);
  return it->second;
}

Result<std::pair<ObjectRecord, std::string>> Store::GetObject(std::string_view bucket,
                                                              std::string_view key) const {
  // A concurrent overwrite may remove the blob between the lookup and the
  // read: look up again (the new record points at the new blob).
  for (int attempt = 0;; ++attempt) {
    auto record = HeadObject(bucket, key);
    if (!record) return record.error();
    auto bytes = state_.GetBlob(record->blob);
    if (bytes) return std::make_pair(std::move(*record), std::move(*bytes));
    if (bytes.error().code != "NotFound" || attempt == 3) return bytes.error();
  }
}

Result<bool> Store::DeleteObject(std::string_view bucket_name, std::string_view key) {
  std::string blob;
  {
    std::lock_guard lock(mutex_);
    BucketRecord* bucket = FindLocked(bucket_name);
    if (bucket == nullptr) return NoSuchBucket(bucket_name);
    auto it = bucket->objects.find(std::string(key));
    if (it == bucket->objects.end()) return false;
    if (auto removed = state_.Remove(ObjectDocKey(bucket_name, key)); !removed) {
      return removed.error();
    }
    blob = std::move(it->second.blob);
    bucket->objects.erase(it);
  }
  (void)state_.Remove(blob);
  return true;
}

Result<ListResult> Store::ListObjects(std::string_view bucket_name,
                                      const ListParams& params) const {
  std::lock_guard lock(mutex_);
  const BucketRecord* bucket = FindLocked(bucket_name);
  if (bucket == nullptr) return NoSuchBucket(bucket_name);
  return ListKeys(bucket->objects, params);
}

}  // namespace sparta::local_cloud::s3
