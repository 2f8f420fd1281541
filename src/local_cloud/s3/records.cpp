#include "local_cloud/s3/records.hpp"

#include "local_cloud/s3/digests.hpp"

namespace sparta::local_cloud::s3 {
namespace {

std::int64_t ToMillis(Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}
Clock::time_point FromMillis(std::int64_t millis) {
  return Clock::time_point(
      std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(millis)));
}

// Readers of documents written by this code: a missing or mistyped field
// makes the whole document unreadable (nullopt) rather than half-loaded.
const json::value* Field(const json::object& object, std::string_view name) {
  return object.if_contains(name);
}
bool ReadString(const json::object& object, std::string_view name, std::string& out) {
  const json::value* v = Field(object, name);
  if (v == nullptr || !v->is_string()) return false;
  out = std::string(v->as_string());
  return true;
}
bool ReadInt(const json::object& object, std::string_view name, std::int64_t& out) {
  const json::value* v = Field(object, name);
  if (v == nullptr) return false;
  if (v->is_int64()) {
    out = v->as_int64();
  } else if (v->is_uint64()) {
    out = static_cast<std::int64_t>(v->as_uint64());
  } else {
    return false;
  }
  return true;
}

json::object StringMap(const std::map<std::string, std::string>& map) {
  json::object out;
  for (const auto& [k, v] : map) out[k] = v;
  return out;
}
std::map<std::string, std::string> ReadStringMap(const json::object& object,
                                                 std::string_view name) {
  std::map<std::string, std::string> out;
  const json::value* v = Field(object, name);
  if (v == nullptr || !v->is_object()) return out;
  for (const auto& [k, value] : v->as_object()) {
    if (value.is_string()) out[std::string(k)] = std::string(value.as_string());
  }
  return out;
}

void WriteAttributes(json::object& out, const ObjectAttributes& attributes) {
  out["content_type"] = attributes.content_type;
  out["metadata"] = StringMap(attributes.metadata);
  json::array headers;
  for (const auto& [name, value] : attributes.system_headers) {
    headers.push_back(json::array{json::string(name), json::string(value)});
  }
  out["system_headers"] = std::move(headers);
}
ObjectAttributes ReadAttributes(const json::object& object) {
  ObjectAttributes attributes;
  ReadString(object, "content_type", attributes.content_type);
  attributes.metadata = ReadStringMap(object, "metadata");
  if (const json::value* v = Field(object, "system_headers"); v != nullptr && v->is_array()) {
    for (const json::value& pair : v->as_array()) {
      if (pair.is_array() && pair.as_array().size() == 2 && pair.as_array()[0].is_string() &&
          pair.as_array()[1].is_string()) {
        attributes.system_headers.emplace_back(std::string(pair.as_array()[0].as_string()),
                                               std::string(pair.as_array()[1].as_string()));
      }
    }
  }
  return attributes;
}

}  // namespace

Clock::time_point NowSeconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(Clock::now());
}

json::value BucketToJson(const BucketRecord& bucket) {
  json::object out;
  out["name"] = bucket.info.name;
  out["region"] = bucket.info.region;
  out["created_ms"] = ToMillis(bucket.info.created);
  out["incarnation"] = bucket.incarnation;
  if (!bucket.notification_configuration.empty()) {
    out["notification_configuration"] = bucket.notification_configuration;
  }
  return out;
}

std::optional<BucketRecord> BucketFromJson(const json::value& document) {
  if (!document.is_object()) return std::nullopt;
  const json::object& object = document.as_object();
  BucketRecord bucket;
  std::int64_t created = 0;
  if (!ReadString(object, "name", bucket.info.name) ||
      !ReadString(object, "region", bucket.info.region) ||
      !ReadInt(object, "created_ms", created)) {
    return std::nullopt;
  }
  ReadString(object, "incarnation", bucket.incarnation);
  ReadString(object, "notification_configuration", bucket.notification_configuration);
  bucket.info.created = FromMillis(created);
  return bucket;
}

