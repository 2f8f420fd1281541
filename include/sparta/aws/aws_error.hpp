#pragma once
// Reading AWS error responses, and which errors are worth retrying. AwsClient
// uses these; service clients may too (e.g. to inspect a 3xx they handle).

#include <string>
#include <string_view>

#include "sparta/aws/http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// What an error response says, each field verbatim or empty when absent.
struct AwsErrorDetails {
  std::string code;
  std::string message;
  std::string request_id;
};

/// Reads the error document of any AWS protocol: Query (`<ErrorResponse>
/// <Error><Code>`, also `<Errors><Error>`), S3 REST-XML (root `<Error>`) and
/// JSON (`__type` or `code`, a "namespace#" prefix removed; `message` or
/// `Message`; the `x-amzn-ErrorType` header). The request id comes from the
/// `x-amzn-RequestId` / `x-amz-request-id` headers, else from the body's
/// `RequestId`. Never fails: what cannot be read stays empty.
AwsErrorDetails ParseAwsError(const HttpResponse& response);

/// The Error for an error response: code = AWS's code, or for a body without
/// one "NotFound" (404), "Forbidden" (403), "PermanentRedirect" (301), else
/// "Http<status>"; message = AWS's message verbatim (or a short description
/// of the status) + " (HTTP <status>, request id <id>)".
Error MakeAwsError(const HttpResponse& response);

/// Throttling codes (botocore's list) except LimitExceededException, which
/// CloudFormation uses for quotas that waiting will not lift.
bool IsThrottlingCode(std::string_view code);

/// Whether a response with this status and AWS error code is worth another
/// attempt: 500/502/503/504, 429, throttling codes, and RequestTimeout /
/// RequestTimeoutException.
bool IsRetryableResponse(int status, std::string_view code);

}  // namespace sparta::aws
