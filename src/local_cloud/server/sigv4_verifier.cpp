// SigV4 verification: parse what the request claims (header or presigned
// query form), check key, clock and payload hash, recompute the signature
// from the request as received and compare in constant time.

#include "local_cloud/server/sigv4_verifier.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>
#include <vector>

#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/digest.hpp"

#include "local_cloud/server/protocol_errors.hpp"
#include "local_cloud/server/s3_sigv2_query.hpp"

namespace sparta::local_cloud::server {
namespace {

namespace sigv4 = aws::detail;
using Clock = std::chrono::system_clock;

constexpr std::string_view kSignatureMismatchQuery =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr std::string_view kSignatureMismatchS3 =
    "The request signature we calculated does not match the signature you provided. Check your "
    "key and signing method.";
constexpr std::string_view kInvalidToken = "The security token included in the request is invalid.";
constexpr std::string_view kUnknownKeyS3 =
    "The AWS Access Key Id you provided does not exist in our records.";

// What a request claims about its signature.
struct Claim {
  bool presigned = false;
  std::string access_key_id;
  std::string date8;
  std::string region;
  std::string service;
  std::string signed_headers;
  std::string signature;
  std::string amz_date;
  std::optional<long long> expires_seconds;  // presigned only
};

std::string Trim(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

// "20150830T123600Z" → time point; nullopt when malformed.
std::optional<Clock::time_point> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto year = digits(0, 4), month = digits(4, 2), day = digits(6, 2);
  auto hour = digits(9, 2), minute = digits(11, 2), second = digits(13, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second);
}

// Splits "AK/date/region/service/aws4_request" into `claim`.
bool ParseCredential(std::string_view credential, Claim& claim) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = credential.find('/', start);
    parts.emplace_back(credential.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() != 5 || parts[4] != "aws4_request") return false;
  if (parts[0].empty() || parts[1].size() != 8 || parts[2].empty() || parts[3].empty()) {
    return false;
  }
  claim.access_key_id = parts[0];
  claim.date8 = parts[1];
  claim.region = parts[2];
  claim.service = parts[3];
  return true;
}

// The raw query without its X-Amz-Signature parameter(s).
std::string QueryWithoutSignature(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    std::string_view item =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    std::string_view name = item.substr(0, item.find('='));
    if (!item.empty() && sigv4::UriDecode(name) != "X-Amz-Signature") {
      if (!out.empty()) out += '&';
      out.append(item);
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

bool HasPresignParameters(std::string_view query) {
  return query.find("X-Amz-Algorithm=") != std::string_view::npos ||
         query.find("X-Amz-Signature=") != std::string_view::npos ||
         query.find("X-Amz-Credential=") != std::string_view::npos;
}

// Builds the verdict's error for one verification.
class Failure {
 public:
  Failure(const CloudRequest& request, std::string service)
      : request_(request), service_(std::move(service)) {}

  WireProtocol protocol() const { return ProtocolOf(service_); }

  SigV4Verdict Make(int status, ProtocolCodes codes, std::string_view message) const {
    SigV4Verdict verdict;
    verdict.error = ErrorFor(service_, status, codes, message, request_);
    return verdict;
  }

  // The message that suits the protocol: S3's own, or the Query/Lambda one.
  SigV4Verdict Make(int status, ProtocolCodes codes, std::string_view query_and_json_message,
                    std::string_view s3_message) const {
    return Make(status, codes,
                protocol() == WireProtocol::kRestXml ? s3_message : query_and_json_message);
  }

  // S3 without SigV4 (Signature Version 2, e.g. `aws s3 presign` of AWS CLI v1).
  SigV4Verdict SignatureVersion2() const {
    return Make(400, {"", "InvalidRequest", ""},
                "The authorization mechanism you have provided is not supported. Please use "
                "AWS4-HMAC-SHA256.");
  }

  SigV4Verdict Malformed(std::string_view message) const {
    const int status = protocol() == WireProtocol::kRestJson ? 403 : 400;
    return Make(
        status,
        {"IncompleteSignature", "AuthorizationHeaderMalformed", "IncompleteSignatureException"},
        message);
  }

 private:
  const CloudRequest& request_;
  std::string service_;
};

std::string SkewMessage(std::string_view amz_date, Clock::time_point signed_at,
                        Clock::time_point now) {
  const std::string now_text = sigv4::FormatAmzDate(now);
  std::string message;
  if (signed_at < now) {
    message += "Signature expired: ";
    message += amz_date;
    message += " is now earlier than ";
    message += sigv4::FormatAmzDate(now - kMaxClockSkew);
    message += " (";
    message += now_text;
    message += " - 15 min.)";
  } else {
    message += "Signature not yet current: ";
    message += amz_date;
    message += " is still later than ";
    message += sigv4::FormatAmzDate(now + kMaxClockSkew);
    message += " (";
    message += now_text;
    message += " + 15 min.)";
  }
  return message;
}

// Adds S3's diagnostic elements to a SignatureDoesNotMatch document.
void AddS3Diagnostics(CloudResponse& response, const Claim& claim,
                      const sigv4::SigningTrace& trace) {
  const std::size_t end = response.body.rfind("<RequestId>");
  if (end == std::string::npos) return;
  std::string extra;
  extra += "<AWSAccessKeyId>";
  extra += XmlEscape(claim.access_key_id);
  extra += "</AWSAccessKeyId><StringToSign>";
  extra += XmlEscape(trace.string_to_sign);
  extra += "</StringToSign><SignatureProvided>";
  extra += XmlEscape(claim.signature);
  extra += "</SignatureProvided><CanonicalRequest>";
  extra += XmlEscape(trace.canonical_request);
  extra += "</CanonicalRequest>";
  response.body.insert(end, extra);
}

// Parses the Authorization header form. Returns an error verdict or nullopt.
std::optional<SigV4Verdict> ParseAuthorizationHeader(const std::string& authorization,
                                                     const CloudRequest& request,
                                                     const Failure& fail, Claim& claim) {
  std::string_view rest = authorization;
  if (rest.substr(0, sigv4::kSigV4Algorithm.size()) != sigv4::kSigV4Algorithm ||
      rest.size() == sigv4::kSigV4Algorithm.size() || rest[sigv4::kSigV4Algorithm.size()] != ' ') {
    if (fail.protocol() == WireProtocol::kRestXml) return fail.SignatureVersion2();
    std::string message = "Unsupported Authorization type: only AWS4-HMAC-SHA256 (Signature ";
    message += "Version 4) is accepted; sign the request with SigV4.";
    return fail.Malformed(message);
  }
  rest.remove_prefix(sigv4::kSigV4Algorithm.size() + 1);
  std::optional<std::string> credential, signed_headers, signature;
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t comma = rest.find(',', start);
    std::string part = Trim(rest.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    std::size_t eq = part.find('=');
    if (eq != std::string::npos) {
      std::string name = part.substr(0, eq);
      std::string value = part.substr(eq + 1);
      if (name == "Credential") credential = value;
      if (name == "SignedHeaders") signed_headers = value;
      if (name == "Signature") signature = value;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (!credential || !signed_headers || !signature) {
    std::string message;
    if (!credential) message += "Authorization header requires 'Credential' parameter. ";
    if (!signature) message += "Authorization header requires 'Signature' parameter. ";
    if (!signed_headers) message += "Authorization header requires 'SignedHeaders' parameter. ";
    message += "Authorization=";
    message += authorization;
    return fail.Malformed(message);
  }
  if (!ParseCredential(*credential, claim)) {
    std::string message = "Credential should be of the form ";
    message += "'<access key>/<yyyymmdd>/<region>/<service>/aws4_request', not '";
    message += *credential;
    message += "'.";
    return fail.Malformed(message);
  }
  claim.signed_headers = *signed_headers;
  claim.signature = *signature;
  if (const std::string* date = request.Header("X-Amz-Date")) claim.amz_date = Trim(*date);
  if (claim.amz_date.empty()) {
    constexpr std::string_view kMessage =
        "Authorization header requires existence of an 'X-Amz-Date' header (yyyymmddThhmmssZ).";
    if (fail.protocol() == WireProtocol::kRestXml) {
      return fail.Make(403, {"", "AccessDenied", ""},
                       "AWS authentication requires a valid Date or x-amz-date header");
    }
    return fail.Malformed(kMessage);
  }
  return std::nullopt;
}

// Parses the presigned query form. Returns an error verdict or nullopt.
std::optional<SigV4Verdict> ParsePresignedQuery(const CloudRequest& request, const Failure& fail,
                                                Claim& claim) {
  claim.presigned = true;
  const FormFields fields = ParseForm(request.query);
  const std::string* algorithm = FindField(fields, "X-Amz-Algorithm");
  const std::string* credential = FindField(fields, "X-Amz-Credential");
  const std::string* date = FindField(fields, "X-Amz-Date");
  const std::string* signed_headers = FindField(fields, "X-Amz-SignedHeaders");
  const std::string* signature = FindField(fields, "X-Amz-Signature");
  const std::string* expires = FindField(fields, "X-Amz-Expires");
  const bool s3 = fail.protocol() == WireProtocol::kRestXml;
  if (!algorithm || !credential || !date || !signed_headers || !signature || (s3 && !expires)) {
    constexpr std::string_view kMessage =
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
        "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";
    if (s3) return fail.Make(400, {"", "AuthorizationQueryParametersError", ""}, kMessage);
    return fail.Malformed(kMessage);
  }
  if (*algorithm != sigv4::kSigV4Algorithm) {
    std::string message = "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\", not \"";
    message += *algorithm;
    message += "\".";
    if (s3) return fail.Make(400, {"", "AuthorizationQueryParametersError", ""}, message);
    return fail.Malformed(message);
  }
  if (!ParseCredential(*credential, claim)) {
    std::string message = "X-Amz-Credential should be of the form ";
    message += "'<access key>/<yyyymmdd>/<region>/<service>/aws4_request', not '";
    message += *credential;
    message += "'.";
    if (s3) return fail.Make(400, {"", "AuthorizationQueryParametersError", ""}, message);
    return fail.Malformed(message);
  }
  claim.amz_date = *date;
  claim.signed_headers = *signed_headers;
  claim.signature = *signature;
  if (expires) {
    char* end = nullptr;
    const long long seconds = std::strtoll(expires->c_str(), &end, 10);
    if (expires->empty() || *end != '\0' || seconds < 0 || seconds > 604800) {
      constexpr std::string_view kMessage =
          "X-Amz-Expires must be a number of seconds from 0 to 604800 (a week).";
      if (s3) return fail.Make(400, {"", "AuthorizationQueryParametersError", ""}, kMessage);
      return fail.Malformed(kMessage);
    }
    claim.expires_seconds = seconds;
  }
  return std::nullopt;
}

// S3's SigV2 presigned URLs (AWS CLI v1's `aws s3 presign`).
SigV4Verdict VerifyS3SigV2Query(const CloudRequest& request, const detail::SigV2Query& v2,
                                const Failure& fail, const SigV4Verifier::SecretLookup& lookup,
                                const std::string& region, Clock::time_point now) {
  const bool numeric = !v2.expires.empty() && v2.expires.size() < 19 &&
                       std::all_of(v2.expires.begin(), v2.expires.end(), [](char c) {
                         return std::isdigit(static_cast<unsigned char>(c)) != 0;
                       });
  if (v2.access_key_id.empty() || v2.signature.empty() || !numeric) {
    return fail.Make(403, {"", "AccessDenied", ""},
                     "Query-string authentication requires the Signature, Expires and "
                     "AWSAccessKeyId parameters");
  }
  const std::optional<std::string> secret = lookup(v2.access_key_id);
  if (!secret) return fail.Make(403, {"", "InvalidAccessKeyId", ""}, kUnknownKeyS3);
  const Clock::time_point expires{std::chrono::seconds(std::stoll(v2.expires))};
  if (now > expires) return fail.Make(403, {"", "AccessDenied", ""}, "Request has expired");
  const std::string string_to_sign = detail::SigV2StringToSign(request, v2.expires);
  if (!ConstantTimeEquals(detail::SigV2Signature(*secret, string_to_sign), v2.signature)) {
    SigV4Verdict verdict = fail.Make(403, {"", "SignatureDoesNotMatch", ""}, kSignatureMismatchS3);
    Claim claim;
    claim.access_key_id = v2.access_key_id;
    claim.signature = v2.signature;
    sigv4::SigningTrace trace;
    trace.string_to_sign = string_to_sign;
    AddS3Diagnostics(verdict.error, claim, trace);
    return verdict;
  }
  SigV4Verdict verdict;
  verdict.ok = true;
  verdict.service = "s3";
  verdict.region = region;
  verdict.access_key_id = v2.access_key_id;
  return verdict;
}

}  // namespace

SigV4Verifier::SigV4Verifier(std::map<std::string, std::string, std::less<>> secrets,
                             std::string default_region)
    : default_region_(std::move(default_region)),
      lookup_([secrets = std::move(secrets)](std::string_view key) -> std::optional<std::string> {
        auto it = secrets.find(key);
        if (it == secrets.end()) return std::nullopt;
        return it->second;
      }) {}

SigV4Verifier::SigV4Verifier(SecretLookup lookup, std::string default_region)
    : default_region_(std::move(default_region)), lookup_(std::move(lookup)) {}

SigV4Verdict SigV4Verifier::Verify(const CloudRequest& request, Clock::time_point now) const {
  const Failure fail(request, AddressedService(request));
  const std::string* authorization = request.Header("Authorization");
  const bool presigned = authorization == nullptr && HasPresignParameters(request.query);
  if (authorization == nullptr && !presigned && fail.protocol() == WireProtocol::kRestXml) {
    if (std::optional<detail::SigV2Query> v2 = detail::FindSigV2Query(request.query)) {
      return VerifyS3SigV2Query(request, *v2, fail, lookup_, default_region_, now);
    }
  }
  if (authorization == nullptr && !presigned) {
    return fail.Make(
        403, {"MissingAuthenticationToken", "AccessDenied", "MissingAuthenticationTokenException"},
        fail.protocol() == WireProtocol::kRestJson ? "Missing Authentication Token"
                                                   : "Request is missing Authentication Token",
        "Access Denied");
  }

  Claim claim;
  std::optional<SigV4Verdict> parse_error =
      presigned ? ParsePresignedQuery(request, fail, claim)
                : ParseAuthorizationHeader(Trim(*authorization), request, fail, claim);
  if (parse_error) return std::move(*parse_error);

  const std::optional<Clock::time_point> signed_at = ParseAmzDate(claim.amz_date);
  if (!signed_at) {
    std::string message = "X-Amz-Date must be in the ISO 8601 basic format yyyymmddThhmmssZ, ";
    message += "not '";
    message += claim.amz_date;
    message += "'.";
    if (fail.protocol() == WireProtocol::kRestXml) {
      return fail.Make(403, {"", "AccessDenied", ""},
                       "AWS authentication requires a valid Date or x-amz-date header");
    }
    return fail.Malformed(message);
  }
  if (claim.amz_date.compare(0, 8, claim.date8) != 0) {
    std::string message = "Date in Credential scope does not match YYYYMMDD from ISO-8601 ";
    message += "version of date from HTTP: '";
    message += claim.date8;
    message += "' != '";
    message += claim.amz_date.substr(0, 8);
    message += "', from '";
    message += claim.amz_date;
    message += "'.";
    if (fail.protocol() == WireProtocol::kRestXml) {
      std::string s3_message = "The authorization header is malformed; Invalid credential date. ";
      s3_message += "Date is not the same as X-Amz-Date.";
      return fail.Make(400, {"", "AuthorizationHeaderMalformed", ""}, s3_message);
    }
    return fail.Make(403, {"SignatureDoesNotMatch", "", "InvalidSignatureException"}, message);
  }

  const std::optional<std::string> secret = lookup_(claim.access_key_id);
  if (!secret) {
    return fail.Make(403,
                     {"InvalidClientTokenId", "InvalidAccessKeyId", "UnrecognizedClientException"},
                     kInvalidToken, kUnknownKeyS3);
  }

  // The clock: a header signature is valid 15 minutes either way; a
  // presigned one from its date (15 minutes of skew allowed) until it expires.
  const bool too_early = *signed_at > now + kMaxClockSkew;
  const bool too_late =
      claim.presigned && claim.expires_seconds ? false : *signed_at < now - kMaxClockSkew;
  if (too_early || too_late) {
    return fail.Make(403,
                     {"SignatureDoesNotMatch", "RequestTimeTooSkewed", "InvalidSignatureException"},
                     SkewMessage(claim.amz_date, *signed_at, now),
                     "The difference between the request time and the current time is too "
                     "large.");
  }
  if (claim.presigned && claim.expires_seconds &&
      now > *signed_at + std::chrono::seconds(*claim.expires_seconds)) {
    return fail.Make(403, {"AccessDenied", "AccessDenied", "AccessDeniedException"},
                     "Request has expired");
  }

  // The payload hash that was signed.
  const bool s3 = claim.service == "s3";
  std::string payload_hash;
  const std::string* content_sha = request.Header("x-amz-content-sha256");
  if (claim.presigned && s3) {
    payload_hash = sigv4::kUnsignedPayload;
  } else if (content_sha != nullptr) {
    payload_hash = Trim(*content_sha);
    if (s3 && IsHex64(payload_hash) && Lower(payload_hash) != util::Sha256Hex(request.body)) {
      return fail.Make(400, {"", "XAmzContentSHA256Mismatch", ""},
                       "The provided 'x-amz-content-sha256' header does not match what was "
                       "computed.");
    }
  } else {
    payload_hash = util::Sha256Hex(request.body);
  }

  // Exactly the signed headers, with their received values.
  aws::HeaderList signed_subset;
  std::size_t start = 0;
  const std::string signed_names = Lower(claim.signed_headers);
  while (start <= signed_names.size()) {
    std::size_t semicolon = signed_names.find(';', start);
    const std::string name = signed_names.substr(
        start, semicolon == std::string::npos ? std::string::npos : semicolon - start);
    for (const auto& header : request.headers) {
      if (!name.empty() && Lower(header.first) == name) signed_subset.push_back(header);
    }
    if (semicolon == std::string::npos) break;
    start = semicolon + 1;
  }
  sigv4::CanonicalHeaders canonical = sigv4::CanonicalizeHeaders(signed_subset);
  // A signed header the request lacks must make the signature fail, not vanish.
  canonical.signed_headers = signed_names;

  sigv4::SigningTrace trace;
  trace.credential_scope = sigv4::CredentialScope(claim.date8, claim.region, claim.service);
  trace.canonical_request = sigv4::BuildCanonicalRequest(
      request.method, sigv4::CanonicalUri(request.path, s3),
      sigv4::CanonicalQueryString(claim.presigned ? QueryWithoutSignature(request.query)
                                                  : request.query),
      canonical, payload_hash);
  trace.string_to_sign =
      sigv4::BuildStringToSign(claim.amz_date, trace.credential_scope, trace.canonical_request);
  std::string key = sigv4::DeriveSigningKey(*secret, claim.date8, claim.region, claim.service);
  trace.signature = sigv4::ComputeSignature(key, trace.string_to_sign);
  std::fill(key.begin(), key.end(), '\0');

  if (!ConstantTimeEquals(trace.signature, Lower(claim.signature))) {
    SigV4Verdict verdict = fail.Make(
        403, {"SignatureDoesNotMatch", "SignatureDoesNotMatch", "InvalidSignatureException"},
        kSignatureMismatchQuery, kSignatureMismatchS3);
    if (fail.protocol() == WireProtocol::kRestXml) AddS3Diagnostics(verdict.error, claim, trace);
    return verdict;
  }

  SigV4Verdict verdict;
  verdict.ok = true;
  verdict.service = std::move(claim.service);
  verdict.region = std::move(claim.region);
  verdict.access_key_id = std::move(claim.access_key_id);
  return verdict;
}

}  // namespace sparta::local_cloud::server
