#pragma once
// AWS Signature Version 4: the Authorization-header form and presigned URLs.
//
// The intermediate steps (canonical request, string to sign, signing key)
// are in sigv4_detail.hpp, for tests and for verifying incoming signatures.

#include <chrono>
#include <string>

#include "sparta/aws/credentials.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

struct SigningOptions {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // the signing name: "s3", "cloudformation", "sts", ...
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
  /// S3 signs the path as given (single encoding: only bytes that are not
  /// already part of a %XX escape, unreserved or '/' get encoded); every
  /// other service normalizes it (removes "." and ".." segments, merges
  /// "//") and encodes it again, so "%20" on the wire signs as "%2520".
  bool s3_path_rules = false;
  /// Adds `x-amz-content-sha256` (required by S3) with the body's hash, or
  /// with "UNSIGNED-PAYLOAD" when `unsigned_payload`. Header form only.
  bool add_content_sha256 = false;
  /// Signs the literal payload hash "UNSIGNED-PAYLOAD" instead of the body's
  /// SHA-256. Presigned URLs for service "s3" always do.
  bool unsigned_payload = false;
};

/// Signs `request` in place: sets `X-Amz-Date`, `X-Amz-Security-Token` (for
/// temporary credentials), `x-amz-content-sha256` when asked, and
/// `Authorization` (replacing any already there). Every header already on
/// the request is signed except those proxies and transports may rewrite
/// (`User-Agent`, `Expect`, `Connection`, `Transfer-Encoding`,
/// `X-Amzn-Trace-Id`), plus `host`: the request's Host header if it has one,
/// else "host" or "host:port" for a non-default port (the transport must
/// send that same value; the header is not added to `request.headers`).
/// When the request already carries `x-amz-content-sha256`, its value is
/// the payload hash that gets signed (e.g. "STREAMING-..." for S3 chunked
/// uploads). Errors: "InvalidArgument" for an empty region/service or
/// missing keys; `request` is then unchanged.
Status SignRequest(HttpRequest& request, const Credentials& credentials,
                   const SigningOptions& options);

/// The presigned-URL form: returns the request's URL with the `X-Amz-*`
/// query parameters, valid for `expires` (1 s .. 7 days). The request's own
/// query parameters are kept (re-encoded canonically); its headers (other
/// than those SignRequest skips) and `host` are signed, so whoever uses
/// the URL must send the same headers. Errors: "InvalidArgument" as for
/// SignRequest, or for `expires` out of range.
Result<std::string> PresignUrl(const HttpRequest& request, const Credentials& credentials,
                               const SigningOptions& options, std::chrono::seconds expires);

}  // namespace sparta::aws
