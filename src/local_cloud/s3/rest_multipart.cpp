// Multipart uploads: CreateMultipartUpload, UploadPart (and UploadPartCopy),
// CompleteMultipartUpload, AbortMultipartUpload, ListParts,
// ListMultipartUploads.
#include <charconv>

#include "local_cloud/s3/conditions.hpp"
#include "local_cloud/s3/digests.hpp"
#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/rest_handlers.hpp"

namespace sparta::local_cloud::s3 {
namespace {

std::optional<long long> ParseInteger(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<int> PartNumber(const RestCall& call) {
  const std::string* text = call.Query("partNumber");
  std::optional<long long> number;
  if (text != nullptr) number = ParseInteger(*text);
  if (!number || *number < 1 || *number > 10000) {
    return InvalidArgument("Part number must be an integer between 1 and 10000, inclusive.");
  }
  return static_cast<int>(*number);
}

Result<std::string> UploadIdOf(const RestCall& call) {
  const std::string* id = call.Query("uploadId");
  if (id == nullptr || id->empty()) {
    return InvalidArgument(
        "This operation needs the uploadId query parameter that "
        "CreateMultipartUpload returned.");
  }
  return *id;
}

void AddChecksumElements(XmlWriter& xml, const std::map<std::string, std::string>& sums) {
  for (const auto& [algorithm, value] : sums) {
    std::string element = "Checksum";
    element += algorithm;
    xml.Element(element, value);
  }
}

}  // namespace

CloudResponse CreateMultipartUploadOp(const RestCall& call) {
  std::string algorithm;
  if (const std::string* requested = call.Header("x-amz-checksum-algorithm")) {
    const ChecksumAlgorithm* found = FindChecksum(*requested);
    if (found == nullptr) {
      std::string message = "sparta-local's S3 cannot verify the checksum algorithm '";
      message += *requested;
      message += "'; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.";
      return ErrorResponse(call, MakeError("InvalidRequest", std::move(message)));
    }
    algorithm = found->name;
  }
  auto upload = call.core.store->CreateUpload(call.target.bucket, call.target.key,
                                              AttributesFromHeaders(call), algorithm);
  if (!upload) return ErrorResponse(call, upload.error());
  XmlWriter xml;
  xml.Root("InitiateMultipartUploadResult")
      .Element("Bucket", call.target.bucket)
      .Element("Key", call.target.key)
      .Element("UploadId", upload->id);
  CloudResponse response = XmlResponse(call, xml.Finish("InitiateMultipartUploadResult"));
  if (!algorithm.empty()) response.headers.emplace_back("x-amz-checksum-algorithm", algorithm);
  return response;
}

CloudResponse UploadPartOp(const RestCall& call) {
  auto number = PartNumber(call);
  if (!number) return ErrorResponse(call, number.error());
  auto upload_id = UploadIdOf(call);
  if (!upload_id) return ErrorResponse(call, upload_id.error());
  bool copy = call.Header("x-amz-copy-source") != nullptr;
  std::string copied;
  std::string_view bytes = call.payload;
  std::map<std::string, std::string> checksums;
  if (copy) {
    // UploadPartCopy: the part's bytes come from an existing object.
    if (auto upload = call.core.store->GetUpload(call.target.bucket, call.target.key, *upload_id);
        !upload) {
      return ErrorResponse(call, upload.error());
    }
    auto source = ReadCopySource(call);
    if (!source) return ErrorResponse(call, source.error());
    copied = std::move(source->bytes);
    if (const std::string* range_header = call.Header("x-amz-copy-source-range")) {
      auto range = ParseRange(*range_header, copied.size());
      if (!range || range->first > range->last) {
        return ErrorResponse(
            call, InvalidArgument("The x-amz-copy-source-range value must be of the form "
                                  "bytes=first-last where first and last are the zero-based "
                                  "offsets of the first and last bytes to copy, within the "
                                  "source object."));
      }
      copied = copied.substr(range->first, range->last - range->first + 1);
    }
    bytes = copied;
  } else {
    auto verified = VerifyBodyDigests(call, bytes);
    if (!verified) return ErrorResponse(call, verified.error());
    checksums = std::move(*verified);
  }
  PartRecord part;
  part.number = *number;
  part.size = bytes.size();
  part.etag = MakeObjectRecord({}, bytes, {}).etag;
  part.checksums = std::move(checksums);
  auto stored = call.core.store->PutPart(call.target.bucket, call.target.key, *upload_id,
                                         std::move(part), bytes);
  if (!stored) return ErrorResponse(call, stored.error());
  if (copy) {
    XmlWriter xml;
    xml.Root("CopyPartResult")
        .Element("ETag", stored->etag)
        .Element("LastModified", IsoTimestamp(stored->last_modified));
    return XmlResponse(call, xml.Finish("CopyPartResult"));
  }
  CloudResponse response = EmptyResponse(call, 200);
  response.headers.emplace_back("ETag", stored->etag);
  for (const auto& [algorithm, value] : stored->checksums) {
    std::string name = "x-amz-checksum-";
    for (char c : algorithm) name.push_back(static_cast<char>(std::tolower(c)));
    response.headers.emplace_back(std::move(name), value);
  }
  return response;
}

CloudResponse CompleteMultipartUploadOp(const RestCall& call) {
  auto upload_id = UploadIdOf(call);
  if (!upload_id) return ErrorResponse(call, upload_id.error());
  if (auto digests = VerifyBodyDigests(call, call.payload); !digests) {
    return ErrorResponse(call, digests.error());
  }
  pugi::xml_document document;
  if (auto parsed = ParseXmlBody(call.payload, "CompleteMultipartUpload", document); !parsed) {
    return ErrorResponse(call, parsed.error());
  }
  std::vector<CompletedPart> parts;
  for (pugi::xml_node node : document.document_element().children()) {
    if (node.type() != pugi::node_element || LocalName(node) != "Part") continue;
    CompletedPart part;
    std::optional<long long> number = ParseInteger(TrimmedChildText(node, "PartNumber"));
    if (!number || *number < 1 || *number > 10000) {
      return ErrorResponse(call, MalformedXml("every <Part> needs a <PartNumber> between 1 and "
                                              "10000."));
    }
    part.number = static_cast<int>(*number);
    part.etag = TrimmedChildText(node, "ETag");
    if (part.etag.empty()) {
      return ErrorResponse(call, MalformedXml("every <Part> needs the <ETag> UploadPart "
                                              "returned."));
    }
    for (const ChecksumAlgorithm& algorithm : SupportedChecksums()) {
      std::string element = "Checksum";
      element += algorithm.name;
      std::string value = TrimmedChildText(node, element);
      if (!value.empty()) part.checksums[std::string(algorithm.name)] = value;
    }
    parts.push_back(std::move(part));
  }
  auto object =
      call.core.store->CompleteUpload(call.target.bucket, call.target.key, *upload_id, parts);
  if (!object) return ErrorResponse(call, object.error());
  std::string location = call.core.context.endpoint;
  if (location.empty()) {
    location = "http://";
    if (const std::string* host = call.Header("host")) location += *host;
  }
  location += "/";
  location += call.target.bucket;
  location += "/";
  location += UrlEncodeKey(call.target.key);
  XmlWriter xml;
  xml.Root("CompleteMultipartUploadResult")
      .Element("Location", location)
      .Element("Bucket", call.target.bucket)
      .Element("Key", call.target.key)
      .Element("ETag", object->etag);
  return XmlResponse(call, xml.Finish("CompleteMultipartUploadResult"));
}

CloudResponse AbortMultipartUploadOp(const RestCall& call) {
  auto upload_id = UploadIdOf(call);
  if (!upload_id) return ErrorResponse(call, upload_id.error());
  if (auto aborted = call.core.store->AbortUpload(call.target.bucket, call.target.key, *upload_id);
      !aborted) {
    return ErrorResponse(call, aborted.error());
  }
  return EmptyResponse(call, 204);
}

CloudResponse ListPartsOp(const RestCall& call) {
  auto upload_id = UploadIdOf(call);
  if (!upload_id) return ErrorResponse(call, upload_id.error());
  auto upload = call.core.store->GetUpload(call.target.bucket, call.target.key, *upload_id);
  if (!upload) return ErrorResponse(call, upload.error());
  long long max_parts = 1000;
  long long marker = 0;
  if (const std::string* text = call.Query("max-parts")) {
    auto value = ParseInteger(*text);
    if (!value || *value < 0) {
      return ErrorResponse(call, InvalidArgument("max-parts must be a non-negative integer."));
    }
    max_parts = std::min(*value, 1000LL);
  }
  if (const std::string* text = call.Query("part-number-marker")) {
    auto value = ParseInteger(*text);
    if (!value || *value < 0) {
      return ErrorResponse(call,
                           InvalidArgument("part-number-marker must be a non-negative integer."));
    }
    marker = *value;
  }
  XmlWriter parts = XmlWriter::Fragment();
  long long count = 0;
  long long next_marker = 0;
  bool truncated = false;
  for (const auto& [number, part] : upload->parts) {
    if (number <= marker) continue;
    if (count == max_parts) {
      truncated = true;
      break;
    }
    parts.Open("Part")
        .Element("PartNumber", static_cast<std::uint64_t>(number))
        .Element("LastModified", IsoTimestamp(part.last_modified))
        .Element("ETag", part.etag)
        .Element("Size", part.size);
    AddChecksumElements(parts, part.checksums);
    parts.Close("Part");
    next_marker = number;
    ++count;
  }
  XmlWriter xml;
  xml.Root("ListPartsResult")
      .Element("Bucket", call.target.bucket)
      .Element("Key", call.target.key)
      .Element("UploadId", upload->id)
      .Element("PartNumberMarker", static_cast<std::uint64_t>(marker))
      .Element("NextPartNumberMarker", static_cast<std::uint64_t>(next_marker))
      .Element("MaxParts", static_cast<std::uint64_t>(max_parts))
      .Bool("IsTruncated", truncated)
      .Raw(parts.Take());
  WriteOwner(xml, call.core, "Initiator");
  WriteOwner(xml, call.core);
  xml.Element("StorageClass", "STANDARD");
  if (!upload->checksum_algorithm.empty()) {
    xml.Element("ChecksumAlgorithm", upload->checksum_algorithm);
  }
  return XmlResponse(call, xml.Finish("ListPartsResult"));
}

CloudResponse ListMultipartUploadsOp(const RestCall& call) {
  auto uploads = call.core.store->ListUploads(call.target.bucket);
  if (!uploads) return ErrorResponse(call, uploads.error());
  const std::string* prefix = call.Query("prefix");
  XmlWriter xml;
  xml.Root("ListMultipartUploadsResult")
      .Element("Bucket", call.target.bucket)
      .Element("KeyMarker", "")
      .Element("UploadIdMarker", "")
      .Element("NextKeyMarker", "")
      .Element("NextUploadIdMarker", "");
  if (prefix != nullptr) xml.Element("Prefix", *prefix);
  xml.Element("MaxUploads", std::uint64_t{1000}).Bool("IsTruncated", false);
  std::size_t count = 0;
  for (const UploadRecord& upload : *uploads) {
    if (prefix != nullptr && upload.key.rfind(*prefix, 0) != 0) continue;
    if (++count > 1000) break;
    xml.Open("Upload").Element("Key", upload.key).Element("UploadId", upload.id);
    WriteOwner(xml, call.core, "Initiator");
    WriteOwner(xml, call.core);
    xml.Element("StorageClass", "STANDARD")
        .Element("Initiated", IsoTimestamp(upload.initiated))
        .Close("Upload");
  }
  return XmlResponse(call, xml.Finish("ListMultipartUploadsResult"));
}

}  // namespace sparta::local_cloud::s3
