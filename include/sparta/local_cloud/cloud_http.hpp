#pragma once
// The request/response pair every service of the embedded local cloud
// (`sparta-local`) handles, and the error and result documents of the three
// AWS wire protocols it speaks: Query (CloudFormation, STS, IAM), REST-XML
// (S3) and REST-JSON (Lambda).
//
// The server (local_cloud.hpp) parses HTTP, verifies the SigV4 signature,
// fills in who signed it and for which service and region, then hands the
// request to one service's handler. Handlers never throw and never see
// unauthenticated requests.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/aws/http.hpp"

namespace sparta::local_cloud {

/// Who the local cloud pretends to be: one account; `region` is the default
/// for requests whose signature names none (it never overrides a signed one).
struct CloudContext {
  std::string account_id = "000000000000";
  std::string region = "us-east-1";
  /// "http://127.0.0.1:4566": where the cloud answers, for URLs it hands out
  /// (TemplateURL checks, function environment `AWS_ENDPOINT_URL`).
  std::string endpoint;
};

struct CloudRequest {
  std::string method;  // "GET", "PUT", ...
  /// The path as received, still percent-encoded, without the query.
  std::string path = "/";
  /// The query string as received, without '?', still percent-encoded.
  std::string query;
  aws::HeaderList headers;
  std::string body;

  // Set by the server once the signature verified:
  std::string service;        // the signing name: "s3", "lambda", "cloudformation", "sts", "iam"
  std::string region;         // from the credential scope
  std::string access_key_id;  // who signed
  std::string request_id;     // fresh per request; echoed in every response

  /// The first header named `name` (any case), or nullptr.
  const std::string* Header(std::string_view name) const;
};

struct CloudResponse {
  int status = 200;
  aws::HeaderList headers;
  std::string body;
  /// For HEAD: the Content-Length to announce although `body` is empty.
  std::optional<std::uint64_t> head_content_length;
};

using ServiceHandler = std::function<CloudResponse(const CloudRequest&)>;

/// Decoded name/value pairs of an application/x-www-form-urlencoded body or
/// of a query string, in order ('+' is a space, %XX decoded; a name without
/// '=' has an empty value).
using FormFields = std::vector<std::pair<std::string, std::string>>;
FormFields ParseForm(std::string_view encoded);

/// The value of the first field named `name`, or nullptr.
const std::string* FindField(const FormFields& fields, std::string_view name);

/// Query-protocol list `Prefix.member.1`, `Prefix.member.2`, ... in order
/// of N (the numbers need not be contiguous: AWS sorts them).
std::vector<std::string> MemberList(const FormFields& fields, std::string_view prefix);

/// Text escaped for XML character data and attribute values.
std::string XmlEscape(std::string_view text);

/// "2026-11-27T05:58:53.123Z" (UTC, milliseconds), as AWS's XML and JSON
/// timestamps.
std::string IsoTimestamp(std::chrono::system_clock::time_point time);

// ---- Query protocol (CloudFormation, STS, IAM) ----

/// The XML namespace of each Query service's documents.
inline constexpr std::string_view kCloudFormationXmlns =
    "http://cloudformation.amazonaws.com/doc/2010-05-15/";
inline constexpr std::string_view kStsXmlns = "https://sts.amazonaws.com/doc/2011-06-15/";
inline constexpr std::string_view kIamXmlns = "https://iam.amazonaws.com/doc/2010-05-08/";

/// `<{action}Response xmlns="{xmlns}"><{action}Result>{result_xml}</...Result>
/// <ResponseMetadata><RequestId>{id}</RequestId></ResponseMetadata>`, status
/// 200, Content-Type text/xml. An empty `result_xml` still writes the Result
/// element (AWS does, e.g. DeleteStack writes none: pass `with_result=false`).
CloudResponse QueryResult(std::string_view action, std::string_view xmlns,
                          std::string_view result_xml, std::string_view request_id,
                          bool with_result = true);

/// `<ErrorResponse xmlns="{xmlns}"><Error><Type>Sender|Receiver</Type><Code>
/// <Message></Error><RequestId></ErrorResponse>`; type is "Receiver" for
/// status >= 500.
CloudResponse QueryError(int status, std::string_view code, std::string_view message,
                         std::string_view request_id,
                         std::string_view xmlns = kCloudFormationXmlns);

// ---- REST-XML (S3) ----

/// `<Error><Code><Message>[<Resource>]<RequestId></Error>`, with the
/// `x-amz-request-id` header; for HEAD requests the caller clears the body.
CloudResponse S3Error(int status, std::string_view code, std::string_view message,
                      std::string_view resource, std::string_view request_id);

// ---- REST-JSON (Lambda) ----

/// `{"Type":"User"|"Service","message":...}` with `x-amzn-ErrorType: code`
/// and `x-amzn-RequestId`; "Service" for status >= 500.
CloudResponse RestJsonError(int status, std::string_view code, std::string_view message,
                            std::string_view request_id);

}  // namespace sparta::local_cloud
