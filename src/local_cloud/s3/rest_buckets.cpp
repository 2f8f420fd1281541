// The service- and bucket-level operations: ListBuckets, CreateBucket,
// HeadBucket, DeleteBucket, GetBucketLocation, ListObjects (V1, V2),
// DeleteObjects, and the bucket configurations answered without storage.
#include <charconv>

#include "sparta/util/base64.hpp"

#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/rest_handlers.hpp"

namespace sparta::local_cloud::s3 {
namespace {

constexpr std::size_t kMaxKeys = 1000;

// A non-negative integer query parameter, capped at `cap`; `fallback` when
// absent. "InvalidArgument" when not a number.
Result<std::size_t> CountParameter(const RestCall& call, std::string_view name,
                                   std::size_t fallback, std::size_t cap) {
  const std::string* text = call.Query(name);
  if (text == nullptr) return fallback;
  long long value = -1;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) {
    std::string message = "Provided ";
    message += name;
    message += " not an integer or within integer range: '";
    message += *text;
    message += "'.";
    return InvalidArgument(message);
  }
  return std::min<std::size_t>(static_cast<std::size_t>(value), cap);
}

// encoding-type: absent or "url". Returns whether to url-encode.
Result<bool> UrlEncoding(const RestCall& call) {
  const std::string* encoding = call.Query("encoding-type");
  if (encoding == nullptr) return false;
  if (*encoding == "url") return true;
  return InvalidArgument("Invalid Encoding Method specified in Request: only 'url' is supported.");
}

Status RequireBucket(const RestCall& call) {
  if (!call.core.store->FindBucket(call.target.bucket)) return NoSuchBucket(call.target.bucket);
  return {};
}

}  // namespace

CloudResponse ListBucketsOp(const RestCall& call) {
  const std::string* prefix = call.Query("prefix");
  const std::string* region = call.Query("bucket-region");
  const std::string* token = call.Query("continuation-token");
  bool paged = call.HasQuery("max-buckets") || prefix || region || token;
  auto max_buckets = CountParameter(call, "max-buckets", 10000, 10000);
  if (!max_buckets) return ErrorResponse(call, max_buckets.error());
  std::string after;
  if (token != nullptr) after = util::Base64Decode(*token).value_or("");
  XmlWriter xml;
  xml.Root("ListAllMyBucketsResult").Open("Buckets");
  std::string last;
  std::size_t count = 0;
  bool truncated = false;
  for (const S3BucketInfo& bucket : call.core.store->ListBuckets()) {
    if (prefix != nullptr && bucket.name.rfind(*prefix, 0) != 0) continue;
    if (region != nullptr && bucket.region != *region) continue;
    if (!after.empty() && bucket.name <= after) continue;
    if (count == *max_buckets) {
      truncated = true;
      break;
    }
    xml.Open("Bucket")
        .Element("Name", bucket.name)
        .Element("CreationDate", IsoTimestamp(bucket.created))
        .Element("BucketRegion", bucket.region)
        .Close("Bucket");
    last = bucket.name;
    ++count;
  }
  xml.Close("Buckets");
  WriteOwner(xml, call.core);
  if (paged && truncated) xml.Element("ContinuationToken", util::Base64Encode(last));
  if (prefix != nullptr) xml.Element("Prefix", *prefix);
  return XmlResponse(call, xml.Finish("ListAllMyBucketsResult"));
}

