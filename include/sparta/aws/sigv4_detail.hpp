#pragma once
// The steps of SigV4 signing, one function each. SignRequest/PresignUrl
// (sigv4.hpp) are built from these; tests check each step against the AWS
// vectors, and a server verifying a signature recomputes them for the
// headers named in the request's SignedHeaders.

#include <chrono>
#include <string>
#include <string_view>

#include "sparta/aws/credentials.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/aws/sigv4.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws::detail {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

/// Percent-encodes every byte except the RFC 3986 unreserved characters
/// (A-Z a-z 0-9 - _ . ~) and, when `keep_slash`, '/'. Hex digits are upper case.
std::string UriEncode(std::string_view bytes, bool keep_slash);

/// Decodes %XX escapes. Everything else, including '+' and malformed
/// escapes, is kept as it is.
std::string UriDecode(std::string_view text);

/// The canonical URI of `path` (the path as on the wire). S3 rules: as given,
/// with a leading '/' ensured and every byte that is neither unreserved, '/',
/// nor part of a %XX escape encoded. Other services: "." and ".." segments
/// and empty segments removed (a trailing '/' kept), then every byte but
/// unreserved ones and '/' encoded, so existing escapes are encoded again.
std::string CanonicalUri(std::string_view path, bool s3_path_rules);

/// The canonical query string of `query` (as on the wire, without '?'):
/// each name and value decoded then encoded with UriEncode, a missing value
/// written as "name=", sorted by encoded name then encoded value, joined
/// with '&'. Empty for an empty query.
std::string CanonicalQueryString(std::string_view query);

struct CanonicalHeaders {
  std::string block;           // "name:value\n" per header, sorted by name
  std::string signed_headers;  // "name1;name2;..."
};

/// Canonicalizes every header in `headers`: names lower-cased, values
/// trimmed with inner whitespace runs (spaces, tabs, folded line breaks)
/// collapsed to one space, repeated names joined with ',' in the order given.
CanonicalHeaders CanonicalizeHeaders(const HeaderList& headers);

/// "20150830T123600Z" (UTC).
std::string FormatAmzDate(std::chrono::system_clock::time_point time);

/// "<yyyymmdd>/<region>/<service>/aws4_request".
std::string CredentialScope(std::string_view date8, std::string_view region,
                            std::string_view service);

std::string BuildCanonicalRequest(std::string_view method, std::string_view canonical_uri,
                                  std::string_view canonical_query,
                                  const CanonicalHeaders& headers,
                                  std::string_view payload_hash);

std::string BuildStringToSign(std::string_view amz_date, std::string_view scope,
                              std::string_view canonical_request);

/// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

/// The raw signing key: HMAC chain "AWS4"+secret → date → region → service →
/// "aws4_request".
std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date8,
                             std::string_view region, std::string_view service);

/// Lowercase hex HMAC-SHA256 of `string_to_sign` under `signing_key`.
std::string ComputeSignature(std::string_view signing_key, std::string_view string_to_sign);

/// What a signature was computed from. Holds no secret.
struct SigningTrace {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
  std::string signed_headers;
  std::string credential_scope;
};

/// SignRequest, also returning the intermediate steps.
Result<SigningTrace> SignRequestWithTrace(HttpRequest& request, const Credentials& credentials,
                                          const SigningOptions& options);

struct PresignedUrl {
  std::string url;
  SigningTrace trace;
};

/// PresignUrl, also returning the intermediate steps.
Result<PresignedUrl> PresignUrlWithTrace(const HttpRequest& request,
                                         const Credentials& credentials,
                                         const SigningOptions& options,
                                         std::chrono::seconds expires);

}  // namespace sparta::aws::detail
