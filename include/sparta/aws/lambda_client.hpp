#pragma once
// LambdaClient: calls a deployed function through Lambda's Invoke API
// (REST-JSON, API version 2015-03-31), the way `aws lambda invoke` does.

#include <memory>
#include <string>

#include "sparta/aws/aws_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

struct LambdaInvokeRequest {
  /// A name, a full ARN or a partial ARN ("<account>:function:<name>").
  std::string function_name{};
  std::string payload = "{}";
  /// "RequestResponse" (wait for the result), "Event" (queue it: status
  /// 202, no payload) or "DryRun" (check permission and input: 204).
  std::string invocation_type = "RequestResponse";
  /// Ask for the last 4 KB of the invocation's log (`LogType: Tail`).
  bool tail_logs = false;
  std::string qualifier{};     // a version or alias; empty: $LATEST
  std::string client_context{};  // JSON; sent base64-encoded; empty: none
};

struct LambdaInvokeResult {
  int status_code = 0;          // 200, 202 or 204
  std::string function_error;   // "Unhandled" when the function failed; empty on success
  std::string payload;          // the response, or the function's error document
  std::string log_tail;         // decoded X-Amz-Log-Result; empty unless asked
  std::string executed_version;
  std::string request_id;
};

/// Thread-safe. A function error is a result (function_error set), not an
/// Error; Errors are the Invoke API's own refusals with Lambda's code and
/// message verbatim (ResourceNotFoundException, TooManyRequestsException,
/// RequestEntityTooLargeException, ...) or "InvalidResponse".
class LambdaClient {
 public:
  /// REQUIRES: `client` is configured for Lambda (signing name "lambda").
  explicit LambdaClient(std::shared_ptr<const AwsClient> client);

  Result<LambdaInvokeResult> Invoke(const LambdaInvokeRequest& request) const;

 private:
  std::shared_ptr<const AwsClient> client_;
};

}  // namespace sparta::aws