CloudResponse CreateBucketOp(const RestCall& call) {
  std::string region = call.Region();
  if (!call.payload.empty()) {
    pugi::xml_document document;
    if (auto parsed = ParseXmlBody(call.payload, "CreateBucketConfiguration", document); !parsed) {
      return ErrorResponse(call, parsed.error());
    }
    std::string constraint = TrimmedChildText(document.document_element(), "LocationConstraint");
    if (constraint == "EU") constraint = "eu-west-1";
    if (constraint == "us-east-1") {
      return ErrorResponse(
          call, MakeError("InvalidLocationConstraint",
                          "The specified location-constraint is not valid: us-east-1 is the "
                          "default; send no LocationConstraint for it."));
    }
    if (!constraint.empty()) region = constraint;
  }
  if (auto created = call.core.store->CreateBucket(call.target.bucket, region); !created) {
    return ErrorResponse(call, created.error());
  }
  CloudResponse response = EmptyResponse(call, 200);
  std::string location = "/";
  location += call.target.bucket;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

CloudResponse DeleteBucketOp(const RestCall& call) {
  if (auto deleted = call.core.store->DeleteBucket(call.target.bucket); !deleted) {
    return ErrorResponse(call, deleted.error());
  }
  return EmptyResponse(call, 204);
}

CloudResponse HeadBucketOp(const RestCall& call) {
  auto bucket = call.core.store->FindBucket(call.target.bucket);
  if (!bucket) return ErrorResponse(call, NoSuchBucket(call.target.bucket));
  CloudResponse response = EmptyResponse(call, 200);
  response.headers.emplace_back("x-amz-bucket-region", bucket->region);
  response.headers.emplace_back("x-amz-access-point-alias", "false");
  return response;
}

CloudResponse GetBucketLocationOp(const RestCall& call) {
  auto bucket = call.core.store->FindBucket(call.target.bucket);
  if (!bucket) return ErrorResponse(call, NoSuchBucket(call.target.bucket));
  XmlWriter xml;
  xml.Root("LocationConstraint");
  // us-east-1 is the one region whose constraint is empty.
  if (bucket->region != "us-east-1") xml.Raw(XmlEscape(bucket->region));
  return XmlResponse(call, xml.Finish("LocationConstraint"));
}

CloudResponse ListObjectsOp(const RestCall& call) {
  bool v2 = call.Query("list-type") != nullptr && *call.Query("list-type") == "2";
  auto encode = UrlEncoding(call);
  if (!encode) return ErrorResponse(call, encode.error());
  auto max_keys = CountParameter(call, "max-keys", kMaxKeys, kMaxKeys);
  if (!max_keys) return ErrorResponse(call, max_keys.error());
  auto text = [&](const std::string& value) { return *encode ? UrlEncodeKey(value) : value; };

  ListParams params;
  params.max_keys = *max_keys;
  if (const std::string* prefix = call.Query("prefix")) params.prefix = *prefix;
  if (const std::string* delimiter = call.Query("delimiter")) params.delimiter = *delimiter;
  const std::string* token = v2 ? call.Query("continuation-token") : nullptr;
  const std::string* start_after = v2 ? call.Query("start-after") : call.Query("marker");
  if (start_after != nullptr) params.start_after = *start_after;
  if (token != nullptr) {
    auto decoded = util::Base64Decode(*token);
    if (!decoded || decoded->rfind("v1:", 0) != 0) {
      return ErrorResponse(call, InvalidArgument("The continuation token provided is incorrect: "
                                                 "pass the NextContinuationToken of the previous "
                                                 "page unchanged."));
    }
    params.start_after = std::max(params.start_after, decoded->substr(3));
  }
  auto page = call.core.store->ListObjects(call.target.bucket, params);
  if (!page) return ErrorResponse(call, page.error());

  XmlWriter xml;
  xml.Root("ListBucketResult")
      .Element("Name", call.target.bucket)
      .Element("Prefix", text(params.prefix));
  if (v2) {
    if (token != nullptr) xml.Element("ContinuationToken", *token);
    if (page->truncated) {
      std::string next = "v1:";
      next += page->next_marker;
      xml.Element("NextContinuationToken", util::Base64Encode(next));
    }
    xml.Element("KeyCount", page->objects.size() + page->common_prefixes.size());
    if (start_after != nullptr) xml.Element("StartAfter", text(*start_after));
  } else {
    xml.Element("Marker", text(params.start_after));
    if (page->truncated && !params.delimiter.empty()) {
      xml.Element("NextMarker", text(page->next_marker));
    }
  }
  xml.Element("MaxKeys", params.max_keys);
  if (!params.delimiter.empty()) xml.Element("Delimiter", text(params.delimiter));
  if (*encode) xml.Element("EncodingType", "url");
  xml.Bool("IsTruncated", page->truncated);
  bool with_owner = !v2 || (call.Query("fetch-owner") && *call.Query("fetch-owner") == "true");
  for (const ObjectRecord& object : page->objects) {
    xml.Open("Contents")
        .Element("Key", text(object.key))
        .Element("LastModified", IsoTimestamp(object.last_modified))
        .Element("ETag", object.etag);
    for (const auto& [algorithm, value] : object.checksums) {
      xml.Element("ChecksumAlgorithm", algorithm);
    }
    if (!object.checksums.empty()) xml.Element("ChecksumType", "FULL_OBJECT");
    xml.Element("Size", object.size);
    if (with_owner) WriteOwner(xml, call.core);
    xml.Element("StorageClass", "STANDARD").Close("Contents");
  }
  for (const std::string& prefix : page->common_prefixes) {
    xml.Open("CommonPrefixes").Element("Prefix", text(prefix)).Close("CommonPrefixes");
  }
  return XmlResponse(call, xml.Finish("ListBucketResult"));
}

CloudResponse DeleteObjectsOp(const RestCall& call) {
  if (auto digests = VerifyBodyDigests(call, call.payload); !digests) {
    return ErrorResponse(call, digests.error());
  }
  pugi::xml_document document;
  if (auto parsed = ParseXmlBody(call.payload, "Delete", document); !parsed) {
    return ErrorResponse(call, parsed.error());
  }
  if (auto exists = RequireBucket(call); !exists) return ErrorResponse(call, exists.error());
  pugi::xml_node root = document.document_element();
  bool quiet = TrimmedChildText(root, "Quiet") == "true";
  std::vector<pugi::xml_node> objects;
  for (pugi::xml_node child : root.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == "Object") {
      objects.push_back(child);
    }
  }
  if (objects.empty() || objects.size() > 1000) {
    return ErrorResponse(call, MalformedXml("a Delete request lists between 1 and 1000 "
                                            "<Object> elements."));
  }
  XmlWriter xml;
  xml.Root("DeleteResult");
  for (pugi::xml_node object : objects) {
    if (!ChildNamed(object, "Key")) {
      return ErrorResponse(call, MalformedXml("every <Object> needs a <Key>."));
    }
  }
  for (pugi::xml_node object : objects) {
    std::string key = ChildText(object, "Key");
    std::string version = TrimmedChildText(object, "VersionId");
    Status outcome;
    if (!version.empty() && version != "null") {
      outcome = MakeError("NoSuchVersion",
                          "The specified version does not exist: this bucket is not versioned.");
    } else if (auto deleted = call.core.store->DeleteObject(call.target.bucket, key); !deleted) {
      outcome = deleted.error();
    }
    if (outcome) {
      if (quiet) continue;
      xml.Open("Deleted").Element("Key", key);
      if (!version.empty()) xml.Element("VersionId", version);
      xml.Close("Deleted");
    } else {
      xml.Open("Error").Element("Key", key);
      if (!version.empty()) xml.Element("VersionId", version);
      std::string_view code = outcome.error().code;
      if (HttpStatusOf(code) == 500) code = "InternalError";
      xml.Element("Code", code).Element("Message", outcome.error().message).Close("Error");
    }
  }
  return XmlResponse(call, xml.Finish("DeleteResult"));
}

