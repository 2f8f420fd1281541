#pragma once
// S3's older query-string authentication (Signature Version 2): what
// `aws s3 presign` of AWS CLI v1 produces
// (`?AWSAccessKeyId=..&Signature=..&Expires=<epoch seconds>`). Only the
// pieces SigV4Verifier needs to verify such a URL; the Authorization-header
// form of SigV2 stays unsupported (no current client signs requests so).

#include <optional>
#include <string>
#include <string_view>

#include "sparta/local_cloud/cloud_http.hpp"

namespace sparta::local_cloud::server::detail {

struct SigV2Query {
  std::string access_key_id;
  std::string signature;  // base64, decoded from the query
  std::string expires;    // epoch seconds, as given
};

/// The SigV2 parameters of `query`, or nullopt when it has neither
/// AWSAccessKeyId nor Signature.
std::optional<SigV2Query> FindSigV2Query(std::string_view query);

/// The string to sign: method, Content-MD5, Content-Type, Expires, the
/// x-amz-* headers, then the path as received plus S3's sub-resources
/// (acl, versionId, uploadId, partNumber, response-*, ...) sorted.
std::string SigV2StringToSign(const CloudRequest& request, std::string_view expires);

/// Base64 of HMAC-SHA1(secret, string_to_sign).
std::string SigV2Signature(std::string_view secret_access_key, std::string_view string_to_sign);

}  // namespace sparta::local_cloud::server::detail
