#pragma once
// Shared by the S3 client's files: building one S3 request, and the
// multipart upload.

#include <string>
#include <string_view>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws::detail {

/// A request for `bucket` (and `key` when not empty) with its host and path
/// per s3_addressing.hpp, the query as given (already encoded), the body, and
/// x-amz-content-sha256 set to the body's hash (S3 requires it on every
/// request; setting it here makes it signed whatever the signer's options).
HttpRequest MakeS3Request(const Endpoint& endpoint, std::string method, std::string_view bucket,
                          std::string_view key, std::string query = {}, std::string body = {});

/// Error "InvalidArgument" naming `operation` for an empty bucket, or an empty
/// key when `needs_key`.
Status CheckS3Names(std::string_view operation, std::string_view bucket, std::string_view key,
                    bool needs_key);

/// Create → UploadPart × N → Complete; Abort after any failure once created.
Result<s3::PutObjectResult> MultipartUpload(const AwsClient& client, std::string_view bucket,
                                            std::string_view key, std::string_view body,
                                            const PutObjectOptions& options);

/// The part size actually used for `body_size` bytes (see PutObjectOptions).
std::size_t EffectivePartSize(std::size_t requested, std::size_t body_size);

}  // namespace sparta::aws::detail