std::optional<CloudResponse> BucketConfigOp(const RestCall& call, std::string_view subresource) {
  struct Missing {
    std::string_view parameter;
    std::string_view code;
    std::string_view message;
  };
  static constexpr Missing kMissing[] = {
      {"tagging", "NoSuchTagSet", "The TagSet does not exist"},
      {"policy", "NoSuchBucketPolicy", "The bucket policy does not exist"},
      {"cors", "NoSuchCORSConfiguration", "The CORS configuration does not exist"},
      {"lifecycle", "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"},
      {"website", "NoSuchWebsiteConfiguration",
       "The specified bucket does not have a website configuration"},
      {"publicAccessBlock", "NoSuchPublicAccessBlockConfiguration",
       "The public access block configuration was not found"},
  };
  bool known = subresource == "versioning" || subresource == "acl";
  for (const Missing& missing : kMissing) known = known || missing.parameter == subresource;
  if (!known) return std::nullopt;
  if (auto exists = RequireBucket(call); !exists) return ErrorResponse(call, exists.error());
  if (subresource == "versioning") {
    // Versioning is never enabled here: S3 answers an empty configuration.
    XmlWriter xml;
    xml.Root("VersioningConfiguration");
    return XmlResponse(call, xml.Finish("VersioningConfiguration"));
  }
  if (subresource == "acl") {
    // One account owns everything, with full control.
    XmlWriter xml;
    xml.Root("AccessControlPolicy");
    WriteOwner(xml, call.core);
    std::string grant =
        "<AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/"
        "XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>";
    grant += OwnerId(call.core);
    grant += "</ID><DisplayName>";
    grant += kOwnerDisplayName;
    grant +=
        "</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>"
        "</AccessControlList>";
    xml.Raw(grant);
    return XmlResponse(call, xml.Finish("AccessControlPolicy"));
  }
  for (const Missing& missing : kMissing) {
    if (missing.parameter == subresource) {
      std::string message(missing.message);
      message += ": sparta-local's S3 stores no bucket configurations.";
      return ErrorResponse(call, MakeError(std::string(missing.code), std::move(message)));
    }
  }
  return std::nullopt;
}

}  // namespace sparta::local_cloud::s3
