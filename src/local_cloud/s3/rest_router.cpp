// Which S3 operation a request is: by method, by whether it names a bucket
// and a key, and by its sub-resource query parameter. Operations this S3
// does not have get a 501 that names them.
#include <array>

#include "local_cloud/s3/aws_chunked.hpp"
#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/rest_handlers.hpp"

namespace sparta::local_cloud::s3 {
namespace {

// A sub-resource query parameter and the stem of the operations on it
// ("policy" -> GetBucketPolicy / PutBucketPolicy / DeleteBucketPolicy).
struct SubResource {
  std::string_view parameter;
  std::string_view bucket_stem;  // "" : not a bucket sub-resource
  std::string_view object_stem;  // "" : not an object sub-resource
};

constexpr std::array<SubResource, 32> kSubResources = {{
    {"acl", "BucketAcl", "ObjectAcl"},
    {"tagging", "BucketTagging", "ObjectTagging"},
    {"policy", "BucketPolicy", ""},
    {"policyStatus", "BucketPolicyStatus", ""},
    {"cors", "BucketCors", ""},
    {"lifecycle", "BucketLifecycleConfiguration", ""},
    {"website", "BucketWebsite", ""},
    {"encryption", "BucketEncryption", ""},
    {"notification", "BucketNotificationConfiguration", ""},
    {"logging", "BucketLogging", ""},
    {"replication", "BucketReplication", ""},
    {"ownershipControls", "BucketOwnershipControls", ""},
    {"publicAccessBlock", "PublicAccessBlock", ""},
    {"requestPayment", "BucketRequestPayment", ""},
    {"accelerate", "BucketAccelerateConfiguration", ""},
    {"object-lock", "ObjectLockConfiguration", ""},
    {"analytics", "BucketAnalyticsConfiguration", ""},
    {"inventory", "BucketInventoryConfiguration", ""},
    {"metrics", "BucketMetricsConfiguration", ""},
    {"intelligent-tiering", "BucketIntelligentTieringConfiguration", ""},
    {"metadataTable", "BucketMetadataTableConfiguration", ""},
    {"versioning", "BucketVersioning", ""},
    {"location", "BucketLocation", ""},
    {"versions", "ObjectVersions", ""},
    {"uploads", "MultipartUploads", "MultipartUpload"},
    {"delete", "Objects", ""},
    {"retention", "", "ObjectRetention"},
    {"legal-hold", "", "ObjectLegalHold"},
    {"attributes", "", "ObjectAttributes"},
    {"restore", "", "Object"},
    {"select", "", "ObjectContent"},
    {"torrent", "", "ObjectTorrent"},
}};

const SubResource* FindSubResource(const RestCall& call) {
  for (const SubResource& sub : kSubResources) {
    if (call.HasQuery(sub.parameter)) return &sub;
  }
  return nullptr;
}

// "GetBucketPolicy", "ListObjectVersions", "RestoreObject", ...
std::string OperationName(const RestCall& call, const SubResource& sub, bool object_level) {
  std::string_view stem = object_level ? sub.object_stem : sub.bucket_stem;
  const std::string& method = call.request.method;
  std::string name;
  if (sub.parameter == "versions" || sub.parameter == "uploads") {
    name = method == "GET" ? "List" : method == "POST" ? "Create" : method;
  } else if (sub.parameter == "delete") {
    name = "Delete";
  } else if (sub.parameter == "restore") {
    name = "Restore";
  } else if (sub.parameter == "select") {
    name = "SelectObject";
    stem = "Content";
  } else if (method == "GET" || method == "HEAD") {
    name = "Get";
  } else if (method == "PUT") {
    name = "Put";
  } else if (method == "DELETE") {
    name = "Delete";
  } else {
    name = method;
    name += " ";
  }
  name += stem;
  return name;
}

CloudResponse NotImplementedOp(const RestCall& call, std::string_view operation) {
  return ErrorResponse(call, NotImplemented(operation));
}

CloudResponse MethodNotAllowed(const RestCall& call) {
  std::string message = "The specified method is not allowed against this resource: ";
  message += call.request.method;
  message += " ";
  message += call.target.bucket.empty() ? "on the service"
             : call.target.key.empty()  ? "on a bucket"
                                        : "on an object";
  message += ".";
  return ErrorResponse(call, MakeError("MethodNotAllowed", std::move(message)));
}

CloudResponse ServiceLevel(const RestCall& call) {
  if (call.request.method == "GET") return ListBucketsOp(call);
  return MethodNotAllowed(call);
}

CloudResponse BucketLevel(const RestCall& call) {
  const std::string& method = call.request.method;
  const SubResource* sub = FindSubResource(call);
  if (sub != nullptr && sub->bucket_stem.empty()) sub = nullptr;  // an object-only parameter
  if (method == "HEAD") return HeadBucketOp(call);
  if (sub == nullptr) {
    if (method == "GET") return ListObjectsOp(call);
    if (method == "PUT") return CreateBucketOp(call);
    if (method == "DELETE") return DeleteBucketOp(call);
    if (method == "POST") return NotImplementedOp(call, "PostObject (browser form uploads)");
    return MethodNotAllowed(call);
  }
  if (method != "GET" && method != "PUT" && method != "DELETE" && method != "POST") {
    return MethodNotAllowed(call);
  }
  std::string_view parameter = sub->parameter;
  if (method == "GET" && parameter == "location") return GetBucketLocationOp(call);
  if (method == "GET" && parameter == "uploads") return ListMultipartUploadsOp(call);
  if (method == "POST" && parameter == "delete") return DeleteObjectsOp(call);
  if (parameter == "notification" && method == "GET") return GetBucketNotificationOp(call);
  if (parameter == "notification" && method == "PUT") return PutBucketNotificationOp(call);
  if (method == "GET") {
    if (auto answered = BucketConfigOp(call, parameter)) return std::move(*answered);
  }
  return NotImplementedOp(call, OperationName(call, *sub, false));
}

// A versionId other than "null" (the version of every object in an
// unversioned bucket) names a version this S3 cannot have.
bool NamesAVersion(const RestCall& call) {
  const std::string* version = call.Query("versionId");
  return version != nullptr && *version != "null";
}

CloudResponse ObjectLevel(const RestCall& call) {
  const std::string& method = call.request.method;
  const SubResource* sub = FindSubResource(call);
  if (sub != nullptr && sub->object_stem.empty()) sub = nullptr;  // a bucket-only parameter
  bool upload = call.HasQuery("uploadId");
  if (method == "GET" || method == "HEAD") {
    if (upload && method == "GET") return ListPartsOp(call);
    if (sub != nullptr) return NotImplementedOp(call, OperationName(call, *sub, true));
    if (call.HasQuery("partNumber")) return NotImplementedOp(call, "GetObject with partNumber");
    if (NamesAVersion(call)) return NotImplementedOp(call, "GetObject of a versionId");
    return GetObjectOp(call);
  }
  if (method == "PUT") {
    if (upload || call.HasQuery("partNumber")) return UploadPartOp(call);
    if (sub != nullptr) return NotImplementedOp(call, OperationName(call, *sub, true));
    if (call.Header("x-amz-copy-source") != nullptr) return CopyObjectOp(call);
    return PutObjectOp(call);
  }
  if (method == "DELETE") {
    if (upload) return AbortMultipartUploadOp(call);
    if (sub != nullptr) return NotImplementedOp(call, OperationName(call, *sub, true));
    if (NamesAVersion(call)) return NotImplementedOp(call, "DeleteObject of a versionId");
    return DeleteObjectOp(call);
  }
  if (method == "POST") {
    if (sub != nullptr && sub->parameter == "uploads") return CreateMultipartUploadOp(call);
    if (upload) return CompleteMultipartUploadOp(call);
    if (sub != nullptr) return NotImplementedOp(call, OperationName(call, *sub, true));
    return MethodNotAllowed(call);
  }
  return MethodNotAllowed(call);
}

// Fills call.payload (and trailers): the body without aws-chunked framing,
// checked against x-amz-decoded-content-length. A hex x-amz-content-sha256
// is the server's to verify (with the signature), not repeated here.
Status DecodeBody(RestCall& call) {
  const aws::HeaderList& headers = call.request.headers;
  if (IsAwsChunked(headers)) {
    auto decoded = DecodeAwsChunked(call.request.body);
    if (!decoded) return decoded.error();
    call.decoded = std::move(decoded->payload);
    call.payload = call.decoded;
    call.trailers = std::move(decoded->trailers);
    if (const std::string* length = call.Header("x-amz-decoded-content-length")) {
      if (*length != std::to_string(call.payload.size())) {
        std::string message =
            "You did not provide the number of bytes specified by the "
            "x-amz-decoded-content-length HTTP header: it announced ";
        message += *length;
        message += " bytes, the chunks held ";
        message += std::to_string(call.payload.size());
        message += ".";
        return MakeError("IncompleteBody", std::move(message));
      }
    }
    return {};
  }
  call.payload = call.request.body;
  return {};
}

}  // namespace

CloudResponse HandleRestCall(RestCall& call) {
  if (auto decoded = DecodeBody(call); !decoded) return ErrorResponse(call, decoded.error());
  if (call.target.key.size() > 1024) {
    return ErrorResponse(
        call, MakeError("KeyTooLongError", "Your key is too long: keys are at most 1024 bytes."));
  }
  if (call.target.bucket.empty()) return ServiceLevel(call);
  if (call.target.key.empty()) return BucketLevel(call);
  return ObjectLevel(call);
}

}  // namespace sparta::local_cloud::s3
