#pragma once
// What the local S3 keeps per bucket, object, multipart upload and part, and
// how each is written to (and read back from) a StateStore document.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "sparta/aws/http.hpp"
#include "sparta/json/json.hpp"
#include "sparta/local_cloud/s3_service.hpp"

namespace sparta::local_cloud::s3 {

using Clock = std::chrono::system_clock;

/// What a PUT (or CreateMultipartUpload, or a REPLACE copy) sets besides
/// the bytes.
struct ObjectAttributes {
  std::string content_type;                     // empty: "binary/octet-stream"
  std::map<std::string, std::string> metadata;  // x-amz-meta-* (lower-case, no prefix)
  /// Content-Encoding, Cache-Control, Content-Disposition, Content-Language,
  /// Expires, as sent: S3 returns them on GET/HEAD.
  aws::HeaderList system_headers;
};

struct ObjectRecord {
  std::string key;
  std::string blob;  // StateStore key of the bytes
  std::uint64_t size = 0;
  std::string etag;  // quoted
  Clock::time_point last_modified;
  ObjectAttributes attributes;
  /// Verified flexible checksums of the whole object, by algorithm name
  /// ("CRC32" -> base64). Empty for multipart objects.
  std::map<std::string, std::string> checksums;
};

struct PartRecord {
  int number = 0;
  std::string blob;
  std::uint64_t size = 0;
  std::string etag;  // quoted
  Clock::time_point last_modified;
  std::map<std::string, std::string> checksums;
};

struct UploadRecord {
  std::string id;
  std::string key;
  Clock::time_point initiated;
  ObjectAttributes attributes;
  std::string checksum_algorithm;  // from x-amz-checksum-algorithm, e.g. "CRC32"
  std::map<int, PartRecord> parts;
};

struct BucketRecord {
  S3BucketInfo info;
  /// Random per creation: a write that started before the bucket was
  /// deleted and re-created must not commit into the new one.
  std::string incarnation;
  std::map<std::string, ObjectRecord> objects;  // by key: the sorted index
  std::map<std::string, UploadRecord> uploads;  // by upload id
  /// The <NotificationConfiguration> document last put, as this S3 wrote it
  /// back ("" : none).
  std::string notification_configuration;
};

/// Truncated to whole seconds: S3 keeps Last-Modified to the second, and
/// listings, HEAD and If-Modified-Since must agree.
Clock::time_point NowSeconds();

json::value BucketToJson(const BucketRecord& bucket);
std::optional<BucketRecord> BucketFromJson(const json::value& document);
json::value ObjectToJson(const ObjectRecord& object);
std::optional<ObjectRecord> ObjectFromJson(const json::value& document);
json::value UploadToJson(const UploadRecord& upload);  // without its parts
std::optional<UploadRecord> UploadFromJson(const json::value& document);
json::value PartToJson(const PartRecord& part);
std::optional<PartRecord> PartFromJson(const json::value& document);

/// A record for `bytes` stored as `key`: size and ETag ("\"<md5 hex>\"")
/// computed, blob and last_modified left for the Store.
ObjectRecord MakeObjectRecord(std::string key, std::string_view bytes, ObjectAttributes attributes);

/// ObjectInfo for the public typed API.
S3ObjectInfo ToObjectInfo(std::string_view bucket, const ObjectRecord& object);

}  // namespace sparta::local_cloud::s3
