#include "local_cloud/s3/errors.hpp"

#include <string>
#include <utility>

namespace sparta::local_cloud::s3 {

Error NoSuchBucket(std::string_view bucket) {
  std::string message = "The specified bucket does not exist: '";
  message += bucket;
  message += "'. Create it first (aws s3 mb s3://";
  message += bucket;
  message += ").";
  return MakeError("NoSuchBucket", std::move(message));
}

Error NoSuchKey(std::string_view key) {
  std::string message = "The specified key does not exist: '";
  message += key;
  message += "'.";
  return MakeError("NoSuchKey", std::move(message));
}

Error NoSuchUpload(std::string_view upload_id) {
  std::string message =
      "The specified upload does not exist. The upload ID may be invalid, or the upload may "
      "have been aborted or completed (upload ID '";
  message += upload_id;
  message += "').";
  return MakeError("NoSuchUpload", std::move(message));
}

Error PreconditionFailed(std::string_view condition) {
  std::string message = "At least one of the pre-conditions you specified did not hold (";
  message += condition;
  message += ").";
  return MakeError("PreconditionFailed", std::move(message));
}

Error MalformedXml(std::string_view detail) {
  std::string message =
      "The XML you provided was not well-formed or did not validate against our published "
      "schema: ";
  message += detail;
  return MakeError("MalformedXML", std::move(message));
}

Error InvalidArgument(std::string_view message) {
  return MakeError("InvalidArgument", std::string(message));
}

Error NotImplemented(std::string_view operation) {
  std::string message = "sparta-local's S3 does not implement ";
  message += operation;
  message += ".";
  return MakeError("NotImplemented", std::move(message));
}

int HttpStatusOf(std::string_view code) {
  struct Entry {
    std::string_view code;
    int status;
  };
  static constexpr Entry kStatuses[] = {
      {"NoSuchBucket", 404},
      {"NoSuchKey", 404},
      {"NoSuchUpload", 404},
      {"NotFound", 404},
      {"NoSuchVersion", 404},
      {"NoSuchTagSet", 404},
      {"NoSuchBucketPolicy", 404},
      {"NoSuchCORSConfiguration", 404},
      {"NoSuchLifecycleConfiguration", 404},
      {"NoSuchWebsiteConfiguration", 404},
      {"NoSuchPublicAccessBlockConfiguration", 404},
      {"BucketNotEmpty", 409},
      {"BucketAlreadyOwnedByYou", 409},
      {"BucketAlreadyExists", 409},
      {"InvalidRange", 416},
      {"PreconditionFailed", 412},
      {"NotModified", 304},
      {"MethodNotAllowed", 405},
      {"MissingContentLength", 411},
      {"NotImplemented", 501},
      {"AccessDenied", 403},
      {"InternalError", 500},
  };
  for (const Entry& entry : kStatuses) {
    if (entry.code == code) return entry.status;
  }
  if (code == "Io" || code == "Corrupt") return 500;
  // Everything else S3 reports is a client error: InvalidBucketName,
  // BadDigest, InvalidDigest, MalformedXML, InvalidArgument, InvalidRequest,
  // InvalidPart, InvalidPartOrder, EntityTooSmall, IncompleteBody,
  // KeyTooLongError, XAmzContentSHA256Mismatch, InvalidLocationConstraint.
  return 400;
}

}  // namespace sparta::local_cloud::s3
