// Store: multipart uploads. Parts are blobs with a document each, under the
// upload's directory; completing writes the joined bytes as a new object
// blob, commits the object, then drops the upload document and directory.
#include <algorithm>

#include "local_cloud/s3/digests.hpp"
#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/object_store.hpp"

namespace sparta::local_cloud::s3 {
namespace {

constexpr std::uint64_t kMinPartSize = 5ull * 1024 * 1024;

std::string_view Unquoted(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

Error InvalidPart(int number, std::string_view why) {
  std::string message =
      "One or more of the specified parts could not be found. The part may not have been "
      "uploaded, or the specified entity tag may not match the part's entity tag (part ";
  message += std::to_string(number);
  message += ": ";
  message += why;
  message += ").";
  return MakeError("InvalidPart", std::move(message));
}

}  // namespace

Result<UploadRecord*> Store::FindUploadLocked(std::string_view bucket_name, std::string_view key,
                                              std::string_view upload_id) {
  BucketRecord* bucket = FindLocked(bucket_name);
  if (bucket == nullptr) return NoSuchBucket(bucket_name);
  auto it = bucket->uploads.find(std::string(upload_id));
  if (it == bucket->uploads.end() || it->second.key != key) return NoSuchUpload(upload_id);
  return &it->second;
}

Result<UploadRecord> Store::CreateUpload(std::string_view bucket_name, std::string_view key,
                                         ObjectAttributes attributes,
                                         std::string checksum_algorithm) {
  std::lock_guard lock(mutex_);
  BucketRecord* bucket = FindLocked(bucket_name);
  if (bucket == nullptr) return NoSuchBucket(bucket_name);
  UploadRecord upload;
  upload.id = RandomHex(64);
  upload.key = std::string(key);
  upload.initiated = NowSeconds();
  upload.attributes = std::move(attributes);
  upload.checksum_algorithm = std::move(checksum_algorithm);
  std::string doc = UploadDir(bucket_name, upload.id);
  doc += "/upload.json";
  if (auto written = state_.PutDocument(doc, UploadToJson(upload)); !written) {
    return written.error();
  }
  bucket->uploads.emplace(upload.id, upload);
  return upload;
}

Result<PartRecord> Store::PutPart(std::string_view bucket_name, std::string_view key,
                                  std::string_view upload_id, PartRecord part,
                                  std::string_view bytes) {
  {
    std::lock_guard lock(mutex_);
    if (auto upload = FindUploadLocked(bucket_name, key, upload_id); !upload) {
      return upload.error();
    }
  }
  part.blob = NewPartBlobKey(bucket_name, upload_id);
  if (auto written = state_.PutBlob(part.blob, bytes); !written) return written.error();
  part.last_modified = NowSeconds();
  std::string old_blob;
  {
    std::lock_guard lock(mutex_);
    auto upload = FindUploadLocked(bucket_name, key, upload_id);
    Status committed;
    if (!upload) {
      committed = upload.error();
    } else {
      committed =
          state_.PutDocument(PartDocKey(bucket_name, upload_id, part.number), PartToJson(part));
    }
    if (!committed) {
      (void)state_.Remove(part.blob);
      return committed.error();
    }
    PartRecord& slot = (*upload)->parts[part.number];
    old_blob = std::move(slot.blob);
    slot = part;
  }
  if (!old_blob.empty()) (void)state_.Remove(old_blob);
  return part;
}

Result<UploadRecord> Store::GetUpload(std::string_view bucket, std::string_view key,
                                      std::string_view upload_id) const {
  std::lock_guard lock(mutex_);
  const BucketRecord* record = FindLocked(bucket);
  if (record == nullptr) return NoSuchBucket(bucket);
  auto it = record->uploads.find(std::string(upload_id));
  if (it == record->uploads.end() || it->second.key != key) return NoSuchUpload(upload_id);
  return it->second;
}

Result<std::vector<UploadRecord>> Store::ListUploads(std::string_view bucket_name) const {
  std::lock_guard lock(mutex_);
  const BucketRecord* bucket = FindLocked(bucket_name);
  if (bucket == nullptr) return NoSuchBucket(bucket_name);
  std::vector<UploadRecord> uploads;
  for (const auto& [id, upload] : bucket->uploads) uploads.push_back(upload);
  std::sort(uploads.begin(), uploads.end(), [](const UploadRecord& a, const UploadRecord& b) {
    return a.key != b.key ? a.key < b.key : a.initiated < b.initiated;
  });
  return uploads;
}

Result<ObjectRecord> Store::CompleteUpload(std::string_view bucket_name, std::string_view key,
                                           std::string_view upload_id,
                                           const std::vector<CompletedPart>& requested) {
  if (requested.empty()) {
    return MakeError("MalformedXML",
                     "The XML you provided was not well-formed or did not validate against our "
                     "published schema: CompleteMultipartUpload lists no Part.");
  }
  std::vector<PartRecord> chosen;
  ObjectRecord record;
  {
    std::lock_guard lock(mutex_);
    auto upload = FindUploadLocked(bucket_name, key, upload_id);
    if (!upload) return upload.error();
    int previous = 0;
    for (const CompletedPart& wanted : requested) {
      if (wanted.number <= previous) {
        return MakeError("InvalidPartOrder",
                         "The list of parts was not in ascending order. The parts list must be "
                         "specified in order by part number.");
      }
      previous = wanted.number;
      auto it = (*upload)->parts.find(wanted.number);
      if (it == (*upload)->parts.end()) return InvalidPart(wanted.number, "not uploaded");
      if (Unquoted(wanted.etag) != Unquoted(it->second.etag)) {
        return InvalidPart(wanted.number, "the ETag differs from the uploaded part's");
      }
      for (const auto& [algorithm, value] : wanted.checksums) {
        auto stored = it->second.checksums.find(algorithm);
        if (stored == it->second.checksums.end() || stored->second != value) {
          return InvalidPart(wanted.number, "the Checksum" + algorithm + " differs");
        }
      }
      chosen.push_back(it->second);
    }
    for (std::size_t i = 0; i + 1 < chosen.size(); ++i) {
      if (chosen[i].size < kMinPartSize) {
        std::string message =
            "Your proposed upload is smaller than the minimum allowed object size: part ";
        message += std::to_string(chosen[i].number);
        message += " has ";
        message += std::to_string(chosen[i].size);
        message += " bytes; every part but the last must be at least 5 MiB.";
        return MakeError("EntityTooSmall", std::move(message));
      }
    }
    record.key = std::string(key);
    record.attributes = (*upload)->attributes;
  }
  // Join the parts outside the lock.
  std::string bytes;
  std::vector<std::string> md5s;
  for (const PartRecord& part : chosen) {
    auto part_bytes = state_.GetBlob(part.blob);
    if (!part_bytes) {
      if (part_bytes.error().code == "NotFound") {
        return InvalidPart(part.number, "replaced or aborted while completing");
      }
      return part_bytes.error();
    }
    bytes += *part_bytes;
    md5s.emplace_back(Unquoted(part.etag));
  }
  record.size = bytes.size();
  record.etag = MultipartEtag(md5s);
  record.blob = NewObjectBlobKey(bucket_name);
  if (auto written = state_.PutBlob(record.blob, bytes); !written) return written.error();
  record.last_modified = NowSeconds();

  Result<std::string> old_blob = std::string();
  {
    std::lock_guard lock(mutex_);
    auto upload = FindUploadLocked(bucket_name, key, upload_id);
    if (!upload) {
      (void)state_.Remove(record.blob);
      return upload.error();
    }
    for (const PartRecord& part : chosen) {
      auto it = (*upload)->parts.find(part.number);
      if (it == (*upload)->parts.end() || it->second.blob != part.blob) {
        (void)state_.Remove(record.blob);
        return InvalidPart(part.number, "replaced while completing");
      }
    }
    BucketRecord* bucket = FindLocked(bucket_name);
    old_blob = CommitObjectLocked(*bucket, record);
    if (!old_blob) {
      (void)state_.Remove(record.blob);
      return old_blob.error();
    }
    std::string doc = UploadDir(bucket_name, upload_id);
    doc += "/upload.json";
    (void)state_.Remove(doc);  // the upload is gone once this is
    bucket->uploads.erase(std::string(upload_id));
  }
  (void)state_.Remove(UploadDir(bucket_name, upload_id));
  if (!old_blob->empty()) (void)state_.Remove(*old_blob);
  return record;
}

Status Store::AbortUpload(std::string_view bucket_name, std::string_view key,
                          std::string_view upload_id) {
  {
    std::lock_guard lock(mutex_);
    auto upload = FindUploadLocked(bucket_name, key, upload_id);
    if (!upload) return upload.error();
    std::string doc = UploadDir(bucket_name, upload_id);
    doc += "/upload.json";
    if (auto removed = state_.Remove(doc); !removed) return removed;
    FindLocked(bucket_name)->uploads.erase(std::string(upload_id));
  }
  return state_.Remove(UploadDir(bucket_name, upload_id));
}

}  // namespace sparta::local_cloud::s3
