// SigV4 signing: the Authorization-header form and presigned URLs, built
// from the canonical steps in sigv4_canonical.cpp.

#include "sparta/aws/sigv4.hpp"

#include <array>

#include "aws/auth/headers_internal.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/digest.hpp"

namespace sparta::aws {

namespace detail {

namespace {

// Headers that proxies or the transport may add, drop or rewrite after
// signing; signing them would make valid requests fail verification.
constexpr std::array<std::string_view, 6> kUnsignedHeaders = {
    "authorization", "user-agent", "expect", "connection", "transfer-encoding", "x-amzn-trace-id"};

bool IsSignable(std::string_view name) {
  for (std::string_view skip : kUnsignedHeaders) {
    if (internal::EqualsIgnoreCase(name, skip)) return false;
  }
  return true;
}

// A name fit for a credential scope: non-empty, no '/', no whitespace or
// control characters.
bool IsScopeToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c == '/' || static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  }
  return true;
}

Status Validate(const Credentials& credentials, const SigningOptions& options) {
  if (!IsScopeToken(options.region)) {
    return MakeError("InvalidArgument",
                     "cannot sign the request: the signing region '" + options.region +
                         "' is empty or malformed; set a region (--region or AWS_REGION)");
  }
  if (!IsScopeToken(options.service)) {
    return MakeError("InvalidArgument", "cannot sign the request: the signing service name '" +
                                            options.service + "' is empty or malformed");
  }
  if (!IsScopeToken(credentials.access_key_id)) {
    return MakeError("InvalidArgument",
                     "cannot sign the request: the credentials have no valid access key id");
  }
  if (credentials.secret_access_key.empty()) {
    return MakeError("InvalidArgument", "cannot sign the request: the credentials for access key " +
                                            credentials.access_key_id +
                                            " have no secret access key");
  }
  return {};
}

// The headers to sign: the signable ones of `headers`, plus host when absent.
HeaderList SignedSubset(const HeaderList& headers, const HttpRequest& request) {
  HeaderList out;
  bool has_host = false;
  for (const auto& header : headers) {
    if (!IsSignable(header.first)) continue;
    if (internal::EqualsIgnoreCase(header.first, "host")) has_host = true;
    out.push_back(header);
  }
  if (!has_host) out.emplace_back("host", internal::HostHeaderFor(request));
  return out;
}

SigningTrace Sign(std::string_view method, std::string_view canonical_uri,
                  std::string_view canonical_query, const CanonicalHeaders& headers,
                  std::string_view payload_hash, std::string_view amz_date,
                  const Credentials& credentials, const SigningOptions& options) {
  SigningTrace trace;
  const std::string_view date8 = amz_date.substr(0, 8);
  trace.credential_scope = CredentialScope(date8, options.region, options.service);
  trace.canonical_request =
      BuildCanonicalRequest(method, canonical_uri, canonical_query, headers, payload_hash);
  trace.string_to_sign = BuildStringToSign(amz_date, trace.credential_scope, trace.canonical_request);
  std::string key =
      DeriveSigningKey(credentials.secret_access_key, date8, options.region, options.service);
  trace.signature = ComputeSignature(key, trace.string_to_sign);
  std::fill(key.begin(), key.end(), '\0');
  trace.signed_headers = headers.signed_headers;
  return trace;
}

}  // namespace

