// The object operations: PutObject, CopyObject, GetObject / HeadObject,
// DeleteObject.
#include <cctype>

#include "sparta/aws/sigv4_detail.hpp"

#include "local_cloud/s3/aws_chunked.hpp"
#include "local_cloud/s3/conditions.hpp"
#include "local_cloud/s3/digests.hpp"
#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/rest_handlers.hpp"

namespace sparta::local_cloud::s3 {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void AddChecksumHeaders(CloudResponse& response, const std::map<std::string, std::string>& sums) {
  for (const auto& [algorithm, value] : sums) {
    std::string name = "x-amz-checksum-";
    name += Lower(algorithm);
    response.headers.emplace_back(std::move(name), value);
  }
}

// If-Match / If-None-Match on a write, checked against the object it would
// replace (S3's conditional writes).
Store::WriteCheck WriteConditions(const RestCall& call) {
  const std::string* if_match = call.Header("if-match");
  const std::string* if_none_match = call.Header("if-none-match");
  if (if_match == nullptr && if_none_match == nullptr) return {};
  std::string match = if_match ? *if_match : std::string();
  std::string none_match = if_none_match ? *if_none_match : std::string();
  bool has_match = if_match != nullptr;
  bool has_none_match = if_none_match != nullptr;
  std::string key = call.target.key;
  return [=](const ObjectRecord* current) -> Status {
    if (has_match) {
      if (current == nullptr) return NoSuchKey(key);
      if (!EtagListMatches(match, current->etag)) return PreconditionFailed("If-Match");
    }
    if (has_none_match && current != nullptr && EtagListMatches(none_match, current->etag)) {
      return PreconditionFailed("If-None-Match");
    }
    return {};
  };
}

Conditions ReadConditions(const RestCall& call, std::string_view prefix) {
  auto header = [&](std::string_view name) {
    std::string full(prefix);
    full += name;
    return call.Header(full);
  };
  Conditions conditions;
  conditions.if_match = header("if-match");
  conditions.if_none_match = header("if-none-match");
  conditions.if_modified_since = header("if-modified-since");
  conditions.if_unmodified_since = header("if-unmodified-since");
  return conditions;
}

// The headers GET and HEAD answer with (the response-* query parameters of
// a presigned GET override the stored ones).
void AddObjectHeaders(const RestCall& call, const ObjectRecord& object, CloudResponse& response) {
  aws::HeaderList& headers = response.headers;
  const std::string* content_type = call.Query("response-content-type");
  headers.emplace_back("Content-Type", content_type ? *content_type
                                       : object.attributes.content_type.empty()
                                           ? "binary/octet-stream"
                                           : object.attributes.content_type);
  headers.emplace_back("ETag", object.etag);
  headers.emplace_back("Last-Modified", HttpDate(object.last_modified));
  headers.emplace_back("Accept-Ranges", "bytes");
  static constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
      {"Cache-Control", "response-cache-control"},
      {"Content-Disposition", "response-content-disposition"},
      {"Content-Encoding", "response-content-encoding"},
      {"Content-Language", "response-content-language"},
      {"Expires", "response-expires"},
  };
  for (const auto& [header, parameter] : kOverrides) {
    if (const std::string* value = call.Query(parameter)) {
      headers.emplace_back(std::string(header), *value);
    } else if (const std::string* stored =
                   aws::FindHeader(object.attributes.system_headers, header)) {
      headers.emplace_back(std::string(header), *stored);
    }
  }
  for (const auto& [name, value] : object.attributes.metadata) {
    std::string header = "x-amz-meta-";
    header += name;
    headers.emplace_back(std::move(header), value);
  }
}

CloudResponse NotModified(const RestCall& call, const ObjectRecord& object) {
  CloudResponse response = EmptyResponse(call, 304);
  response.headers.emplace_back("ETag", object.etag);
  response.headers.emplace_back("Last-Modified", HttpDate(object.last_modified));
  return response;
}

}  // namespace

