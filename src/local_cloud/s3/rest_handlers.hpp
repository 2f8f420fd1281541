#pragma once
// The S3 REST operations, one function each; rest_router.cpp picks one per
// request. Each returns the full response, errors included.

#include "local_cloud/s3/rest_common.hpp"

namespace sparta::local_cloud::s3 {

CloudResponse HandleRestCall(RestCall& call);

// Service and buckets (rest_buckets.cpp).
CloudResponse ListBucketsOp(const RestCall& call);
CloudResponse CreateBucketOp(const RestCall& call);
CloudResponse DeleteBucketOp(const RestCall& call);
CloudResponse HeadBucketOp(const RestCall& call);
CloudResponse GetBucketLocationOp(const RestCall& call);
CloudResponse ListObjectsOp(const RestCall& call);  // V1 and V2 (list-type=2)
CloudResponse DeleteObjectsOp(const RestCall& call);
/// The bucket configurations this S3 answers honestly without storing any
/// (versioning never enabled, no policy, no tags, ...); nullopt for others.
std::optional<CloudResponse> BucketConfigOp(const RestCall& call, std::string_view subresource);
CloudResponse GetBucketNotificationOp(const RestCall& call);
CloudResponse PutBucketNotificationOp(const RestCall& call);

// Objects (rest_objects.cpp).
CloudResponse PutObjectOp(const RestCall& call);
CloudResponse CopyObjectOp(const RestCall& call);
CloudResponse GetObjectOp(const RestCall& call);  // GET and HEAD
CloudResponse DeleteObjectOp(const RestCall& call);

// Multipart uploads (rest_multipart.cpp).
CloudResponse CreateMultipartUploadOp(const RestCall& call);
CloudResponse UploadPartOp(const RestCall& call);  // and UploadPartCopy
CloudResponse CompleteMultipartUploadOp(const RestCall& call);
CloudResponse AbortMultipartUploadOp(const RestCall& call);
CloudResponse ListPartsOp(const RestCall& call);
CloudResponse ListMultipartUploadsOp(const RestCall& call);

/// The object attributes a PUT or CreateMultipartUpload sets from its
/// headers (Content-Type, x-amz-meta-*, Content-Encoding minus aws-chunked,
/// Cache-Control, Content-Disposition, Content-Language, Expires).
ObjectAttributes AttributesFromHeaders(const RestCall& call);

/// Reads the bytes named by x-amz-copy-source ("bucket/key", optionally
/// with a leading '/' and percent-encoded). "InvalidArgument", "NoSuchBucket",
/// "NoSuchKey".
struct CopySource {
  std::string bucket;
  ObjectRecord record;
  std::string bytes;
};
Result<CopySource> ReadCopySource(const RestCall& call);

}  // namespace sparta::local_cloud::s3