json::value ObjectToJson(const ObjectRecord& record) {
  json::object out;
  out["key"] = record.key;
  out["blob"] = record.blob;
  out["size"] = record.size;
  out["etag"] = record.etag;
  out["last_modified_ms"] = ToMillis(record.last_modified);
  WriteAttributes(out, record.attributes);
  out["checksums"] = StringMap(record.checksums);
  return out;
}

std::optional<ObjectRecord> ObjectFromJson(const json::value& document) {
  if (!document.is_object()) return std::nullopt;
  const json::object& object = document.as_object();
  ObjectRecord record;
  std::int64_t size = 0;
  std::int64_t modified = 0;
  if (!ReadString(object, "key", record.key) || !ReadString(object, "blob", record.blob) ||
      !ReadInt(object, "size", size) || !ReadString(object, "etag", record.etag) ||
      !ReadInt(object, "last_modified_ms", modified) || size < 0) {
    return std::nullopt;
  }
  record.size = static_cast<std::uint64_t>(size);
  record.last_modified = FromMillis(modified);
  record.attributes = ReadAttributes(object);
  record.checksums = ReadStringMap(object, "checksums");
  return record;
}

json::value UploadToJson(const UploadRecord& upload) {
  json::object out;
  out["id"] = upload.id;
  out["key"] = upload.key;
  out["initiated_ms"] = ToMillis(upload.initiated);
  WriteAttributes(out, upload.attributes);
  out["checksum_algorithm"] = upload.checksum_algorithm;
  return out;
}

std::optional<UploadRecord> UploadFromJson(const json::value& document) {
  if (!document.is_object()) return std::nullopt;
  const json::object& object = document.as_object();
  UploadRecord upload;
  std::int64_t initiated = 0;
  if (!ReadString(object, "id", upload.id) || !ReadString(object, "key", upload.key) ||
      !ReadInt(object, "initiated_ms", initiated)) {
    return std::nullopt;
  }
  upload.initiated = FromMillis(initiated);
  upload.attributes = ReadAttributes(object);
  ReadString(object, "checksum_algorithm", upload.checksum_algorithm);
  return upload;
}

json::value PartToJson(const PartRecord& part) {
  json::object out;
  out["number"] = part.number;
  out["blob"] = part.blob;
  out["size"] = part.size;
  out["etag"] = part.etag;
  out["last_modified_ms"] = ToMillis(part.last_modified);
  out["checksums"] = StringMap(part.checksums);
  return out;
}

std::optional<PartRecord> PartFromJson(const json::value& document) {
  if (!document.is_object()) return std::nullopt;
  const json::object& object = document.as_object();
  PartRecord part;
  std::int64_t number = 0;
  std::int64_t size = 0;
  std::int64_t modified = 0;
  if (!ReadInt(object, "number", number) || !ReadString(object, "blob", part.blob) ||
      !ReadInt(object, "size", size) || !ReadString(object, "etag", part.etag) ||
      !ReadInt(object, "last_modified_ms", modified) || number < 1 || number > 10000 || size < 0) {
    return std::nullopt;
  }
  part.number = static_cast<int>(number);
  part.size = static_cast<std::uint64_t>(size);
  part.last_modified = FromMillis(modified);
  part.checksums = ReadStringMap(object, "checksums");
  return part;
}

ObjectRecord MakeObjectRecord(std::string key, std::string_view bytes,
                              ObjectAttributes attributes) {
  ObjectRecord record;
  record.key = std::move(key);
  record.size = bytes.size();
  record.etag.push_back('"');
  record.etag += Md5Hex(bytes);
  record.etag += "\"";
  record.attributes = std::move(attributes);
  return record;
}

S3ObjectInfo ToObjectInfo(std::string_view bucket, const ObjectRecord& object) {
  S3ObjectInfo info;
  info.bucket = std::string(bucket);
  info.key = object.key;
  info.size = object.size;
  info.etag = object.etag;
  info.last_modified = object.last_modified;
  info.content_type = object.attributes.content_type.empty() ? "binary/octet-stream"
                                                             : object.attributes.content_type;
  info.metadata = object.attributes.metadata;
  return info;
}

}  // namespace sparta::local_cloud::s3