Result<SigningTrace> SignRequestWithTrace(HttpRequest& request, const Credentials& credentials,
                                          const SigningOptions& options) {
  if (Status valid = Validate(credentials, options); !valid) return valid.error();
  const std::string amz_date = FormatAmzDate(options.time);

  HeaderList headers = request.headers;
  internal::RemoveHeader(headers, "Authorization");
  internal::SetHeaderValue(headers, "X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    internal::SetHeaderValue(headers, "X-Amz-Security-Token", credentials.session_token);
  }
  std::string payload_hash;
  if (const std::string* given = internal::FindHeaderValue(headers, "x-amz-content-sha256")) {
    payload_hash = *given;
    while (!payload_hash.empty() && payload_hash.back() == ' ') payload_hash.pop_back();
    while (!payload_hash.empty() && payload_hash.front() == ' ') payload_hash.erase(0, 1);
  } else {
    payload_hash = options.unsigned_payload ? std::string(kUnsignedPayload)
                                            : util::Sha256Hex(request.body);
    if (options.add_content_sha256) {
      internal::SetHeaderValue(headers, "x-amz-content-sha256", payload_hash);
    }
  }

  const CanonicalHeaders canonical = CanonicalizeHeaders(SignedSubset(headers, request));
  SigningTrace trace =
      Sign(request.method, CanonicalUri(request.path, options.s3_path_rules),
           CanonicalQueryString(request.query), canonical, payload_hash, amz_date, credentials,
           options);

  std::string authorization(kSigV4Algorithm);
  authorization += " Credential=" + credentials.access_key_id + "/" + trace.credential_scope;
  authorization += ", SignedHeaders=" + trace.signed_headers;
  authorization += ", Signature=" + trace.signature;
  headers.emplace_back("Authorization", std::move(authorization));
  request.headers = std::move(headers);
  return trace;
}

Result<PresignedUrl> PresignUrlWithTrace(const HttpRequest& request,
                                         const Credentials& credentials,
                                         const SigningOptions& options,
                                         std::chrono::seconds expires) {
  if (Status valid = Validate(credentials, options); !valid) return valid.error();
  if (expires < std::chrono::seconds(1) || expires > std::chrono::seconds(604800)) {
    return MakeError("InvalidArgument",
                     "a presigned URL must expire in 1 second to 7 days (604800 s), not " +
                         std::to_string(expires.count()) + " s");
  }
  const std::string amz_date = FormatAmzDate(options.time);
  const std::string scope =
      CredentialScope(std::string_view(amz_date).substr(0, 8), options.region, options.service);
  const CanonicalHeaders canonical = CanonicalizeHeaders(SignedSubset(request.headers, request));

  std::string query = request.query;
  auto add = [&query](std::string_view name, std::string_view value) {
    if (!query.empty()) query += '&';
    query.append(name).append("=").append(UriEncode(value, false));
  };
  add("X-Amz-Algorithm", kSigV4Algorithm);
  add("X-Amz-Credential", credentials.access_key_id + "/" + scope);
  add("X-Amz-Date", amz_date);
  add("X-Amz-Expires", std::to_string(expires.count()));
  add("X-Amz-SignedHeaders", canonical.signed_headers);
  if (!credentials.session_token.empty()) add("X-Amz-Security-Token", credentials.session_token);
  const std::string canonical_query = CanonicalQueryString(query);

  const bool unsigned_payload = options.unsigned_payload || options.service == "s3";
  const std::string payload_hash =
      unsigned_payload ? std::string(kUnsignedPayload) : util::Sha256Hex(request.body);

  PresignedUrl out;
  out.trace = Sign(request.method, CanonicalUri(request.path, options.s3_path_rules),
                   canonical_query, canonical, payload_hash, amz_date, credentials, options);
  out.url = request.scheme + "://" + internal::HostHeaderFor(request) +
            (request.path.empty() ? std::string("/") : request.path) + "?" + canonical_query +
            "&X-Amz-Signature=" + out.trace.signature;
  return out;
}

}  // namespace detail

Status SignRequest(HttpRequest& request, const Credentials& credentials,
                   const SigningOptions& options) {
  Result<detail::SigningTrace> trace = detail::SignRequestWithTrace(request, credentials, options);
  if (!trace) return trace.error();
  return {};
}

Result<std::string> PresignUrl(const HttpRequest& request, const Credentials& credentials,
                               const SigningOptions& options, std::chrono::seconds expires) {
  Result<detail::PresignedUrl> presigned =
      detail::PresignUrlWithTrace(request, credentials, options, expires);
  if (!presigned) return presigned.error();
  return std::move(presigned).value().url;
}

}  // namespace sparta::aws