ObjectAttributes AttributesFromHeaders(const RestCall& call) {
  ObjectAttributes attributes;
  if (const std::string* type = call.Header("content-type")) attributes.content_type = *type;
  constexpr std::string_view kMeta = "x-amz-meta-";
  for (const auto& [name, value] : call.request.headers) {
    std::string lower = Lower(name);
    if (lower.size() > kMeta.size() && lower.compare(0, kMeta.size(), kMeta) == 0) {
      attributes.metadata[lower.substr(kMeta.size())] = value;
    }
  }
  if (const std::string* encoding = call.Header("content-encoding")) {
    std::string kept = WithoutAwsChunked(*encoding);
    if (!kept.empty()) attributes.system_headers.emplace_back("Content-Encoding", kept);
  }
  for (std::string_view name :
       {"Cache-Control", "Content-Disposition", "Content-Language", "Expires"}) {
    if (const std::string* value = call.Header(name)) {
      attributes.system_headers.emplace_back(std::string(name), *value);
    }
  }
  return attributes;
}

CloudResponse PutObjectOp(const RestCall& call) {
  auto checksums = VerifyBodyDigests(call, call.payload);
  if (!checksums) return ErrorResponse(call, checksums.error());
  ObjectRecord record =
      MakeObjectRecord(call.target.key, call.payload, AttributesFromHeaders(call));
  record.checksums = std::move(*checksums);
  auto stored = call.core.store->PutObject(call.target.bucket, std::move(record), call.payload,
                                           WriteConditions(call));
  if (!stored) return ErrorResponse(call, stored.error());
  CloudResponse response = EmptyResponse(call, 200);
  response.headers.emplace_back("ETag", stored->etag);
  AddChecksumHeaders(response, stored->checksums);
  if (!stored->checksums.empty())
    response.headers.emplace_back("x-amz-checksum-type", "FULL_OBJECT");
  return response;
}

Result<CopySource> ReadCopySource(const RestCall& call) {
  const std::string* header = call.Header("x-amz-copy-source");
  if (header == nullptr) return InvalidArgument("x-amz-copy-source is missing.");
  std::string_view source = *header;
  std::size_t question = source.find('?');
  if (question != std::string_view::npos) {
    FormFields fields = ParseForm(source.substr(question + 1));
    const std::string* version = FindField(fields, "versionId");
    if (version != nullptr && *version != "null") {
      return MakeError("NoSuchVersion",
                       "The specified version does not exist: buckets here are not versioned.");
    }
    source = source.substr(0, question);
  }
  std::string decoded = aws::detail::UriDecode(source);
  std::string_view path = decoded;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    return InvalidArgument(
        "Copy Source must mention the source bucket and key: sourcebucket/sourcekey.");
  }
  std::string bucket(path.substr(0, slash));
  std::string key(path.substr(slash + 1));
  auto head = call.core.store->HeadObject(bucket, key);
  if (!head) return head.error();
  if (Evaluate(ReadConditions(call, "x-amz-copy-source-"), *head) != ConditionOutcome::kProceed) {
    return PreconditionFailed("x-amz-copy-source-if-*");
  }
  auto got = call.core.store->GetObject(bucket, key);
  if (!got) return got.error();
  return CopySource{std::move(bucket), std::move(got->first), std::move(got->second)};
}

