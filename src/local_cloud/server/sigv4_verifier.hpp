#pragma once
// SigV4Verifier: decides whether a request received by the local cloud
// carries a valid AWS Signature Version 4, in the Authorization-header form
// or the presigned-URL (query) form, by recomputing the signature from the
// request as received (sigv4_detail.hpp) with the secret of the access key
// it names. Pure: no I/O, "now" is an argument.
//
// On failure it returns the exact AWS error document for the service the
// request addresses (protocol_errors.hpp): SignatureDoesNotMatch,
// InvalidClientTokenId, MissingAuthenticationToken, IncompleteSignature for
// Query services; SignatureDoesNotMatch (with StringToSign and
// CanonicalRequest), InvalidAccessKeyId, AccessDenied, RequestTimeTooSkewed,
// XAmzContentSHA256Mismatch, AuthorizationHeaderMalformed for S3;
// InvalidSignatureException, UnrecognizedClientException,
// MissingAuthenticationTokenException, IncompleteSignatureException for
// Lambda.
//
// Also accepted, for S3 only: Signature Version 2 presigned URLs
// (AWSAccessKeyId, Expires, Signature: what `aws s3 presign` of AWS CLI v1
// produces). A SigV2 Authorization header gets S3's InvalidRequest "Please
// use AWS4-HMAC-SHA256".
//
// Not verified: the per-chunk signatures of S3's
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD bodies (the seed signature is), and
// session tokens (any X-Amz-Security-Token is accepted, as signed).

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/local_cloud/cloud_http.hpp"

namespace sparta::local_cloud::server {

/// How far a request's X-Amz-Date may be from "now", either way.
inline constexpr std::chrono::minutes kMaxClockSkew{15};

struct SigV4Verdict {
  bool ok = false;
  // When ok: from the credential scope.
  std::string service;
  std::string region;
  std::string access_key_id;
  /// When !ok: the whole error response (status, headers, body).
  CloudResponse error;
};

class SigV4Verifier {
 public:
  /// The secret of an access key, or nullopt for a key that does not exist.
  /// Called concurrently from connection threads.
  using SecretLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

  /// Fixed credentials: access key id → secret access key. `default_region`
  /// is the verdict's region for signatures that name none (S3 SigV2
  /// presigned URLs).
  explicit SigV4Verifier(std::map<std::string, std::string, std::less<>> secrets,
                         std::string default_region = "us-east-1");
  explicit SigV4Verifier(SecretLookup lookup, std::string default_region = "us-east-1");

  /// Verifies `request` (method, path, query, headers as received including
  /// Host, body; `request_id` is echoed in error documents) at time `now`.
  SigV4Verdict Verify(const CloudRequest& request, std::chrono::system_clock::time_point now) const;

 private:
  std::string default_region_;
  SecretLookup lookup_;
};

}  // namespace sparta::local_cloud::server