CloudResponse CopyObjectOp(const RestCall& call) {
  auto source = ReadCopySource(call);
  if (!source) return ErrorResponse(call, source.error());
  const ObjectRecord& source_record = source->record;
  const std::string& bytes = source->bytes;
  const std::string* directive = call.Header("x-amz-metadata-directive");
  bool replace = directive != nullptr && *directive == "REPLACE";
  if (directive != nullptr && !replace && *directive != "COPY") {
    return ErrorResponse(call, InvalidArgument("Unknown metadata directive: use COPY or REPLACE."));
  }
  if (!replace && source->bucket == call.target.bucket && source_record.key == call.target.key) {
    return ErrorResponse(
        call, MakeError("InvalidRequest",
                        "This copy request is illegal because it is trying to copy an object to "
                        "itself without changing the object's metadata, storage class, website "
                        "redirect location or encryption attributes."));
  }
  ObjectRecord record = MakeObjectRecord(
      call.target.key, bytes, replace ? AttributesFromHeaders(call) : source_record.attributes);
  record.checksums = source_record.checksums;
  if (const std::string* algorithm = call.Header("x-amz-checksum-algorithm")) {
    const ChecksumAlgorithm* found = FindChecksum(*algorithm);
    if (found == nullptr) {
      return ErrorResponse(call, InvalidArgument("Unsupported x-amz-checksum-algorithm: use "
                                                 "CRC32, CRC32C, CRC64NVME, SHA1 or SHA256."));
    }
    record.checksums[std::string(found->name)] = ComputeChecksum(*found, bytes);
  }
  auto stored = call.core.store->PutObject(call.target.bucket, std::move(record), bytes,
                                           WriteConditions(call));
  if (!stored) return ErrorResponse(call, stored.error());
  XmlWriter xml;
  xml.Root("CopyObjectResult")
      .Element("LastModified", IsoTimestamp(stored->last_modified))
      .Element("ETag", stored->etag);
  for (const auto& [algorithm, value] : stored->checksums) {
    std::string element = "Checksum";
    element += algorithm;
    xml.Element(element, value);
  }
  return XmlResponse(call, xml.Finish("CopyObjectResult"));
}

CloudResponse GetObjectOp(const RestCall& call) {
  auto head = call.core.store->HeadObject(call.target.bucket, call.target.key);
  if (!head) return ErrorResponse(call, head.error());
  Conditions conditions = ReadConditions(call, "");
  switch (Evaluate(conditions, *head)) {
    case ConditionOutcome::kNotModified:
      return NotModified(call, *head);
    case ConditionOutcome::kPreconditionFailed:
      return ErrorResponse(
          call, PreconditionFailed(conditions.if_match ? "If-Match" : "If-Unmodified-Since"));
    case ConditionOutcome::kProceed:
      break;
  }
  ObjectRecord object = std::move(*head);
  std::string bytes;
  if (!call.IsHead()) {
    auto got = call.core.store->GetObject(call.target.bucket, call.target.key);
    if (!got) return ErrorResponse(call, got.error());
    object = std::move(got->first);
    bytes = std::move(got->second);
  }
  std::optional<ByteRange> range;
  if (const std::string* header = call.Header("range")) range = ParseRange(*header, object.size);
  if (range && range->first > range->last) {
    std::string message = "The requested range is not satisfiable: the object has ";
    message += std::to_string(object.size);
    message += " bytes.";
    CloudResponse response = ErrorResponse(call, MakeError("InvalidRange", std::move(message)));
    std::string content_range = "bytes */";
    content_range += std::to_string(object.size);
    response.headers.emplace_back("Content-Range", std::move(content_range));
    return response;
  }
  CloudResponse response = EmptyResponse(call, range ? 206 : 200);
  AddObjectHeaders(call, object, response);
  std::uint64_t length = object.size;
  if (range) {
    length = range->last - range->first + 1;
    std::string content_range = "bytes ";
    content_range += std::to_string(range->first);
    content_range += "-";
    content_range += std::to_string(range->last);
    content_range += "/";
    content_range += std::to_string(object.size);
    response.headers.emplace_back("Content-Range", std::move(content_range));
  }
  const std::string* mode = call.Header("x-amz-checksum-mode");
  if (!range && mode != nullptr && *mode == "ENABLED" && !object.checksums.empty()) {
    AddChecksumHeaders(response, object.checksums);
    response.headers.emplace_back("x-amz-checksum-type", "FULL_OBJECT");
  }
  if (call.IsHead()) {
    response.head_content_length = length;
  } else if (range) {
    response.body = bytes.substr(range->first, length);
  } else {
    response.body = std::move(bytes);
  }
  return response;
}

CloudResponse DeleteObjectOp(const RestCall& call) {
  auto deleted = call.core.store->DeleteObject(call.target.bucket, call.target.key);
  if (!deleted) return ErrorResponse(call, deleted.error());
  return EmptyResponse(call, 204);
}

}  // namespace sparta::local_cloud::s3
